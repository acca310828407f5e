import { z } from 'zod';
import type { FieldDef, MaterialKind } from './catalog.js';
import { buildMaterialSet, buildMergedForm, chosenItems, type CatalogIndex, type MergedField, type MergedMaterial } from './catalog-builders.js';
import { evaluateEligibility, type PeriodBlock, type PriorCase } from './eligibility.js';
import { checkCreditCode, checkDate, checkIdNumber, checkPhone } from './validators.js';
import type { Lang } from './i18n/index.js';

// The data an intake collects and the rules that decide what the counter may do with it.
// Pure: the host evaluates it before every decision, the renderer to explain the buttons.

export const APPLICANT_KINDS = ['person', 'enterprise'] as const;
export type ApplicantKind = (typeof APPLICANT_KINDS)[number];

/** The fields the 申请人 step asks for, before the rest of the merged form. */
export const IDENTITY_FIELDS: Record<ApplicantKind, readonly string[]> = {
  person: ['applicant.name', 'applicant.idNumber', 'applicant.sex', 'applicant.ethnicity', 'applicant.birthDate', 'applicant.address', 'applicant.phone'],
  enterprise: ['enterprise.name', 'enterprise.creditCode', 'enterprise.legalRep', 'applicant.name', 'applicant.idNumber', 'applicant.phone'],
};

export const MATERIAL_STATUSES = ['original', 'copy', 'scanned', 'elicense', 'missing', 'not_applicable'] as const;
export type MaterialStatus = (typeof MATERIAL_STATUSES)[number];

export const MATERIAL_STATUS_LABELS: Record<MaterialStatus, string> = {
  original: '收原件',
  copy: '收复印件',
  scanned: '已扫描',
  elicense: '电子证照免提交',
  missing: '缺',
  not_applicable: '不适用',
};

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, '文件标识格式错误');
const shortText = (max: number) => z.string().trim().max(max);

export const materialIntakeSchema = z.object({
  status: z.enum(MATERIAL_STATUSES),
  /** Scanned or attached pages, in order. */
  pageBlobs: z.array(sha256).max(200).default([]),
  /** E-license number when the material was fetched instead of handed in. */
  licenceNo: shortText(64).nullable().default(null),
  /** What is wrong with what was handed in (过期、不清晰、信息不一致 …): counts as not received. */
  problem: shortText(200).nullable().default(null),
});
export type MaterialIntake = z.infer<typeof materialIntakeSchema>;

export const cardReadSchema = z.object({
  cardType: z.enum(['resident', 'foreigner_permanent', 'hk_macao_tw_permit']),
  issuer: shortText(60),
  validFrom: shortText(10),
  validTo: shortText(10),
  photoBlob: sha256.nullable(),
  readAt: z.string(),
});
export type CardRead = z.infer<typeof cardReadSchema>;

export const agentSchema = z.object({
  name: z.string().trim().min(1, '请填写代办人姓名').max(50),
  idNumber: z.string().trim().max(18),
  phone: z.string().trim().max(20),
  relation: shortText(20),
  /** 授权委托书 pages. */
  authorizationBlobs: z.array(sha256).max(20).default([]),
  cardRead: z.boolean().default(false),
});
export type Agent = z.infer<typeof agentSchema>;

export const PRIORITY_REASONS = ['elderly', 'disabled', 'pregnant', 'serviceman', 'other'] as const;
export const PRIORITY_LABELS: Record<(typeof PRIORITY_REASONS)[number], string> = {
  elderly: '老年人',
  disabled: '残疾人',
  pregnant: '孕妇',
  serviceman: '军人及优抚对象',
  other: '其他需要照顾的情形',
};
export type PriorityReason = (typeof PRIORITY_REASONS)[number];

/** Everything typed, read and scanned for one case; the projection keeps the current value. */
export interface IntakeData {
  applicantKind: ApplicantKind;
  fields: Record<string, string>;
  card: CardRead | null;
  agent: Agent | null;
  priority: PriorityReason | null;
  materials: Record<string, MaterialIntake>;
  reusedFromCaseId: string | null;
  /** The applicant's language: the notices and receipts of the case print in it. */
  lang: Lang;
}

