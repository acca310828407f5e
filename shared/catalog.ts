import { z } from 'zod';
import './zod-locale.js';

// The service catalog: departments, the form-field and material dictionaries,
// administrative items (事项) and the "一件事" bundles built from them.
//
// Every element an admin has to be able to trust carries its provenance: either the
// source document it was read from (`doc:000` … `doc:004`, see shared/design.md and
// shared/seeds/README.md) or `placeholder` — a value a hall would start from where the
// documents are silent, shown to the admin for confirmation. The schemas check shape;
// `validateCatalog` checks the rules across tables and reports them in Chinese.

// ---------------------------------------------------------------------------
// Provenance

export const DOC_SOURCES = ['doc:000', 'doc:001', 'doc:002', 'doc:003', 'doc:004'] as const;
/** `hall`: set or confirmed by the hall admin in a later catalog version. */
export const SOURCES = [...DOC_SOURCES, 'placeholder', 'hall'] as const;
export type DocSource = (typeof DOC_SOURCES)[number];
export type Source = (typeof SOURCES)[number];

export const SOURCE_LABELS: Record<Source, string> = {
  'doc:000': '黑营商联发〔2024〕1号（13个“一件事”工作方案）',
  'doc:001': '大署〔2024〕6号（附件：2024年度重点事项清单）',
  'doc:002': '哈尔滨市政务服务标准化规范化便利化工作方案（征求意见稿，2022）',
  'doc:003': '双鸭山市复制推广浙江“最多跑一次”改革经验实施方案（2019）',
  'doc:004': '辽宁省深入推进“一件事一次办”工作方案（2023）',
  placeholder: '待确认（文件未载明，暂按常规填写）',
  hall: '大厅管理员已确认',
};

const note = z.string().trim().min(1).max(500);

/** A value with the document it comes from, or `placeholder` when no document states it. */
export function sourced<T extends z.ZodType>(value: T) {
  return z.object({ value, source: z.enum(SOURCES), note: note.optional() });
}
export interface Sourced<T> {
  value: T;
  source: Source;
  note?: string;
}

// ---------------------------------------------------------------------------
// Vocabularies

export const REGIONS = ['heilongjiang', 'liaoning'] as const;
export type Region = (typeof REGIONS)[number];
export const REGION_LABELS: Record<Region, string> = { heilongjiang: '黑龙江省', liaoning: '辽宁省' };

export const SERVICE_OBJECTS = ['individual', 'enterprise'] as const;
export type ServiceObject = (typeof SERVICE_OBJECTS)[number];
export const SERVICE_OBJECT_LABELS: Record<ServiceObject, string> = { individual: '个人', enterprise: '法人' };

/** Life-stage tags of a bundle: editorial classification for finding bundles, not a fact about the service. */
export const LIFE_STAGES = [
  'birth',
  'education',
  'marriage_family',
  'employment',
  'social_security',
  'housing',
  'residence',
  'daily_life',
  'disability',
  'veterans',
  'legal_services',
  'retirement',
  'bereavement',
  'market_entry',
  'operation',
  'exit',
] as const;
export type LifeStage = (typeof LIFE_STAGES)[number];
export const LIFE_STAGE_LABELS: Record<LifeStage, string> = {
  birth: '出生',
  education: '入学',
  marriage_family: '婚育',
  employment: '就业',
  social_security: '社会保障',
  housing: '住房',
  residence: '户籍居住',
  daily_life: '生活',
  disability: '残疾人服务',
  veterans: '退役',
  legal_services: '法律服务',
  retirement: '退休',
  bereavement: '身后',
  market_entry: '准入准营',
  operation: '经营发展',
  exit: '注销退出',
};

export const DEPARTMENT_KINDS = ['government', 'public_institution', 'enterprise', 'court', 'party', 'varies'] as const;
export type DepartmentKind = (typeof DEPARTMENT_KINDS)[number];

