import { queryText, timeLimitText } from './acceptance.js';
import { applicantTable, cnDate, cnDateTime, deliveryText, documentHtml, esc, itemsTable, receivedTable, salutation, sections, submittedText, you } from './layout.js';
import type { PendingInput, PendingMaterial } from './types.js';
import { DOCUMENT_TITLES } from './titles.js';

// 容缺受理通知书 (the applicant's copy) and the 告知承诺书 the applicant signs (kept by the hall), from one input.
// Only secondary materials of items that allow it, with the main materials present; each deadline
// falls within the promised time of the items needing it (checked by pendingInputSchema).

export const PENDING_TITLE = DOCUMENT_TITLES.pending;
export const COMMITMENT_TITLE = DOCUMENT_TITLES.commitment;

/**
 * Used when the catalog gives no wording of its own. The source documents (doc:003) require the notice
 * to say what happens when the deadline lapses but do not say what; the hall admin should confirm this text.
 */
export const PENDING_DEFAULTS = {
  commitment: [
    '已知悉需补齐的材料、补齐期限和逾期处理办法，将在期限内补齐；',
    '已提交的申请材料真实、合法、有效，补齐的材料与已提交材料的内容一致；',
    '如有隐瞒情况或者提供虚假材料，愿意承担相应的法律责任。',
  ],
  lapse: '逾期未补齐的，涉及的事项停止办理；已作出的决定或者已发放的证照依法撤销或者收回，并按规定记录承诺人的失信信息。',
} as const;

function pendingTable(pending: readonly PendingMaterial[]): string {
  const rows = pending
    .map(
      (m, n) =>
        `<tr><td class="n">${n + 1}</td><td>${esc(m.name)}</td><td>${m.items.map(esc).join('<br>')}</td>` +
        `<td class="c"><b>${esc(cnDate(m.deadline))}</b>前</td><td>${esc(m.note ?? '')}</td></tr>`,
    )
    .join('');
  return (
    '<table><colgroup><col class="n"><col><col style="width:28%"><col style="width:19%"><col style="width:22%"></colgroup>' +
    `<thead><tr><th>序号</th><th>材料名称</th><th>用于事项</th><th>补齐期限</th><th>说明</th></tr></thead><tbody>${rows}</tbody></table>`
  );
}

function signatureBox(v: PendingInput): string {
  const signer = v.applicant.kind === 'enterprise' ? '承诺人（经办人签字）' : '承诺人（签字）';
  const sig = v.signature;
  // The schema fixes mime and base64 to safe values; checked again here because the per-kind renderers take unvalidated input too.
  const image = sig && /^image\/(png|jpeg)$/.test(sig.mime) && /^[A-Za-z0-9+/]+={0,2}$/.test(sig.base64) ? sig : undefined;
  const seal = v.applicant.kind === 'enterprise' ? '<div>单位（盖章）：</div><div class="line"></div><div></div><div></div>' : '';
  return (
    '<div class="signbox">' +
    `<div>${signer}：</div>` +
    (image ? `<div class="sig"><img src="data:${image.mime};base64,${image.base64}" alt="申请人签名"></div>` : '<div class="line"></div>') +
    '<div>日期：</div>' +
    `<div class="date">${image ? esc(cnDate(image.signedAt)) : '\u3000\u3000\u3000年\u3000\u3000月\u3000\u3000日'}</div>` +
    seal +
    '</div>' +
    (image ? `<p class="plain small">申请人已于 ${esc(cnDateTime(image.signedAt))} 在申请人屏上签字确认。</p>` : '')
  );
}

/** 容缺受理通知书, the applicant's copy. */
export function pendingHtml(v: PendingInput): string {
  const lapse = v.lapse ?? PENDING_DEFAULTS.lapse;
  const body =
    salutation(v.applicant) +
    `<p>${submittedText(v)}，经审查，基本条件具备、主要申请材料齐全且符合法定形式，` +
    `下列次要材料尚需补齐。根据${you(v.applicant)}签署的告知承诺书，现予以容缺受理，并将需补齐的材料和期限一次性告知如下。本通知书是受理凭证，请妥善保管。</p>` +
    sections([
      ['申请人', applicantTable(v.applicant)],
      [
        `需补齐的材料及期限（共 ${v.pending.length} 件）`,
        pendingTable(v.pending) +
          '<p class="plain">补齐时请携带本通知书，到本中心任一综合窗口凭案件编号提交，无需重新申请。</p>' +
          `<div class="note"><b>逾期处理：</b>${esc(lapse)}</div>`,
      ],
      ['受理事项与办理时限', itemsTable(v.items) + timeLimitText(v)],
      [`已收取的申请材料（共 ${v.received.length} 件）`, receivedTable(v.received)],
      ['办理结果送达与进度查询', `<p class="plain">${deliveryText(v.delivery)}</p>${queryText(v)}`],
    ]);
  return documentHtml(v, { title: PENDING_TITLE, copy: '申请人联', body });
}

/**
 * 告知承诺书 for the applicant to sign before the acceptance, kept by the hall. A separate document
 * so it can be printed for a paper signature first and so each document numbers its own pages.
 */
export function commitmentHtml(v: PendingInput): string {
  const lapse = v.lapse ?? PENDING_DEFAULTS.lapse;
  const self = v.applicant.kind === 'enterprise' ? '本单位' : '本人';
  const body =
    `<p>${self}申请办理“${esc(v.bundleName)}”，窗口工作人员已一次性告知需补齐的材料、期限和逾期处理办法。${self}自愿选择容缺受理，郑重承诺：</p>` +
    `<ol class="clauses">${(v.commitment ?? PENDING_DEFAULTS.commitment).map((c) => `<li>${esc(c)}</li>`).join('')}</ol>` +
    `<h2>需补齐的材料及期限</h2>${pendingTable(v.pending)}` +
    `<div class="note"><b>逾期处理：</b>${esc(lapse)}</div>` +
    `<h2>承诺人</h2>${applicantTable(v.applicant)}` +
    signatureBox(v) +
    `<p class="plain small after">经办人：${esc(v.clerkName)}\u3000受理窗口：${esc(v.counterName)}\u3000${esc(v.hallName)}</p>`;
  return documentHtml(v, { title: COMMITMENT_TITLE, copy: '存根（窗口留存）', body, signOff: false });
}
