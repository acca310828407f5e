import { MATERIAL_FORM_LABELS } from '../catalog.js';
import { applicantTable, documentHtml, esc, salutation, sections, submittedText } from './layout.js';
import type { CorrectionInput, CorrectionProblem } from './types.js';
import { DOCUMENT_TITLES } from './titles.js';

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

function table(groups: readonly CorrectionGroup[], start: number, wrong: boolean): string {
  const rows = groups
    .map((g, n) => {
      const need = g.form ? `${MATERIAL_FORM_LABELS[g.form]}${g.count ? ` ${g.count} 份` : ''}` : g.count ? `${g.count} 份` : '';
      return (
        `<tr><td class="n">${start + n}</td><td><b>${esc(g.name)}</b>${need ? `<br><span class="small">${esc(need)}</span>` : ''}</td>` +
        `<td>${lines(g.items)}</td><td>${lines(g.details)}</td><td>${lines(g.fixes)}</td></tr>`
      );
    })
    .join('');
  return (
    '<table><colgroup><col class="n"><col style="width:24%"><col style="width:22%"><col><col style="width:24%"></colgroup>' +
    `<thead><tr><th>序号</th><th>材料名称</th><th>用于事项</th><th>${wrong ? '存在的问题' : '说明'}</th><th>${wrong ? '更正方式' : '取得方式'}</th></tr></thead><tbody>${rows}</tbody></table>`
  );
}

export function correctionHtml(v: CorrectionInput): string {
  const groups = groupProblems(v.problems);
  const missing = groups.filter((g) => g.problem === 'missing');
  const wrong = groups.filter((g) => g.problem === 'wrong');
  const items = [...new Set(groups.flatMap((g) => g.items))];
  const body =
    salutation(v.applicant) +
    `<p>${submittedText(v)}，经审查，申请材料不齐全或者不符合法定形式，暂不能受理。` +
    `现将需要补正的全部内容一次性告知如下（共 ${groups.length} 项）。</p>` +
    sections([
      ['申请人', applicantTable(v.applicant)],
      missing.length ? [`需补交的材料（${missing.length} 项）`, table(missing, 1, false)] : null,
      wrong.length ? [`需更正的材料（${wrong.length} 项）`, table(wrong, missing.length + 1, true)] : null,
      [
        '告知事项',
        `<div class="note"><b>按本告知书补齐、更正上述全部材料后，本窗口办理下列事项时不再要求提交本告知书以外的其他材料：</b>${items.map(esc).join('、')}。</div>` +
          '<p class="plain">再次办理时请携带本告知书和身份证件，窗口凭案件编号继续办理，已登记的信息无需重复填写。</p>' +
          `<p class="plain">本告知书不是受理凭证。如有疑问，请咨询：${esc(v.queryChannel)}。</p>`,
      ],
    ]);
  return documentHtml(v, { title: CORRECTION_TITLE, copy: '申请人联', body });
}