export const FIELD_TYPES = ['text', 'idNumber', 'creditCode', 'phone', 'date', 'select', 'number', 'address'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export const MATERIAL_KINDS = ['identity', 'certificate', 'form', 'commitment', 'proof', 'contract', 'other'] as const;
export type MaterialKind = (typeof MATERIAL_KINDS)[number];

export const MATERIAL_FORMS = ['original', 'copy', 'original_and_copy'] as const;
export type MaterialForm = (typeof MATERIAL_FORMS)[number];
export const MATERIAL_FORM_LABELS: Record<MaterialForm, string> = {
  original: '原件',
  copy: '复印件',
  original_and_copy: '原件及复印件',
};

export const RESULT_KINDS = [
  'certificate',
  'approval',
  'registration',
  'notice',
  'verification',
  'report',
  'payment',
  'card',
  'service',
] as const;
export type ResultKind = (typeof RESULT_KINDS)[number];
export const RESULT_KIND_LABELS: Record<ResultKind, string> = {
  certificate: '证照',
  approval: '批准文件',
  registration: '登记（备案）',
  notice: '通知书',
  verification: '核验结果',
  report: '核查报告',
  payment: '待遇（费用）支付',
  card: '卡证',
  service: '服务开通',
};

// ---------------------------------------------------------------------------
// Tables

const id = z.string().trim().min(1).max(64);
const text = (max: number) => z.string().trim().min(1).max(max);

export const departmentSchema = z.object({
  /** Short ASCII slug, e.g. `scjgj` for 市场监督管理局. */
  id: z.string().regex(/^[a-z][a-z0-9_]{1,31}$/, '部门编号应为小写字母开头的 2 到 32 位字母、数字或下划线'),
  /** Name of the department at the hall's level, without the place name. */
  name: text(60),
  kind: z.enum(DEPARTMENT_KINDS),
  /** How the source documents name it (地区市场监管局, 省市场监管局 …). */
  docNames: z.array(text(60)),
});
export type Department = z.infer<typeof departmentSchema>;

export const fieldDefSchema = z.object({
  /** Shared key, e.g. `applicant.idNumber`: the same datum has the same key in every item. */
  key: z.string().regex(/^[a-z][A-Za-z0-9]*(\.[a-z][A-Za-z0-9]*)+$/, '字段键应为点分的英文标识，如 applicant.name'),
  label: text(40),
  type: z.enum(FIELD_TYPES),
  options: z.array(text(40)).optional(),
  hint: text(200).optional(),
});
export type FieldDef = z.infer<typeof fieldDefSchema>;

export const materialDefSchema = z.object({
  key: z.string().regex(/^[a-z][A-Za-z0-9]*$/, '材料键应为英文标识，如 idCard'),
  name: text(80),
  kind: z.enum(MATERIAL_KINDS),
  /** Department that issues it, when a government department does. */
  issuerId: z.string().nullable(),
  /** Obtainable from the e-license system / data sharing, so the applicant need not bring it. */
  eLicense: sourced(z.boolean()),
});
export type MaterialDef = z.infer<typeof materialDefSchema>;

// ---------------------------------------------------------------------------
// Rules the counter evaluates (shared/eligibility.ts) where the clerk would otherwise judge
// free text: conditions over the form, conditional fields and waiting periods.

/** A test on the form's answers. */
export type Condition =
  /** The field's value is one of these (a select's options). */
  | { field: string; in: string[] }
  /** The person of an ID-number or date field is younger than this many full years today. */
  | { field: string; ageBelow: number }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.strictObject({ field: z.string(), in: z.array(text(40)).min(1) }),
    z.strictObject({ field: z.string(), ageBelow: z.number() }),
    z.strictObject({ all: z.array(conditionSchema).min(1) }),
    z.strictObject({ any: z.array(conditionSchema).min(1) }),
    z.strictObject({ not: conditionSchema }),
  ]),
);

/** A field of the item that is needed only in some cases (without `requiredWhen`: never required, filled when it applies). */
export const fieldRuleSchema = z.strictObject({
  key: z.string(),
  requiredWhen: conditionSchema.optional(),
  /** The case in words, added to the clerk's message (e.g. 申请智力、精神残疾人证或未成年人申请时). */
  when: text(200).optional(),
});
export type FieldRule = z.infer<typeof fieldRuleSchema>;

