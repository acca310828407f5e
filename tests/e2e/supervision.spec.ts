import type { Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { DEMO_PASSWORD, demoInstallation } from '../../seeds/demo.js';
import type { CaseView } from '../../shared/api/intake.js';
import type { SubApplication } from '../../shared/api/routing.js';
import { completeFields, idNumber, receiveMaterials } from '../helpers/intake.js';
import { callApi, expect, shot, signIn, test } from './fixtures.js';

// 电子监察 on screen: the supervisor reads today's board, comes back two weeks later to red items
// and opens one into its case, then exports the month's report to Excel and the file says which
// hall, period and grouping it is for, with a row for the bundle.

const CERT = 'hlj.newborn.birth-certificate';
const GUIDANCE = 'hlj.newborn.parenting-guidance'; // both 卫生健康委员会, one working day each

async function value<T>(page: Page, method: string, input: unknown = {}): Promise<T> {
  const r = await callApi(page, method, input);
  if (!r.ok) throw new Error(`${method}: ${r.code}`);
  return r.value as T;
}

/** A newborn draft typed in full at the counter (as sj01), in the priority lane when asked. */
async function draft(page: Page, serial: number, priority: string | null = null): Promise<CaseView> {
  await value(page, 'auth.signIn', { staffNo: 'sj01', password: DEMO_PASSWORD });
  let v = await value<CaseView>(page, 'intake.start', { bundleId: 'hlj.newborn', itemIds: [CERT, GUIDANCE], applicantKind: 'person' });
  v = await value<CaseView>(page, 'intake.update', {
    id: v.id,
    expectedSeq: v.lastEventSeq,
    patch: { fields: completeFields(v, { 'applicant.name': '王丽', 'applicant.idNumber': idNumber('19920304', serial) }), ...(priority ? { priority } : {}) },
  });
  return value<CaseView>(page, 'intake.update', { id: v.id, expectedSeq: v.lastEventSeq, patch: { materials: receiveMaterials(v) } });
}

async function accept(page: Page, v: CaseView): Promise<CaseView> {
  return value<CaseView>(page, 'intake.accept', { id: v.id, expectedSeq: v.lastEventSeq, delivery: { method: 'window', address: null } });
}

/** 卫健委 (sp02) receives and approves both items: the case waits at the delivery window. */
async function decide(page: Page, caseId: string): Promise<void> {
  await value(page, 'auth.signIn', { staffNo: 'sp02', password: DEMO_PASSWORD });
  for (const [itemId, result] of [
    [CERT, { number: 'T230012345', elicenseId: 'EL-BC-0001', documentBlobs: [], note: null }],
    [GUIDANCE, { number: null, elicenseId: null, documentBlobs: [], note: '已登记，纳入本月育儿指导' }],
  ] as const) {
    let s = await value<SubApplication>(page, 'review.open', { caseId, itemId });
    s = await value<SubApplication>(page, 'review.receive', { caseId, itemId, expectedVersion: s.version });
    await value(page, 'review.approve', { caseId, itemId, expectedVersion: s.version, result });
  }
}

async function openSupervision(page: Page): Promise<void> {
  await value(page, 'auth.signIn', { staffNo: 'zb01', password: DEMO_PASSWORD });
  await page.reload();
  await page.getByRole('navigation', { name: '业务环节' }).getByText('监察', { exact: true }).click();
  await expect(page.getByRole('heading', { name: '电子监察' })).toBeVisible();
  await expect(page.getByRole('tab', { name: '今日看板' })).toHaveAttribute('aria-selected', 'true');
}

test('the supervisor reads the board, opens a red item into its case and exports the month report to Excel', async ({ app }) => {
  const { page } = app;
  await signIn(page, 'zb01');
  await expect(page.getByTestId('clerk-name')).toBeVisible();

  // Today: one case with the department, one ready for an elderly applicant, one applicant at the counter.
  const late = await accept(page, await draft(page, 201));
  const ready = await accept(page, await draft(page, 202, 'elderly'));
  await decide(page, ready.id);
  await draft(page, 203);

  await openSupervision(page);
  const figures = page.getByTestId('board-figures');
  await expect(figures.getByTestId('figure-accepted')).toHaveText('2');
  await expect(figures.getByTestId('figure-in-review')).toHaveText('1');
  await expect(figures.getByTestId('figure-ready')).toHaveText('1');
  await expect(figures.getByTestId('figure-waiting')).toHaveText('2');
  await expect(figures.getByText('其中绿色通道 1')).toBeVisible();
  await expect(figures.getByTestId('figure-red')).toHaveText('0');
  // The lanes: the draft at the counter (normal), the elderly applicant's results at the delivery window.
  const lanes = page.getByTestId('board-lanes');
  await expect(lanes.getByRole('row', { name: /其中：老年人/ })).toContainText('1 件');
  // Standalone counter: the board says why the hall's other devices are unknown.
  await expect(page.getByTestId('board-hall-unreachable')).toContainText('未设置中心服务');
  await shot(page, 'supervision-board');

  // Two weeks on, both one-day items of the first case are overdue.
  app.advanceClock(14 * 24 * 3600_000);
  await openSupervision(page);
  await expect(figures.getByTestId('figure-red')).toHaveText('2');
  await expect(figures.getByTestId('figure-accepted')).toHaveText('0');
  // The figure takes the keyboard to the red list; a row opens the case.
  await page.getByRole('button', { name: /^已超期 2项/ }).click();
  await expect(page.getByTestId('warnings-red')).toBeFocused();
  await page.getByTestId('warnings-red').locator(`tr[data-case="${late.id}"][data-item="${CERT}"]`).click();
  const drawer = page.getByRole('dialog', { name: `办理过程 ${late.caseNumber}` });
  await expect(drawer.getByText('当前等待')).toBeVisible();
  await expect(drawer.getByTestId('timeline-entries')).toContainText('受理');
  // The drawer has slid in before the picture is taken.
  await drawer.evaluate((el) => Promise.all(el.getAnimations({ subtree: true }).map((a) => a.finished)));
  await shot(page, 'supervision-board-red-case');
  await page.keyboard.press('Escape');
  await expect(drawer).toHaveCount(0);

  // The month the cases were accepted in (the case number carries the acceptance date).
  const ymd = /-(\d{8})-/.exec(late.caseNumber!)![1]!;
  const month = `${ymd.slice(0, 4)}-${ymd.slice(4, 6)}`;
  await page.getByRole('tab', { name: '统计报表' }).click();
  await page.getByText('月报', { exact: true }).click();
  await page.getByRole('textbox', { name: '年份' }).fill(month.slice(0, 4));
  await page.getByRole('combobox', { name: '月份' }).click();
  await page.getByRole('option', { name: `${Number(month.slice(5, 7))} 月`, exact: true }).click();
  await expect(page.getByRole('combobox', { name: '分组方式' })).toHaveValue('按套餐（一件事）');
  await expect(page.getByRole('textbox', { name: '服务大厅' })).toHaveValue(demoInstallation.hallName);
  const volume = page.getByTestId('report-table-cases');
  const bundleRow = volume.getByRole('row', { name: /新生儿出生/ });
  // Two accepted in the month; the draft is not a case yet.
  await expect(bundleRow.getByRole('cell').first()).toHaveText('2');
  await expect(page.getByTestId('chart-volume')).toBeVisible();
  await expect(page.getByTestId('chart-ratings')).toBeVisible();
  await shot(page, 'supervision-reports');

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: '导出 Excel' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/\.xlsx$/);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile((await file.path())!);
  const ws = wb.worksheets[0]!;
  const rows: string[][] = [];
  ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))));
  const header = (label: string) => rows.find((r) => r[0] === label)?.[1] ?? '';
  expect(header('服务大厅')).toContain(demoInstallation.hallName);
  expect(header('统计时段')).toContain(`${month}-01`);
  expect(header('分组方式')).toBe('按套餐（一件事）');
  const titles = rows.find((r) => r[0] === '一件事套餐')!;
  expect(titles).toBeDefined();
  const bundle = rows.find((r) => (r[0] ?? '').includes('新生儿出生'))!;
  expect(bundle, 'a row for the bundle').toBeDefined();
  expect(Number(bundle[titles.indexOf('受理件数（件）')])).toBe(2);
});
