import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { DEMO_PASSWORD } from '../../seeds/demo.js';
import type { CaseView } from '../../shared/api/intake.js';
import type { DisplayPrefs } from '../../shared/display.js';
import { completeFields, idNumber } from '../helpers/intake.js';
import { callApi, expect, shot, signIn, test } from './fixtures.js';

// Every main screen passes axe (WCAG 2.1 A/AA rules) without a serious or critical violation, in the
// normal, large-text and high-contrast modes; the modes belong to the clerk who chose them.

const MODES: { name: string; prefs: DisplayPrefs }[] = [
  { name: 'normal', prefs: { largeText: false, highContrast: false } },
  { name: 'large', prefs: { largeText: true, highContrast: false } },
  { name: 'contrast', prefs: { largeText: false, highContrast: true } },
];

async function value<T>(page: Page, method: string, input: unknown = {}): Promise<T> {
  const r = await callApi(page, method, input);
  if (!r.ok) throw new Error(`${method}: ${r.code}`);
  return r.value as T;
}

/** The screen's serious and critical violations, each with up to three offending nodes. */
async function audit(page: Page, screen: string): Promise<string[]> {
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  // The audit really looked at the screen, not at a blank page.
  expect(r.passes.length, screen).toBeGreaterThan(10);
  return r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${screen}: ${v.id} (${v.impact}) ${v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')} ${n.failureSummary?.split('\n')[1] ?? ''}`).join(' | ')}`);
}

/** Signs in through the API with the mode chosen for that clerk, then opens `hash`. */
async function open(page: Page, staffNo: string, prefs: DisplayPrefs, hash: string, ready: (p: Page) => Promise<void>): Promise<void> {
  await value(page, 'auth.signIn', { staffNo, password: DEMO_PASSWORD });
  await value(page, 'auth.setDisplay', prefs);
  await page.reload();
  await expect(page.getByTestId('clerk-name')).toContainText(`（${staffNo}）`);
  await page.evaluate((h) => (location.hash = h), hash);
  await ready(page);
}

const heading = (name: string | RegExp) => async (p: Page) => {
  await expect(p.getByRole('heading', { name }).first()).toBeVisible();
};

for (const mode of MODES) {
  test(`every main screen passes axe in the ${mode.name} mode`, async ({ app }) => {
    test.setTimeout(180_000);
    const { page } = app;
    // The sign-in screen in this mode (chosen on the sign-in screen itself).
    await page.evaluate((p) => localStorage.setItem('yct.display', JSON.stringify(p)), mode.prefs);
    await page.reload();
    await expect(page.getByLabel('工号')).toBeVisible();
    const problems = await audit(page, 'sign-in');

    await signIn(page, 'sj01');
    await expect(page.getByTestId('clerk-name')).toBeVisible();
    let v = await value<CaseView>(page, 'intake.start', { bundleId: 'hlj.newborn', itemIds: ['hlj.newborn.birth-certificate'], applicantKind: 'person' });
    v = await value<CaseView>(page, 'intake.update', {
      id: v.id,
      expectedSeq: v.lastEventSeq,
      patch: { fields: completeFields(v, { 'applicant.name': '李梅', 'applicant.idNumber': idNumber('19880101', 301) }) },
    });

    const screens: [string, string, string, (p: Page) => Promise<void>][] = [
      ['sj01', '#/', 'home', heading(/您好/)],
      ['sj01', '#/intake', 'intake', heading('新建办件')],
      ['sj01', `#/intake/case/${v.id}`, 'case', async (p) => expect(p.getByTestId('case-state')).toBeVisible()],
      ['sp01', '#/routing', 'routing', async (p) => expect(p.getByRole('main')).toContainText('子件')],
      ['cj01', '#/delivery', 'delivery', async (p) => expect(p.getByRole('main')).toContainText('出件')],
      ['zb01', '#/supervision', 'board', async (p) => expect(p.getByRole('tab', { name: '今日看板' })).toBeVisible()],
      ['admin', '#/settings', 'settings', heading('设置')],
      ['admin', '#/catalog', 'catalog', async (p) => expect(p.getByRole('main')).toContainText('新生儿')],
      ['admin', '#/catalog/hlj.newborn', 'bundle', async (p) => expect(p.getByRole('main')).toContainText('一次告知')],
      ['admin', '#/sync', 'sync', async (p) => expect(p.getByRole('main')).toContainText('同步')],
    ];
    for (const [clerk, hash, name, ready] of screens) {
      await open(page, clerk, mode.prefs, hash, ready);
      problems.push(...(await audit(page, name)));
    }
    // The supervisor's other tabs.
    await open(page, 'zb01', mode.prefs, '#/supervision', async (p) => expect(p.getByRole('tab', { name: '统计报表' })).toBeVisible());
    await page.getByRole('tab', { name: '统计报表' }).click();
    await expect(page.getByRole('tabpanel')).toBeVisible();
    problems.push(...(await audit(page, 'reports')));
    await page.getByRole('tab', { name: '电子归档' }).click();
    await expect(page.getByTestId('archive-location')).toBeVisible();
    problems.push(...(await audit(page, 'archive')));
    await shot(page, `a11y-${mode.name}-archive`);
    expect(problems).toEqual([]);
  });
}

test('the display modes belong to the clerk: chosen with the header buttons, kept across sign-out, not applied to another clerk', async ({ app }) => {
  const { page } = app;
  await signIn(page, 'sj01');
  await expect(page.getByTestId('clerk-name')).toBeVisible();
  const fontSize = () => page.evaluate(() => getComputedStyle(document.documentElement).fontSize);
  expect(await fontSize()).toBe('16px');

  const large = page.getByRole('button', { name: '大字' });
  const contrast = page.getByRole('button', { name: '高对比' });
  await large.click();
  await contrast.click();
  await expect(large).toHaveAttribute('aria-pressed', 'true');
  await expect(contrast).toHaveAttribute('aria-pressed', 'true');
  expect(await fontSize()).toBe('20px');
  // High contrast: dimmed text is black-ish, not Mantine's grey.
  const dimmed = await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--mantine-color-dimmed').trim());
  expect(dimmed).toBe('#1a1a1a');
  await shot(page, 'display-large-contrast-home');

  await page.getByRole('button', { name: '退出登录' }).click();
  await signIn(page, 'sp01');
  await expect(page.getByTestId('clerk-name')).toContainText('李建国');
  expect(await fontSize()).toBe('16px');
  await expect(page.getByRole('button', { name: '大字' })).toHaveAttribute('aria-pressed', 'false');

  await page.getByRole('button', { name: '退出登录' }).click();
  await signIn(page, 'sj01');
  await expect(page.getByTestId('clerk-name')).toContainText('王晓燕');
  await expect(page.getByRole('button', { name: '大字' })).toHaveAttribute('aria-pressed', 'true');
  expect(await fontSize()).toBe('20px');
});

test('the counter is operable by keyboard alone, with a visible focus ring', async ({ app }) => {
  const { page } = app;
  await expect(page.getByLabel('工号')).toBeFocused();
  await page.keyboard.type('sj01');
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('密码')).toBeFocused();
  await page.keyboard.type(DEMO_PASSWORD);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('clerk-name')).toBeVisible();

  // Tab reaches the navigation; the focused link shows a ring at least 3 px wide; Enter follows it.
  const intake = page.getByRole('navigation', { name: '业务环节' }).getByRole('link', { name: '收件' });
  for (let i = 0; i < 30 && !(await intake.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(intake).toBeFocused();
  const ring = await intake.evaluate((el) => {
    const s = getComputedStyle(el);
    return { style: s.outlineStyle, width: parseFloat(s.outlineWidth) };
  });
  expect(ring.style).not.toBe('none');
  expect(ring.width).toBeGreaterThanOrEqual(3);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: '新建办件' })).toBeVisible();

  // Choosing a bundle by typing and Enter, as the search box promises.
  await page.getByLabel('选择“一件事”').focus();
  await page.keyboard.type('新生儿');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('checkbox').first()).toBeVisible();
});