/** Where a waiting period starts: a date field of the form, or an earlier case of the same item for the same applicant. */
export const periodStartSchema = z.union([
  z.strictObject({ field: z.string() }),
  /** A result of this item handed over to the same ID number, for a case whose form met the condition; starts on the handover date. */
  z.strictObject({ history: conditionSchema }),
]);
export type PeriodStart = z.infer<typeof periodStartSchema>;

/** 未满 N 年不得申请: blocks acceptance until the same calendar date N years after the latest start. */
export const periodRuleSchema = z.object({
  key: z.string().regex(/^[a-z][a-z0-9_]*$/, '规则编号应为小写字母开头的字母、数字或下划线'),
  source: z.enum(SOURCES),
  note: note.optional(),
  /** The applications it governs (e.g. 新办、类别/等级变更); absent: every application of the item. */
  appliesWhen: conditionSchema.optional(),
  from: z.array(periodStartSchema).min(1),
  years: z.number(),
  /** The catalog's exception (e.g. 突发事故或不可抗力造成残疾类别、等级变化). */
  unless: conditionSchema.optional(),
  /** What the clerk reads: `{from}` and `{until}` become dates like 2026年3月1日. */
  message: text(300),
  /** 原则上: a supervisor may lift it for one case with a recorded reason. */
  waivable: z.boolean(),
});
export type PeriodRule = z.infer<typeof periodRuleSchema>;

export const itemRulesSchema = z.object({
  fields: z.array(fieldRuleSchema).optional(),
  periods: z.array(periodRuleSchema).optional(),
});
export type ItemRules = z.infer<typeof itemRulesSchema>;

export const materialRequirementSchema = z.object({
  key: z.string(),
  /** The item's own name for the material where it differs from the dictionary's. */
  name: text(120).optional(),
  /** Where the requirement itself comes from. */
  source: z.enum(SOURCES),
  form: sourced(z.enum(MATERIAL_FORMS)),
  count: sourced(z.number()),
  /** 免提交: taken from the e-license system or shared data instead of from the applicant. */
  exempt: sourced(z.boolean()),
  /** Only needed in this case, e.g. 智力、精神残疾人或未成年人申请时. */
  when: text(200).optional(),
  /** `when` as a rule: the counter requires the material whenever it holds, instead of the clerk judging. */
  requiredWhen: conditionSchema.optional(),
  note: note.optional(),
});
export type MaterialRequirement = z.infer<typeof materialRequirementSchema>;

export const resultSchema = z.object({
  kind: z.enum(RESULT_KINDS),
  name: text(120),
  /** Also issued as an e-license. */
  eLicense: z.boolean(),
});
export type ItemResult = z.infer<typeof resultSchema>;

/** A sub-procedure of an item with its own rules, e.g. 残疾人证换领. */
export const variantSchema = z.object({
  key: z.string().regex(/^[a-z][a-z0-9_]*$/),
  name: text(60),
  conditions: z.array(sourced(text(300))),
  materials: z.array(materialRequirementSchema),
  /** The form's answer that selects it (e.g. 办理类型 = 换领): its materials then join the intake. */
  appliesWhen: conditionSchema.optional(),
});
export type ItemVariant = z.infer<typeof variantSchema>;

