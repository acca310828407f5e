import type { Locator, Page } from '@playwright/test';
import { DEMO_PASSWORD } from '../../seeds/demo.js';
import type { CaseView } from '../../shared/api/intake.js';
import type { SubApplication } from '../../shared/api/routing.js';
import { completeFields, receiveMaterials } from '../helpers/intake.js';
import { callApi, expect, shot, signIn, test } from './fixtures.js';

// The applicant screen by touch alone, as an applicant who cannot use a keyboard meets it: the
// clerk shows the case → 核对信息 → 留存材料 → 签名 → 评价 → thanks, the caption saying each step,
// in Chinese, English and Russian (a screenshot of each).

const CERT = 'hlj.newborn.birth-certificate';
const GUIDANCE = 'hlj.newborn.parenting-guidance';
const MOTHER = { name: '李秀兰', idNumber: '232701195609230247' };

async function value<T>(page: Page, method: string, input: unknown = {}): Promise<T> {
  const r = await callApi(page, method, input);
  if (!r.ok) throw new Error(`${method}: ${r.code}`);
  return r.value as T;
}

/** Taps `next` until `done` shows (a long form or list has pages), checking the caption follows each page. */
async function pageThrough(screen: Page, spoken: Locator, done: Locator): Promise<number> {
  let pages = 1;
  while (!(await done.isVisible())) {
    expect(pages, 'pages end').toBeLessThan(30);
    const before = await spoken.textContent();
    await screen.getByRole('button', { name: '下一页' }).tap();
    pages += 1;
    await expect(spoken).not.toHaveText(before ?? '');
    await expect(spoken).toContainText(`第 ${pages} 页`);
  }
  return pages;
}