export function emptyIntake(kind: ApplicantKind): IntakeData {
  return { applicantKind: kind, fields: {}, card: null, agent: null, priority: null, materials: {}, reusedFromCaseId: null, lang: 'zh' };
}

/** Main materials (identity documents, application forms) can never be pending: 主要材料齐全. */
const MAIN_MATERIAL_KINDS: readonly MaterialKind[] = ['identity', 'form'];

export interface IntakeMaterial extends MergedMaterial {
  /** Needed for this case: always, or the clerk marked the situation as applying. */
  required: boolean;
  /** May be pending under 容缺受理: secondary, and every item needing it allows it. */
  tolerable: boolean;
  received: boolean;
  intake: MaterialIntake | null;
}

export interface FieldIssue {
  key: string;
  label: string;
  message: string;
  /** A warning lets the clerk go on (e.g. a legacy credit code); an error blocks acceptance. */
  severity: 'error' | 'warning';
}

export interface IntakeEvaluation {
  fields: MergedField[];
  materials: IntakeMaterial[];
  issues: FieldIssue[];
  /** Required materials not received (missing, or handed in with a problem). */
  missing: IntakeMaterial[];
  canAccept: boolean;
  canAcceptPending: boolean;
  /** Why each decision is not possible now; shown on the disabled button. */
  acceptBlockers: string[];
  pendingBlockers: string[];
  /** Promised working days of the items a pending material serves (the deadline cap). */
  pendingLimitDays: Record<string, number | null>;
  /** Waiting periods of the catalog's rules still running (注销未满一年 …): no acceptance, not even 容缺. */
  ruleBlocks: PeriodBlock[];
}

/** What the host knows beyond the form: the applicant's earlier results, rules a supervisor lifted. */
export interface IntakeContext {
  history?: readonly PriorCase[];
  waived?: readonly string[];
}

/** Checks one value against its field type; empty values are reported by the caller. */
export function checkField(def: Pick<FieldDef, 'type' | 'options' | 'label'>, value: string, today: string): { message: string; severity: 'error' | 'warning' } | null {
  switch (def.type) {
    case 'idNumber': {
      const r = checkIdNumber(value, today);
      return r.ok ? null : { message: r.message, severity: 'error' };
    }
    case 'creditCode': {
      const r = checkCreditCode(value);
      if (!r.ok) return { message: r.message, severity: 'error' };
      return r.value.warning ? { message: r.value.warning, severity: 'warning' } : null;
    }
    case 'phone': {
      const r = checkPhone(value);
      return r.ok ? null : { message: r.message, severity: 'error' };
    }
    case 'date': {
      const r = checkDate(value);
      if (!r.ok) return { message: r.message, severity: 'error' };
      return null;
    }
    case 'number':
      return /^\d+(\.\d+)?$/.test(value.trim()) ? null : { message: `${def.label}应为数字`, severity: 'error' };
    case 'select':
      return def.options && !def.options.includes(value) ? { message: `请从选项中选择${def.label}`, severity: 'error' } : null;
    default:
      return value.length > 500 ? { message: `${def.label}不能超过 500 个字`, severity: 'error' } : null;
  }
}

function materialReceived(m: MaterialIntake | null): boolean {
  if (!m || m.problem) return false;
  if (m.status === 'scanned') return m.pageBlobs.length > 0;
  if (m.status === 'elicense') return !!m.licenceNo;
  return m.status === 'original' || m.status === 'copy';
}

