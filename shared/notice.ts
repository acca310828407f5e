import type { BundleDetail } from './api/contract.js';
import type { MaterialForm } from './catalog.js';
import { LANG_TAGS, LANGS, translator, type Lang, type T } from './i18n/index.js';

// The one-time notice (一次告知单) as a self-contained HTML document: printed to PDF by the
// host and shown to the applicant. Item and material names stay Chinese in every language (they
// are catalog data); the text around them comes from the `documents` catalogs.

export const NOTICE_LANGS = LANGS;
export type NoticeLang = Lang;

export interface NoticeLabels {
  title: string;
  hall: string;
  printed: string;
  lead: string;
  version: string;
  materials: string;
  material: string;
  form: string;
  usedBy: string;
  remark: string;
  exempt: string;
  onlyWhen: string;
  conditions: string;
  items: string;
  item: string;
  department: string;
  statutory: string;
  promised: string;
  fee: string;
  result: string;
  total: (d: string) => string;
  days: (n: number) => string;
  consult: string;
  unconfirmed: string;
  forms: Record<MaterialForm, string>;
  copies: (n: number) => string;
}

/** The notice's words in one language; the applicant screen shows the same words. */
export function noticeLabels(lang: Lang): NoticeLabels {
  const t: T = translator(lang, 'documents');
  return {
    title: t('一次告知单'),
    hall: t('办理地点'),
    printed: t('打印时间'),
    lead: t('牵头部门'),
    version: t('目录版本'),
    materials: t('一、申请材料（同一材料只需提交一份）'),
    material: t('材料'),
    form: t('形式与份数'),
    usedBy: t('用于事项'),
    remark: t('说明'),
    exempt: t('免提交：工作人员通过电子证照系统调取'),
    onlyWhen: t('仅在以下情形提交：'),
    conditions: t('二、申请条件'),
    items: t('三、办理事项与时限'),
    item: t('事项'),
    department: t('责任部门'),
    statutory: t('法定时限'),
    promised: t('承诺时限'),
    fee: t('收费'),
    result: t('办理结果'),
    total: (d) => t('整体承诺办结时限：{{days}}（有先后顺序的事项依次办理，其余同时办理）', { days: d }),
    days: (n) => t('{{count}} 个工作日', { count: n }),
    consult: t('四、咨询方式'),
    unconfirmed: t('标 * 的内容为暂定，以窗口工作人员确认为准。'),
    forms: { original: t('原件'), copy: t('复印件'), original_and_copy: t('原件及复印件') },
    copies: (n) => t('{{count}} 份', { count: n }),
  };
}

/** Every language's labels, for screens that pick by language. */
export const NOTICE_LABELS = Object.fromEntries(LANGS.map((l) => [l, noticeLabels(l)])) as Record<Lang, NoticeLabels>;

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const star = (p: boolean) => (p ? ' *' : '');

/** `YYYY-MM-DD` in the language's form (the day is China local already); anything else as given. */
function printedDate(s: string, lang: Lang): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return s;
  const fmt = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : LANG_TAGS[lang], { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'long', day: 'numeric' });
  return fmt.format(new Date(`${s}T12:00:00+08:00`));
}

export function noticeHtml(b: BundleDetail, lang: Lang, meta: { hallName: string; printedAt: string }): string {
  const t = translator(lang, 'documents');
  const L = noticeLabels(lang);
  const days = (v: { value: number | null; placeholder: boolean }) => (v.value === null ? '—' : esc(L.days(v.value)) + star(v.placeholder));
  const conditions = [...new Map([...b.eligibility, ...b.items.flatMap((i) => i.conditions)].map((c) => [c.value, c])).values()];
  const consult = [...new Set(b.items.map((i) => i.consultation.value))];
  const materialRows = b.materials
    .map(
      (m, n) => `<tr><td>${n + 1}. ${esc(m.name)}${star(m.placeholder)}</td><td>${esc(L.forms[m.form])} ${esc(L.copies(m.count))}</td>` +
        `<td>${m.items.map((i) => esc(i.name)).join('<br>')}</td>` +
        `<td>${m.exempt ? esc(L.exempt) : ''}${m.always ? '' : `${esc(L.onlyWhen)}${m.when.map(esc).join(t('；'))}`}</td></tr>`,
    )
    .join('');
  const itemRows = b.items
    .map(
      (i) => `<tr><td>${esc(i.name)}</td><td>${esc(i.department)}</td><td>${days(i.statutoryDays)}</td><td>${days(i.promisedDays)}</td>` +
        `<td>${esc(i.fee.value)}${star(i.fee.placeholder)}</td><td>${esc(i.result.value)}${star(i.result.placeholder)}</td></tr>`,
    )
    .join('');
  const metaLine = t('办理地点：{{hall}} ｜ 牵头部门：{{lead}} ｜ 目录版本 {{version}} ｜ 打印时间：{{printed}}', {
    hall: esc(meta.hallName),
    lead: esc(b.leadDepartment),
    version: esc(b.version),
    printed: esc(printedDate(meta.printedAt, lang)),
  });
  // A translation names the Chinese notice it renders and says which text prevails.
  const official = lang === 'zh' ? '' : `<div class="official" lang="zh-CN">${esc(noticeLabels('zh').title)}</div>\n`;
  const prevails = lang === 'zh' ? '' : `\n<p class="foot">${t('本文书为译本，与中文文本不一致时，以中文文本为准。')}</p>`;
  return `<!doctype html><html lang="${LANG_TAGS[lang]}"><head><meta charset="utf-8"><title>${esc(b.name)} ${esc(L.title)}</title>
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
${lang === 'zh' ? '' : '.official { text-align: center; font-size: 12pt; font-weight: 700; margin: 0 0 4pt; }\n'}</style></head><body>
<h1>${esc(b.name)} · ${esc(L.title)}</h1>
${official}<div class="meta">${metaLine}</div>
<h2>${esc(L.materials)}</h2>
<table><thead><tr><th>${esc(L.material)}</th><th>${esc(L.form)}</th><th>${esc(L.usedBy)}</th><th>${esc(L.remark)}</th></tr></thead><tbody>${materialRows}</tbody></table>
<h2>${esc(L.conditions)}</h2>
<ul>${conditions.map((c) => `<li>${esc(c.value)}${star(c.placeholder)}</li>`).join('')}</ul>
<h2>${esc(L.items)}</h2>
<table><thead><tr><th>${esc(L.item)}</th><th>${esc(L.department)}</th><th>${esc(L.statutory)}</th><th>${esc(L.promised)}</th><th>${esc(L.fee)}</th><th>${esc(L.result)}</th></tr></thead><tbody>${itemRows}</tbody></table>
<p>${esc(L.total(b.promisedDays === null ? '—' : L.days(b.promisedDays)))}</p>
<h2>${esc(L.consult)}</h2>
<ul>${consult.map((c) => `<li>${esc(c)}</li>`).join('')}</ul>
<p class="foot">${esc(L.unconfirmed)}</p>${prevails}
</body></html>`;
}
