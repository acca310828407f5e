import { describe, expect, it } from 'vitest';
import { catalog } from '../../seeds/catalog/index.js';
import {
  findDependencyCycle,
  itemOrder,
  placeholderPaths,
  provenanceCounts,
  validateCatalog,
  type Bundle,
  type Catalog,
  type Item,
} from '../../shared/catalog.js';

// Bundle names, item counts and lead departments as read from the source documents.

/** doc:001's table (★ = lead), plus the items doc:000's work plans add to the provincial bundle. */
const HEILONGJIANG: [name: string, items: number, lead: string][] = [
  ['企业信息变更', 6, 'scjgj'],
  ['开办运输企业', 3, 'jtysj'],
  ['开办餐饮店', 4, 'scjgj'],
  ['水电气网联合报装', 5, 'zjj'],
  ['信用修复', 4, 'yshj'],
  ['企业上市合法合规信息核查', 20, 'yshj'], // 001: 统筹 + 17 checks; 000: "19项" checks (+董监高无犯罪, +涉民事诉讼)
  ['企业破产信息核查', 10, 'yshj'], // 统筹 + 9 checks (000 also says 9)
  ['企业注销登记', 7, 'scjgj'], // 001: 6; 000: + 住房公积金缴存登记注销
  ['新生儿出生', 8, 'wjw'], // 001: 7; 000: "8 项业务", + 生育登记
  ['教育入学', 5, 'jyj'],
  ['社会保障卡居民服务', 4, 'rsj'],
  ['残疾人服务', 5, 'cl'],
  ['退休', 11, 'rsj'], // 001: 9; 000: + 医保在职转退休, + 失业保险和工伤保险暂停缴费
];

/** doc:004's list: 1–20 个人, 21–35 法人. */
const LIAONING: [name: string, items: number, lead: string][] = [
  ['新生儿出生', 4, 'wjw'],
  ['公民婚育', 4, 'mzj'],
  ['公民身后一件事', 8, 'wjw'], // the list names 省营商局 and 省卫生健康委; 营商局 is kept as co-lead
  ['公积金提取', 4, 'gjj'],
  ['公积金贷款结清', 2, 'gjj'],
  ['军人退役', 8, 'tyjrj'],
  ['二手房转移登记及水电气联动过户', 6, 'zrzyj'],
  ['普通高校(职业院校)毕业生落户', 2, 'gaj'],
  ['居住证', 3, 'gaj'],
  ['养犬证', 2, 'gaj'],
  ['义务教育入学', 5, 'jyj'],
  ['律师工作证颁发', 3, 'sfj'],
  ['律师执业变更', 2, 'sfj'],
  ['律师事务所(分所)设立', 2, 'sfj'],
  ['司法鉴定人执业', 2, 'sfj'],
  ['失业再就业', 9, 'rsj'],
  ['申请工伤医疗待遇', 2, 'rsj'],
  ['企业职工退休', 4, 'rsj'],
  ['灵活就业', 7, 'rsj'],
  ['扶残助困', 4, 'cl'],
  ['申请创业补贴', 2, 'rsj'],
  ['员工招聘', 7, 'rsj'],
  ['企业社保缴费', 6, 'rsj'],
  ['人力资源服务', 2, 'rsj'],
  ['社会保险关系转移接续', 3, 'rsj'],
  ['校车使用许可', 3, 'jyj'],
  ['开药店', 4, 'yjj'],
  ['开网吧/网咖', 5, 'wlj'],
  ['开书店', 5, 'xcb'],
  ['涉企不动产登记', 2, 'zrzyj'],
  ['非挖掘类临时占用道路审批', 2, 'zjj'],
  ['典当行及分支机构的变更注销', 4, 'jrjg'],
  ['企业开办', 5, 'scjgj'],
  ['企业简易注销', 3, 'scjgj'],
  ['企业准营(开饭店)', 3, 'scjgj'],
];

const items = new Map(catalog.items.map((i) => [i.id, i]));

function bundle(region: Bundle['region'], name: string): Bundle {
  const found = catalog.bundles.filter((b) => b.region === region && b.name === name);
  expect(found, `${region} ${name}`).toHaveLength(1);
  return found[0]!;
}

function itemsOf(b: Bundle): Item[] {
  return b.items.map((e) => items.get(e.itemId)!);
}

function itemNamed(b: Bundle, name: string): Item {
  const found = itemsOf(b).filter((i) => i.name.startsWith(name));
  expect(found, `${b.name} / ${name}`).toHaveLength(1);
  return found[0]!;
}

