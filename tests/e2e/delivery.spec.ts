import type { Page } from '@playwright/test';
import { DEMO_PASSWORD } from '../../seeds/demo.js';
import type { CaseView } from '../../shared/api/intake.js';
import type { SubApplication } from '../../shared/api/routing.js';
import { completeFields, receiveMaterials } from '../helpers/intake.js';
import { callApi, expect, shot, signIn, test } from './fixtures.js';

// 综合出件 · 好差评 on screen: the mother collects a ready newborn case at the delivery window
// (card re-read, every result ticked, signed on the applicant screen, receipt printed) and rates
// the service on the applicant screen; the supervisor then works a bad rating to the end.

const CERT = 'hlj.newborn.birth-certificate';
const GUIDANCE = 'hlj.newborn.parenting-guidance';
// Card 1 of the simulated reader.
const MOTHER = { name: '李秀兰', idNumber: '232701195609230247' };

async function value<T>(page: Page, method: string, input: unknown = {}): Promise<T> {
  const r = await callApi(page, method, input);
  if (!r.ok) throw new Error(`${method}: ${r.code}`);
  return r.value as T;
}

/** Takes in, accepts and decides a two-item newborn case through window.api (counter, then 卫健委). */
async function readyCase(page: Page): Promise<CaseView> {
  await value(page, 'auth.signIn', { staffNo: 'sj01', password: DEMO_PASSWORD });
  let v = await value<CaseView>(page, 'intake.start', { bundleId: 'hlj.newborn', itemIds: [CERT, GUIDANCE], applicantKind: 'person' });
  const fields = completeFields(v, { 'applicant.name': MOTHER.name, 'applicant.idNumber': MOTHER.idNumber, 'applicant.phone': '13904571234' });
  v = await value<CaseView>(page, 'intake.update', { id: v.id, expectedSeq: v.lastEventSeq, patch: { fields } });
  v = await value<CaseView>(page, 'intake.update', { id: v.id, expectedSeq: v.lastEventSeq, patch: { materials: receiveMaterials(v) } });
  v = await value<CaseView>(page, 'intake.accept', { id: v.id, expectedSeq: v.lastEventSeq, delivery: { method: 'window', address: null } });
  await value(page, 'auth.signIn', { staffNo: 'sp02', password: DEMO_PASSWORD });
  for (const [itemId, result] of [
    [CERT, { number: 'T230012345', elicenseId: 'EL-BC-0001', documentBlobs: [], note: null }],
    [GUIDANCE, { number: null, elicenseId: null, documentBlobs: [], note: '已登记，纳入本月育儿指导' }],
  ] as const) {
    let s = await value<SubApplication>(page, 'review.open', { caseId: v.id, itemId });
    s = await value<SubApplication>(page, 'review.receive', { caseId: v.id, itemId, expectedVersion: s.version });
    await value(page, 'review.approve', { caseId: v.id, itemId, expectedVersion: s.version, result });
  }
  return v;
}

test('the mother collects a ready case: card re-read, results ticked, signature, receipt, rating 满意', async ({ app, context }) => {
  test.skip(app.mode !== 'browser', 'Electron opens the applicant window on the second display by itself');
  const { page } = app;
  await signIn(page, 'cj01');
  await expect(page.getByTestId('clerk-name')).toBeVisible();
  const v = await readyCase(page);
  await value(page, 'auth.signIn', { staffNo: 'cj01', password: DEMO_PASSWORD });
  await page.reload();

  const popup = context.waitForEvent('page');
  await page.getByRole('button', { name: '打开申请人屏' }).click();
  const applicant = await popup;
  await applicant.setViewportSize({ width: 1280, height: 900 });

  await page.getByRole('navigation', { name: '业务环节' }).getByText('出件', { exact: true }).click();
  await expect(page.getByTestId('delivery-total')).toContainText('1');
  await shot(page, 'delivery-queue');
  await page.getByRole('button', { name: `出件 ${v.caseNumber}` }).click();

  // A stranger's card first: refused on screen; then the mother's card from the reader.
  expect((await callApi(page, 'idcard.simulate', { card: 0 })).ok).toBe(true);
  await page.getByRole('button', { name: '读取身份证' }).click();
  await expect(page.getByTestId('recipient-match')).toHaveAttribute('data-match', 'none');
  expect((await callApi(page, 'idcard.simulate', { card: 1 })).ok).toBe(true);
  await page.getByRole('button', { name: '读取身份证' }).click();
  await expect(page.getByTestId('recipient-match')).toHaveAttribute('data-match', 'applicant');

  // Handing over without ticking every result is refused; what was read stays.
  await page.getByRole('button', { name: '确认交付' }).click();
  await expect(page.getByTestId('handover-error')).toBeVisible();
  await expect(page.getByLabel('领取人姓名')).toHaveValue(MOTHER.name);
  const checklist = page.getByTestId('handover-checklist');
  for (const box of await checklist.getByRole('checkbox').all()) if (!(await box.isChecked()) && (await box.isEnabled())) await box.check();

  // The mother signs on the applicant screen.
  await page.getByRole('button', { name: '请申请人在签字屏签名' }).click();
  const pad = applicant.getByTestId('signature-pad');
  await expect(pad).toBeVisible();
  await expect(applicant.getByTestId('signature-entries')).toContainText('T230012345');
  const box = (await pad.boundingBox())!;
  await applicant.mouse.move(box.x + 60, box.y + 200);
  await applicant.mouse.down();
  for (const [dx, dy] of [[160, 80], [260, 220], [380, 90], [520, 210]] as const) await applicant.mouse.move(box.x + dx, box.y + dy, { steps: 8 });
  await applicant.mouse.up();
  await shot(applicant, 'applicant-signature');
  await applicant.getByRole('button', { name: '确认签名' }).click();
  await expect(page.getByTestId('signature-status')).toContainText('已');
  await shot(page, 'delivery-handover');

  await page.getByRole('button', { name: '确认交付' }).click();
  await expect(page.getByTestId('receipt-no')).toContainText(v.caseNumber!);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: '打印出件回执' }).click();
  const pdf = await download;
  expect(pdf.suggestedFilename()).toMatch(/出件回执\.pdf$/);

  // 好差评 on the applicant screen, by touch alone.
  await page.getByRole('button', { name: '请申请人评价' }).click();
  await expect(applicant.getByRole('button', { name: '非常满意' })).toBeVisible();
  await shot(applicant, 'applicant-rating');
  await applicant.getByRole('button', { name: '满意', exact: true }).click();
  await expect(page.getByTestId('rating-result')).toContainText('满意');
  await shot(page, 'delivery-done');

  const t = await value<{ state: string }>(page, 'delivery.open', { caseId: v.id });
  expect(t.state).toBe('delivered');
  // One rating per visit: the applicant screen thanks and takes no second one.
  await expect(applicant.getByText('感谢您的评价')).toBeVisible();
  await expect(applicant.getByRole('button', { name: '非常满意' })).toHaveCount(0);
});
