import type { Page } from '@playwright/test';
import { DEMO_PASSWORD } from '../../seeds/demo.js';
import type { CaseView } from '../../shared/api/intake.js';
import { completeFields, idNumber, receiveMaterials } from '../helpers/intake.js';
import { callApi, expect, shot, signIn, test } from './fixtures.js';

// 后台流转 · 分类审批 and 电子监察 on screen: a department clerk works the queue and decides with a
// result document; the supervisor sees an item turn red once the (test) clock passes its due date.

const ITEMS = ['hlj.newborn.birth-certificate', 'hlj.newborn.parenting-guidance']; // both 卫生健康委员会

async function value<T>(page: Page, method: string, input: unknown = {}): Promise<T> {
  const r = await callApi(page, method, input);
  if (!r.ok) throw new Error(`${method}: ${r.code}`);
  return r.value as T;
}

/** Takes in and accepts a two-item newborn case through window.api as the counter clerk sj01. */
async function acceptCase(page: Page): Promise<CaseView> {
  await value(page, 'auth.signIn', { staffNo: 'sj01', password: DEMO_PASSWORD });
  let v = await value<CaseView>(page, 'intake.start', { bundleId: 'hlj.newborn', itemIds: ITEMS, applicantKind: 'person' });
  v = await value<CaseView>(page, 'intake.update', { id: v.id, expectedSeq: v.lastEventSeq, patch: { fields: completeFields(v, { 'applicant.name': '王丽', 'applicant.idNumber': idNumber() }) } });
  v = await value<CaseView>(page, 'intake.update', { id: v.id, expectedSeq: v.lastEventSeq, patch: { materials: receiveMaterials(v) } });
  return value<CaseView>(page, 'intake.accept', { id: v.id, expectedSeq: v.lastEventSeq, delivery: { method: 'window', address: null } });
}

test('a department clerk receives, approves with a result document, and the case turns ready', async ({ app }) => {
  const { page } = app;
  await signIn(page, 'sp02');
  await expect(page.getByTestId('clerk-name')).toBeVisible();
  const v = await acceptCase(page);
  await value(page, 'auth.signIn', { staffNo: 'sp02', password: DEMO_PASSWORD });
  await page.reload();

  await page.getByRole('navigation', { name: '业务环节' }).getByText('后台', { exact: true }).click();
  await expect(page.getByRole('heading', { name: '后台流转 · 分类审批' })).toBeVisible();
  await expect(page.getByTestId('queue-total')).toHaveText('共 2 件');
  await shot(page, 'review-queue');

  await page.getByRole('button', { name: '查看 《出生医学证明》办理(首签)' }).click();
  await expect(page.getByRole('heading', { name: '《出生医学证明》办理(首签)' })).toBeVisible();
  await page.getByRole('button', { name: '签收', exact: true }).click();
  await expect(page.getByTestId('item-state')).toHaveText('审批中');

  await page.getByRole('button', { name: '批准', exact: true }).click();
  const dialog = page.getByRole('dialog');
  // The host refuses an approval without the result the item issues; what was typed stays.
  await dialog.getByLabel('结果说明').fill('首签');
  await dialog.getByRole('button', { name: '确认批准' }).click();
  await expect(dialog.getByTestId('dialog-error')).toBeVisible();
  await expect(dialog.getByLabel('结果说明')).toHaveValue('首签');
  await dialog.getByLabel('证照（文书）编号').fill('T230012345');
  await dialog.getByLabel('电子证照标识').fill('EL-BC-0001');
  await dialog.getByRole('button', { name: '扫描结果文书' }).click();
  await expect(dialog.locator('[data-page]').first()).toBeVisible();
  await shot(page, 'review-approve');
  await dialog.getByRole('button', { name: '确认批准' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('item-state')).toHaveText('已批准');
  await shot(page, 'review-item');

  await page.getByRole('button', { name: '返回待办' }).click();
  await page.getByRole('button', { name: '查看 科学育儿指导服务登记' }).click();
  await page.getByRole('button', { name: '签收', exact: true }).click();
  await expect(page.getByTestId('item-state')).toHaveText('审批中');
  await page.getByRole('button', { name: '批准', exact: true }).click();
  await page.getByRole('dialog').getByLabel('结果说明').fill('已登记，纳入本月育儿指导');
  await page.getByRole('dialog').getByRole('button', { name: '确认批准' }).click();
  await expect(page.getByTestId('item-state')).toHaveText('已批准');

  // Both items decided: the case waits at the delivery window.
  const t = await value<{ state: string }>(page, 'supervision.timeline', { caseId: v.id });
  expect(t.state).toBe('ready');
  // Another department's reviewer cannot read this case, also when asking window.api directly.
  await value(page, 'auth.signIn', { staffNo: 'sp01', password: DEMO_PASSWORD });
  expect(await callApi(page, 'review.open', { caseId: v.id, itemId: ITEMS[0] })).toEqual({ ok: false, code: 'NOT_FOUND' });
  expect(await callApi(page, 'review.queue', { departmentIds: ['wjw'] })).toEqual({ ok: false, code: 'FORBIDDEN' });
});

test('the supervisor sees a red overdue item after the clock moves past its due date', async ({ app }) => {
  const { page } = app;
  await signIn(page, 'zb01');
  await expect(page.getByTestId('clerk-name')).toBeVisible();
  const v = await acceptCase(page);
  // A week later every one-day item is overdue.
  app.advanceClock(7 * 24 * 3600_000);
  await value(page, 'auth.signIn', { staffNo: 'zb01', password: DEMO_PASSWORD });
  await page.reload();
  await page.getByRole('navigation', { name: '业务环节' }).getByText('监察', { exact: true }).click();
  await expect(page.getByRole('heading', { name: '电子监察' })).toBeVisible();
  const red = page.getByTestId('warnings-red');
  await expect(red.getByText('《出生医学证明》办理(首签)')).toBeVisible();
  await expect(red.getByText(/超期 \d+ 个工作日/).first()).toBeVisible();
  await shot(page, 'supervision-red');
  await page.getByRole('button', { name: `办理过程 ${v.caseNumber}` }).first().click();
  await expect(page.getByRole('dialog').getByText('当前等待')).toBeVisible();
  await shot(page, 'supervision-timeline');
});