export const itemSchema = z.object({
  id,
  /** 事项名称, as the listing document writes it. */
  name: text(120),
  /** The document that lists the item. */
  source: z.enum(SOURCES),
  note: note.optional(),
  /** 责任部门: receives the item's sub-application. */
  departmentId: sourced(z.string()),
  /** Further departments the documents name for the item (审批并联、共同办理). */
  coDepartmentIds: sourced(z.array(z.string())).optional(),
  serviceObject: sourced(z.enum(SERVICE_OBJECTS)),
  /** 实施依据; null where no document gives it. */
  legalBasis: sourced(z.string().nullable()),
  /** 受理条件 */
  conditions: z.array(sourced(text(300))).min(1),
  /** 申请材料 */
  materials: z.array(materialRequirementSchema),
  /** 办理流程 */
  steps: z.array(sourced(text(200))).min(1),
  /** 法定办结时限 in working days; null: none set by law. */
  statutoryDays: sourced(z.number().nullable()),
  /** 承诺办结时限 in working days. */
  promisedDays: sourced(z.number().nullable()),
  /** 收费标准 */
  fee: sourced(text(200)),
  /** 办理结果 */
  result: sourced(resultSchema),
  /** 咨询方式 */
  consultation: sourced(text(200)),
  /** Keys of the field dictionary the item needs on the merged form. */
  fields: sourced(z.array(z.string())),
  /** 容缺受理 possible for secondary materials. */
  pendingMaterialsAllowed: sourced(z.boolean()),
  /**
   * One open application per subject (ID number or credit code) at a time: a second acceptance
   * while another case of the same applicant with this item is open is refused (重复申请).
   */
  singleApplication: sourced(z.boolean()).optional(),
  variants: z.array(variantSchema).optional(),
  rules: itemRulesSchema.optional(),
});
export type Item = z.infer<typeof itemSchema>;

export const bundleItemSchema = z.object({
  itemId: id,
  /** Items of the same bundle whose result this one needs. Ignored for items a case does not include. */
  dependsOn: sourced(z.array(id)).optional(),
});
export type BundleItem = z.infer<typeof bundleItemSchema>;

export const bundleSchema = z.object({
  id,
  name: text(60),
  region: z.enum(REGIONS),
  /** The document listing the bundle and its items. */
  source: z.enum(DOC_SOURCES),
  /** The work plan describing it, when there is one. */
  planSource: z.enum(DOC_SOURCES).nullable(),
  serviceObject: sourced(z.enum(SERVICE_OBJECTS)),
  /** The stage as the listing document writes it (准入准营, 生活 …), when it gives one. */
  stage: sourced(text(20)).nullable(),
  lifeStages: z.array(z.enum(LIFE_STAGES)).min(1),
  /** 牵头部门 (★ in the table). */
  leadDepartmentId: sourced(z.string()),
  /** A second department the document names as co-lead or coordinator. */
  coLeadDepartmentIds: sourced(z.array(z.string())).optional(),
  policyBasis: sourced(z.array(text(120))),
  /** Who the bundle serves (服务对象、受理范围), as conditions the counter checks first. */
  eligibility: z.array(sourced(text(300))),
  items: z.array(bundleItemSchema).min(1),
  notes: z.array(sourced(text(500))),
  /** The hall lets decided results go out before the whole bundle is decided (分批出件). */
  partialDelivery: z.boolean().optional(),
});
export type Bundle = z.infer<typeof bundleSchema>;

/** Orders catalog versions `YYYY.N` numerically (2024.10 after 2024.9). */
export function compareVersions(a: string, b: string): number {
  const [ya, na] = a.split('.').map(Number) as [number, number];
  const [yb, nb] = b.split('.').map(Number) as [number, number];
  return ya - yb || na - nb;
}

/** Levels of an administrative division (GB/T 2260): 省 / 地级 / 县级. */
export const JURISDICTION_LEVELS = ['province', 'city', 'county'] as const;
export type JurisdictionLevel = (typeof JURISDICTION_LEVELS)[number];
/** The first two digits of every 区划代码 of a province. */
export const PROVINCE_CODE_PREFIX: Record<Region, string> = { heilongjiang: '23', liaoning: '21' };

/** An administrative division a case taken in here may be decided in (全省通办 · 跨省通办). */
export const jurisdictionSchema = z.object({
  /** 6-digit 区划代码: a hall's `hallCode` is the code of its division. */
  code: z.string().regex(/^\d{6}$/, '区划代码应为 6 位数字'),
  name: text(40),
  province: z.enum(REGIONS),
  level: z.enum(JURISDICTION_LEVELS),
});
export type Jurisdiction = z.infer<typeof jurisdictionSchema>;

