import { LANG_TAGS, translator, type Lang, type T } from '../i18n/index.js';
import { barcodeSvg, qrSvg } from './codes.js';
import type { Applicant, Delivery, DocumentHeader, DocumentItem, ReceivedMaterial, ReceivedHow } from './types.js';

// The frame every intake document shares: A4 print CSS, the issuing hall, the case number as
// text, Code 128 and QR, the applicant, the clerk's sign-off, and a footer on every page.
// Every interpolated string goes through esc() (HTML) or cssString() (the footer's CSS).

export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** A CSS string literal: anything but letters, digits, CJK and plain spaces becomes a hex escape. */
export function cssString(s: string): string {
  return `"${s.replace(/[^\p{L}\p{N} \u3000-\u303F\uFF01-\uFF5E]/gu, (c) => `\\${c.codePointAt(0)!.toString(16)} `)}"`;
}

/** The language of one rendering: its translate function and its date forms. */
export interface Loc {
  lang: Lang;
  t: T;
  /** 2026-03-01 → 2026年3月1日 / 1 March 2026 / 1 марта 2026 г. */
  date: (ymd: string) => string;
  /** 2026-03-01 09:30 → 2026年3月1日 09:30 */
  dateTime: (s: string) => string;
}

const locs = new Map<Lang, Loc>();

/** Dates are China local already (`YYYY-MM-DD`); noon in the China time zone keeps the day whatever the machine's zone. */
export function loc(lang: Lang): Loc {
  let l = locs.get(lang);
  if (!l) {
    const fmt = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : LANG_TAGS[lang], { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'long', day: 'numeric' });
    const date = (ymd: string) => {
      const d = new Date(`${ymd.slice(0, 10)}T12:00:00+08:00`);
      // The per-kind renderers take unvalidated input: a date that is none is printed as given (callers escape it).
      return Number.isNaN(d.getTime()) ? ymd.slice(0, 10) : fmt.format(d);
    };
    l = { lang, t: translator(lang, 'documents'), date, dateTime: (s) => `${date(s)} ${s.slice(11, 16)}` };
    locs.set(lang, l);
  }
  return l;
}

const zh = loc('zh');

/** 2026-03-01 → 2026年3月1日 */
export function cnDate(ymd: string): string {
  return zh.date(ymd);
}

/** 2026-03-01 09:30 → 2026年3月1日 09:30 */
export function cnDateTime(s: string): string {
  return zh.dateTime(s);
}

export function daysText(n: number | null, l: Loc = zh): string {
  if (n === null) return '—';
  return n === 0 ? l.t('即办') : l.t('{{count}} 个工作日', { count: n });
}

export function receivedHowLabels(t: T): Record<ReceivedHow, string> {
  return {
    original: t('原件'),
    copy: t('复印件'),
    scanned: t('扫描件（原件核验后退还）'),
    elicense: t('电子证照调取（免提交）'),
  };
}

export const RECEIVED_HOW_LABELS = receivedHowLabels(zh.t);

/** The opening of every notice: “你于 2026年3月2日 09:30 提交的“新生儿出生”申请”. */
export function submittedText(v: { applicant: Applicant; issuedAt: string; submittedAt?: string | undefined; bundleName: string }, l: Loc = zh): string {
  const vars = { when: esc(l.dateTime(v.submittedAt ?? v.issuedAt)), bundle: esc(v.bundleName) };
  return v.applicant.kind === 'enterprise' ? l.t('你单位于 {{when}} 提交的“{{bundle}}”申请', vars) : l.t('你于 {{when}} 提交的“{{bundle}}”申请', vars);
}

export function salutation(a: Applicant, l: Loc = zh): string {
  return `<p class="to">${l.t('{{name}}：', { name: esc(a.kind === 'enterprise' ? (a.enterpriseName ?? a.name) : a.name) })}</p>`;
}

