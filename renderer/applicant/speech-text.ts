import { RATING_LEVELS } from '../../shared/delivery';
import type { Lang } from '../../shared/i18n';
import { askedFor, fieldLabel, fieldValue, heldText, list, longDate, pagesText, ratingLabels, tr, type KeptMaterial, type NoticeMaterial, type Row } from './texts';

// What each step says aloud (and shows in the caption): pure functions of what the step shows.
// Personal numbers are never read whole in a hall full of people: an ID number is read digit by
// digit with its middle skipped, a phone number without its middle four, an account by its end.

/** Sentences joined the way the language writes them. */
function say(lang: Lang, parts: readonly (string | null | false | undefined)[]): string {
  return parts.filter((p): p is string => typeof p === 'string' && p.length > 0).join(lang === 'zh' ? '' : ' ');
}

/** “2 3 0 1”: a speech engine reads separated digits one by one instead of as one big number. */
export function spellDigits(s: string): string {
  return [...s.replace(/\s+/g, '')].join(' ');
}

export type SpokenKind = 'id' | 'phone' | 'account' | 'date' | 'plain';

export function spokenKind(row: Pick<Row, 'key' | 'type'>): SpokenKind {
  if (row.type === 'idNumber' || /idNumber$/i.test(row.key)) return 'id';
  if (row.type === 'phone') return 'phone';
  if (/(bankAccount|accountNumber|cardNumber)$/i.test(row.key)) return 'account';
  if (row.type === 'date') return 'date';
  return 'plain';
}

/** A typed value as it is read aloud. */
export function spokenValue(row: Pick<Row, 'key' | 'type' | 'value'>, lang: Lang): string {
  const t = tr(lang);
  const v = row.value.replace(/\s+/g, '');
  if (!v) return t('未填写');
  switch (spokenKind(row)) {
    case 'id':
      if (v.length <= 8) return t('号码已隐去');
      return t('前 4 位 {{head}}，中间隐去，后 4 位 {{tail}}', { head: spellDigits(v.slice(0, 4)), tail: spellDigits(v.slice(-4)) });
    case 'phone':
      if (v.length < 11) return spellDigits(v);
      return t('前 3 位 {{head}}，中间隐去，后 4 位 {{tail}}', { head: spellDigits(v.slice(0, 3)), tail: spellDigits(v.slice(-4)) });
    case 'account':
      return v.length <= 4 ? t('号码已隐去') : t('尾号 {{tail}}', { tail: spellDigits(v.slice(-4)) });
    case 'date':
      // The sentence adds its own full stop (Russian dates end in “г.”).
      return longDate(v, lang).replace(/\.$/, '');
    case 'plain':
      return fieldValue(row, lang);
  }
}

export interface PageInfo {
  /** 0-based page shown now. */
  page: number;
  pages: number;
}

function pageLine(lang: Lang, p: PageInfo): string | null {
  const t = tr(lang);
  return p.pages > 1 ? t('第 {{page}} 页，共 {{count}} 页。', { page: p.page + 1, count: p.pages }) : null;
}

const isLast = (p: PageInfo) => p.page >= p.pages - 1;

export function idleSpeech(lang: Lang): string {
  const t = tr(lang);
  return t('工作人员正在为您办理，请耐心等候。');
}

/** Step 1: the rows on the page shown, then what to do. */
export function checkSpeech(lang: Lang, v: { bundleName: string; rows: readonly Row[] } & PageInfo): string {
  const t = tr(lang);
  return say(lang, [
    v.page === 0 && t('第 1 步，核对信息。请核对“{{bundle}}”的申请信息。', { bundle: v.bundleName }),
    pageLine(lang, v),
    ...v.rows.map((r) => t('{{label}}：{{value}}。', { label: fieldLabel(r, lang), value: spokenValue(r, lang) })),
    isLast(v) ? t('如果信息无误，请点击“信息无误”；如有不符，请点击“信息有误”。') : t('请点击“下一页”继续核对。'),
  ]);
}

export function wrongSpeech(lang: Lang): string {
  const t = tr(lang);
  return t('请告诉窗口工作人员哪里需要修改。工作人员修改后，屏幕会重新显示您的信息。');
}

/** One material as the 留存材料 step says it. */
export function keptLine(m: KeptMaterial, lang: Lang): string {
  const t = tr(lang);
  return say(lang, [
    t('{{name}}，要求{{asked}}：{{held}}。', { name: m.name, asked: askedFor(m, t), held: heldText(m, lang) }),
    m.pages > 0 && t('{{pages}}。', { pages: pagesText(m.pages, t) }),
  ]);
}

/** Step 2: what the hall keeps, page by page. */
export function keepSpeech(lang: Lang, v: { materials: readonly KeptMaterial[]; total: number } & PageInfo): string {
  const t = tr(lang);
  return say(lang, [
    v.page === 0 && t('第 2 步，留存材料。'),
    v.total === 0 ? t('本次没有需要留存的材料。') : v.page === 0 && t('这是我们为您留存的材料，共 {{count}} 项。', { count: v.total }),
    pageLine(lang, v),
    ...v.materials.map((m) => keptLine(m, lang)),
    isLast(v) ? t('请点击“我知道了”。') : t('请点击“下一页”继续。'),
  ]);
}