/** The division list's own rules: unique codes, in their province, at the level the code says. */
export function jurisdictionErrors(list: readonly Jurisdiction[]): string[] {
  const errors = duplicates(list.map((j) => j.code)).map((d) => `区划代码“${d}”重复`);
  for (const j of list) {
    const where = `区划“${j.name}”（${j.code}）`;
    if (!/^\d{6}$/.test(j.code)) errors.push(`${where}的代码应为 6 位数字`);
    else if (!j.code.startsWith(PROVINCE_CODE_PREFIX[j.province])) errors.push(`${where}不属于${REGION_LABELS[j.province]}（代码应以 ${PROVINCE_CODE_PREFIX[j.province]} 开头）`);
    const level: JurisdictionLevel = j.code.endsWith('0000') ? 'province' : j.code.endsWith('00') ? 'city' : 'county';
    if (/^\d{6}$/.test(j.code) && level !== j.level) errors.push(`${where}的层级与代码不符`);
  }
  return errors;
}

export const catalogSourceSchema = z.object({
  id: z.enum(DOC_SOURCES),
  file: text(80),
  title: text(200),
  issuer: text(100),
  date: z.string().date(),
});
export type CatalogSource = z.infer<typeof catalogSourceSchema>;

export const catalogSchema = z.object({
  version: z.string().regex(/^\d{4}\.\d+$/, '目录版本应形如 2024.1'),
  title: text(100),
  sources: z.array(catalogSourceSchema).min(1),
  departments: z.array(departmentSchema).min(1),
  fields: z.array(fieldDefSchema).min(1),
  materials: z.array(materialDefSchema).min(1),
  items: z.array(itemSchema).min(1),
  bundles: z.array(bundleSchema).min(1),
  /** Divisions for 代收代办; catalogs from before the list parse with none. */
  jurisdictions: z.array(jurisdictionSchema).max(1000).default([]),
});
export type Catalog = z.infer<typeof catalogSchema>;

// ---------------------------------------------------------------------------
// Validation

function duplicates(ids: readonly string[]): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const x of ids) (seen.has(x) ? dup : seen).add(x);
  return [...dup];
}

function issuePath(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '') || '（根）';
}

/**
 * One dependency cycle among the items of a bundle, as a closed path of item ids
 * (first id repeated at the end), or null when the dependencies form no cycle.
 * Dependencies on ids outside the bundle are skipped here (reported elsewhere).
 */
export function findDependencyCycle(bundle: Pick<Bundle, 'items'>): string[] | null {
  const deps = new Map(bundle.items.map((e) => [e.itemId, e.dependsOn?.value ?? []]));
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): string[] | null => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of deps.get(node) ?? []) {
      if (!deps.has(next)) continue;
      const s = state.get(next);
      if (s === 'open') return [...stack.slice(stack.indexOf(next)), next];
      if (s === undefined) {
        const found = visit(next);
        if (found) return found;
      }
    }
    stack.pop();
    state.set(node, 'done');
    return null;
  };
  for (const e of bundle.items) {
    if (state.has(e.itemId)) continue;
    const found = visit(e.itemId);
    if (found) return found;
  }
  return null;
}

/** The items of a bundle in an order where every item comes after the items it depends on. */
export function itemOrder(bundle: Pick<Bundle, 'items'>): string[] {
  if (findDependencyCycle(bundle)) throw new Error('事项依赖存在循环，无法排序');
  const deps = new Map(bundle.items.map((e) => [e.itemId, e.dependsOn?.value ?? []]));
  const out: string[] = [];
  const done = new Set<string>();
  const visit = (node: string) => {
    if (done.has(node)) return;
    done.add(node);
    for (const d of deps.get(node) ?? []) if (deps.has(d)) visit(d);
    out.push(node);
  };
  for (const e of bundle.items) visit(e.itemId);
  return out;
}

function isPositiveInt(v: number): boolean {
  return Number.isInteger(v) && v > 0;
}

const PERIOD_PLACEHOLDERS = new Set(['from', 'until']);

/**
 * The item's rules against its own form: a rule can only read a field the item asks for, a
 * select's value must be one of its options, an age needs an ID number or a date.
 */