/** The merged form, the material set and what the counter may decide, for the data so far. */
export function evaluateIntake(ix: CatalogIndex, bundleId: string, itemIds: readonly string[], data: IntakeData, today: string, context: IntakeContext = {}): IntakeEvaluation {
  const form = buildMergedForm(ix, bundleId, itemIds);
  const items = chosenItems(ix, bundleId, itemIds);
  const itemById = new Map(items.map((i) => [i.id, i]));
  const fieldTypes = new Map(ix.catalog.fields.map((f) => [f.key, f.type]));
  const rules = evaluateEligibility(items, data.fields, today, (k) => fieldTypes.get(k), context.history, context.waived);
  const identity = IDENTITY_FIELDS[data.applicantKind];
  // The identity fields always belong to the form, whichever items are chosen.
  const fields = [...form.fields];
  for (const key of identity) if (!fields.some((f) => f.key === key)) fields.push({ ...ix.field(key), itemIds: [] });

  const issues: FieldIssue[] = [];
  for (const f of fields) {
    const value = (data.fields[f.key] ?? '').trim();
    if (value === '') {
      // Conditional fields (监护人 for adults, 注销日期 for those never cancelled) may stay empty.
      if (rules.optionalFields.has(f.key) && !identity.includes(f.key)) continue;
      const why = rules.fieldReasons.get(f.key);
      issues.push({ key: f.key, label: f.label, message: `请填写${f.label}${why ? `（${why}须填写）` : ''}`, severity: 'error' });
      continue;
    }
    const problem = checkField(f, value, today);
    if (problem) issues.push({ key: f.key, label: f.label, ...problem });
  }
  for (const key of rules.futureDates) {
    const f = fields.find((x) => x.key === key);
    if (f) issues.push({ key, label: f.label, message: `${f.label}晚于今天，请核对后重新填写`, severity: 'error' });
  }
  // The card must be of the person the form names.
  const idOnForm = data.fields['applicant.idNumber']?.trim().toUpperCase();
  if (data.card && idOnForm && data.applicantKind === 'person' && data.card.validTo !== '长期' && data.card.validTo < today) {
    issues.push({ key: 'applicant.idNumber', label: '身份证件', message: `证件已于 ${data.card.validTo} 过期，请申请人提供有效证件`, severity: 'error' });
  }
  if (data.agent) {
    if (data.agent.idNumber) {
      const r = checkIdNumber(data.agent.idNumber, today);
      if (!r.ok) issues.push({ key: 'agent.idNumber', label: '代办人证件号码', message: r.message, severity: 'error' });
    } else issues.push({ key: 'agent.idNumber', label: '代办人证件号码', message: '请填写代办人证件号码', severity: 'error' });
    if (data.agent.authorizationBlobs.length === 0) {
      issues.push({ key: 'agent.authorization', label: '授权委托书', message: '代办须扫描或附加授权委托书', severity: 'error' });
    }
  }

  const kinds = new Map(ix.catalog.materials.map((m) => [m.key, m.kind]));
  // The sub-procedure the form selects (残疾人证换领 …) brings its own materials.
  const withVariants: CatalogIndex = {
    ...ix,
    item: (id) => {
      const item = ix.item(id);
      const chosen = rules.variants.get(id);
      return chosen ? { ...item, materials: [...item.materials, ...chosen.flatMap((v) => v.materials)] } : item;
    },
  };
  const set = buildMaterialSet(withVariants, bundleId, itemIds);
  const materials: IntakeMaterial[] = set.materials.map((m) => {
    const intake = data.materials[m.key] ?? null;
    // A rule that holds requires the material whatever the clerk marked.
    const required = m.exempt ? false : m.always || rules.requiredMaterials.has(m.key) || (intake !== null && intake.status !== 'not_applicable');
    const tolerable =
      !MAIN_MATERIAL_KINDS.includes(kinds.get(m.key) ?? 'other') && m.items.every((i) => itemById.get(i.itemId)?.pendingMaterialsAllowed.value === true);
    return { ...m, required, tolerable, received: m.exempt || materialReceived(intake), intake };
  });
  const missing = materials.filter((m) => m.required && !m.received);

  const errors = issues.filter((i) => i.severity === 'error');
  const acceptBlockers: string[] = [];
  const ruleMessages = rules.blocks.map((b) => b.message);
  acceptBlockers.push(...ruleMessages);
  if (errors.length) acceptBlockers.push(`表单还有 ${errors.length} 处需要补充或更正`);
  const named = (m: IntakeMaterial) => {
    const why = rules.requiredMaterials.get(m.key);
    return why?.length ? `${m.name}（${why.join('；')}须提供）` : m.name;
  };
  if (missing.length) acceptBlockers.push(`缺少材料：${missing.map(named).join('、')}`);

  const pendingBlockers: string[] = [...ruleMessages];
  if (errors.length) pendingBlockers.push(`表单还有 ${errors.length} 处需要补充或更正`);
  if (missing.length === 0) pendingBlockers.push('材料已齐全，请直接受理');
  const main = missing.filter((m) => !m.tolerable);
  if (main.length) pendingBlockers.push(`以下材料不能容缺：${main.map((m) => m.name).join('、')}`);

  const pendingLimitDays: Record<string, number | null> = {};
  for (const m of missing) {
    const limits = m.items.map((i) => itemById.get(i.itemId)?.promisedDays.value ?? itemById.get(i.itemId)?.statutoryDays.value ?? null);
    pendingLimitDays[m.key] = limits.some((d) => d === null) ? null : Math.min(...(limits as number[]));
  }

  return {
    fields,
    materials,
    issues,
    missing,
    canAccept: acceptBlockers.length === 0,
    canAcceptPending: pendingBlockers.length === 0,
    acceptBlockers,
    pendingBlockers,
    pendingLimitDays,
    ruleBlocks: rules.blocks,
  };
}

