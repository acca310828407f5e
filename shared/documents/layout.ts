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

/** 2026-03-01 → 2026年3月1日 */
export function cnDate(ymd: string): string {
  const [y, m, d] = ymd.slice(0, 10).split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
}

/** 2026-03-01 09:30 → 2026年3月1日 09:30 */
export function cnDateTime(s: string): string {
  return `${cnDate(s)} ${s.slice(11, 16)}`;
}

export function daysText(n: number | null): string {
  if (n === null) return '—';
  return n === 0 ? '即办' : `${n} 个工作日`;
}

export const RECEIVED_HOW_LABELS: Record<ReceivedHow, string> = {
  original: '原件',
  copy: '复印件',
  scanned: '扫描件（原件核验后退还）',
  elicense: '电子证照调取（免提交）',
};

/** The opening of every notice: “你于 2026年3月2日 09:30 提交的“新生儿出生”申请”. */
export function submittedText(v: { applicant: Applicant; issuedAt: string; submittedAt?: string | undefined; bundleName: string }): string {
  return `${you(v.applicant)}于 ${esc(cnDateTime(v.submittedAt ?? v.issuedAt))} 提交的“${esc(v.bundleName)}”申请`;
}

/** “你” for a person, “你单位” for an enterprise: the address of every notice. */
export function you(a: Applicant): string {
  return a.kind === 'enterprise' ? '你单位' : '你';
}

export function salutation(a: Applicant): string {
  return `<p class="to">${esc(a.kind === 'enterprise' ? (a.enterpriseName ?? a.name) : a.name)}：</p>`;
}

export function applicantTable(a: Applicant): string {
  const rows: [string, string][] =
    a.kind === 'enterprise'
      ? [
          ['申请单位', a.enterpriseName ?? ''],
          ['统一社会信用代码', a.creditCode ?? ''],
          ['经办人', a.name],
          ['经办人证件号码', a.idNumberMasked],
        ]
      : [
          ['申请人', a.name],
          ['证件号码', a.idNumberMasked],
        ];
  if (a.agentName) rows.push(['代办人', a.agentName], ['代办人证件号码', a.agentIdNumberMasked ?? '—']);
  let html = '';
  for (let i = 0; i < rows.length; i += 2) {
    const [k1, v1] = rows[i]!;
    const second = rows[i + 1];
    html += `<tr><th>${esc(k1)}</th><td>${esc(v1)}</td>${second ? `<th>${esc(second[0])}</th><td>${esc(second[1])}</td>` : '<th></th><td></td>'}</tr>`;
  }
  return `<table class="kv"><colgroup><col class="k"><col><col class="k"><col></colgroup><tbody>${html}</tbody></table>`;
}

export function itemsTable(items: readonly DocumentItem[]): string {
  const rows = items
    .map(
      (i, n) =>
        `<tr><td class="n">${n + 1}</td><td>${esc(i.name)}</td><td>${esc(i.department)}</td><td class="c">${esc(daysText(i.statutoryDays))}</td>` +
        `<td class="c">${esc(daysText(i.promisedDays))}</td><td class="c">${esc(cnDate(i.expectedDate))}</td></tr>`,
    )
    .join('');
  return (
    `<table><colgroup><col class="n"><col><col style="width:23%"><col style="width:11%"><col style="width:13%"><col style="width:16%"></colgroup>` +
    `<thead><tr><th>序号</th><th>事项名称</th><th>责任部门</th><th>法定时限</th><th>承诺时限</th><th>预计办结日期</th></tr></thead><tbody>${rows}</tbody></table>`
  );
}

export function receivedTable(received: readonly ReceivedMaterial[]): string {
  const rows = received
    .map((m, n) => {
      const extra = [m.pages ? `${m.pages} 页` : '', m.licenceNo ? `证照编号 ${m.licenceNo}` : ''].filter(Boolean).join('，');
      return `<tr><td class="n">${n + 1}</td><td>${esc(m.name)}</td><td>${esc(RECEIVED_HOW_LABELS[m.how])}</td><td>${esc(extra)}</td></tr>`;
    })
    .join('');
  return (
    `<table><colgroup><col class="n"><col><col style="width:27%"><col style="width:30%"></colgroup>` +
    `<thead><tr><th>序号</th><th>材料名称</th><th>收取方式</th><th>页数 / 证照编号</th></tr></thead><tbody>${rows}</tbody></table>`
  );
}