function ruleErrors(item: Item, dictionary: ReadonlyMap<string, FieldDef>, where: string): string[] {
  const errors: string[] = [];
  const own = new Set(item.fields.value);
  const fieldOf = (key: string, what: string): FieldDef | null => {
    const f = dictionary.get(key);
    if (!f) errors.push(`${where}的${what}引用的表单字段“${key}”不在字段字典中`);
    else if (!own.has(key)) errors.push(`${where}的${what}引用的表单字段“${f.label}”（${key}）不在该事项的表单字段中`);
    return f ?? null;
  };
  const checkCondition = (c: Condition, what: string): void => {
    if ('all' in c) return c.all.forEach((x) => checkCondition(x, what));
    if ('any' in c) return c.any.forEach((x) => checkCondition(x, what));
    if ('not' in c) return checkCondition(c.not, what);
    const f = fieldOf(c.field, what);
    if (!f) return;
    if ('in' in c) {
      if (f.type !== 'select') errors.push(`${where}的${what}按选项判断“${f.label}”，但该字段不是选择项`);
      for (const v of c.in) {
        if (f.options && !f.options.includes(v)) errors.push(`${where}的${what}引用的“${v}”不是“${f.label}”的选项`);
      }
    } else {
      if (f.type !== 'idNumber' && f.type !== 'date') errors.push(`${where}的${what}按年龄判断“${f.label}”，但该字段不是证件号码或日期`);
      if (!isPositiveInt(c.ageBelow) || c.ageBelow > 150) errors.push(`${where}的${what}年龄界限应为 1 到 150 的整数，当前为 ${c.ageBelow}`);
    }
  };

  for (const v of item.variants ?? []) {
    if (v.appliesWhen) checkCondition(v.appliesWhen, `办理情形“${v.name}”的适用条件`);
  }
  const requirements = [...item.materials.map((r) => ['', r] as const), ...(item.variants ?? []).flatMap((v) => v.materials.map((r) => [`“${v.name}”`, r] as const))];
  for (const [variant, r] of requirements) {
    if (!r.requiredWhen) continue;
    const what = `${variant}材料“${r.name ?? r.key}”的必交条件`;
    checkCondition(r.requiredWhen, what);
    // The notice and the clerk read the case in words; the rule only decides.
    if (!r.when) errors.push(`${where}的${what}缺少文字说明（适用情形），请补充`);
  }
  for (const r of item.rules?.fields ?? []) {
    fieldOf(r.key, '条件字段');
    if (r.requiredWhen) checkCondition(r.requiredWhen, `字段“${dictionary.get(r.key)?.label ?? r.key}”的必填条件`);
  }
  for (const d of duplicates((item.rules?.fields ?? []).map((r) => r.key))) errors.push(`${where}的条件字段“${d}”重复列出`);
  for (const p of item.rules?.periods ?? []) {
    const what = `期限规则“${p.key}”`;
    if (p.appliesWhen) checkCondition(p.appliesWhen, `${what}的适用条件`);
    if (p.unless) checkCondition(p.unless, `${what}的例外条件`);
    for (const s of p.from) {
      if ('history' in s) {
        checkCondition(s.history, `${what}的历史办件条件`);
        continue;
      }
      const f = fieldOf(s.field, `${what}的起算日期`);
      if (f && f.type !== 'date') errors.push(`${where}的${what}从“${f.label}”起算，但该字段不是日期`);
    }
    if (!isPositiveInt(p.years) || p.years > 100) errors.push(`${where}的${what}年限应为 1 到 100 的整数，当前为 ${p.years}`);
    for (const [, name] of p.message.matchAll(/\{([^}]*)\}/g)) {
      if (!PERIOD_PLACEHOLDERS.has(name!)) errors.push(`${where}的${what}提示语中的“{${name}}”无法替换，只能使用 {from}（起算日期）和 {until}（可申请日期）`);
    }
  }
  for (const d of duplicates((item.rules?.periods ?? []).map((p) => p.key))) errors.push(`${where}的期限规则“${d}”重复`);
  return errors;
}

