import { CARRIER_LABELS } from '../tracking.js';
import { qrSvg } from './codes.js';
import { applicantTable, cnDate, cnDateTime, documentHtml, esc, sections } from './layout.js';
import { DOCUMENT_TITLES } from './titles.js';
import { isSignatureDataUrl, type HandoverKind, type ReceiptChannel, type ReceiptInput } from './types.js';

// 出件回执: what was handed over at the delivery window (送达回证), issued electronically, or put in
// the post (the mailing list kept on file), signed by whoever received it. Kept with the case.

export const RECEIPT_TITLE = DOCUMENT_TITLES.receipt;

export const HANDOVER_KIND_LABELS: Record<HandoverKind, string> = {
  result: '办理结果',
  decision: '决定文书',
  original: '退还原件',
  elicense: '电子证照',
};

export const RECEIPT_CHANNEL_LABELS: Record<ReceiptChannel, string> = {
  window: '窗口领取',
  electronic: '电子送达',
  mail: '邮寄送达',
};

export const VERIFICATION_LABELS = { reader: '读取居民身份证', manual: '人工核对证件' } as const;

/** Who the receipt calls the person receiving: 领取人 at the window, 接收人 / 收件人 otherwise. */
const RECEIVER: Record<ReceiptChannel, string> = { window: '领取人', electronic: '接收人', mail: '收件人' };

export function carrierName(m: { carrier: keyof typeof CARRIER_LABELS; carrierName?: string | undefined }): string {
  return m.carrier === 'other' ? (m.carrierName ?? CARRIER_LABELS.other) : CARRIER_LABELS[m.carrier];
}

/** Two pairs a row, then the long values (`wide`) each across the whole row. */
function kvTable(rows: readonly (readonly [string, string])[], wide: readonly (readonly [string, string])[]): string {
  let html = '';
  for (let i = 0; i < rows.length; i += 2) {
    const [k1, v1] = rows[i]!;
    const second = rows[i + 1];
    html += `<tr><th>${esc(k1)}</th><td>${esc(v1)}</td>${second ? `<th>${esc(second[0])}</th><td>${esc(second[1])}</td>` : '<th></th><td></td>'}</tr>`;
  }
  for (const [k, val] of wide) html += `<tr><th>${esc(k)}</th><td colspan="3">${esc(val)}</td></tr>`;
  return `<table class="kv"><colgroup><col class="k"><col><col class="k"><col></colgroup><tbody>${html}</tbody></table>`;
}

function recipientTable(v: ReceiptInput): string {
  const r = v.recipient;
  const agent = v.channel === 'window' ? '代领人' : '代收人';
  const role = r.role === 'applicant' ? '申请人本人' : r.relation ? `${agent}（与申请人关系：${r.relation}）` : agent;
  const rows: [string, string][] = [
    ['姓名', r.name],
    ['身份', role],
    ['证件号码', r.idNumberMasked],
    ['核验方式', VERIFICATION_LABELS[r.verification]],
    ['出件方式', RECEIPT_CHANNEL_LABELS[v.channel]],
    ['出件时间', cnDateTime(v.handedAt)],
  ];
  const wide: [string, string][] = [['回执编号', v.receiptNo]];
  if (v.mail) wide.push(['寄递', `${carrierName(v.mail)}\u3000运单号 ${v.mail.trackingNo}`]);
  return kvTable(rows, wide);
}

function entriesTable(v: ReceiptInput): string {
  const rows = v.entries
    .map(
      (e, n) =>
        `<tr><td class="n">${n + 1}</td><td>${esc(e.item)}<br><span class="small">${esc(e.department)}</span></td><td>${esc(e.description)}</td>` +
        `<td class="c">${esc(HANDOVER_KIND_LABELS[e.kind])}</td><td class="c">${e.count}</td></tr>`,
    )
    .join('');
  const total = v.entries.reduce((s, e) => s + e.count, 0);
  return (
    '<table><colgroup><col class="n"><col style="width:40%"><col><col style="width:17mm"><col style="width:12mm"></colgroup>' +
    `<thead><tr><th>序号</th><th>事项</th><th>出件内容</th><th>类别</th><th>份数</th></tr></thead><tbody>${rows}` +
    `<tr><td></td><td colspan="3"><b>合计</b></td><td class="c"><b>${total}</b></td></tr></tbody></table>`
  );
}

