import { callApi, expect, signIn, test } from './fixtures.js';

const ADMIN_CALLS: [string, unknown][] = [
  ['admin.listClerks', {}],
  ['admin.createClerk', { staffNo: 'x9', name: '冒充', roles: ['admin'], password: 'Takeover2026' }],
  ['admin.updateSettings', { idleLockSeconds: 3600 }],
  ['admin.getSettings', {}],
  ['admin.rebuildProjections', {}],
];

test('a clerk without the admin role cannot reach admin methods, even through window.api', async ({ app }) => {
  const { page } = app;
  await signIn(page, 'sj01');
  await expect(page.getByTestId('clerk-name')).toBeVisible();
  await page.getByRole('navigation', { name: '业务环节' }).getByText('设置', { exact: true }).click();
  await expect(page.getByRole('heading', { name: '修改我的密码' })).toBeVisible();
  await expect(page.getByText('工作人员账号')).toHaveCount(0);

  for (const [method, input] of ADMIN_CALLS) {
    expect(await callApi(page, method, input), method).toEqual({ ok: false, code: 'FORBIDDEN' });
  }
  // The same calls work for an admin, so the refusals above are about the role.
  await page.getByRole('button', { name: '退出登录' }).click();
  await signIn(page, 'admin');
  await expect(page.getByTestId('clerk-name')).toBeVisible();
  expect(await callApi(page, 'admin.listClerks')).toMatchObject({ ok: true });
});

test('without the launch token the API refuses every call', async ({ app }) => {
  test.skip(app.mode !== 'browser', 'the token guards browser mode only; Electron uses IPC');
  const { page } = app;
  const status = await page.evaluate(async () => {
    const res = await fetch('/api/app.info', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    return { status: res.status, body: (await res.json()) as { error: { code: string } } };
  });
  expect(status.status).toBe(401);
  expect(status.body.error.code).toBe('BAD_TOKEN');
});

test('an admin creates a clerk who can then sign in', async ({ app }) => {
  const { page } = app;
  await signIn(page, 'admin');
  await page.getByRole('navigation', { name: '业务环节' }).getByText('设置', { exact: true }).click();
  await page.getByRole('button', { name: '新建账号' }).click();
  const dialog = page.getByRole('dialog', { name: '新建工作人员账号' });
  await dialog.getByLabel('工号').fill('sp09');
  await dialog.getByLabel('姓名').fill('孙红');
  await dialog.getByLabel('部门审批').check();
  await dialog.getByLabel('初始密码').fill('Review2026');
  await dialog.getByRole('button', { name: '创建' }).click();
  await expect(dialog.getByText('部门审批人员须至少绑定一个部门')).toBeVisible();
  // Departments come from the catalog's list, not typed free text.
  await dialog.getByLabel('所属部门').fill('民政');
  await page.getByRole('option', { name: '民政局' }).click();
  await dialog.getByLabel('姓名').click(); // closes the option list that covers the buttons
  await dialog.getByRole('button', { name: '创建' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('cell', { name: 'sp09' })).toBeVisible();
  await expect(page.getByRole('cell', { name: '民政局' })).toBeVisible();
  await page.getByRole('button', { name: '退出登录' }).click();
  await signIn(page, 'sp09', 'Review2026');
  // The password the admin set must be replaced first: nothing else opens until then.
  await expect(page.getByText('孙红（工号 sp09），请先设置新密码')).toBeVisible();
  await expect(page.getByTestId('clerk-roles')).toHaveCount(0);
  await page.getByLabel('原密码').fill('Review2026');
  await page.getByLabel('新密码', { exact: true }).fill('Review2026');
  await page.getByLabel('再次输入新密码').fill('Review2026');
  await page.getByRole('button', { name: '修改密码' }).click();
  await expect(page.getByText('新密码不能与原密码相同。')).toBeVisible();
  await page.getByLabel('新密码', { exact: true }).fill('Sunhong2026ok');
  await page.getByLabel('再次输入新密码').fill('Sunhong2026ok');
  await page.getByRole('button', { name: '修改密码' }).click();
  await expect(page.getByTestId('clerk-roles')).toHaveText('部门审批');
});
