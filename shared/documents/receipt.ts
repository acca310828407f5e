import { translator, type Lang, type T } from '../i18n/index.js';
import { CARRIER_LABELS } from '../tracking.js';
import { qrSvg } from './codes.js';
import { applicantTable, documentHtml, esc, loc, sections, type Loc } from './layout.js';
import { DOCUMENT_TITLES } from './titles.js';
import { isSignatureDataUrl, type HandoverKind, type ReceiptChannel, type ReceiptInput } from './types.js';

// 出件回执: what was handed over at the delivery window (送达回证), issued electronically, or put in
// the post (the mailing list kept on file), signed by whoever received it. Kept with the case.

export const RECEIPT_TITLE = DOCUMENT_TITLES.receipt;

function labels(t: T) {
  return {
    handover: { result: t('办理结果'), decision: t('决定文书'), original: t('退还原件'), elicense: t('电子证照') } satisfies Record<HandoverKind, string>,
    channel: { window: t('窗口领取'), electronic: t('电子送达'), mail: t('邮寄送达'), home: t('上门送达') } satisfies Record<ReceiptChannel, string>,
    verification: { reader: t('读取居民身份证'), manual: t('人工核对证件') },
    /** Who the receipt calls the person receiving: 领取人 at the window, 接收人 / 收件人 otherwise. */
    receiver: { window: t('领取人'), electronic: t('接收人'), mail: t('收件人'), home: t('接收人') } satisfies Record<ReceiptChannel, string>,
  };
}

const zhLabels = labels(translator('zh', 'documents'));
export const HANDOVER_KIND_LABELS: Record<HandoverKind, string> = zhLabels.handover;
export const RECEIPT_CHANNEL_LABELS: Record<ReceiptChannel, string> = zhLabels.channel;
export const VERIFICATION_LABELS = zhLabels.verification;

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

function recipientTable(v: ReceiptInput, l: Loc): string {
  const { t } = l;
  const L = labels(t);
  const r = v.recipient;
  const agent = v.channel === 'window' ? t('代领人') : t('代收人');
  const role = r.role === 'applicant' ? t('申请人本人') : r.relation ? t('{{agent}}（与申请人关系：{{relation}}）', { agent, relation: r.relation }) : agent;
  const rows: [string, string][] = [
    [t('姓名'), r.name],
    [t('身份'), role],
    [t('证件号码'), r.idNumberMasked],
    [t('核验方式'), L.verification[r.verification]],
    [t('出件方式'), L.channel[v.channel]],
    [t('出件时间'), l.dateTime(v.handedAt)],
  ];
  const wide: [string, string][] = [[t('回执编号'), v.receiptNo]];
  if (v.mail) wide.push([t('寄递'), t('{{carrier}}\u3000运单号 {{trackingNo}}', { carrier: carrierName(v.mail), trackingNo: v.mail.trackingNo })]);
  return kvTable(rows, wide);
}

function entriesTable(v: ReceiptInput, l: Loc): string {
  const { t } = l;
  const handover = labels(t).handover;
  const rows = v.entries
    .map(
      (e, n) =>
        `<tr><td class="n">${n + 1}</td><td>${esc(e.item)}<br><span class="small">${esc(e.department)}</span></td><td>${esc(e.description)}</td>` +
        `<td class="c">${esc(handover[e.kind])}</td><td class="c">${e.count}</td></tr>`,
    )
    .join('');
  const total = v.entries.reduce((s, e) => s + e.count, 0);
  return (
    // Translated kinds are longer words than the Chinese four characters.
    `<table><colgroup><col class="n"><col style="width:40%"><col><col style="width:${l.lang === 'zh' ? 17 : 28}mm"><col style="width:12mm"></colgroup>` +
    `<thead><tr><th>${t('序号')}</th><th>${t('事项')}</th><th>${t('出件内容')}</th><th>${t('类别')}</th><th>${t('份数')}</th></tr></thead><tbody>${rows}` +
    `<tr><td></td><td colspan="3"><b>${t('合计')}</b></td><td class="c"><b>${total}</b></td></tr></tbody></table>`
  );
}