/**
 * Every rule of the catalog, as Chinese messages for the admin; empty when the catalog is valid.
 * Accepts anything: shape errors are reported first, and the cross-table rules only run on a
 * catalog of the right shape.
 */
export function validateCatalog(input: unknown): string[] {
  const parsed = catalogSchema.safeParse(input);
  if (!parsed.success) {
    return parsed.error.issues.map((i) => `目录结构不符合要求：${issuePath(i.path)}：${i.message}`);
  }
  const c = parsed.data;
  const errors: string[] = [];

  const sourceIds = new Set<string>(c.sources.map((s) => s.id));
  const tables = [
    ['部门', c.departments.map((d) => d.id)],
    ['表单字段', c.fields.map((f) => f.key)],
    ['材料', c.materials.map((m) => m.key)],
    ['事项', c.items.map((i) => i.id)],
    ['“一件事”', c.bundles.map((b) => b.id)],
    ['来源文件', c.sources.map((s) => s.id)],
  ] as const;
  for (const [label, ids] of tables) {
    for (const d of duplicates(ids)) errors.push(`${label}编号“${d}”重复`);
  }
  errors.push(...jurisdictionErrors(c.jurisdictions));

  const departments = new Set(c.departments.map((d) => d.id));
  const fields = new Map(c.fields.map((f) => [f.key, f]));
  const materials = new Set(c.materials.map((m) => m.key));
  const items = new Map(c.items.map((i) => [i.id, i]));
  const itemLabel = (i: Item) => `事项“${i.name}”（${i.id}）`;

  // Every provenance must name a document the catalog lists.
  const checkSources = (value: unknown, where: string) => {
    walkSourced(value, (s) => {
      if (s.source !== 'placeholder' && s.source !== 'hall' && !sourceIds.has(s.source)) {
        errors.push(`${where}引用的来源“${s.source}”不在目录的来源文件列表中`);
      }
    });
  };

  for (const f of c.fields) {
    if (f.type === 'select' && (!f.options || f.options.length === 0)) {
      errors.push(`表单字段“${f.label}”（${f.key}）是选择项，但没有列出选项`);
    }
  }
  for (const m of c.materials) {
    if (m.issuerId !== null && !departments.has(m.issuerId)) {
      errors.push(`材料“${m.name}”（${m.key}）的发证部门“${m.issuerId}”不存在`);
    }
  }

  const checkMaterials = (list: readonly MaterialRequirement[], where: string) => {
    for (const r of list) {
      if (!materials.has(r.key)) errors.push(`${where}的材料“${r.name ?? r.key}”不在材料字典中（${r.key}）`);
      if (!isPositiveInt(r.count.value)) errors.push(`${where}的材料“${r.name ?? r.key}”份数应为正整数，当前为 ${r.count.value}`);
    }
    for (const d of duplicates(list.map((r) => r.key))) errors.push(`${where}的材料“${d}”重复列出`);
  };

  for (const item of c.items) {
    const where = itemLabel(item);
    const dept = item.departmentId.value;
    if (!departments.has(dept)) errors.push(`${where}的责任部门“${dept}”不存在`);
    for (const co of item.coDepartmentIds?.value ?? []) {
      if (!departments.has(co)) errors.push(`${where}的协同部门“${co}”不存在`);
    }
    if (item.materials.length === 0) errors.push(`${where}没有申请材料，每个事项至少需要一项材料`);
    checkMaterials(item.materials, where);
    for (const v of item.variants ?? []) checkMaterials(v.materials, `${where}的“${v.name}”`);
    for (const d of duplicates((item.variants ?? []).map((v) => v.key))) errors.push(`${where}的办理情形“${d}”重复`);

    const statutory = item.statutoryDays.value;
    const promised = item.promisedDays.value;
    if (statutory !== null && !isPositiveInt(statutory)) {
      errors.push(`${where}的法定办结时限应为正整数个工作日，当前为 ${statutory}`);
    }
    if (promised !== null && !isPositiveInt(promised)) {
      errors.push(`${where}的承诺办结时限应为正整数个工作日，当前为 ${promised}`);
    }
    if (statutory !== null && promised !== null && promised > statutory) {
      errors.push(`${where}的承诺办结时限（${promised} 个工作日）超过法定办结时限（${statutory} 个工作日）`);
    }

    if (item.fields.value.length === 0) errors.push(`${where}没有列出表单字段`);
    for (const key of item.fields.value) {
      if (!fields.has(key)) errors.push(`${where}的表单字段“${key}”不在字段字典中`);
    }
    for (const d of duplicates(item.fields.value)) errors.push(`${where}的表单字段“${d}”重复列出`);
    errors.push(...ruleErrors(item, fields, where));
    checkSources(item, where);
  }

  for (const b of c.bundles) {
    const where = `“一件事”“${b.name}”（${b.id}）`;
    const ids = b.items.map((e) => e.itemId);
    for (const d of duplicates(ids)) errors.push(`${where}重复列出事项“${d}”`);
    const members = new Set(ids);
    for (const e of b.items) {
      const item = items.get(e.itemId);
      if (!item) {
        errors.push(`${where}引用的事项“${e.itemId}”不存在`);
        continue;
      }
      for (const dep of e.dependsOn?.value ?? []) {
        if (dep === e.itemId) errors.push(`${where}中${itemLabel(item)}依赖其自身`);
        else if (!members.has(dep)) errors.push(`${where}中${itemLabel(item)}依赖的事项“${dep}”不属于该“一件事”`);
      }
    }
    const cycle = findDependencyCycle(b);
    if (cycle) {
      const names = cycle.map((x) => `“${items.get(x)?.name ?? x}”`);
      errors.push(`${where}的事项依赖形成循环：${names.join(' → ')}`);
    }

    // Exactly one lead department, known, and responsible for at least one item of the bundle (★).
    const lead = b.leadDepartmentId.value;
    if (!departments.has(lead)) {
      errors.push(`${where}的牵头部门“${lead}”不存在`);
    } else if (!b.items.some((e) => items.get(e.itemId)?.departmentId.value === lead)) {
      errors.push(`${where}的牵头部门“${lead}”不负责该“一件事”中的任何事项`);
    }
    const coLeads = b.coLeadDepartmentIds?.value ?? [];
    if (coLeads.includes(lead)) errors.push(`${where}的牵头部门“${lead}”同时列为协同牵头部门，牵头部门只能有一个`);
    for (const co of coLeads) if (!departments.has(co)) errors.push(`${where}的协同牵头部门“${co}”不存在`);

    checkSources(b, where);
  }
  return errors;
}

