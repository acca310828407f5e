import type { MethodOutput } from '../../shared/api/contract';
import type { RatingLevel } from '../../shared/delivery';
import { translator, type Lang, type T } from '../../shared/i18n';

// What the applicant screen says, in the applicant's language: pure, so the tests run it without a
// browser. Catalog data (field labels, material and item names, typed values) stays Chinese; the
// identity fields most foreigners meet get a translated label.

export type View = MethodOutput<'applicant.view'>;
export type FormView = Extract<View, { kind: 'form' }>;
export type Row = FormView['rows'][number];
export type KeptMaterial = FormView['materials'][number];
export type NoticeMaterial = Extract<View, { kind: 'notice' }>['bundle']['materials'][number];

export const tr = (lang: Lang): T => translator(lang, 'applicant');

/** The four steps of a case on this screen, in order. */
export const STEPS = ['check', 'keep', 'sign', 'rate'] as const;
export type Step = (typeof STEPS)[number];

export function stepName(step: Step, t: T): string {
  switch (step) {
    case 'check':
      return t('核对信息');
    case 'keep':
      return t('留存材料');
    case 'sign':
      return t('签名');
    case 'rate':
      return t('评价');
  }
}

/** A field's label: the catalog's own in Chinese; translated for the identity and family fields. */
export function fieldLabel(row: Pick<Row, 'key' | 'label'>, lang: Lang): string {
  if (lang === 'zh') return row.label;
  const t = tr(lang);
  switch (row.key) {
    case 'applicant.name':
      return t('申请人姓名');
    case 'applicant.idNumber':
      return t('申请人公民身份号码');
    case 'applicant.sex':
      return t('申请人性别');
    case 'applicant.birthDate':
      return t('申请人出生日期');
    case 'applicant.ethnicity':
      return t('申请人民族');
    case 'applicant.phone':
      return t('申请人联系电话');
    case 'applicant.address':
      return t('现居住地址');
    case 'applicant.relation':
      return t('申请人与办理对象关系');
    case 'enterprise.name':
      return t('单位名称');
    case 'enterprise.creditCode':
      return t('统一社会信用代码');
    case 'enterprise.legalRep':
      return t('法定代表人（负责人）姓名');
    case 'enterprise.address':
      return t('住所（主要经营场所）');
    case 'enterprise.contactName':
      return t('联系人姓名');
    case 'enterprise.contactPhone':
      return t('联系人电话');
    case 'child.name':
      return t('新生儿姓名');
    case 'child.sex':
      return t('新生儿性别');
    case 'child.birthDate':
      return t('新生儿出生日期');
    case 'mother.name':
      return t('母亲姓名');
    case 'mother.idNumber':
      return t('母亲公民身份号码');
    case 'father.name':
      return t('父亲姓名');
    case 'father.idNumber':
      return t('父亲公民身份号码');
    case 'spouse.name':
      return t('配偶姓名');
    default:
      return row.label;
  }
}

const MALE = '男'; // i18n-exempt: the catalog's option value, compared, not shown
const FEMALE = '女'; // i18n-exempt: the catalog's option value, compared, not shown

/** A typed value as the screen shows it: sex options translated, the rest as typed. */
export function fieldValue(row: Pick<Row, 'key' | 'value'>, lang: Lang): string {
  const t = tr(lang);
  const v = row.value.trim();
  if (!v) return t('（未填写）');
  if (row.key.endsWith('.sex') && (v === MALE || v === FEMALE)) return v === MALE ? t('男') : t('女');
  return v;
}

/** An ID number in groups (area, birth date, the rest) so the eye can check it part by part. */
export function groupedId(v: string): string {
  const s = v.replace(/\s+/g, '');
  return s.length === 18 ? `${s.slice(0, 6)} ${s.slice(6, 14)} ${s.slice(14)}` : s;
}

export function formName(form: KeptMaterial['form'], t: T): string {
  switch (form) {
    case 'original':
      return t('原件');
    case 'copy':
      return t('复印件');
    case 'original_and_copy':
      return t('原件及复印件');
  }
}

/** What the catalog asks for: “原件 1 份”. */
export function askedFor(m: Pick<KeptMaterial, 'form' | 'count'>, t: T): string {
  return t('{{form}} {{count}} 份', { form: formName(m.form, t), count: m.count });
}

/** How the hall holds a material, and what the applicant gets back. */
export function heldText(m: Pick<KeptMaterial, 'held' | 'problem' | 'deadline'>, lang: Lang): string {
  const t = tr(lang);
  if (m.problem) return t('需要重新提交：{{problem}}', { problem: m.problem });
  switch (m.held) {
    case 'original':
      return t('原件由窗口留存，领取办理结果时退还给您');
    case 'copy':
      return t('窗口留存复印件，原件请您自己保管');
    case 'scanned':
      return t('已扫描存档，原件核验后当场退还给您');
    case 'elicense':
      return t('已通过电子证照调取，无需提交');
    case 'exempt':
      return t('免提交，由部门共享调取');
    case 'missing':
      return m.deadline ? t('尚未提交，请在 {{date}} 前补交', { date: longDate(m.deadline, lang) }) : t('尚未提交');
  }
}

export function pagesText(pages: number, t: T): string {
  return t('已扫描 {{count}} 页', { count: pages });
}

export function daysText(days: number, t: T): string {
  return days === 0 ? t('即办') : t('{{count}} 个工作日', { count: days });
}

/** 2026-03-01 → 2026年3月1日 / 1 March 2026 / 1 марта 2026 г.; anything else as it is. */
export function longDate(iso: string, lang: Lang): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso.trim());
  if (!m) return iso;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (Number.isNaN(d.getTime())) return iso;
  const tag = lang === 'zh' ? 'zh-CN' : lang === 'en' ? 'en-GB' : 'ru-RU';
  return new Intl.DateTimeFormat(tag, { dateStyle: 'long', timeZone: 'UTC' }).format(d);
}

/** The five levels of 好差评, in the catalog's order (the unit test holds them to RATING_LABELS). */
export function ratingLabels(t: T): Record<RatingLevel, string> {
  return { 5: t('非常满意'), 4: t('满意'), 3: t('基本满意'), 2: t('不满意'), 1: t('非常不满意') };
}

/** The reasons of a bad rating, index for index with RATING_REASONS (held there by the unit test). */
export function reasonTexts(t: T): string[] {
  return [
    t('办事指南不清楚'),
    t('材料要求反复、多次补正'),
    t('等候时间过长'),
    t('工作人员服务态度不好'),
    t('未按承诺时限办结'),
    t('来回跑、多次跑'),
    t('系统或设备故障'),
    t('其他'),
  ];
}

/** “a、b、c” in Chinese, “a, b, c” elsewhere. */
export function list(items: readonly string[], lang: Lang): string {
  return items.join(lang === 'zh' ? '、' : ', '); // i18n-exempt: the Chinese list separator
}
