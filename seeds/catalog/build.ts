import type {
  Bundle,
  Item,
  ItemResult,
  ItemVariant,
  LifeStage,
  MaterialForm,
  MaterialRequirement,
  Region,
  ResultKind,
  ServiceObject,
  Source,
  Sourced,
} from '../../shared/catalog.js';
import type { DepartmentId } from './departments.js';
import type { FieldKey } from './fields.js';
import { materialDictionary, type MaterialKey } from './materials.js';

// Helpers that keep the catalog files compact: provenance constructors, material
// requirements with dictionary defaults, item templates per kind of item, and bundles.
// Whatever a template fills in is a placeholder; whatever a document states is passed
// explicitly with `doc(…)`.

export type Doc = '000' | '001' | '002' | '003' | '004';

const withNote = <T>(value: T, source: Source, note?: string): Sourced<T> => (note ? { value, source, note } : { value, source });

/** A value stated by a source document. */
export const doc = <T>(d: Doc, value: T, note?: string): Sourced<T> => withNote(value, `doc:${d}`, note);
/** A value the documents do not state: a starting point for the admin to confirm. */
export const ph = <T>(value: T, note?: string): Sourced<T> => withNote(value, 'placeholder', note);
export const docs = (d: Doc, values: string[]): Sourced<string>[] => values.map((v) => doc(d, v));
export const phs = (values: string[]): Sourced<string>[] => values.map((v) => ph(v));

// ---------------------------------------------------------------------------
// Materials

export interface MaterialOptions {
  name?: string;
  form?: Sourced<MaterialForm>;
  count?: Sourced<number>;
  exempt?: Sourced<boolean>;
  when?: string;
  note?: string;
}

/**
 * A material requirement. `from` is the document that requires the material (null: placeholder);
 * form, count and exemption default to the dictionary's values, as placeholders unless the
 * dictionary names a document for the exemption.
 */
export function m(key: MaterialKey, from: Doc | null = null, o: MaterialOptions = {}): MaterialRequirement {
  const def = materialDictionary[key];
  return {
    key,
    ...(o.name ? { name: o.name } : {}),
    source: from ? `doc:${from}` : 'placeholder',
    form: o.form ?? ph(def.defaultForm),
    count: o.count ?? ph(1),
    exempt: o.exempt ?? def.eLicense,
    ...(o.when ? { when: o.when } : {}),
    ...(o.note ? { note: o.note } : {}),
  };
}

/** The merged application form of the bundle (一表申请), as each item's own 申请表. */
export const form = (from: Doc | null = null, name?: string): MaterialRequirement => m('applicationForm', from, name ? { name } : {});

// ---------------------------------------------------------------------------
// Items

export type ItemKind =
  | 'licence'
  | 'registration'
  | 'check'
  | 'certificate'
  | 'benefit'
  | 'confirmation'
  | 'service'
  | 'cancellation'
  | 'coordination';

interface Template {
  conditions: string[];
  steps: string[];
  statutory: number | null;
  statutoryNote?: string;
  promised: number;
  result: ResultKind;
}

const TEMPLATES: Record<ItemKind, Template> = {
  licence: {
    conditions: ['申请人具备法律、法规、规章规定的许可条件，申请材料齐全、符合法定形式'],
    steps: ['申请', '受理', '审查（需要时现场核查）', '作出许可或不予许可决定', '制发证照并送达'],
    statutory: 20,
    statutoryNote: '参照《中华人民共和国行政许可法》第四十二条的一般期限，待按事项实施清单核对',
    promised: 10,
    result: 'certificate',
  },
  registration: {
    conditions: ['申请事项属于本部门登记（备案）范围，申请材料齐全、符合法定形式'],
    steps: ['申请', '受理', '审核', '登记（备案）', '出具办理结果'],
    statutory: null,
    promised: 5,
    result: 'registration',
  },
  check: {
    conditions: ['申请人为被核查主体或经其书面授权'],
    steps: ['一表申请', '分派至核查部门', '部门核查', '反馈核查结果'],
    statutory: null,
    promised: 5,
    result: 'verification',
  },
  certificate: {
    conditions: ['申请人符合证件（证明）核发条件，申请材料齐全'],
    steps: ['申请', '受理', '审核', '出具证件（证明）'],
    statutory: null,
    promised: 5,
    result: 'certificate',
  },
  benefit: {
    conditions: ['符合国家和本省规定的待遇（补贴）享受条件'],
    steps: ['申请', '受理', '审核', '核定（需要时公示）', '发放'],
    statutory: null,
    promised: 15,
    result: 'payment',
  },
  confirmation: {
    conditions: ['符合国家和本省规定的认定（核准）条件'],
    steps: ['申请', '受理', '审核', '作出认定（核准）决定', '送达结果'],
    statutory: null,
    promised: 10,
    result: 'notice',
  },
  service: {
    conditions: ['申请人身份信息真实有效'],
    steps: ['申请', '受理', '办理', '反馈结果'],
    statutory: null,
    promised: 5,
    result: 'service',
  },
  cancellation: {
    conditions: ['已结清应当清结的税费、债权债务及其他相关事项'],
    steps: ['申请', '受理', '审核', '办理注销', '出具注销结果'],
    statutory: null,
    promised: 5,
    result: 'notice',
  },
  coordination: {
    conditions: ['申请材料齐全'],
    steps: ['统一受理', '分派至责任部门', '汇总办理结果', '统一送达'],
    statutory: null,
    promised: 2,
    result: 'report',
  },
};