const clone = (): Catalog => structuredClone(catalog);
const CHINESE = /[\u4e00-\u9fff]/;

describe('catalog contents', () => {
  it('has the 13 Heilongjiang bundles with their item counts and lead departments', () => {
    expect(catalog.bundles.filter((b) => b.region === 'heilongjiang')).toHaveLength(HEILONGJIANG.length);
    for (const [name, count, lead] of HEILONGJIANG) {
      const b = bundle('heilongjiang', name);
      expect(b.items, name).toHaveLength(count);
      expect(b.leadDepartmentId.value, name).toBe(lead);
      expect(b.source).toBe('doc:001');
      expect(b.planSource).toBe('doc:000');
    }
  });

  it('has the 35 Liaoning bundles with their item counts and lead departments', () => {
    expect(catalog.bundles.filter((b) => b.region === 'liaoning')).toHaveLength(LIAONING.length);
    for (const [name, count, lead] of LIAONING) {
      const b = bundle('liaoning', name);
      expect(b.items, name).toHaveLength(count);
      expect(b.leadDepartmentId.value, name).toBe(lead);
      expect(b.source).toBe('doc:004');
    }
  });

  it('groups the Liaoning bundles into 个人 (1–20) and 法人 (21–35) as the document does', () => {
    LIAONING.forEach(([name], index) => {
      const b = bundle('liaoning', name);
      expect(b.serviceObject, name).toEqual({ value: index < 20 ? 'individual' : 'enterprise', source: 'doc:004' });
    });
  });

  it('uses every item in some bundle and every department somewhere', () => {
    const used = new Set(catalog.bundles.flatMap((b) => b.items.map((e) => e.itemId)));
    expect(catalog.items.filter((i) => !used.has(i.id)).map((i) => i.id)).toEqual([]);
    const depts = new Set(catalog.items.flatMap((i) => [i.departmentId.value, ...(i.coDepartmentIds?.value ?? [])]));
    for (const b of catalog.bundles) for (const d of b.coLeadDepartmentIds?.value ?? []) depts.add(d);
    expect(catalog.departments.filter((d) => !depts.has(d.id)).map((d) => d.id)).toEqual([]);
  });

  it('names a version and lists the five source documents', () => {
    expect(catalog.version).toMatch(/^\d{4}\.\d+$/);
    expect(catalog.sources.map((s) => s.id)).toEqual(['doc:000', 'doc:001', 'doc:002', 'doc:003', 'doc:004']);
  });
});

describe('facts taken from the documents', () => {
  it('道路货物运输经营许可 is decided within 1 working day (doc:000)', () => {
    const permit = itemNamed(bundle('heilongjiang', '开办运输企业'), '道路货物运输经营许可');
    expect(permit.promisedDays).toMatchObject({ value: 1, source: 'doc:000' });
    expect(permit.departmentId).toEqual({ value: 'jtysj', source: 'doc:001' });
    const licence = permit.materials.find((m) => m.key === 'businessLicense')!;
    expect(licence.exempt).toMatchObject({ value: true, source: 'doc:000' });
  });

  it('信用修复 asks for the five materials of doc:000', () => {
    const repair = itemNamed(bundle('heilongjiang', '信用修复'), '行政处罚信息修复');
    expect(repair.materials.map((m) => [m.key, m.source])).toEqual([
      ['applicationForm', 'doc:000'],
      ['businessLicense', 'doc:000'],
      ['creditCommitment', 'doc:000'],
      ['correctionProof', 'doc:000'],
      ['otherRequired', 'doc:000'],
    ]);
    expect(repair.materials[1]!.form).toEqual({ value: 'copy', source: 'doc:000' });
    expect(repair.conditions.every((c) => c.source === 'doc:000')).toBe(true);
  });

  it('新生儿出生 states its eligibility and materials from doc:000', () => {
    const b = bundle('heilongjiang', '新生儿出生');
    expect(b.eligibility.map((e) => e.value)).toEqual([
      '在本省助产机构出生',
      '父母一方为黑龙江省户籍',
      '符合随父、随母落家庭户条件',
      '一周岁以内婚生新生儿',
      '新生儿母亲为申请人',
    ]);
    expect(b.eligibility.every((e) => e.source === 'doc:000')).toBe(true);
    const hukou = itemNamed(b, '本市户口登记');
    const keys = hukou.materials.filter((m) => m.source === 'doc:000').map((m) => m.key);
    expect(keys).toEqual(expect.arrayContaining(['applicationForm', 'hukouBook', 'idCard', 'marriageCert']));
  });

  it('残疾人证 carries its sub-procedures and their rules from doc:000', () => {
    const cert = itemNamed(bundle('heilongjiang', '残疾人服务'), '残疾人证');
    const variants = new Map(cert.variants!.map((v) => [v.key, v]));
    expect([...variants.keys()]).toEqual(['new', 'renew', 'transfer', 'reissue', 'cancel', 'change']);
    const rules = cert.variants!.flatMap((v) => v.conditions.map((c) => c.value)).join('\n');
    expect(rules).toContain('有效期为10年');
    expect(rules).toContain('有效期满9年后');
    expect(rules).toContain('注销未满一年的，原则上不得重新申请');
    for (const key of ['new', 'transfer', 'reissue', 'change']) {
      const guardian = variants.get(key)!.materials.find((m) => m.key === 'guardianProof');
      expect(guardian, key).toMatchObject({ source: 'doc:000' });
      expect(guardian!.when, key).toMatch(/智力、精神.*未成年人/);
    }
  });

  it('marks values the documents do not give as placeholders, with the rest naming their document', () => {
    const counts = provenanceCounts(catalog);
    expect(counts.placeholder).toBeGreaterThan(0);
    for (const d of ['doc:000', 'doc:001', 'doc:002', 'doc:003', 'doc:004'] as const) expect(counts[d], d).toBeGreaterThan(0);
    expect(placeholderPaths(catalog)).toHaveLength(counts.placeholder);
    // The Liaoning list names items and departments only: the time limits of its items are placeholders.
    const ln = catalog.bundles.filter((b) => b.region === 'liaoning').flatMap(itemsOf);
    expect(ln.every((i) => i.promisedDays.source === 'placeholder')).toBe(true);
  });

  it('never cites a Heilongjiang document for a Liaoning item or bundle', () => {
    const ln = catalog.bundles.filter((b) => b.region === 'liaoning');
    const counts = provenanceCounts([ln, ln.flatMap(itemsOf)]);
    expect(counts['doc:004']).toBeGreaterThan(0);
    expect([counts['doc:000'], counts['doc:001'], counts['doc:002'], counts['doc:003']]).toEqual([0, 0, 0, 0]);
  });
});

