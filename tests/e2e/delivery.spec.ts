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

test('results go by free mail with a waybill and are confirmed delivered; a 非常不满意 is rectified after a call-back', async ({ app }) => {
  const { page } = app;
  await signIn(page, 'cj01');
  await expect(page.getByTestId('clerk-name')).toBeVisible();
  const v = await readyCase(page);
  await value(page, 'auth.signIn', { staffNo: 'cj01', password: DEMO_PASSWORD });
  await page.reload();
  await page.getByRole('navigation', { name: '业务环节' }).getByText('出件', { exact: true }).click();
  await page.getByRole('button', { name: `出件 ${v.caseNumber}` }).click();

  await page.getByText('免费邮寄', { exact: true }).click();
  await page.getByLabel('邮寄地址').fill('黑龙江省漠河市西林吉镇中央街 12 号');
  await page.getByLabel('收件人电话').fill('13904571234');
  // An EMS number of the wrong shape warns as it is typed; a valid S10 number does not.
  await page.getByLabel('运单号').fill('1234567890');
  await expect(page.getByTestId('tracking-warning')).toBeVisible();
  await page.getByLabel('运单号').fill('EA123456785CN');
  await expect(page.getByTestId('tracking-warning')).toHaveCount(0);
  const boxes = page.getByTestId('handover-checklist').getByRole('checkbox');
  for (const box of await boxes.all()) if (!(await box.isChecked()) && (await box.isEnabled())) await box.check();
  await page.getByRole('button', { name: '确认寄出' }).click();
  await expect(page.getByTestId('receipt-no')).toBeVisible();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: '打印邮寄面单' }).click();
  expect((await download).suggestedFilename()).toMatch(/邮寄面单\.pdf$/);
  await shot(page, 'delivery-mailed');

  await page.getByRole('button', { name: '← 返回列表' }).click();
  await page.getByRole('tab', { name: '邮寄在途' }).click();
  await expect(page.getByTestId('mail-queue')).toContainText('EA123456785CN');
  await page.getByRole('button', { name: '确认妥投' }).click();
  await expect(page.getByText('没有邮寄在途的结果。')).toBeVisible();
  expect((await value<{ state: string }>(page, 'delivery.open', { caseId: v.id })).state).toBe('delivered');

  // The applicant rates later with the code from the SMS: 非常不满意.
  const code = (await value<{ visits: { ratingCode: string }[] }>(page, 'delivery.open', { caseId: v.id })).visits[0]!.ratingCode;
  await page.getByRole('tab', { name: '待出件' }).click();
  await page.getByLabel('评价码').fill(code.toLowerCase());
  await page.getByRole('radio', { name: '非常不满意' }).check();
  await page.getByLabel('工作人员服务态度不好').check();
  await page.getByRole('button', { name: '提交评价' }).click();
  await expect(page.getByTestId('rate-by-code-result')).toBeVisible();

  // The supervisor: 15 working days left; closing needs a verification, the measures and a call-back.
  await value(page, 'auth.signIn', { staffNo: 'zb01', password: DEMO_PASSWORD });
  await page.reload();
  await page.getByRole('navigation', { name: '业务环节' }).getByText('监察', { exact: true }).click();
  await expect(page.getByTestId('rectification-list')).toContainText('剩余 15 个工作日');
  await page.getByRole('button', { name: `查看 ${v.caseNumber}` }).last().click();
  await page.getByRole('button', { name: '办结', exact: true }).click();
  await page.getByLabel('办结结果').fill('已办结');
  await page.getByRole('button', { name: '提交', exact: true }).click();
  await expect(page.getByTestId('rectify-error')).toContainText('核实');
  await page.getByRole('button', { name: '核实', exact: true }).click();
  await page.getByLabel('属实', { exact: true }).check();
  await page.getByLabel('核实说明').fill('高峰期窗口人手不足');
  await page.getByRole('button', { name: '提交', exact: true }).click();
  await expect(page.getByTestId('rectify-steps')).toContainText('反映属实');
  await page.getByRole('button', { name: '整改', exact: true }).click();
  await page.getByLabel('整改措施').fill('高峰时段增开出件窗口');
  await page.getByRole('button', { name: '提交', exact: true }).click();
  await page.getByRole('button', { name: '回访', exact: true }).click();
  await page.getByLabel('联系上', { exact: true }).check();
  await page.getByLabel('满意', { exact: true }).check();
  await page.getByLabel('回访记录').fill('电话回访，申请人认可');
  await page.getByRole('button', { name: '提交', exact: true }).click();
  await expect(page.getByTestId('rectify-steps')).toContainText('申请人满意');
  await page.getByRole('button', { name: '办结', exact: true }).click();
  await page.getByLabel('办结结果').fill('已整改并回访');
  await page.getByRole('button', { name: '提交', exact: true }).click();
  await expect(page.getByTestId('rectify-steps')).toContainText('已整改并回访');
  await shot(page, 'rectification-closed');
});
