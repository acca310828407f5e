import { applicantTable, cnDate, daysText, deliveryText, documentHtml, esc, itemsTable, receivedTable, salutation, sections, submittedText } from './layout.js';
import type { AcceptanceInput } from './types.js';
import { DOCUMENT_TITLES } from './titles.js';

// 受理通知书: all required materials are in; this is the applicant's acceptance voucher.

export const ACCEPTANCE_TITLE = DOCUMENT_TITLES.acceptance;

/** The time-limit summary under the item table; shared with the pending-material notice. */
export function timeLimitText(v: Pick<AcceptanceInput, 'promisedDays' | 'expectedDate'>): string {
  return (
    `<p class="plain"><b>本件承诺办结时限：${esc(daysText(v.promisedDays))}，预计 ${esc(cnDate(v.expectedDate))} 前办结。</b>` +
    '<span class="small">（按工作日计算，不含法定节假日和休息日；有先后顺序的事项依次办理，其余同时办理）</span></p>'
  );
}

export function queryText(v: Pick<AcceptanceInput, 'queryChannel' | 'caseNumber'>): string {
  return `<p class="plain">凭案件编号 <b>${esc(v.caseNumber)}</b> 查询办理进度（窗口可直接扫描本通知书上的条形码或二维码）。查询方式：${esc(v.queryChannel)}。</p>`;
}

export function acceptanceHtml(v: AcceptanceInput): string {
  const body =
    salutation(v.applicant) +
    `<p>${submittedText(v)}，经审查，申请材料齐全、符合法定形式，现予以受理。` +
    '本通知书是受理凭证，请妥善保管，领取办理结果时出示。</p>' +
    sections([
      ['申请人', applicantTable(v.applicant)],
      ['受理事项与办理时限', itemsTable(v.items) + timeLimitText(v)],
      [`已收取的申请材料（共 ${v.received.length} 件）`, receivedTable(v.received)],
      ['办理结果送达与进度查询', `<p class="plain">${deliveryText(v.delivery)}</p>${queryText(v)}`],
    ]);
  return documentHtml(v, { title: ACCEPTANCE_TITLE, copy: '申请人联', body });
}
