import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { DEMO_PASSWORD } from '../../seeds/demo.js';
import type { CaseView } from '../../shared/api/intake.js';
import { callApi, expect, shot, signIn, test } from './fixtures.js';

// 帮办代办 at the counter: the help-desk clerk records that she filled in the form and read the notice
// aloud for an elderly applicant, who confirms on a paper page scanned through SANE's test backend;
// the record is listed on the case, and the open form passes axe.

async function value<T>(page: Page, method: string, input: unknown = {}): Promise<T> {
  const r = await callApi(page, method, input);
  if (!r.ok) throw new Error(`${method}: ${r.code}`);
  return r.value as T;
}

test('a clerk records 帮办 on a case with a scanned paper confirmation; it is listed on the case', async ({ app }) => {
  const { page } = app;
  await signIn(page, 'sj01');
  await expect(page.getByTestId('clerk-name')).toBeVisible();
  await value(page, 'auth.signIn', { staffNo: 'sj01', password: DEMO_PASSWORD });
  const v = await value<CaseView>(page, 'intake.start', { bundleId: 'hlj.newborn', itemIds: ['hlj.newborn.birth-certificate'], applicantKind: 'person' });
  await page.evaluate((id) => (location.hash = `#/intake/case/${id}`), v.id);
  await expect(page.getByTestId('case-state')).toHaveText('草稿');

  await expect(page.getByText('本办件还没有帮办代办或上门服务记录。')).toBeVisible();
  await page.getByRole('button', { name: '记录一次帮办代办' }).click();
  const form = page.getByRole('form', { name: '记录帮办代办' });
  await form.getByRole('checkbox', { name: '代填申请表' }).check();
  await form.getByRole('checkbox', { name: '读表、读告知内容' }).check();
  await form.getByLabel('确认人姓名').fill('李秀兰');
  await form.getByRole('radio', { name: '纸质签字（已扫描）' }).check();

  // Saving before the confirmation is refused in Chinese, and nothing typed is lost.
  await form.getByRole('button', { name: '保存记录' }).click();
  await expect(page.getByRole('alert')).toContainText('请先取得确认');
  await expect(form.getByLabel('确认人姓名')).toHaveValue('李秀兰');

  const axe = await new AxeBuilder({ page }).include('[aria-label="记录帮办代办"]').withTags(['wcag2a', 'wcag2aa']).analyze();
  expect(axe.violations.filter((x) => x.impact === 'serious' || x.impact === 'critical').map((x) => x.id)).toEqual([]);

  await form.getByRole('button', { name: '扫描确认页' }).click();
  await expect(form.getByText('已取得确认')).toBeVisible({ timeout: 30_000 });
  await form.getByRole('button', { name: '保存记录' }).click();
  await expect(form).toHaveCount(0);
  await expect(page.getByText('本办件还没有帮办代办或上门服务记录。')).toHaveCount(0);
  await shot(page, 'assist-recorded');

  // The host holds the record with the scanned confirmation.
  const list = await value<{ records: { mode: string | null; actions: string[]; confirmation: { name: string; blob: string } | null }[] }>(page, 'assist.list', { caseId: v.id });
  expect(list.records).toHaveLength(1);
  expect(list.records[0]!.mode).toBe('help');
  expect(list.records[0]!.actions).toEqual(['fill_form', 'read_aloud']);
  expect(list.records[0]!.confirmation?.name).toBe('李秀兰');
  expect(list.records[0]!.confirmation?.blob).toMatch(/^[0-9a-f]{64}$/);
});