// ---------------------------------------------------------------------------
// Provenance inspection

function hasSource(v: object): v is { source: Source } {
  return 'source' in v && (SOURCES as readonly unknown[]).includes((v as { source: unknown }).source);
}

/**
 * Calls `visit` for every provenance-carrying element below `value`, with its path: every
 * `Sourced` value, and every record that names its own source (an item or bundle as listed,
 * a material requirement as required).
 */
export function walkSourced(value: unknown, visit: (s: { source: Source }, path: string) => void, path = ''): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => walkSourced(v, visit, `${path}[${i}]`));
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  if (hasSource(value)) {
    visit(value, path);
    if ('value' in value) {
      walkSourced(value.value, visit, `${path}.value`);
      return;
    }
  }
  for (const [k, v] of Object.entries(value)) walkSourced(v, visit, path ? `${path}.${k}` : k);
}

/** How many elements of `value` come from each document and how many are placeholders. */
export function provenanceCounts(value: unknown): Record<Source, number> {
  const counts = Object.fromEntries(SOURCES.map((s) => [s, 0])) as Record<Source, number>;
  walkSourced(value, (s) => {
    counts[s.source] += 1;
  });
  return counts;
}

/** Paths of every placeholder element, for the admin's confirmation list. */
export function placeholderPaths(value: unknown): string[] {
  const out: string[] = [];
  walkSourced(value, (s, path) => {
    if (s.source === 'placeholder') out.push(path);
  });
  return out;
}