export function confirmedSpeech(lang: Lang): string {
  const t = tr(lang);
  return t('谢谢您的确认。请稍候，工作人员将继续为您办理。');
}

/** The one-time notice (一次告知单) the clerk puts on the screen. */
export function noticeSpeech(
  lang: Lang,
  v: { bundleName: string; materials: readonly Pick<NoticeMaterial, 'name' | 'form' | 'count' | 'exempt' | 'always' | 'when'>[]; first: number; total: number; promisedDays: number | null } & PageInfo,
): string {
  const t = tr(lang);
  return say(lang, [
    v.page === 0 && t('这是“{{bundle}}”的一次告知单，需要准备 {{count}} 项材料。', { bundle: v.bundleName, count: v.total }),
    pageLine(lang, v),
    ...v.materials.map((m, i) =>
      say(lang, [
        t('第 {{n}} 项：{{name}}，{{asked}}。', { n: v.first + i + 1, name: m.name, asked: askedFor(m, t) }),
        m.exempt && t('免提交。'),
        !m.always && m.when.length > 0 && t('仅在以下情况需要：{{when}}。', { when: list(m.when, lang) }),
      ]),
    ),
    isLast(v) && v.promisedDays !== null && (v.promisedDays === 0 ? t('可以当场办结。') : t('承诺 {{count}} 个工作日内办结。', { count: v.promisedDays })),
    !isLast(v) && t('请点击“下一页”继续。'),
  ]);
}

/** Step 3: what is handed over (the entries on the page shown), then how to sign. */
export function signatureSpeech(lang: Lang, v: { entries: readonly string[]; total: number; state: 'drawing' | 'sent' } & PageInfo): string {
  const t = tr(lang);
  if (v.state === 'sent') return t('签名已提交，谢谢。');
  return say(lang, [
    v.page === 0 && t('第 3 步，签名。'),
    v.page === 0 && v.total > 0 && t('您本次领取 {{count}} 项：', { count: v.total }),
    v.entries.length > 0 && t('{{entries}}。', { entries: list(v.entries, lang) }),
    pageLine(lang, v),
    !isLast(v) && t('请点击“下一页”查看其余物品。'),
    t('请用手指在白色区域内签写您的姓名，然后点击“确认签名”。'),
  ]);
}

/** Step 4: the five levels, the reasons of a bad one, the thanks. */
export function ratingSpeech(lang: Lang, state: 'choose' | 'reasons' | 'sent'): string {
  const t = tr(lang);
  if (state === 'sent') return t('评价已提交，谢谢！');
  if (state === 'reasons') return t('请选择不满意的原因，然后点击“提交评价”。');
  const labels = ratingLabels(t);
  return say(lang, [
    t('第 4 步，评价。'),
    t('请对本次服务进行评价：{{levels}}。请点击屏幕上的按钮。', { levels: list(RATING_LEVELS.map((l) => labels[l]), lang) }),
  ]);
}

export function thanksSpeech(lang: Lang, after: 'signature' | 'rating' | null): string {
  const t = tr(lang);
  if (after === 'signature') return t('您的签名已收到，谢谢！本次办理已完成。');
  if (after === 'rating') return t('您的评价已收到，谢谢！本次服务已完成。');
  return t('已完成。');
}

const HAN = /[\u3400-\u9fff\uf900-\ufaff]/;
// A run of Chinese: from a Han character to the last Han or CJK punctuation, with digits, Latin and
// spaces inside it (an address such as “中央街 12 号”).
const HAN_RUN = /[\u3400-\u9fff\uf900-\ufaff](?:[\s\w\u3000-\u303f\uff00-\uffef\u3400-\u9fff\uf900-\ufaff]*[\u3000-\u303f\uff00-\uffef\u3400-\u9fff\uf900-\ufaff])?/g;

/**
 * Pieces of a text and the language to speak each in: an English or Russian voice cannot read the
 * Chinese names and addresses inside a translated sentence, a Chinese voice can.
 */
export function speechSegments(text: string, lang: Lang): { text: string; lang: Lang }[] {
  if (lang === 'zh' || !HAN.test(text)) return text.trim() ? [{ text: text.trim(), lang }] : [];
  const out: { text: string; lang: Lang }[] = [];
  let at = 0;
  const push = (s: string, l: Lang) => {
    const x = s.trim();
    if (x && /[\p{L}\p{N}]/u.test(x)) out.push({ text: x, lang: l });
  };
  for (const m of text.matchAll(HAN_RUN)) {
    push(text.slice(at, m.index), lang);
    push(m[0], 'zh');
    at = m.index + m[0].length;
  }
  push(text.slice(at), lang);
  return out;
}

/** The voice to speak `tag` with: an exact match (zh-CN), else the same language (ru-RU for ru). */
export function voiceFor<V extends { lang: string }>(voices: readonly V[], tag: string): V | undefined {
  const norm = (s: string) => s.toLowerCase().replace('_', '-');
  const want = norm(tag);
  const base = want.split('-')[0]!;
  return voices.find((v) => norm(v.lang) === want) ?? voices.find((v) => norm(v.lang).split('-')[0] === base);
}
