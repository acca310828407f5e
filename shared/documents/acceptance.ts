import type { Lang } from '../i18n/index.js';
import { applicantTable, daysText, deliveryText, documentHtml, esc, itemsTable, loc, receivedTable, salutation, sections, submittedText, type Loc } from './layout.js';
import type { AcceptanceInput } from './types.js';
import { DOCUMENT_TITLES, documentTitle } from './titles.js';

// 受理通知书: all required materials are in; this is the applicant's acceptance voucher.

export const ACCEPTANCE_TITLE = DOCUMENT_TITLES.acceptance;

/** The time-limit summary under the item table; shared with the pending-material notice. */
export function timeLimitText(v: Pick<AcceptanceInput, 'promisedDays' | 'expectedDate'>, l: Loc = loc('zh')): string {
  const { t } = l;
  return (
    `<p class="plain"><b>${t('本件承诺办结时限：{{days}}，预计 {{date}} 前办结。', { days: esc(daysText(v.promisedDays, l)), date: esc(l.date(v.expectedDate)) })}</b>` +
    `<span class="small">${t('（按工作日计算，不含法定节假日和休息日；有先后顺序的事项依次办理，其余同时办理）')}</span></p>`
  );
}

export function queryText(v: Pick<AcceptanceInput, 'queryChannel' | 'caseNumber'>, l: Loc = loc('zh')): string {
  return `<p class="plain">${l.t('凭案件编号 <b>{{caseNumber}}</b> 查询办理进度（窗口可直接扫描本通知书上的条形码或二维码）。查询方式：{{channel}}。', { caseNumber: esc(v.caseNumber), channel: esc(v.queryChannel) })}</p>`;
}

export function acceptanceHtml(v: AcceptanceInput, lang: Lang = 'zh'): string {
  const l = loc(lang);
  const { t } = l;
  const body =
    salutation(v.applicant, l) +
    `<p>${t('{{submitted}}，经审查，申请材料齐全、符合法定形式，现予以受理。', { submitted: submittedText(v, l) })}` +
    `${t('本通知书是受理凭证，请妥善保管，领取办理结果时出示。')}</p>` +
    sections(
      [
        [t('申请人'), applicantTable(v.applicant, l)],
        [t('受理事项与办理时限'), itemsTable(v.items, l) + timeLimitText(v, l)],
        [t('已收取的申请材料（共 {{count}} 件）', { count: v.received.length }), receivedTable(v.received, l)],
        [t('办理结果送达与进度查询'), `<p class="plain">${deliveryText(v.delivery, l)}</p>${queryText(v, l)}`],
      ],
      l,
    );
  return documentHtml(v, { title: documentTitle('acceptance', lang), officialTitle: ACCEPTANCE_TITLE, copy: t('申请人联'), body }, l);
}