function intro(v: ReceiptInput): string {
  const a = v.header.applicant;
  const who = a.kind === 'enterprise' ? `申请单位${a.enterpriseName ?? a.name}` : `申请人${a.name}`;
  const when = cnDateTime(v.handedAt);
  const how = {
    window: `在${v.header.counterName}当面交付${v.recipient.role === 'applicant' ? '申请人本人' : '代领人'}`,
    electronic: '以电子证照、电子文书形式送达，可凭案件编号查询、下载',
    mail: `封装交寄${v.mail ? `（${carrierName(v.mail)}，运单号 ${v.mail.trackingNo}）` : ''}，本清单随案存档`,
  }[v.channel];
  return `<p>${esc(who)}申请办理的“${esc(v.header.bundleName)}”，下列出件内容已于 ${esc(when)} ${esc(how)}。</p>`;
}

const CONFIRM: Record<ReceiptChannel, string> = {
  window: '领取人确认：上列办理结果和退还的原件已当面点清，数量、内容无误。',
  electronic: '接收人确认：已收到上列电子证照和文书。',
  mail: '上列材料已由经办人逐件核对后装入邮件封装交寄，收件人签收的回执扫描存档。',
};

/** The confirmation and the signature, with the rating code beside them: the recipient rates while still at the window. */
function signature(v: ReceiptInput): string {
  const who = RECEIVER[v.channel];
  const s = v.signature;
  // The schema checks the data URL; checked again because the per-kind renderers take unvalidated input too.
  const box =
    s.kind === 'image' && isSignatureDataUrl(s.dataUrl)
      ? `<div class="sig"><img src="${esc(s.dataUrl)}" alt="${who}签名"></div>`
      : s.kind === 'paper'
        ? `<div class="sig small">${who}已在纸质回执上签名（扫描件存档）</div>`
        : '<div class="line"></div>';
  const signed =
    `<p class="plain">${CONFIRM[v.channel]}</p>` +
    `<div class="signbox" style="margin-top:3mm"><div>${who}签名：</div>${box}<div>日期：</div><div class="date">${esc(cnDate(v.handedAt))}</div></div>`;
  const rate = rating(v);
  return rate ? `<div style="display:flex;gap:5mm;align-items:flex-end;break-inside:avoid"><div style="flex:1">${signed}</div>${rate}</div>` : signed;
}

function rating(v: ReceiptInput): string | null {
  if (!v.ratingCode) return null;
  const qr = qrSvg(v.ratingUrl ?? v.ratingCode, { sizeMm: 20 });
  return `<div class="rating" style="width:42mm;text-align:center">${qr}<div class="small">扫码或凭评价码 ${esc(v.ratingCode)} 对本次服务进行评价（好差评）</div></div>`;
}

export function receiptHtml(v: ReceiptInput): string {
  const who = RECEIVER[v.channel];
  const count = v.entries.reduce((s, e) => s + e.count, 0);
  const body =
    intro(v) +
    sections([
      ['申请人', applicantTable(v.header.applicant)],
      [who, recipientTable(v)],
      [`出件内容（共 ${v.entries.length} 项 ${count} 份）`, entriesTable(v)],
      [v.ratingCode ? '签收与评价' : '签收', signature(v)],
    ]);
  const title = `${RECEIPT_TITLE}（${v.channel === 'mail' ? '邮寄清单' : '送达回证'}）`;
  return documentHtml(v.header, { title, copy: '存档联', body });
}
