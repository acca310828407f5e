import { expect, shot, signIn, test } from './fixtures.js';

test('a clerk finds 新生儿出生 by typing xse and sees its items, order and one set of materials', async ({ app }) => {
  const { page } = app;
  await signIn(page, 'cj01'); // every role may consult the catalog
  await page.getByRole('navigation', { name: '业务环节' }).getByText('事项库', { exact: true }).click();
  await expect(page.getByRole('heading', { name: '事项库' })).toBeVisible();
  await expect(page.getByRole('button', { name: /(黑龙江省|辽宁省) · 牵头：/ })).toHaveCount(48);

  await page.getByLabel('搜索“一件事”或事项').fill('xse');
  const first = page.getByRole('button', { name: /(黑龙江省|辽宁省) · 牵头：/ }).first();
  await expect(first).toHaveAccessibleName(/^新生儿出生/);
  await page.locator('label', { hasText: /^法人$/ }).click();
  await expect(page.getByText('没有找到匹配的“一件事”')).toBeVisible();
  await page.locator('label', { hasText: /^个人$/ }).click();
  await shot(page, 'catalog-search');

  await page.getByRole('button', { name: /^新生儿出生.*黑龙江省/ }).click();
  await expect(page.getByRole('heading', { name: '新生儿出生' })).toBeVisible();
  await expect(page.getByText('第 2 步')).toBeVisible();
  await expect(page.getByText('一次告知：申请材料')).toBeVisible();
  const [merged, separate] = (await page.getByTestId('field-counts').innerText()).match(/\d+/g)!.map(Number);
  expect(merged).toBeLessThan(separate!);
  await shot(page, 'catalog-bundle');

  // The notice comes back as a real PDF download.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: '一次告知单 PDF' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('新生儿出生-一次告知单.pdf');
  const { readFileSync } = await import('node:fs');
  expect(readFileSync((await file.path())!).subarray(0, 5).toString()).toBe('%PDF-');
});

test('an admin changes a time limit; a zero limit is refused and the new version is shown', async ({ app }) => {
  const { page } = app;
  await signIn(page, 'admin');
  await page.getByRole('navigation', { name: '业务环节' }).getByText('事项库', { exact: true }).click();
  await page.getByRole('button', { name: /^新生儿出生.*黑龙江省/ }).click();
  await expect(page.getByText('目录版本 2024.1')).toBeVisible();
  await page.getByRole('button', { name: /^修改 / }).first().click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('承诺办结时限（工作日）').fill('0');
  await dialog.getByRole('button', { name: '保存为新版本' }).click();
  await expect(dialog.getByRole('alert')).toContainText('修改未保存');
  await shot(page, 'catalog-edit-refused');
  await dialog.getByLabel('承诺办结时限（工作日）').fill('3');
  await dialog.getByRole('button', { name: '保存为新版本' }).click();
  await expect(dialog).toHaveCount(0);
  // The toast and the bundle header both name the new version; check each on its own.
  await expect(page.getByText('已保存为目录版本 2024.2', { exact: false })).toBeVisible();
  await expect(page.getByText(/· 目录版本 2024\.2$/)).toBeVisible();
});