export function applicantTable(a: Applicant, l: Loc = zh): string {
  const { t } = l;
  const rows: [string, string][] =
    a.kind === 'enterprise'
      ? [
          [t('申请单位'), a.enterpriseName ?? ''],
          [t('统一社会信用代码'), a.creditCode ?? ''],
          [t('经办人'), a.name],
          [t('经办人证件号码'), a.idNumberMasked],
        ]
      : [
          [t('申请人'), a.name],
          [t('证件号码'), a.idNumberMasked],
        ];
  if (a.agentName) rows.push([t('代办人'), a.agentName], [t('代办人证件号码'), a.agentIdNumberMasked ?? '—']);
  let html = '';
  for (let i = 0; i < rows.length; i += 2) {
    const [k1, v1] = rows[i]!;
    const second = rows[i + 1];
    html += `<tr><th>${esc(k1)}</th><td>${esc(v1)}</td>${second ? `<th>${esc(second[0])}</th><td>${esc(second[1])}</td>` : '<th></th><td></td>'}</tr>`;
  }
  return `<table class="kv"><colgroup><col class="k"><col><col class="k"><col></colgroup><tbody>${html}</tbody></table>`;
}

export function itemsTable(items: readonly DocumentItem[], l: Loc = zh): string {
  const { t } = l;
  const rows = items
    .map(
      (i, n) =>
        `<tr><td class="n">${n + 1}</td><td>${esc(i.name)}</td><td>${esc(i.department)}</td><td class="c">${esc(daysText(i.statutoryDays, l))}</td>` +
        `<td class="c">${esc(daysText(i.promisedDays, l))}</td><td class="c">${esc(l.date(i.expectedDate))}</td></tr>`,
    )
    .join('');
  return (
    `<table><colgroup><col class="n"><col><col style="width:23%"><col style="width:11%"><col style="width:13%"><col style="width:16%"></colgroup>` +
    `<thead><tr><th>${t('序号')}</th><th>${t('事项名称')}</th><th>${t('责任部门')}</th><th>${t('法定时限')}</th><th>${t('承诺时限')}</th><th>${t('预计办结日期')}</th></tr></thead><tbody>${rows}</tbody></table>`
  );
}

export function receivedTable(received: readonly ReceivedMaterial[], l: Loc = zh): string {
  const { t } = l;
  const how = receivedHowLabels(t);
  const rows = received
    .map((m, n) => {
      const extra = [m.pages ? t('{{count}} 页', { count: m.pages }) : '', m.licenceNo ? t('证照编号 {{no}}', { no: m.licenceNo }) : ''].filter(Boolean).join(t('，'));
      return `<tr><td class="n">${n + 1}</td><td>${esc(m.name)}</td><td>${esc(how[m.how])}</td><td>${esc(extra)}</td></tr>`;
    })
    .join('');
  return (
    `<table><colgroup><col class="n"><col><col style="width:27%"><col style="width:30%"></colgroup>` +
    `<thead><tr><th>${t('序号')}</th><th>${t('材料名称')}</th><th>${t('收取方式')}</th><th>${t('页数 / 证照编号')}</th></tr></thead><tbody>${rows}</tbody></table>`
  );
}

export function deliveryText(d: Delivery, l: Loc = zh): string {
  const { t } = l;
  switch (d.method) {
    case 'window':
      return (
        t('办结后，请携带本通知书和申请人身份证件到{{counter}}领取办理结果（一次领取全部结果）。', { counter: d.counter ? esc(d.counter) : t('本中心综合出件窗口') }) +
        t('委托他人领取的，受托人还需携带委托书和本人身份证件。')
      );
    case 'mail':
      return d.recipient
        ? t('办理结果将通过邮政 EMS 免费寄递至：{{address}}（收件人：{{recipient}}）。签收时请核对封装完好。', { address: esc(d.address), recipient: esc(d.recipient) })
        : t('办理结果将通过邮政 EMS 免费寄递至：{{address}}。签收时请核对封装完好。', { address: esc(d.address) });
    case 'electronic':
      return t('办理结果以电子证照形式发放，办结后可凭案件编号查询、下载。');
  }
}

/** Numbered headings for the parts that have content: 一、 二、 … in Chinese, 1. 2. … otherwise. */
export function sections(parts: readonly (readonly [string, string] | null)[], l: Loc = zh): string {
  const cn = ['一、', '二、', '三、', '四、', '五、', '六、', '七、', '八、', '九、', '十、']; // i18n-exempt: Chinese ordinals, used only for zh
  return parts
    .filter((p): p is readonly [string, string] => p !== null)
    .map(([title, html], n) => `<section class="part"><h2>${l.lang === 'zh' ? cn[n] : `${n + 1}. `}${esc(title)}</h2>${html}</section>`)
    .join('');
}

