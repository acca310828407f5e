import { DEMO_PASSWORD } from '../../seeds/demo.js';
import { expect, shot, signIn, test } from './fixtures.js';

test('wrong password is refused, the right one opens the home screen', async ({ app }) => {
  const { page } = app;
  await expect(page.getByRole('button', { name: '登录' })).toBeVisible();
  await shot(page, 'sign-in');
  await signIn(page, 'sj01', 'not-the-password1');
  await expect(page.getByRole('alert')).toContainText('工号或密码错误');
  await expect(page.getByLabel('工号')).toHaveValue('sj01');

  await signIn(page, 'nobody', 'whatever123');
  await expect(page.getByRole('alert')).toContainText('工号或密码错误');

  await signIn(page, 'sj01');
  await expect(page.getByTestId('clerk-name')).toHaveText('王晓燕（sj01）');
  await expect(page.getByTestId('clerk-roles')).toHaveText('综窗收件');
  await expect(page.getByTestId('installation')).toHaveText('漠河市政务服务中心 · 综合受理 3 号窗口');
  await expect(page.getByTestId('sync-status')).toHaveText('未连接中心');
  const nav = page.getByRole('navigation', { name: '业务环节' });
  await expect(nav.getByText('收件', { exact: true })).toBeVisible();
  await expect(nav.getByText('设置', { exact: true })).toBeVisible();
  await expect(nav.getByText('监察', { exact: true })).toHaveCount(0);
  await expect(nav.getByText('后台', { exact: true })).toHaveCount(0);
  await shot(page, 'home');
});

test('a supervisor sees every stage', async ({ app }) => {
  const { page } = app;
  await signIn(page, 'zb01');
  const nav = page.getByRole('navigation', { name: '业务环节' });
  for (const stage of ['收件', '后台', '出件', '监察', '设置']) await expect(nav.getByText(stage, { exact: true })).toBeVisible();
  await nav.getByText('监察', { exact: true }).click();
  await expect(page.getByRole('heading', { name: '电子监察' })).toBeVisible();
});

test('five wrong passwords lock the account for 15 minutes', async ({ app }) => {
  const { page } = app;
  for (let i = 0; i < 4; i++) {
    await signIn(page, 'cj01', `wrong-password-${i}`);
    await expect(page.getByRole('alert')).toContainText(`再错 ${4 - i} 次`);
  }
  await signIn(page, 'cj01', 'wrong-password-5');
  await expect(page.getByRole('alert')).toContainText('账号已锁定至');
  await signIn(page, 'cj01', DEMO_PASSWORD);
  await expect(page.getByRole('alert')).toContainText('账号已锁定至');
  await shot(page, 'sign-in-locked');
  // Other clerks are not affected.
  await signIn(page, 'sj01');
  await expect(page.getByTestId('clerk-name')).toHaveText('王晓燕（sj01）');
});