export type ResultSpec = string | { name: string; kind?: ResultKind; eLicense?: boolean; from?: Doc; note?: string };

export interface ItemSpec {
  id: string;
  name: string;
  /** The document listing the item; it also names the department unless `dept` carries its own source. */
  from: Doc;
  note?: string;
  dept: DepartmentId | Sourced<DepartmentId>;
  co?: DepartmentId[] | Sourced<DepartmentId[]>;
  /** Plain value: as the listing document groups it. */
  object: ServiceObject | Sourced<ServiceObject>;
  kind: ItemKind;
  basis?: Sourced<string | null>;
  /** Replace the template's conditions. */
  conditions?: Sourced<string>[];
  materials: MaterialRequirement[];
  /** Replace the template's steps. */
  steps?: Sourced<string>[];
  statutory?: Sourced<number | null>;
  promised?: Sourced<number | null>;
  fee?: Sourced<string>;
  result: ResultSpec;
  consult?: Sourced<string>;
  fields: FieldKey[];
  pending?: Sourced<boolean>;
  /** Item.singleApplication: one open application per applicant at a time. */
  single?: Sourced<boolean>;
  variants?: ItemVariant[];
}

const isSourced = <T>(v: T | Sourced<T>): v is Sourced<T> => typeof v === 'object' && v !== null && 'source' in v && 'value' in v;

const CONSULTATION: Record<Region, Sourced<string>> = {
  heilongjiang: doc(
    '000',
    '政务服务中心“高效办成一件事”窗口；黑龙江政务服务网、“全省事”APP“高效办成一件事”专栏；12345政务服务便民热线',
    '窗口与专栏见文件000；12345热线“总客服”见文件001',
  ),
  liaoning: doc('004', '政务服务中心“一件事一次办”受理窗口；辽宁省一体化政务服务平台及“辽事通”“一件事一次办”专栏'),
};

/** Secondary materials may be missing against a written commitment (容缺受理), to be confirmed per item. */
export const PENDING_OK = ph(true, '基本条件具备、主要材料齐全时可对次要材料容缺受理（规则见文件003），适用范围待确认');
/**
 * The applicant can hold only one such application at a time (Item.singleApplication). No document
 * says so: it follows from the result (one retirement, one cancellation of an enterprise), so it is
 * a placeholder for the admin to confirm.
 */
export const single = (why: string): Sourced<boolean> => ph(true, why);

/** Items touching public safety, health, life or property: no 容缺受理 (doc:003). */
export const NO_PENDING = doc('003', false, '直接涉及公共安全、生态环境保护或人身健康、生命财产安全的事项不适用容缺受理');

const HEILONGJIANG_DOCS: ReadonlySet<Source> = new Set(['doc:000', 'doc:001', 'doc:002', 'doc:003']);

/**
 * Outside Heilongjiang, what a Heilongjiang document states (the e-license list of doc:002, the
 * 容缺 exclusions of doc:003, the system links of doc:000) is only a reference: it becomes a
 * placeholder that names the document it was borrowed from.
 */
function borrowed<T>(value: T, region: Region): T {
  if (region === 'heilongjiang') return value;
  if (Array.isArray(value)) return value.map((v) => borrowed(v, region)) as T;
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = k === 'value' ? v : borrowed(v, region);
  const src = (value as { source?: Source }).source;
  if (src && HEILONGJIANG_DOCS.has(src)) {
    const was = (value as { note?: string }).note;
    out.source = 'placeholder';
    out.note = `参照黑龙江文件${src.slice(4)}${was ? `：${was}` : ''}；待按${region === 'liaoning' ? '辽宁' : '本地'}规定确认`;
  }
  return out as T;
}