export function deliveryText(d: Delivery): string {
  switch (d.method) {
    case 'window':
      return (
        `办结后，请携带本通知书和申请人身份证件到${esc(d.counter ?? '本中心综合出件窗口')}领取办理结果（一次领取全部结果）。` +
        '委托他人领取的，受托人还需携带委托书和本人身份证件。'
      );
    case 'mail':
      return `办理结果将通过邮政 EMS 免费寄递至：${esc(d.address)}${d.recipient ? `（收件人：${esc(d.recipient)}）` : ''}。签收时请核对封装完好。`;
    case 'electronic':
      return '办理结果以电子证照形式发放，办结后可凭案件编号查询、下载。';
  }
}

/** Chinese section numbers for headings that appear only when they have content. */
export function sections(parts: readonly (readonly [string, string] | null)[]): string {
  const cn = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
  return parts
    .filter((p): p is readonly [string, string] => p !== null)
    .map(([title, html], n) => `<section class="part"><h2>${cn[n]}、${esc(title)}</h2>${html}</section>`)
    .join('');
}

export interface Sheet {
  title: string;
  /** 申请人联, 存根 …: which copy this is. */
  copy: string;
  body: string;
  /** The clerk's sign-off at the end (absent on a page the applicant signs). */
  signOff?: boolean;
}

function sheetHtml(h: DocumentHeader, s: Sheet): string {
  const signOff = s.signOff === false
    ? ''
    : `<div class="signoff"><div class="clerk">经办人：${esc(h.clerkName)}</div>` +
      `<div class="issuer-sign">${esc(h.hallName)}<br><span class="seal">（盖章）</span><br>${esc(cnDate(h.issuedAt))}</div></div>`;
  return (
    '<section class="sheet">' +
    `<header class="top"><div class="copy">${esc(s.copy)}</div>` +
    `<div class="heading"><div class="hall">${esc(h.hallName)}</div><h1>${esc(s.title)}</h1></div>` +
    `<div class="qrbox">${qrSvg(h.caseNumber, { sizeMm: 22 })}<div class="cap">案件编号二维码</div></div></header>` +
    `<div class="idline"><div class="bc">${barcodeSvg(h.caseNumber, { heightMm: 8, maxWidthMm: 80 })}<div class="no">案件编号：<b>${esc(h.caseNumber)}</b></div></div>` +
    `<div class="when">时间：${esc(cnDateTime(h.issuedAt))}<br>窗口：${esc(h.counterName)}</div></div>` +
    `<div class="body">${s.body}</div>${signOff}</section>`
  );
}

const SANS = '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif';
const SERIF = '"Noto Serif CJK SC", "Source Han Serif SC", "SimSun", serif';

/** A complete HTML document; its footer numbers the pages 第 N 页 / 共 M 页. */
export function documentHtml(h: DocumentHeader, sheet: Sheet): string {
  const footLeft = `${h.hallName}\u3000案件编号 ${h.caseNumber}\u3000查询：${h.queryChannel}`;
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<title>${esc(sheet.title)} ${esc(h.caseNumber)}</title>
<style>
@page {
  size: A4; margin: 12mm 16mm 16mm;
  @bottom-left { content: ${cssString(footLeft)}; width: 146mm; font-family: ${SANS}; font-size: 7.5pt; color: #444; vertical-align: top; padding-top: 2.5mm; }
  @bottom-right { content: "第 " counter(page) " 页 / 共 " counter(pages) " 页"; width: 32mm; text-align: right; font-family: ${SANS}; font-size: 7.5pt; color: #444; vertical-align: top; padding-top: 2.5mm; white-space: nowrap; }
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
</style></head><body>
${sheetHtml(h, sheet)}
</body></html>`;
}
