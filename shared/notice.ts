import type { BundleDetail } from './api/contract.js';
import { MATERIAL_FORM_LABELS } from './catalog.js';

// The one-time notice (一次告知单) as a self-contained HTML document: printed to PDF by the
// host and shown to the applicant. Item and material names stay Chinese in every language;
// the labels around them are translated for foreign applicants.

export const NOTICE_LANGS = ['zh', 'en', 'ru'] as const;
export type NoticeLang = (typeof NOTICE_LANGS)[number];

/** Labels of the notice in each language; the applicant screen shows the same words. */
export const NOTICE_LABELS = {
  zh: {
    title: '一次告知单',
    hall: '办理地点',
    printed: '打印时间',
    lead: '牵头部门',
    version: '目录版本',
    materials: '一、申请材料（同一材料只需提交一份）',
    material: '材料',
    form: '形式与份数',
    usedBy: '用于事项',
    remark: '说明',
    exempt: '免提交：工作人员通过电子证照系统调取',
    onlyWhen: '仅在以下情形提交：',
    conditions: '二、申请条件',
    items: '三、办理事项与时限',
    item: '事项',
    department: '责任部门',
    statutory: '法定时限',
    promised: '承诺时限',
    fee: '收费',
    result: '办理结果',
    total: (d: string) => `整体承诺办结时限：${d}（有先后顺序的事项依次办理，其余同时办理）`,
    days: (n: number) => `${n} 个工作日`,
    consult: '四、咨询方式',
    unconfirmed: '标 * 的内容为暂定，以窗口工作人员确认为准。',
    forms: MATERIAL_FORM_LABELS,
    copies: (n: number) => `${n} 份`,
  },
  en: {
    title: 'One-Time Notice of Requirements',
    hall: 'Service hall',
    printed: 'Printed',
    lead: 'Lead department',
    version: 'Catalogue version',
    materials: '1. Documents to submit (each document once, even if several items need it)',
    material: 'Document',
    form: 'Form and copies',
    usedBy: 'Needed for',
    remark: 'Remarks',
    exempt: 'Not required: retrieved by the clerk from the e-licence system',
    onlyWhen: 'Only in this case: ',
    conditions: '2. Eligibility',
    items: '3. Items and time limits',
    item: 'Item',
    department: 'Department',
    statutory: 'Statutory limit',
    promised: 'Promised limit',
    fee: 'Fee',
    result: 'Result',
    total: (d: string) => `Overall promised time: ${d} (dependent items in sequence, the others in parallel)`,
    days: (n: number) => `${n} working day${n === 1 ? '' : 's'}`,
    consult: '4. Enquiries',
    unconfirmed: 'Entries marked * are provisional; the counter clerk will confirm them.',
    forms: { original: 'original', copy: 'copy', original_and_copy: 'original and copy' },
    copies: (n: number) => `${n} cop${n === 1 ? 'y' : 'ies'}`,
  },
  ru: {
    title: 'Единое уведомление о необходимых документах',
    hall: 'Центр обслуживания',
    printed: 'Дата печати',
    lead: 'Ведущее ведомство',
    version: 'Версия каталога',
    materials: '1. Документы (каждый документ подаётся один раз)',
    material: 'Документ',
    form: 'Форма и количество',
    usedBy: 'Для услуг',
    remark: 'Примечание',
    exempt: 'Не требуется: запрашивается сотрудником в системе электронных документов',
    onlyWhen: 'Только в следующем случае: ',
    conditions: '2. Условия подачи',
    items: '3. Услуги и сроки',
    item: 'Услуга',
    department: 'Ведомство',
    statutory: 'Срок по закону',
    promised: 'Обещанный срок',
    fee: 'Плата',
    result: 'Результат',
    total: (d: string) => `Общий обещанный срок: ${d} (зависимые услуги последовательно, остальные параллельно)`,
    days: (n: number) => `${n} раб. дн.`,
    consult: '4. Консультации',
    unconfirmed: 'Сведения со знаком * предварительные и уточняются сотрудником окна.',
    forms: { original: 'оригинал', copy: 'копия', original_and_copy: 'оригинал и копия' },
    copies: (n: number) => `${n} экз.`,
  },
} as const;

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const star = (p: boolean) => (p ? ' *' : '');

