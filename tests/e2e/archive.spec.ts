import type { Page } from '@playwright/test';
import { DEMO_PASSWORD } from '../../seeds/demo.js';
import type { CaseView } from '../../shared/api/intake.js';
import { completeFields, idNumber } from '../helpers/intake.js';
import { callApi, expect, shot, signIn, test } from './fixtures.js';

// 电子归档 on screen: a case refused at the counter is final at once; the supervisor archives it by
// its number, checks the package (green), then exports the day's packages after a wrongly typed date
// is refused in Chinese.

const CERT = 'hlj.newborn.birth-certificate';
const GUIDANCE = 'hlj.newborn.parenting-guidance';

async function value<T>(page: Page, method: string, input: unknown = {}): Promise<T> {
  const r = await callApi(page, method, input);
  if (!r.ok) throw new Error(`${method}: ${r.code}`);
  return r.value as T;
}

/** A newborn case typed at the counter (as sj01) and refused: it ends with a case number. */
async function refusedCase(page: Page): Promise<CaseView> {
  await value(page, 'auth.signIn', { staffNo: 'sj01', password: DEMO_PASSWORD });
  let v = await value<CaseView>(page, 'intake.start', { bundleId: 'hlj.newborn', itemIds: [CERT, GUIDANCE], applicantKind: 'person' });
  v = await value<CaseView>(page, 'intake.update', {
    id: v.id,
    expectedSeq: v.lastEventSeq,
    patch: { fields: completeFields(v, { 'applicant.name': '李梅', 'applicant.idNumber': idNumber('19880101', 301) }) },
  });
  return value<CaseView>(page, 'intake.refuse', { id: v.id, expectedSeq: v.lastEventSeq, reason: '申请事项不属于本中心受理范围', legalBasis: null });
}

test('the supervisor archives a refused case by its number, verifies the package and exports the day', async ({ app }) => {
  const { page } = app;
  await signIn(page, 'zb01');
  await expect(page.getByTestId('clerk-name')).toBeVisible();
  const v = await refusedCase(page);
  expect(v.state).toBe('refused');
  const caseNumber = v.caseNumber!;

  await value(page, 'auth.signIn', { staffNo: 'zb01', password: DEMO_PASSWORD });
  await page.reload();
  await page.getByRole('navigation', { name: '业务环节' }).getByText('监察', { exact: true }).click();
  await page.getByRole('tab', { name: '电子归档' }).click();
  await expect(page.getByTestId('archive-location')).toContainText('archive');

  // A number of the wrong shape is refused on the spot; the real one is archived now (or was by the sweep).
  await page.getByLabel('办件编号').fill('20261101');
  await page.getByRole('button', { name: '立即归档' }).click();
  await expect(page.getByTestId('archive-build-problem')).toContainText('办件编号格式不正确');
  await page.getByLabel('办件编号').fill(caseNumber.toLowerCase());
  await page.getByRole('button', { name: '立即归档' }).click();
  await expect(page.getByTestId('archive-build-result')).toContainText(caseNumber);
  await expect(page.getByTestId('archive-build-problem')).toHaveCount(0);

  const row = page.getByTestId('archive-recent').locator(`tr[data-case="${caseNumber}"]`);
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('不予受理');
  await expect(row).toContainText('第 1 版');
  await expect(page.getByTestId('archive-count')).toHaveText('1');
  await expect(page.getByTestId('archive-key')).not.toContainText('尚未生成');

  await row.getByRole('button', { name: `校验 ${caseNumber} 第 1 版` }).click();
  const dialog = page.getByRole('dialog', { name: `校验结果 ${caseNumber}（第 1 版）` });
  const result = dialog.getByTestId('archive-verify-result');
  await expect(result).toHaveAttribute('data-ok', 'true');
  await expect(result).toContainText('校验通过');
  await expect(result).toContainText('签名有效');
  await expect(dialog.getByTestId('archive-verify-problems')).toHaveCount(0);
  // The modal has faded in before the picture is taken.
  await dialog.evaluate((el) => Promise.all(el.getAnimations({ subtree: true }).map((a) => a.finished)));
  await shot(page, 'supervision-archive');
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);

  // The day the case was refused (its number carries the date it was given).
  const ymd = /-(\d{8})-/.exec(caseNumber)![1]!;
  const day = `${ymd.slice(0, 4)}-${ymd.slice(4, 6)}-${ymd.slice(6, 8)}`;
  await page.getByLabel('开始日期').fill(day.replaceAll('-', '/'));
  await page.getByLabel('结束日期').fill(day);
  await page.getByRole('button', { name: '导出', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: '开始日期格式应为 年-月-日' })).toBeVisible();
  await expect(page.getByTestId('archive-export-result')).toHaveCount(0);

  await page.getByLabel('开始日期').fill(day);
  await page.getByRole('button', { name: '导出', exact: true }).click();
  const exported = page.getByTestId('archive-export-result');
  await expect(exported).toBeVisible();
  await expect(exported.getByTestId('archive-export-packages')).toHaveText('1');
  await expect(exported.getByTestId('archive-export-location')).toContainText(day);
  await expect(exported.getByTestId('archive-export-damaged')).toHaveCount(0);
  await expect(exported.getByTestId('archive-export-failed')).toHaveCount(0);
});