export interface Sheet {
  title: string;
  /** The Chinese title, shown under a translated one: the Chinese text is the legal one. */
  officialTitle?: string;
  /** 申请人联, 存根 …: which copy this is. */
  copy: string;
  body: string;
  /** The clerk's sign-off at the end (absent on a page the applicant signs). */
  signOff?: boolean;
}

function sheetHtml(h: DocumentHeader, s: Sheet, l: Loc): string {
  const { t } = l;
  const signOff = s.signOff === false
    ? ''
    : `<div class="signoff"><div class="clerk">${t('经办人：{{name}}', { name: esc(h.clerkName) })}</div>` +
      `<div class="issuer-sign">${esc(h.hallName)}<br><span class="seal">${t('（盖章）')}</span><br>${esc(l.date(h.issuedAt))}</div></div>`;
  const official = l.lang !== 'zh' && s.officialTitle ? `<div class="official" lang="zh-CN">${esc(s.officialTitle)}</div>` : '';
  const prevails = l.lang !== 'zh' ? `<p class="plain small prevails">${t('本文书为译本，与中文文本不一致时，以中文文本为准。')}</p>` : '';
  return (
    '<section class="sheet">' +
    `<header class="top"><div class="copy">${esc(s.copy)}</div>` +
    `<div class="heading"><div class="hall">${esc(h.hallName)}</div><h1>${esc(s.title)}</h1>${official}</div>` +
    `<div class="qrbox">${qrSvg(h.caseNumber, { sizeMm: 22, label: t('二维码') })}<div class="cap">${t('案件编号二维码')}</div></div></header>` +
    `<div class="idline"><div class="bc">${barcodeSvg(h.caseNumber, { heightMm: 8, maxWidthMm: 80, label: t('条形码') })}<div class="no">${t('案件编号：<b>{{caseNumber}}</b>', { caseNumber: esc(h.caseNumber) })}</div></div>` +
    `<div class="when">${t('时间：{{when}}', { when: esc(l.dateTime(h.issuedAt)) })}<br>${t('窗口：{{counter}}', { counter: esc(h.counterName) })}</div></div>` +
    `<div class="body">${s.body}</div>${signOff}${prevails}</section>`
  );
}

/** A CSS string of our own trusted text (a translation): only quotes, backslashes and line breaks need escaping. */
function cssText(s: string): string {
  return `"${s.replace(/["\\\n]/g, (c) => `\\${c.codePointAt(0)!.toString(16)} `)}"`;
}

/** The page footer's content: the translated “第 {{page}} 页 / 共 {{pages}} 页” with the CSS page counters in place. */
function pageCounter(t: T): string {
  return t('第 {{page}} 页 / 共 {{pages}} 页', { page: '\u0000page\u0000', pages: '\u0000pages\u0000' })
    .split('\u0000')
    .map((part, i) => (i % 2 ? `counter(${part})` : part ? cssText(part) : ''))
    .filter(Boolean)
    .join(' ');
}

// Noto Sans/Serif CJK cover Chinese, Latin and Cyrillic (checked at start-up by electron/host/fonts.ts).
export const SANS = '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif';
export const SERIF = '"Noto Serif CJK SC", "Source Han Serif SC", "SimSun", serif';

/** Latin and Cyrillic words are longer than the Chinese ones: smaller title, labels that may wrap. */
const TRANSLATED_CSS = `h1 { font-size: 16pt; letter-spacing: 0; }
.official { font-family: ${SERIF}; font-size: 12pt; letter-spacing: 2pt; font-weight: 700; }
.copy { white-space: normal; letter-spacing: 0; text-align: center; }
th { white-space: normal; }
thead th { font-size: 8pt; }
p { text-indent: 0; }
.prevails { margin-top: 4mm; }
`;