export function noticeHtml(b: BundleDetail, lang: NoticeLang, meta: { hallName: string; printedAt: string }): string {
  const t = NOTICE_LABELS[lang];
  const days = (v: { value: number | null; placeholder: boolean }) => (v.value === null ? '—' : esc(t.days(v.value)) + star(v.placeholder));
  const conditions = [...new Map([...b.eligibility, ...b.items.flatMap((i) => i.conditions)].map((c) => [c.value, c])).values()];
  const consult = [...new Set(b.items.map((i) => i.consultation.value))];
  const materialRows = b.materials
    .map(
      (m, n) => `<tr><td>${n + 1}. ${esc(m.name)}${star(m.placeholder)}</td><td>${esc(t.forms[m.form])} ${esc(t.copies(m.count))}</td>` +
        `<td>${m.items.map((i) => esc(i.name)).join('<br>')}</td>` +
        `<td>${m.exempt ? esc(t.exempt) : ''}${m.always ? '' : `${esc(t.onlyWhen)}${m.when.map(esc).join('；')}`}</td></tr>`,
    )
    .join('');
  const itemRows = b.items
    .map(
      (i) => `<tr><td>${esc(i.name)}</td><td>${esc(i.department)}</td><td>${days(i.statutoryDays)}</td><td>${days(i.promisedDays)}</td>` +
        `<td>${esc(i.fee.value)}${star(i.fee.placeholder)}</td><td>${esc(i.result.value)}${star(i.result.placeholder)}</td></tr>`,
    )
    .join('');
  return `<!doctype html><html lang="${lang === 'zh' ? 'zh-CN' : lang}"><head><meta charset="utf-8"><title>${esc(b.name)} ${esc(t.title)}</title>
<style>
@page { size: A4; margin: 16mm 14mm; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif; font-size: 10.5pt; color: #000; }
h1 { font-size: 18pt; text-align: center; margin: 0 0 4pt; }
h2 { font-size: 12pt; margin: 14pt 0 6pt; }
.meta { text-align: center; color: #333; margin-bottom: 10pt; }
table { width: 100%; border-collapse: collapse; }
th, td { border: 0.6pt solid #444; padding: 3pt 5pt; vertical-align: top; text-align: left; }
th { background: #eee; }
tr { page-break-inside: avoid; }
.foot { margin-top: 12pt; color: #333; font-size: 9pt; }
</style></head><body>
<h1>${esc(b.name)} · ${esc(t.title)}</h1>
<div class="meta">${esc(t.hall)}：${esc(meta.hallName)} ｜ ${esc(t.lead)}：${esc(b.leadDepartment)} ｜ ${esc(t.version)} ${esc(b.version)} ｜ ${esc(t.printed)}：${esc(meta.printedAt)}</div>
<h2>${esc(t.materials)}</h2>
<table><thead><tr><th>${esc(t.material)}</th><th>${esc(t.form)}</th><th>${esc(t.usedBy)}</th><th>${esc(t.remark)}</th></tr></thead><tbody>${materialRows}</tbody></table>
<h2>${esc(t.conditions)}</h2>
<ul>${conditions.map((c) => `<li>${esc(c.value)}${star(c.placeholder)}</li>`).join('')}</ul>
<h2>${esc(t.items)}</h2>
<table><thead><tr><th>${esc(t.item)}</th><th>${esc(t.department)}</th><th>${esc(t.statutory)}</th><th>${esc(t.promised)}</th><th>${esc(t.fee)}</th><th>${esc(t.result)}</th></tr></thead><tbody>${itemRows}</tbody></table>
<p>${esc(t.total(b.promisedDays === null ? '—' : t.days(b.promisedDays)))}</p>
<h2>${esc(t.consult)}</h2>
<ul>${consult.map((c) => `<li>${esc(c)}</li>`).join('')}</ul>
<p class="foot">${esc(t.unconfirmed)}</p>
</body></html>`;
}
