import { barcodeSvg } from './codes.js';
import { cnDateTime, esc } from './layout.js';
import { carrierName } from './receipt.js';
import { DOCUMENT_TITLES } from './titles.js';
import type { WaybillInput } from './types.js';

// 邮寄面单: a 100 × 150 mm label for the parcel of results. The carrier and the tracking number
// (Code 128 and text) on top, the recipient large, the sender small. Everything is kept inside one
// fixed-height label so a long address can never push part of it onto a second label.
// Chinese only, whatever the applicant's language: the label is read by the courier and the post.

export const WAYBILL_TITLE = DOCUMENT_TITLES.waybill;

const SANS = '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif';
const MONO = '"Noto Sans Mono CJK SC", "DejaVu Sans Mono", monospace';

/** Smaller type for long values, so the longest the schema allows still fits the label. */
const size = (s: string, long: number, longer = Infinity) => ([...s].length > longer ? ' longer' : [...s].length > long ? ' long' : '');

export function waybillHtml(v: WaybillInput): string {
  const carrier = carrierName(v);
  // i18n-exempt: the waybill is for the courier, Chinese in every case
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<title>${esc(WAYBILL_TITLE)} ${esc(v.trackingNo)}</title>
<style>
@page { size: 100mm 150mm; margin: 4mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; font-family: ${SANS}; color: #000; line-height: 1.3; }
.label { width: 92mm; height: 141mm; overflow: hidden; border: 0.8pt solid #000; display: flex; flex-direction: column; }
.box { border-bottom: 0.8pt solid #000; padding: 1.5mm 2.5mm; }
.head { display: flex; justify-content: space-between; align-items: baseline; }
.carrier { font-size: 20pt; font-weight: 700; letter-spacing: 1pt; }
.carrier.long { font-size: 14pt; letter-spacing: 0; }
.carrier.longer { font-size: 11pt; letter-spacing: 0; }
.when { font-size: 7.5pt; white-space: nowrap; margin-left: 2mm; }
.track { text-align: center; padding-top: 2mm; }
.track svg { display: block; margin: 0 auto; }
.no { font-family: ${MONO}; font-size: 14pt; font-weight: 700; letter-spacing: 1pt; margin-top: 1mm; }
.party { display: grid; grid-template-columns: 9mm 1fr; gap: 2mm; align-items: start; }
.tag { border: 1pt solid #000; border-radius: 50%; width: 8mm; height: 8mm; display: flex; align-items: center; justify-content: center; font-weight: 700; }
.to .name { font-size: 15pt; font-weight: 700; margin-right: 3mm; }
.to .name.long { font-size: 11pt; }
.to .phone { font-size: 14pt; font-weight: 700; font-family: ${MONO}; white-space: nowrap; }
.to .addr { font-size: 12.5pt; font-weight: 700; margin-top: 1mm; overflow-wrap: anywhere; }
.to .addr.long { font-size: 11pt; }
.to .addr.longer { font-size: 9.5pt; }
/* The recipient takes the room left; the other boxes keep their size. */
.to { flex: 1 1 auto; min-height: 0; overflow: hidden; }
.box:not(.to) { flex: 0 0 auto; }
.from { font-size: 8pt; }
.from .tag { width: 6mm; height: 6mm; font-size: 8pt; }
.from .addr { overflow-wrap: anywhere; }
.meta { font-size: 8.5pt; border-bottom: 0; }
.meta .case { font-family: ${MONO}; font-weight: 700; overflow-wrap: anywhere; }
.meta .note { font-size: 9pt; font-weight: 700; margin-top: 0.8mm; }
</style></head><body>
<div class="label">
<div class="box head"><div class="carrier${size(carrier, 8, 11)}">${esc(carrier)}</div><div class="when">${esc(cnDateTime(v.printedAt))}</div></div>
<div class="box track">${barcodeSvg(v.trackingNo, { heightMm: 15, maxWidthMm: 86 })}<div class="no">${esc(v.trackingNo)}</div></div>
<div class="box party to"><div class="tag">收</div><div><div><span class="name${size(v.recipient.name, 7)}">${esc(v.recipient.name)}</span><span class="phone">${esc(v.recipient.phone)}</span></div><div class="addr${size(v.recipient.address, 45, 70)}">${esc(v.recipient.address)}</div></div></div>
<div class="box party from"><div class="tag">寄</div><div><div>${esc(v.sender.name)}\u3000${esc(v.sender.phone)}</div><div class="addr">${esc(v.sender.address)}</div></div></div>
<div class="box meta">案件编号：<span class="case">${esc(v.caseNumber)}</span><br>内件：${esc(v.contents)}${v.note ? `<div class="note">${esc(v.note)}</div>` : ''}</div>
</div>
</body></html>`;
}
