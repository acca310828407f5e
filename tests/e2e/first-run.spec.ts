import { callApi, expect, shot, test } from './fixtures.js';

test.use({ demo: false });

test('first run names the hall and counter, creates the admin and signs them in', async ({ app }) => {
  const { page } = app;
  await expect(page.getByText('首次使用')).toBeVisible();
  await page.getByLabel('服务大厅名称').fill('呼玛县政务服务中心');
  await page.getByLabel('窗口名称').fill('综合受理 1 号窗口');
  await page.getByLabel('工号').fill('gly01');
  await page.getByLabel('姓名').fill('陈静');
  await page.getByLabel(/^密码/).fill('short');
  await page.getByLabel('再次输入密码').fill('short');
  await page.getByRole('button', { name: '完成设置并登录' }).click();

  // Refused with the reason next to the field; everything typed is still there.
  await expect(page.getByText('密码至少 10 位')).toBeVisible();
  await expect(page.getByLabel('服务大厅名称')).toHaveValue('呼玛县政务服务中心');
  await shot(page, 'first-run-error');

  await page.getByLabel(/^密码/).fill('Huma2026ok');
  await page.getByLabel('再次输入密码').fill('Huma2026no');
  await page.getByRole('button', { name: '完成设置并登录' }).click();
  await expect(page.getByText('两次输入的密码不一致')).toBeVisible();

  await page.getByLabel('再次输入密码').fill('Huma2026ok');
  await page.getByRole('button', { name: '完成设置并登录' }).click();
  await expect(page.getByTestId('installation')).toHaveText('呼玛县政务服务中心 · 综合受理 1 号窗口');
  await expect(page.getByTestId('clerk-name')).toHaveText('陈静（gly01）');
  await expect(page.getByTestId('clerk-roles')).toHaveText('系统管理员');

  // The setup cannot be run twice, even by calling the API directly.
  const again = await callApi(page, 'setup.create', { hallName: '别处大厅', counterName: 'x', adminStaffNo: 'evil', adminName: '某人', password: 'Evil2026ok' });
  expect(again).toEqual({ ok: false, code: 'ALREADY_SET_UP' });

  // Signing out leads to the sign-in screen of this hall, and the new admin can sign in again.
  await page.getByRole('button', { name: '退出登录' }).click();
  await expect(page.getByText('呼玛县政务服务中心 · 综合受理 1 号窗口')).toBeVisible();
  await page.getByLabel('工号').fill('gly01');
  await page.getByLabel('密码').fill('Huma2026ok');
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByTestId('clerk-name')).toHaveText('陈静（gly01）');
});
