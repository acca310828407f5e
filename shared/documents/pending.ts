import { translator, type Lang, type T } from '../i18n/index.js';
import { queryText, timeLimitText } from './acceptance.js';
import { applicantTable, deliveryText, documentHtml, esc, itemsTable, loc, receivedTable, salutation, sections, submittedText, type Loc } from './layout.js';
import type { PendingInput, PendingMaterial } from './types.js';
import { DOCUMENT_TITLES, documentTitle } from './titles.js';

// 容缺受理通知书 (the applicant's copy) and the 告知承诺书 the applicant signs (kept by the hall), from one input.
// Only secondary materials of items that allow it, with the main materials present; each deadline
// falls within the promised time of the items needing it (checked by pendingInputSchema).

export const PENDING_TITLE = DOCUMENT_TITLES.pending;
export const COMMITMENT_TITLE = DOCUMENT_TITLES.commitment;

/**
 * Used when the catalog gives no wording of its own. The source documents (doc:003) require the notice
 * to say what happens when the deadline lapses but do not say what; the hall admin should confirm this text.
 */
export function pendingDefaults(t: T): { commitment: readonly string[]; lapse: string } {
  return {
    commitment: [
      t('已知悉需补齐的材料、补齐期限和逾期处理办法，将在期限内补齐；'),
      t('已提交的申请材料真实、合法、有效，补齐的材料与已提交材料的内容一致；'),
      t('如有隐瞒情况或者提供虚假材料，愿意承担相应的法律责任。'),
    ],
    lapse: t('逾期未补齐的，涉及的事项停止办理；已作出的决定或者已发放的证照依法撤销或者收回，并按规定记录承诺人的失信信息。'),
  };
}

/** The Chinese defaults. A catalog's own wording is printed as the catalog has it, in every language. */
export const PENDING_DEFAULTS = pendingDefaults(translator('zh', 'documents'));

function pendingTable(pending: readonly PendingMaterial[], l: Loc): string {
  const { t } = l;
  const rows = pending
    .map(
      (m, n) =>
        `<tr><td class="n">${n + 1}</td><td>${esc(m.name)}</td><td>${m.items.map(esc).join('<br>')}</td>` +
        `<td class="c">${t('<b>{{date}}</b>前', { date: esc(l.date(m.deadline)) })}</td><td>${esc(m.note ?? '')}</td></tr>`,
    )
    .join('');
  return (
    '<table><colgroup><col class="n"><col><col style="width:28%"><col style="width:19%"><col style="width:22%"></colgroup>' +
    `<thead><tr><th>${t('序号')}</th><th>${t('材料名称')}</th><th>${t('用于事项')}</th><th>${t('补齐期限')}</th><th>${t('说明')}</th></tr></thead><tbody>${rows}</tbody></table>`
  );
}

function signatureBox(v: PendingInput, l: Loc): string {
  const { t } = l;
  const signer = v.applicant.kind === 'enterprise' ? t('承诺人（经办人签字）') : t('承诺人（签字）');
  const sig = v.signature;
  // The schema fixes mime and base64 to safe values; checked again here because the per-kind renderers take unvalidated input too.
  const image = sig && /^image\/(png|jpeg)$/.test(sig.mime) && /^[A-Za-z0-9+/]+={0,2}$/.test(sig.base64) ? sig : undefined;
  const seal = v.applicant.kind === 'enterprise' ? `<div>${t('单位（盖章）：')}</div><div class="line"></div><div></div><div></div>` : '';
  return (
    '<div class="signbox">' +
    `<div>${t('{{signer}}：', { signer })}</div>` +
    (image ? `<div class="sig"><img src="data:${image.mime};base64,${image.base64}" alt="${t('申请人签名')}"></div>` : '<div class="line"></div>') +
    `<div>${t('日期：')}</div>` +
    `<div class="date">${image ? esc(l.date(image.signedAt)) : t('\u3000\u3000\u3000年\u3000\u3000月\u3000\u3000日')}</div>` +
    seal +
    '</div>' +
    (image ? `<p class="plain small">${t('申请人已于 {{when}} 在申请人屏上签字确认。', { when: esc(l.dateTime(image.signedAt)) })}</p>` : '')
  );
}