function intro(v: ReceiptInput, l: Loc): string {
  const { t } = l;
  const a = v.header.applicant;
  const who = a.kind === 'enterprise' ? t('申请单位{{name}}', { name: a.enterpriseName ?? a.name }) : t('申请人{{name}}', { name: a.name });
  const when = l.dateTime(v.handedAt);
  const how = {
    window: v.recipient.role === 'applicant' ? t('在{{counter}}当面交付申请人本人', { counter: v.header.counterName }) : t('在{{counter}}当面交付代领人', { counter: v.header.counterName }),
    electronic: t('以电子证照、电子文书形式送达，可凭案件编号查询、下载'),
    mail: v.mail
      ? t('封装交寄（{{carrier}}，运单号 {{trackingNo}}），本清单随案存档', { carrier: carrierName(v.mail), trackingNo: v.mail.trackingNo })
      : t('封装交寄，本清单随案存档'),
    home: t('由工作人员上门当面交付'),
  }[v.channel];
  return `<p>${t('{{who}}申请办理的“{{bundle}}”，下列出件内容已于 {{when}} {{how}}。', { who: esc(who), bundle: esc(v.header.bundleName), when: esc(when), how: esc(how) })}</p>`;
}

function confirmText(channel: ReceiptChannel, t: T): string {
  return {
    window: t('领取人确认：上列办理结果和退还的原件已当面点清，数量、内容无误。'),
    electronic: t('接收人确认：已收到上列电子证照和文书。'),
    mail: t('上列材料已由经办人逐件核对后装入邮件封装交寄，收件人签收的回执扫描存档。'),
    home: t('接收人确认：上列办理结果已由工作人员上门当面交付，数量、内容无误。'),
  }[channel];
}

/** The confirmation and the signature, with the rating code beside them: the recipient rates while still at the window. */
function signature(v: ReceiptInput, l: Loc): string {
  const { t } = l;
  const who = labels(t).receiver[v.channel];
  const s = v.signature;
  // The schema checks the data URL; checked again because the per-kind renderers take unvalidated input too.
  const box =
    s.kind === 'image' && isSignatureDataUrl(s.dataUrl)
      ? `<div class="sig"><img src="${esc(s.dataUrl)}" alt="${t('{{who}}签名', { who })}"></div>`
      : s.kind === 'paper'
        ? `<div class="sig small">${t('{{who}}已在纸质回执上签名（扫描件存档）', { who })}</div>`
        : '<div class="line"></div>';
  const signed =
    `<p class="plain">${confirmText(v.channel, t)}</p>` +
    `<div class="signbox" style="margin-top:3mm"><div>${t('{{who}}签名：', { who })}</div>${box}<div>${t('日期：')}</div><div class="date">${esc(l.date(v.handedAt))}</div></div>`;
  const rate = rating(v, l);
  return rate ? `<div style="display:flex;gap:5mm;align-items:flex-end;break-inside:avoid"><div style="flex:1">${signed}</div>${rate}</div>` : signed;
}

function rating(v: ReceiptInput, l: Loc): string | null {
  if (!v.ratingCode) return null;
  const qr = qrSvg(v.ratingUrl ?? v.ratingCode, { sizeMm: 20, label: l.t('二维码') });
  return `<div class="rating" style="width:42mm;text-align:center">${qr}<div class="small">${l.t('扫码或凭评价码 {{code}} 对本次服务进行评价（好差评）', { code: esc(v.ratingCode) })}</div></div>`;
}

function receiptTitle(channel: ReceiptChannel, t: T): string {
  return channel === 'mail' ? t('出件回执（邮寄清单）') : t('出件回执（送达回证）');
}

export function receiptHtml(v: ReceiptInput, lang: Lang = 'zh'): string {
  const l = loc(lang);
  const { t } = l;
  const who = labels(t).receiver[v.channel];
  const count = v.entries.reduce((s, e) => s + e.count, 0);
  const body =
    intro(v, l) +
    sections(
      [
        [t('申请人'), applicantTable(v.header.applicant, l)],
        [who, recipientTable(v, l)],
        [t('出件内容（共 {{items}} 项 {{count}} 份）', { items: v.entries.length, count }), entriesTable(v, l)],
        [v.ratingCode ? t('签收与评价') : t('签收'), signature(v, l)],
      ],
      l,
    );
  return documentHtml(v.header, { title: receiptTitle(v.channel, t), officialTitle: receiptTitle(v.channel, translator('zh', 'documents')), copy: t('存档联'), body }, l);
}
