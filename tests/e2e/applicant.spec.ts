import { callApi, expect, shot, signIn, test } from './fixtures.js';

test('the clerk shows the one-time notice on the applicant screen in large type', async ({ app, context }) => {
  test.skip(app.mode !== 'browser', 'Electron opens the applicant window on the second display by itself');
  const { page } = app;
  await signIn(page, 'sj01');
  const popup = context.waitForEvent('page');
  await page.getByRole('button', { name: '打开申请人屏' }).click();
  const applicant = await popup;
  await expect(applicant.getByText('请稍候')).toBeVisible();

  await page.getByRole('navigation', { name: '业务环节' }).getByText('事项库', { exact: true }).click();
  await page.getByRole('button', { name: /^新生儿出生.*黑龙江省/ }).click();
  await page.getByRole('button', { name: '在申请人屏显示' }).click();
  await expect(applicant.getByRole('heading', { name: '新生儿出生 · 一次告知单' })).toBeVisible();
  // The list is paged with big buttons (no scrollbar): turn to the page that holds it.
  const cert = applicant.getByText('出生医学证明').first();
  for (let i = 0; i < 10 && !(await cert.isVisible()); i++) await applicant.getByRole('button', { name: '下一页' }).click();
  await expect(cert).toBeVisible();
  await applicant.setViewportSize({ width: 1280, height: 800 });
  await shot(applicant, 'applicant-notice');

  // The applicant screen reads what it is shown; clerk work stays behind the clerk's session.
  expect(await callApi(page, 'applicant.clear')).toMatchObject({ ok: true });
  await expect(applicant.getByText('请稍候')).toBeVisible();
});

test('the applicant checks the form on their screen while the clerk types it', async ({ app, context }) => {
  test.skip(app.mode !== 'browser', 'Electron opens the applicant window on the second display by itself');
  const { page } = app;
  await signIn(page, 'sj01');
  const popup = context.waitForEvent('page');
  await page.getByRole('button', { name: '打开申请人屏' }).click();
  const applicant = await popup;
  await page.getByRole('navigation', { name: '业务环节' }).getByText('收件', { exact: true }).click();
  await page.getByLabel('选择“一件事”').fill('xse');
  await expect(page.getByRole('option').first()).toContainText('新生儿出生');
  await page.getByLabel('选择“一件事”').press('Enter');
  await page.getByRole('button', { name: '开始收件' }).click();
  await page.locator('[data-field="applicant.name"]').fill('孙丽娜');
  await page.getByRole('button', { name: '申请人屏核对' }).click();
  await expect(applicant.getByRole('heading', { name: '新生儿出生 · 请核对您的申请信息' })).toBeVisible();
  await expect(applicant.getByRole('row', { name: /申请人姓名\s*孙丽娜/ })).toBeVisible();
  await applicant.setViewportSize({ width: 1280, height: 800 });
  await shot(applicant, 'applicant-form');
});