test('an applicant checks, learns what is kept, signs and rates on the applicant screen by touch, in three languages', async ({ app }) => {
  test.skip(app.mode !== 'browser', 'Electron opens the applicant window on the second display by itself');
  const { page } = app;
  await signIn(page, 'sj01');
  await expect(page.getByTestId('clerk-name')).toBeVisible();

  // The applicant screen in a touch context of its own (the clerk's window stays a mouse one).
  const token = await page.evaluate(() => sessionStorage.getItem('yct.token'));
  expect(token).toBeTruthy();
  const touch = await page.context().browser()!.newContext({ viewport: { width: 1280, height: 900 }, hasTouch: true, locale: 'zh-CN' });
  // Records what is handed to the system's speech engine (which still speaks it).
  await touch.addInitScript(() => {
    const w = window as unknown as { __said: { text: string; lang: string; rate: number }[] };
    w.__said = [];
    if (!('speechSynthesis' in window)) return;
    const real = window.speechSynthesis.speak.bind(window.speechSynthesis);
    window.speechSynthesis.speak = (u: SpeechSynthesisUtterance) => {
      w.__said.push({ text: u.text, lang: u.lang, rate: u.rate });
      real(u);
    };
  });
  const screen = await touch.newPage();
  await screen.goto(`${new URL(page.url()).origin}/applicant.html#token=${encodeURIComponent(token!)}`);
  const spoken = screen.getByTestId('spoken');
  const said = () => screen.evaluate(() => (window as unknown as { __said: { text: string; lang: string; rate: number }[] }).__said);
  const current = screen.getByTestId('steps').locator('[aria-current="step"]');
  await expect(screen.getByText('请稍候')).toBeVisible();
  await expect(spoken).toHaveText('工作人员正在为您办理，请耐心等候。');

  // The clerk takes in a newborn case (one material as a copy) and shows it, for a Russian speaker.
  let v = await value<CaseView>(page, 'intake.start', { bundleId: 'hlj.newborn', itemIds: [CERT, GUIDANCE], applicantKind: 'person' });
  v = await value<CaseView>(page, 'intake.update', {
    id: v.id,
    expectedSeq: v.lastEventSeq,
    patch: { fields: completeFields(v, { 'applicant.name': MOTHER.name, 'applicant.idNumber': MOTHER.idNumber, 'applicant.phone': '13904571234' }) },
  });
  const materials = receiveMaterials(v);
  const [copyKey] = Object.keys(materials);
  v = await value<CaseView>(page, 'intake.update', {
    id: v.id,
    expectedSeq: v.lastEventSeq,
    patch: { materials: { ...materials, [copyKey!]: { ...materials[copyKey!]!, status: 'copy' } } },
  });
  await value(page, 'applicant.showCase', { id: v.id, lang: 'ru' });

  // The screen starts in the clerk's language; the applicant switches with a tap. A screenshot each.
  const hasVoice = (prefix: string) => screen.evaluate((p) => speechSynthesis.getVoices().some((x) => x.lang.toLowerCase().startsWith(p)), prefix);
  const langs = [
    { lang: 'ru', button: 'Русский', heading: '新生儿出生 · Пожалуйста, проверьте данные заявления', step: 'Проверка данных', caption: 'Шаг 1: проверка данных.', tag: 'ru' },
    { lang: 'en', button: 'English', heading: '新生儿出生 · Please check your application details', step: 'Check details', caption: 'Step 1: check your details.', tag: 'en' },
    { lang: 'zh', button: '中文', heading: '新生儿出生 · 请核对您的申请信息', step: '核对信息', caption: '第 1 步，核对信息。', tag: 'zh-CN' },
  ] as const;
  for (const l of langs) {
    if (l.lang !== 'ru') await screen.getByRole('button', { name: l.button, exact: true }).tap();
    await expect(screen.getByRole('heading', { name: l.heading })).toBeVisible();
    await expect(screen.getByRole('button', { name: l.button, exact: true })).toHaveAttribute('aria-pressed', 'true');
    await expect(screen.locator('.yct-a')).toHaveAttribute('lang', l.tag);
    await expect(current).toContainText(l.step);
    await expect(spoken).toContainText(l.caption);
    // The ID number is read masked, digit by digit, in every language.
    await expect(spoken).toContainText('2 3 2 7');
    await expect(spoken).toContainText('0 2 4 7');
    await expect(spoken).not.toContainText('1 9 5 6 0 9 2 3');
    await expect(spoken).not.toContainText(MOTHER.idNumber);
    // Without a voice of the language the caption stays and a notice says so.
    await expect(screen.getByTestId('voice-unavailable')).toHaveCount((await hasVoice(l.lang === 'zh' ? 'zh' : l.lang)) ? 0 : 1);
    await shot(screen, `applicant-${l.lang}`);
  }
  // What was handed to speech: each language's tag, rate 0.9, and the Chinese name in a Chinese voice.
  const utterances = await said();
  if (utterances.length > 0) {
    expect(utterances.every((u) => u.rate > 0.85 && u.rate < 0.95)).toBe(true);
    expect(utterances.some((u) => u.lang === 'ru' && u.text.includes('Шаг 1'))).toBe(true);
    expect(utterances.some((u) => u.lang === 'en' && u.text.includes('Step 1'))).toBe(true);
    expect(utterances.some((u) => u.lang === 'zh-CN' && u.text === MOTHER.name)).toBe(true);
    expect(utterances.some((u) => u.lang === 'zh-CN' && u.text.startsWith('第 1 步'))).toBe(true);
  }
  await expect(screen.getByRole('row', { name: /申请人姓名\s*李秀兰/ })).toBeVisible();
  // The screen shows the full number, grouped, for the eye to check part by part.
  await expect(screen.getByRole('row', { name: /232701 19560923 0247/ })).toBeVisible();

  // Step 1: page through the form, then confirm.
  const right = screen.getByRole('button', { name: '信息无误' });
  await pageThrough(screen, spoken, right);
  await expect(spoken).toContainText('如果信息无误，请点击“信息无误”');
  // “Something is wrong” says to tell the clerk, and leads back.
  await screen.getByRole('button', { name: '信息有误' }).tap();
  await expect(spoken).toContainText('请告诉窗口工作人员哪里需要修改');
  // The counter learns it at once.
  await expect.poll(async () => (await value<{ state: string }>(page, 'applicant.formAnswer', { id: v.id })).state).toBe('wrong');
  await screen.getByRole('button', { name: '返回核对' }).tap();
  await expect(spoken).toContainText('第 1 步');
  await pageThrough(screen, spoken, right);
  await right.tap();
  await expect.poll(async () => (await value<{ state: string }>(page, 'applicant.formAnswer', { id: v.id })).state).toBe('right');

  // Step 2: what the hall keeps.
  await expect(screen.getByRole('heading', { name: '我们为您留存的材料' })).toBeVisible();
  await expect(current).toContainText('留存材料');
  await expect(spoken).toContainText('第 2 步，留存材料。');
  await expect(screen.locator('[data-held="original"]')).toHaveCount(Object.keys(materials).length - 1);
  await expect(screen.locator('[data-held="original"]').first()).toContainText('原件由窗口留存，领取办理结果时退还给您');
  await expect(screen.locator('[data-held="copy"]')).toHaveCount(1);
  await expect(screen.locator('[data-held="copy"]')).toContainText('窗口留存复印件，原件请您自己保管');
  const understood = screen.getByRole('button', { name: '我知道了' });
  await pageThrough(screen, spoken, understood);
  await understood.tap();
  await expect(screen.getByRole('heading', { name: '谢谢您的确认' })).toBeVisible();
  await expect(spoken).toHaveText('谢谢您的确认。请稍候，工作人员将继续为您办理。');

  // The case is accepted and decided; at the delivery window the clerk asks for a signature.
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
  await value(page, 'auth.signIn', { staffNo: 'cj01', password: DEMO_PASSWORD });
  const d = await value<{ expectedSeq: number; items: { itemId: string; entries: { key: string; kind: string }[] }[]; originals: { key: string }[] }>(page, 'delivery.open', {
    caseId: v.id,
  });
  const itemIds = [CERT, GUIDANCE];
  const ticked = [...d.items.flatMap((i) => i.entries.filter((e) => e.kind !== 'elicense').map((e) => e.key)), ...d.originals.map((e) => e.key)];
  const { promptId: signId } = await value<{ promptId: string }>(page, 'delivery.signaturePrompt', { caseId: v.id, itemIds });

  // Step 3: sign with a finger (the pad takes pointer events; the mouse stands in for the finger).
  const pad = screen.getByTestId('signature-pad');
  await expect(pad).toBeVisible();
  await expect(current).toContainText('签名');
  await expect(spoken).toContainText('第 3 步，签名。');
  await expect(spoken).toContainText('T230012345');
  await expect(screen.getByRole('button', { name: '确认签名' })).toBeDisabled();
  const box = (await pad.boundingBox())!;
  await screen.mouse.move(box.x + 60, box.y + 150);
  await screen.mouse.down();
  for (const [dx, dy] of [[160, 60], [260, 200], [380, 80], [520, 190]] as const) await screen.mouse.move(box.x + dx, box.y + dy, { steps: 8 });
  await screen.mouse.up();
  await screen.getByRole('button', { name: '确认签名' }).tap();
  await expect(screen.getByText('签名已确认')).toBeVisible();
  await expect(spoken).toHaveText('您的签名已收到，谢谢！本次办理已完成。');
  const signed = await value<{ state: string; signatureBlob: string }>(page, 'delivery.promptResult', { promptId: signId });
  expect(signed.state).toBe('signed');

  const done = await value<{ visitId: string }>(page, 'delivery.handOver', {
    caseId: v.id,
    expectedSeq: d.expectedSeq,
    itemIds,
    ticked,
    recipient: { name: MOTHER.name, idNumber: MOTHER.idNumber, verification: 'reader' },
    signatureBlob: signed.signatureBlob,
  });
  const { promptId: rateId } = await value<{ promptId: string }>(page, 'delivery.ratingPrompt', { caseId: v.id, visitId: done.visitId });

  // Step 4: a bad face asks why on a screen of its own; the applicant thinks again and taps 满意.
  await expect(screen.getByRole('button', { name: '非常满意' })).toBeVisible();
  await expect(current).toContainText('评价');
  await expect(spoken).toContainText('第 4 步，评价。');
  await screen.getByRole('button', { name: '不满意', exact: true }).tap();
  await expect(screen.getByRole('heading', { name: '请选择不满意的原因（可多选）' })).toBeVisible();
  await expect(spoken).toHaveText('请选择不满意的原因，然后点击“提交评价”。');
  await screen.getByText('等候时间过长').tap();
  await expect(screen.getByRole('checkbox', { name: '等候时间过长' })).toBeChecked();
  await screen.getByRole('button', { name: '重新选择' }).tap();
  await expect(spoken).toContainText('第 4 步，评价。');
  await screen.getByRole('button', { name: '满意', exact: true }).tap();
  await expect(screen.getByText('感谢您的评价')).toBeVisible();
  await expect(spoken).toHaveText('您的评价已收到，谢谢！本次服务已完成。');
  expect(await value(page, 'delivery.promptResult', { promptId: rateId })).toMatchObject({ state: 'rated', ratingLevel: 4 });

  // Between applicants the screen is Chinese and waiting again.
  await value(page, 'applicant.clear');
  await expect(screen.getByText('请稍候')).toBeVisible();
  await touch.close();
});