/** A complete HTML document; its footer numbers the pages 第 N 页 / 共 M 页. */
export function documentHtml(h: DocumentHeader, sheet: Sheet, l: Loc = zh): string {
  const footLeft = l.t('{{hall}}\u3000案件编号 {{caseNumber}}\u3000查询：{{query}}', { hall: h.hallName, caseNumber: h.caseNumber, query: h.queryChannel });
  return `<!doctype html><html lang="${LANG_TAGS[l.lang]}"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<title>${esc(sheet.title)} ${esc(h.caseNumber)}</title>
<style>
@page {
  size: A4; margin: 12mm 16mm 16mm;
  @bottom-left { content: ${cssString(footLeft)}; width: 146mm; font-family: ${SANS}; font-size: 7.5pt; color: #444; vertical-align: top; padding-top: 2.5mm; }
  @bottom-right { content: ${pageCounter(l.t)}; width: 32mm; text-align: right; font-family: ${SANS}; font-size: 7.5pt; color: #444; vertical-align: top; padding-top: 2.5mm; white-space: nowrap; }
}
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; font-family: ${SANS}; font-size: 10.5pt; line-height: 1.45; color: #000; }
.top { display: grid; grid-template-columns: 34mm 1fr 34mm; align-items: start; }
.copy { justify-self: start; border: 0.8pt solid #000; padding: 1pt 5pt; font-size: 9pt; letter-spacing: 1pt; margin-top: 1mm; white-space: nowrap; }
.heading { text-align: center; font-family: ${SERIF}; padding-top: 1.5mm; }
.hall { font-size: 13.5pt; letter-spacing: 1pt; }
h1 { font-size: 21pt; font-weight: 700; letter-spacing: 4pt; margin: 1mm 0 0; line-height: 1.3; }
.qrbox { justify-self: end; text-align: center; }
.qrbox svg { display: block; }
.cap { font-size: 7.5pt; color: #333; margin-top: -1mm; }
.idline { display: flex; justify-content: space-between; align-items: flex-end; border-bottom: 1.2pt solid #000; padding-bottom: 1.5mm; margin-top: 0; }
.bc svg { display: block; }
.no { font-size: 10pt; margin-top: 1mm; }
.no b { font-family: "Noto Sans Mono CJK SC", monospace; font-weight: 700; letter-spacing: 0.5pt; }
.when { font-size: 9pt; text-align: right; color: #222; }
.body { margin-top: 3mm; }
p { margin: 0 0 1.5mm; text-indent: 2em; }
p.to { text-indent: 0; font-weight: 700; margin-top: 1mm; }
p.plain { text-indent: 0; }
h2 { font-size: 11pt; margin: 3mm 0 1mm; font-family: ${SANS}; font-weight: 700; break-after: avoid; }
.part { break-inside: auto; }
table { width: 100%; border-collapse: collapse; font-size: 9pt; line-height: 1.35; table-layout: fixed; }
th, td { border: 0.6pt solid #333; padding: 0.6mm 1.5mm; vertical-align: top; text-align: left; overflow-wrap: anywhere; }
thead th { background: #ececec; font-weight: 700; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
col.n { width: 10mm; }
th { white-space: nowrap; }
td.n { text-align: center; }
td.c { text-align: center; }
table.kv th { background: #f4f4f4; font-weight: 400; }
table.kv col.k { width: 33mm; }
.note { border: 0.8pt solid #000; padding: 2mm 3mm; margin: 3mm 0; text-indent: 0; }
.note b { font-weight: 700; }
ol.clauses { margin: 0 0 2mm; padding-left: 2.2em; }
ol.clauses li { margin-bottom: 1mm; }
.signoff { display: flex; justify-content: space-between; align-items: flex-end; margin-top: 3mm; break-inside: avoid; }
.clerk { font-size: 10pt; }
.issuer-sign { text-align: center; min-width: 60mm; font-family: ${SERIF}; font-size: 11pt; line-height: 1.5; }
.seal { color: #555; font-size: 9pt; }
.signbox { margin-top: 8mm; display: grid; grid-template-columns: auto 1fr auto 45mm; gap: 3mm 2mm; align-items: end; break-inside: avoid; }
.signbox .line { border-bottom: 0.8pt solid #000; height: 16mm; }
.signbox .sig { border-bottom: 0.8pt solid #000; height: 18mm; padding-bottom: 0.8mm; display: flex; align-items: flex-end; }
.signbox .sig img { max-height: 16mm; max-width: 70mm; }
.signbox .date { border-bottom: 0.8pt solid #000; text-align: center; }
.small { font-size: 8.5pt; color: #333; }
.after { margin-top: 6mm; }
${l.lang === 'zh' ? '' : TRANSLATED_CSS}</style></head><body>
${sheetHtml(h, sheet, l)}
</body></html>`;
}