export function makeItem(region: Region, s: ItemSpec): Item {
  return borrowed(buildItem(region, s), region);
}

function buildItem(region: Region, s: ItemSpec): Item {
  const t = TEMPLATES[s.kind];
  const from = `doc:${s.from}` as const;
  const r: Exclude<ResultSpec, string> = typeof s.result === 'string' ? { name: s.result } : s.result;
  const result: ItemResult = { kind: r.kind ?? t.result, name: r.name, eLicense: r.eLicense ?? false };
  const co = s.co === undefined ? undefined : isSourced(s.co) ? s.co : withNote(s.co, from);
  return {
    id: s.id,
    name: s.name,
    source: from,
    ...(s.note ? { note: s.note } : {}),
    departmentId: isSourced(s.dept) ? s.dept : withNote<string>(s.dept, from),
    ...(co ? { coDepartmentIds: co } : {}),
    serviceObject: isSourced(s.object) ? s.object : withNote(s.object, from),
    legalBasis: s.basis ?? ph(null, '文件未载明实施依据，待按事项实施清单补充'),
    conditions: s.conditions ?? phs(t.conditions),
    materials: s.materials,
    steps: s.steps ?? phs(t.steps),
    statutoryDays: s.statutory ?? ph(t.statutory, t.statutoryNote),
    promisedDays: s.promised ?? ph(t.promised),
    fee: s.fee ?? ph('不收费'),
    result: r.from ? doc(r.from, result, r.note) : ph(result, r.note),
    consultation: s.consult ?? CONSULTATION[region],
    fields: ph<string[]>([...s.fields]),
    pendingMaterialsAllowed: s.pending ?? PENDING_OK,
    ...(s.single ? { singleApplication: s.single } : {}),
    ...(s.variants ? { variants: s.variants } : {}),
  };
}

// ---------------------------------------------------------------------------
// Bundles

export type BundleEntry = Item | { item: Item; dependsOn: Sourced<Item[]> };

/** An item of a bundle that needs the results of `on` (items of the same bundle). */
export const after = (item: Item, on: Item[], from: Doc | null, note?: string): BundleEntry => ({
  item,
  dependsOn: from ? doc(from, on, note) : ph(on, note),
});

export interface BundleSpec {
  id: string;
  name: string;
  region: Region;
  /** The document listing the bundle, its items and its departments. */
  from: Doc;
  plan: Doc | null;
  object: ServiceObject;
  /** The stage as the listing document writes it. */
  stage: string | null;
  lifeStages: LifeStage[];
  lead: DepartmentId | Sourced<DepartmentId>;
  coLead?: Sourced<DepartmentId[]>;
  policy: Sourced<string[]>;
  eligibility?: Sourced<string>[];
  items: BundleEntry[];
  notes?: Sourced<string>[];
}

export interface BuiltBundle {
  bundle: Bundle;
  items: Item[];
}

export function makeBundle(s: BundleSpec): BuiltBundle {
  const from = `doc:${s.from}` as const;
  const entries = s.items.map((e) => ('item' in e ? e : { item: e, dependsOn: undefined }));
  return {
    bundle: {
      id: s.id,
      name: s.name,
      region: s.region,
      source: from,
      planSource: s.plan ? `doc:${s.plan}` : null,
      serviceObject: withNote(s.object, from),
      stage: s.stage ? withNote(s.stage, from) : null,
      lifeStages: s.lifeStages,
      leadDepartmentId: isSourced(s.lead) ? s.lead : withNote<string>(s.lead, from),
      ...(s.coLead ? { coLeadDepartmentIds: s.coLead } : {}),
      policyBasis: s.policy,
      eligibility: s.eligibility ?? [],
      items: entries.map((e) => ({
        itemId: e.item.id,
        ...(e.dependsOn ? { dependsOn: { ...e.dependsOn, value: e.dependsOn.value.map((i) => i.id) } } : {}),
      })),
      notes: s.notes ?? [],
    },
    items: entries.map((e) => e.item),
  };
}

/** The items of several bundles, each once (items may be shared between bundles). */
export function uniqueItems(built: readonly BuiltBundle[]): Item[] {
  const seen = new Map<string, Item>();
  for (const b of built) {
    for (const item of b.items) {
      const prev = seen.get(item.id);
      if (prev && prev !== item) throw new Error(`Two different items share the id ${item.id}`);
      seen.set(item.id, item);
    }
  }
  return [...seen.values()];
}