/** One line of a correction notice: a material or a form entry the applicant must bring or fix. */
export const correctionEntrySchema = z.object({
  kind: z.enum(['material', 'field']),
  key: z.string().min(1).max(80),
  name: z.string().min(1).max(120),
  problem: z.enum(['missing', 'wrong']),
  detail: z.string().max(300),
  items: z.array(z.string().max(120)).max(100),
});
export type CorrectionEntry = z.infer<typeof correctionEntrySchema>;

/**
 * Everything the applicant must still bring or fix, computed — never chosen — so that one
 * notice names all of it and nothing missing today can be asked for on a later visit.
 */
export function correctionList(ix: CatalogIndex, ev: IntakeEvaluation): CorrectionEntry[] {
  const itemName = (id: string) => ix.item(id).name;
  const out: CorrectionEntry[] = ev.missing.map((m) => ({
    kind: 'material',
    key: m.key,
    name: m.name,
    problem: m.intake?.problem ? 'wrong' : 'missing',
    detail: m.intake?.problem ?? (m.when.length && !m.always ? `适用情形：${m.when.join('；')}` : `${m.count} 份`),
    items: m.items.map((i) => i.name),
  }));
  for (const issue of ev.issues.filter((i) => i.severity === 'error')) {
    const f = ev.fields.find((x) => x.key === issue.key);
    out.push({
      kind: 'field',
      key: issue.key,
      name: issue.label,
      problem: issue.message.startsWith('请填写') ? 'missing' : 'wrong',
      detail: issue.message,
      items: (f?.itemIds ?? []).map(itemName),
    });
  }
  return out;
}

/** Crockford base32 without I, L, O, U: what people read aloud and type back. */
const TAG_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A short per-device tag for case numbers, stable for the device id. */
export function deviceTag(deviceId: string): string {
  // FNV-1a over the id: pure, fast, and spread well enough for a handful of counters per hall.
  let h = 0x811c9dc5;
  for (let i = 0; i < deviceId.length; i++) {
    h ^= deviceId.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  let tag = '';
  for (let i = 0; i < 4; i++) {
    tag += TAG_ALPHABET[h & 31];
    h >>>= 5;
  }
  return tag;
}

/**
 * `<hall>-<yyyymmdd>-<device tag>-<seq>`: unique without a network because the device tag
 * separates counters and the sequence is the device's own, counted per day.
 */
export function formatCaseNumber(hallCode: string, date: string, tag: string, seq: number): string {
  // Division codes have 6 to 12 digits; longer hall codes are cut so the number fits a barcode label.
  const hall = (hallCode || 'YCT').toUpperCase().replace(/[^0-9A-Z]/g, '').slice(0, 12) || 'YCT';
  return `${hall}-${date.replaceAll('-', '')}-${tag}-${String(seq).padStart(4, '0')}`;
}

export const CASE_NUMBER_RE = /^[0-9A-Z]{1,12}-\d{8}-[0-9A-Z]{4}-\d{4,8}$/;