/** 容缺受理通知书, the applicant's copy. */
export function pendingHtml(v: PendingInput, lang: Lang = 'zh'): string {
  const l = loc(lang);
  const { t } = l;
  const lapse = v.lapse ?? pendingDefaults(t).lapse;
  const body =
    salutation(v.applicant, l) +
    `<p>${t('{{submitted}}，经审查，基本条件具备、主要申请材料齐全且符合法定形式，', { submitted: submittedText(v, l) })}` +
    `${
      v.applicant.kind === 'enterprise'
        ? t('下列次要材料尚需补齐。根据你单位签署的告知承诺书，现予以容缺受理，并将需补齐的材料和期限一次性告知如下。本通知书是受理凭证，请妥善保管。')
        : t('下列次要材料尚需补齐。根据你签署的告知承诺书，现予以容缺受理，并将需补齐的材料和期限一次性告知如下。本通知书是受理凭证，请妥善保管。')
    }</p>` +
    sections(
      [
        [t('申请人'), applicantTable(v.applicant, l)],
        [
          t('需补齐的材料及期限（共 {{count}} 件）', { count: v.pending.length }),
          pendingTable(v.pending, l) +
            `<p class="plain">${t('补齐时请携带本通知书，到本中心任一综合窗口凭案件编号提交，无需重新申请。')}</p>` +
            `<div class="note"><b>${t('逾期处理：')}</b>${esc(lapse)}</div>`,
        ],
        [t('受理事项与办理时限'), itemsTable(v.items, l) + timeLimitText(v, l)],
        [t('已收取的申请材料（共 {{count}} 件）', { count: v.received.length }), receivedTable(v.received, l)],
        [t('办理结果送达与进度查询'), `<p class="plain">${deliveryText(v.delivery, l)}</p>${queryText(v, l)}`],
      ],
      l,
    );
  return documentHtml(v, { title: documentTitle('pending', lang), officialTitle: PENDING_TITLE, copy: t('申请人联'), body }, l);
}

/**
 * 告知承诺书 for the applicant to sign before the acceptance, kept by the hall. A separate document
 * so it can be printed for a paper signature first and so each document numbers its own pages.
 */
export function commitmentHtml(v: PendingInput, lang: Lang = 'zh'): string {
  const l = loc(lang);
  const { t } = l;
  const defaults = pendingDefaults(t);
  const lapse = v.lapse ?? defaults.lapse;
  const bundle = esc(v.bundleName);
  const body =
    `<p>${
      v.applicant.kind === 'enterprise'
        ? t('本单位申请办理“{{bundle}}”，窗口工作人员已一次性告知需补齐的材料、期限和逾期处理办法。本单位自愿选择容缺受理，郑重承诺：', { bundle })
        : t('本人申请办理“{{bundle}}”，窗口工作人员已一次性告知需补齐的材料、期限和逾期处理办法。本人自愿选择容缺受理，郑重承诺：', { bundle })
    }</p>` +
    `<ol class="clauses">${(v.commitment ?? defaults.commitment).map((c) => `<li>${esc(c)}</li>`).join('')}</ol>` +
    `<h2>${t('需补齐的材料及期限')}</h2>${pendingTable(v.pending, l)}` +
    `<div class="note"><b>${t('逾期处理：')}</b>${esc(lapse)}</div>` +
    `<h2>${t('承诺人')}</h2>${applicantTable(v.applicant, l)}` +
    signatureBox(v, l) +
    `<p class="plain small after">${t('经办人：{{clerk}}\u3000受理窗口：{{counter}}\u3000{{hall}}', { clerk: esc(v.clerkName), counter: esc(v.counterName), hall: esc(v.hallName) })}</p>`;
  return documentHtml(v, { title: documentTitle('commitment', lang), officialTitle: COMMITMENT_TITLE, copy: t('存根（窗口留存）'), body, signOff: false }, l);
}