describe('dependencies between items', () => {
  it('orders 新生儿出生: 出生医学证明 → 户口登记 → 居民医保 → 社会保障卡', () => {
    const b = bundle('heilongjiang', '新生儿出生');
    const order = itemOrder(b).map((id) => items.get(id)!.name);
    const at = (name: string) => order.findIndex((n) => n.includes(name));
    expect(at('出生医学证明')).toBeLessThan(at('户口登记'));
    expect(at('户口登记')).toBeLessThan(at('居民医保登记'));
    expect(at('居民医保登记')).toBeLessThan(at('社会保障卡申领'));
  });

  it('orders 企业注销登记 after 税务注销', () => {
    const b = bundle('heilongjiang', '企业注销登记');
    const registration = itemNamed(b, '企业注销登记');
    const entry = b.items.find((e) => e.itemId === registration.id)!;
    expect(entry.dependsOn!.value).toContain(itemNamed(b, '税务注销').id);
  });

  it('has no cycle in any shipped bundle', () => {
    for (const b of catalog.bundles) expect(findDependencyCycle(b), b.name).toBeNull();
  });
});

describe('validateCatalog', () => {
  it('finds no error in the shipped catalog', () => {
    expect(validateCatalog(catalog)).toEqual([]);
  });

  it('reports a dependency cycle in Chinese, naming the items', () => {
    const c = clone();
    const b = c.bundles.find((x) => x.id === 'hlj.newborn')!;
    const first = b.items.find((e) => e.itemId === 'hlj.newborn.birth-certificate')!;
    first.dependsOn = { value: ['hlj.newborn.hukou'], source: 'placeholder' };
    const errors = validateCatalog(c);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/新生儿出生.*循环/);
    expect(errors[0]).toContain('《出生医学证明》办理(首签)');
    expect(errors[0]).toContain('本市户口登记');
  });

  it('reports a zero time limit', () => {
    const c = clone();
    c.items.find((i) => i.id === 'hlj.cancel.tax')!.promisedDays.value = 0;
    const errors = validateCatalog(c);
    expect(errors).toEqual([expect.stringMatching(/税务注销.*承诺办结时限应为正整数个工作日，当前为 0/)]);
  });

  it('reports a promised time limit longer than the statutory one', () => {
    const c = clone();
    const permit = c.items.find((i) => i.id === 'hlj.transport.road-freight-licence')!;
    permit.promisedDays.value = 30;
    expect(validateCatalog(c)).toEqual([expect.stringMatching(/承诺办结时限（30 个工作日）超过法定办结时限（20 个工作日）/)]);
  });

  it('reports an item without materials', () => {
    const c = clone();
    c.items.find((i) => i.id === 'ln.dog.annual')!.materials = [];
    expect(validateCatalog(c)).toEqual([expect.stringMatching(/个人养犬年审.*没有申请材料/)]);
  });

  it('reports an unknown department', () => {
    const c = clone();
    c.items.find((i) => i.id === 'ln.fire-check')!.departmentId.value = 'nosuch';
    const errors = validateCatalog(c);
    expect(errors).toContainEqual(expect.stringMatching(/消防安全检查.*责任部门“nosuch”不存在/));
  });

  it('reports duplicate ids, unknown items, foreign dependencies and a lead without items', () => {
    const c = clone();
    c.departments.push({ ...c.departments[0]! });
    const newborn = c.bundles.find((x) => x.id === 'hlj.newborn')!;
    newborn.items.push({ itemId: 'hlj.nosuch' });
    newborn.items[0]!.dependsOn = { value: ['hlj.cancel.tax'], source: 'placeholder' };
    c.bundles.find((x) => x.id === 'ln.dog-licence')!.leadDepartmentId.value = 'wjw';
    const errors = validateCatalog(c);
    expect(errors).toContainEqual(expect.stringMatching(/部门编号“yshj”重复/));
    expect(errors).toContainEqual(expect.stringMatching(/引用的事项“hlj.nosuch”不存在/));
    expect(errors).toContainEqual(expect.stringMatching(/依赖的事项“hlj.cancel.tax”不属于该“一件事”/));
    expect(errors).toContainEqual(expect.stringMatching(/养犬证.*牵头部门“wjw”不负责/));
  });

  it('reports a malformed catalog in Chinese instead of throwing', () => {
    const c = clone() as unknown as { bundles: Record<string, unknown>[] };
    delete c.bundles[0]!.leadDepartmentId;
    const errors = validateCatalog(c);
    expect(errors).toEqual([expect.stringContaining('bundles[0].leadDepartmentId')]);
    expect(validateCatalog(null).length).toBeGreaterThan(0);
    for (const e of [...errors, ...validateCatalog(null)]) expect(e).toMatch(CHINESE);
  });

  it('writes every message in Chinese', () => {
    const c = clone();
    c.items[0]!.materials = [];
    c.items[1]!.statutoryDays.value = -2;
    c.items[2]!.departmentId.value = 'x';
    const errors = validateCatalog(c);
    expect(errors.length).toBeGreaterThanOrEqual(3);
    for (const e of errors) expect(e).toMatch(CHINESE);
  });
});

