import { DEMO_PASSWORD } from '../../seeds/demo.js';
import { callApi, expect, shot, signIn, test } from './fixtures.js';

test('an idle session locks itself and unlocks with the password, keeping what was typed', async ({ app }) => {
  const { page } = app;
  await signIn(page, 'admin');
  await expect(page.getByTestId('clerk-name')).toBeVisible();
  expect(await callApi(page, 'admin.updateSettings', { idleLockSeconds: 5 })).toMatchObject({ ok: true });
  await page.reload(); // the session now carries the short idle time
  await page.getByRole('navigation', { name: '业务环节' }).getByText('设置', { exact: true }).click();
  await page.getByLabel('原密码').fill('half-typed');

  const lock = page.getByRole('dialog', { name: '屏幕已锁定' });
  await expect(lock).toBeVisible({ timeout: 15_000 });
  await shot(page, 'lock-screen');
  // The host refuses work while locked, even when asked directly.
  expect(await callApi(page, 'admin.listClerks')).toEqual({ ok: false, code: 'SESSION_LOCKED' });

  await lock.getByLabel('密码').fill('wrong-password1');
  await lock.getByRole('button', { name: '解锁' }).click();
  await expect(lock.getByRole('alert')).toContainText('工号或密码错误');
  await lock.getByLabel('密码').fill(DEMO_PASSWORD);
  await lock.getByRole('button', { name: '解锁' }).click();
  await expect(lock).toHaveCount(0);
  await expect(page.getByLabel('原密码')).toHaveValue('half-typed');
  expect(await callApi(page, 'admin.listClerks')).toMatchObject({ ok: true });
});

test('the lock button locks at once and another clerk can take over', async ({ app }) => {
  const { page } = app;
  await signIn(page, 'sj01');
  await page.getByRole('button', { name: '锁屏', exact: true }).click();
  const lock = page.getByRole('dialog', { name: '屏幕已锁定' });
  await expect(lock).toContainText('王晓燕');
  await lock.getByRole('button', { name: '切换工作人员' }).click();
  await signIn(page, 'cj01');
  await expect(page.getByTestId('clerk-name')).toHaveText('赵丽（cj01）');
});
