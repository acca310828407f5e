import type { Lang } from '../i18n/index.js';
import { applicantTable, documentHtml, esc, loc, salutation, sections, submittedText, type Loc } from './layout.js';
import type { RefusalInput } from './types.js';
import { DOCUMENT_TITLES, documentTitle } from './titles.js';

// 不予受理通知书: the reason, its legal basis, and the applicant's remedies.
// The source documents give no remedy wording; this is the standard one: 60 days for
// reconsideration (行政复议法 第二十条) and 6 months for a lawsuit (行政诉讼法 第四十六条).

export const REFUSAL_TITLE = DOCUMENT_TITLES.refusal;

export function remedyText(v: Pick<RefusalInput, 'reviewBody' | 'court'>, l: Loc = loc('zh')): string {
  const { t } = l;
  return (
    t('如对本决定不服，可以自收到本通知书之日起六十日内，依照《中华人民共和国行政复议法》的规定向{{reviewBody}}申请行政复议；', {
      reviewBody: v.reviewBody ? esc(v.reviewBody) : t('依法有管辖权的行政复议机关'),
    }) +
    t('也可以自收到本通知书之日起六个月内，依照《中华人民共和国行政诉讼法》的规定向{{court}}提起行政诉讼。', { court: v.court ? esc(v.court) : t('有管辖权的人民法院') })
  );
}

export function refusalHtml(v: RefusalInput, lang: Lang = 'zh'): string {
  const l = loc(lang);
  const { t } = l;
  const items = v.items
    .map((i, n) => `<tr><td class="n">${n + 1}</td><td>${esc(i.name)}</td><td>${esc(i.department)}</td></tr>`)
    .join('');
  const body =
    salutation(v.applicant, l) +
    `<p>${t('{{submitted}}，经审查，不符合受理条件，决定不予受理。', { submitted: submittedText(v, l) })}</p>` +
    sections(
      [
        [t('申请人'), applicantTable(v.applicant, l)],
        [
          t('申请事项'),
          `<table><colgroup><col class="n"><col><col style="width:32%"></colgroup><thead><tr><th>${t('序号')}</th><th>${t('事项名称')}</th><th>${t('责任部门')}</th></tr></thead><tbody>${items}</tbody></table>`,
        ],
        [t('不予受理的理由'), `<p>${esc(v.reason)}</p>`],
        v.legalBasis ? [t('依据'), `<p>${esc(v.legalBasis)}</p>`] : null,
        [t('权利告知'), `<p>${remedyText(v, l)}</p>`],
      ],
      l,
    );
  return documentHtml(v, { title: documentTitle('refusal', lang), officialTitle: REFUSAL_TITLE, copy: t('申请人联'), body }, l);
}