describe('form fields and materials for the merged form', () => {
  const fieldKeys = new Set(catalog.fields.map((f) => f.key));
  const materialKeys = new Set(catalog.materials.map((m) => m.key));

  it.each([
    ['heilongjiang', '新生儿出生'],
    ['heilongjiang', '企业注销登记'],
    ['liaoning', '企业开办'],
  ] as const)('%s %s asks for fewer distinct fields than the items list together', (region, name) => {
    const list = itemsOf(bundle(region, name));
    const sum = list.reduce((n, i) => n + i.fields.value.length, 0);
    const distinct = new Set(list.flatMap((i) => i.fields.value)).size;
    expect(sum).toBeGreaterThan(distinct);
    expect(sum).toBeGreaterThanOrEqual(distinct * 2);
  });

  it('shares the same key for the same datum across the items of a bundle', () => {
    const newborn = itemsOf(bundle('heilongjiang', '新生儿出生'));
    expect(newborn.filter((i) => i.fields.value.includes('mother.idNumber')).length).toBeGreaterThanOrEqual(6);
    const cancel = itemsOf(bundle('heilongjiang', '企业注销登记'));
    expect(cancel.every((i) => i.fields.value.includes('enterprise.creditCode'))).toBe(true);
    const hukou = newborn.filter((i) => i.materials.some((m) => m.key === 'hukouBook'));
    expect(hukou.length).toBeGreaterThanOrEqual(3);
  });

  it('uses only dictionary keys, and every select field has options', () => {
    for (const i of catalog.items) {
      for (const k of i.fields.value) expect(fieldKeys.has(k), `${i.id}: ${k}`).toBe(true);
      for (const m of i.materials) expect(materialKeys.has(m.key), `${i.id}: ${m.key}`).toBe(true);
    }
    for (const f of catalog.fields) if (f.type === 'select') expect(f.options?.length, f.key).toBeGreaterThan(0);
  });
});
