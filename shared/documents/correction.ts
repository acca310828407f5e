import type { MaterialForm } from '../catalog.js';
import type { Lang, T } from '../i18n/index.js';
import { applicantTable, documentHtml, esc, loc, salutation, sections, submittedText, type Loc } from './layout.js';
import type { CorrectionInput, CorrectionProblem } from './types.js';
import { DOCUMENT_TITLES, documentTitle } from './titles.js';

// 补正告知书: everything missing or wrong, in one notice, one row per material; nothing is accepted yet.

export const CORRECTION_TITLE = DOCUMENT_TITLES.correction;

export interface CorrectionGroup {
  name: string;
  problem: CorrectionProblem['problem'];
  details: string[];
  fixes: string[];
  form?: CorrectionProblem['form'];
  count?: number;
  items: string[];
}

/**
 * One entry per material and kind of problem, whatever order and repetition the checks produced
 * (two items needing the same certificate give one row naming both).
 */
export function groupProblems(problems: readonly CorrectionProblem[]): CorrectionGroup[] {
  const groups = new Map<string, CorrectionGroup>();
  for (const p of problems) {
    const key = `${p.problem}\u0000${p.name}`;
    let g = groups.get(key);
    if (!g) {
      g = { name: p.name, problem: p.problem, details: [], fixes: [], items: [] };
      groups.set(key, g);
    }
    if (!g.details.includes(p.detail)) g.details.push(p.detail);
    if (p.fix && !g.fixes.includes(p.fix)) g.fixes.push(p.fix);
    for (const i of p.items) if (!g.items.includes(i)) g.items.push(i);
    g.form ??= p.form;
    if (p.count !== undefined) g.count = Math.max(g.count ?? 0, p.count);
  }
  return [...groups.values()];
}

const lines = (xs: readonly string[]) => xs.map(esc).join('<br>');

/** The catalog's material forms (shared/catalog.ts MATERIAL_FORM_LABELS) in the document's language. */
export function materialFormLabels(t: T): Record<MaterialForm, string> {
  return { original: t('原件'), copy: t('复印件'), original_and_copy: t('原件及复印件') };
}

function table(groups: readonly CorrectionGroup[], start: number, wrong: boolean, l: Loc): string {
  const { t } = l;
  const forms = materialFormLabels(t);
  const rows = groups
    .map((g, n) => {
      const copies = g.count ? t('{{count}} 份', { count: g.count }) : '';
      const need = g.form ? `${forms[g.form]}${copies ? ` ${copies}` : ''}` : copies;
      return (
        `<tr><td class="n">${start + n}</td><td><b>${esc(g.name)}</b>${need ? `<br><span class="small">${esc(need)}</span>` : ''}</td>` +
        `<td>${lines(g.items)}</td><td>${lines(g.details)}</td><td>${lines(g.fixes)}</td></tr>`
      );
    })
    .join('');
  return (
    '<table><colgroup><col class="n"><col style="width:24%"><col style="width:22%"><col><col style="width:24%"></colgroup>' +
    `<thead><tr><th>${t('序号')}</th><th>${t('材料名称')}</th><th>${t('用于事项')}</th><th>${wrong ? t('存在的问题') : t('说明')}</th><th>${wrong ? t('更正方式') : t('取得方式')}</th></tr></thead><tbody>${rows}</tbody></table>`
  );
}

export function correctionHtml(v: CorrectionInput, lang: Lang = 'zh'): string {
  const l = loc(lang);
  const { t } = l;
  const groups = groupProblems(v.problems);
  const missing = groups.filter((g) => g.problem === 'missing');
  const wrong = groups.filter((g) => g.problem === 'wrong');
  const items = [...new Set(groups.flatMap((g) => g.items))];
  const body =
    salutation(v.applicant, l) +
    `<p>${t('{{submitted}}，经审查，申请材料不齐全或者不符合法定形式，暂不能受理。', { submitted: submittedText(v, l) })}` +
    `${t('现将需要补正的全部内容一次性告知如下（共 {{count}} 项）。', { count: groups.length })}</p>` +
    sections(
      [
        [t('申请人'), applicantTable(v.applicant, l)],
        missing.length ? [t('需补交的材料（{{count}} 项）', { count: missing.length }), table(missing, 1, false, l)] : null,
        wrong.length ? [t('需更正的材料（{{count}} 项）', { count: wrong.length }), table(wrong, missing.length + 1, true, l)] : null,
        [
          t('告知事项'),
          `<div class="note"><b>${t('按本告知书补齐、更正上述全部材料后，本窗口办理下列事项时不再要求提交本告知书以外的其他材料：')}</b>${t('{{items}}。', { items: items.map(esc).join(t('、')) })}</div>` +
            `<p class="plain">${t('再次办理时请携带本告知书和身份证件，窗口凭案件编号继续办理，已登记的信息无需重复填写。')}</p>` +
            `<p class="plain">${t('本告知书不是受理凭证。如有疑问，请咨询：{{channel}}。', { channel: esc(v.queryChannel) })}</p>`,
        ],
      ],
      l,
    );
  return documentHtml(v, { title: documentTitle('correction', lang), officialTitle: CORRECTION_TITLE, copy: t('申请人联'), body }, l);
}
