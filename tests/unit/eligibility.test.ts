import { describe, expect, it } from 'vitest';
import { catalog } from '../../seeds/catalog/index.js';
import { indexCatalog, type MergedField } from '../../shared/catalog-builders.js';
import { addYears, ageOn, chineseDate, evaluateEligibility, holds, type PriorCase } from '../../shared/eligibility.js';
import { emptyIntake, evaluateIntake, type IntakeData, type IntakeEvaluation, type MaterialIntake } from '../../shared/intake.js';
import { idNumber } from '../helpers/intake.js';

// The 残疾人证 rules of doc:000 as catalog data, evaluated by shared/eligibility.ts and enforced
// by evaluateIntake: guardian proof, 注销未满一年, 持证一年以上 with its exception, leap days.

const ix = indexCatalog(catalog);
const HLJ = { bundle: 'hlj.disability', item: 'hlj.disability.certificate' };
const LN = { bundle: 'ln.disability-aid', item: 'ln.aid.disability-certificate' };
const TODAY = '2026-11-23';
const ADULT = idNumber('19800101', 321);
const RECEIVED: MaterialIntake = { status: 'original', pageBlobs: [], licenceNo: null, problem: null };

function sample(f: MergedField, n: number): string {
  switch (f.type) {
    case 'idNumber':
      return idNumber('19700101', 400 + n);
    case 'phone':
      return `1390451${String(1000 + n).slice(-4)}`;
    case 'date':
      return '2000-01-01';
    case 'number':
      return '1';
    case 'select':
      return f.options![0]!;
    default:
      return `${f.label}内容`;
  }
}

interface Run {
  fields: Record<string, string>;
  today?: string;
  target?: { bundle: string; item: string };
  history?: PriorCase[];
  waived?: string[];
  /** Receive every material the evaluation requires (default), or leave these out. */
  except?: string[];
}

/** Fills what the clerk would still be asked for (errors on empty fields), then receives the required materials. */
function run({ fields, today = TODAY, target = HLJ, history = [], waived = [], except = [] }: Run): IntakeEvaluation {
  const data: IntakeData = { ...emptyIntake('person'), fields: { 'applicant.idNumber': ADULT, ...fields } };
  const ev = (d: IntakeData) => evaluateIntake(ix, target.bundle, [target.item], d, today, { history, waived });
  let e = ev(data);
  e.fields.forEach((f, i) => {
    if ((data.fields[f.key] ?? '') === '' && e.issues.some((x) => x.key === f.key && x.message.startsWith('请填写'))) data.fields[f.key] = sample(f, i);
  });
  e = ev(data);
  for (const m of e.materials) if (m.required && !except.includes(m.key)) data.materials[m.key] = RECEIVED;
  return ev(data);
}

const material = (e: IntakeEvaluation, key: string) => e.materials.find((m) => m.key === key);
const issueKeys = (e: IntakeEvaluation) => e.issues.filter((i) => i.severity === 'error').map((i) => i.key);

describe('date arithmetic', () => {
  it('adds years to the same calendar date, 29 February becoming 1 March in a common year', () => {
    expect(addYears('2026-03-01', 1)).toBe('2027-03-01');
    expect(addYears('2024-02-29', 1)).toBe('2025-03-01');
    expect(addYears('2024-02-29', 4)).toBe('2028-02-29');
    expect(addYears('2023-12-31', 1)).toBe('2024-12-31');
    expect(() => addYears('2026-02-30', 1)).toThrow();
    expect(chineseDate('2027-03-01')).toBe('2027年3月1日');
  });

  it('counts full years of age from the birthday itself', () => {
    expect(ageOn('2008-11-24', '2026-11-23')).toBe(17); // 17 years 364 days
    expect(ageOn('2008-11-24', '2026-11-24')).toBe(18);
    expect(ageOn('2008-02-29', '2026-02-28')).toBe(17);
    expect(ageOn('2008-02-29', '2026-03-01')).toBe(18);
    expect(ageOn('2026-11-23', '2026-11-23')).toBe(0);
  });

  it('evaluates conditions over the form, with an age read from the ID number', () => {
    const fieldType = (k: string) => ix.catalog.fields.find((f) => f.key === k)?.type;
    const ctx = (fields: Record<string, string>, today = TODAY) => ({ fields, today, fieldType });
    const minor = { field: 'applicant.idNumber', ageBelow: 18 };
    expect(holds(minor, ctx({ 'applicant.idNumber': idNumber('20081124', 11) }))).toBe(true);
    expect(holds(minor, ctx({ 'applicant.idNumber': idNumber('20081123', 11) }))).toBe(false);
    // An unreadable number meets no test: the form's own check reports it.
    expect(holds(minor, ctx({ 'applicant.idNumber': '123' }))).toBe(false);
    const type = { field: 'disability.type', in: ['智力残疾', '精神残疾'] };
    expect(holds(type, ctx({ 'disability.type': '精神残疾' }))).toBe(true);
    expect(holds({ not: type }, ctx({}))).toBe(true);
    expect(holds({ all: [type, minor] }, ctx({ 'disability.type': '精神残疾', 'applicant.idNumber': ADULT }))).toBe(false);
    expect(holds({ any: [type, minor] }, ctx({ 'disability.type': '视力残疾', 'applicant.idNumber': idNumber('20150101', 12) }))).toBe(true);
  });
});

describe('guardian proof (法定监护人证明材料)', () => {
  it('is required for 智力残疾 on 新办, with the guardian name and ID number, and blocks acceptance until received', () => {
    let e = run({ fields: { 'disability.procedure': '新办', 'disability.type': '智力残疾' }, except: ['guardianProof'] });
    expect(material(e, 'guardianProof')).toMatchObject({ required: true, received: false });
    expect(e.canAccept).toBe(false);
    expect(e.acceptBlockers).toEqual(['缺少材料：法定监护人证明材料（申请智力、精神残疾人证或未成年人申请时须提供）']);

    // The guardian fields are asked for with the reason, and filled by the run.
    const bare = evaluateIntake(ix, HLJ.bundle, [HLJ.item], { ...emptyIntake('person'), fields: { 'disability.procedure': '新办', 'disability.type': '智力残疾' } }, TODAY);
    expect(bare.issues.find((i) => i.key === 'guardian.name')?.message).toBe('请填写法定监护人姓名（申请智力、精神残疾人证或未成年人申请时须填写）');
    expect(bare.issues.map((i) => i.key)).toContain('guardian.idNumber');
    expect(bare.issues.map((i) => i.key)).not.toContain('guardian.phone');

    e = run({ fields: { 'disability.procedure': '新办', 'disability.type': '智力残疾' } });
    expect(e.canAccept).toBe(true);
  });

  it('is not asked of an adult with another disability, nor are the guardian fields', () => {
    const e = run({ fields: { 'disability.procedure': '新办', 'disability.type': '肢体残疾' } });
    expect(material(e, 'guardianProof')).toMatchObject({ required: false });
    expect(issueKeys(e)).toEqual([]);
    expect(e.canAccept).toBe(true);
  });

  it('covers 多重残疾 only when it includes an intellectual or mental disability, and asks which', () => {
    const multi = { 'disability.procedure': '新办', 'disability.type': '多重残疾' };
    const unanswered = evaluateIntake(ix, HLJ.bundle, [HLJ.item], { ...emptyIntake('person'), fields: multi }, TODAY);
    expect(unanswered.issues.find((i) => i.key === 'disability.multipleIncludes')?.message).toMatch(/残疾类别为多重残疾时/);
    expect(material(run({ fields: { ...multi, 'disability.multipleIncludes': '含智力或精神残疾' }, except: ['guardianProof'] }), 'guardianProof')?.required).toBe(true);
    expect(material(run({ fields: { ...multi, 'disability.multipleIncludes': '不含智力、精神残疾' } }), 'guardianProof')?.required).toBe(false);
  });

  it('applies to minors by the birth date in the ID number: 17 years 364 days yes, 18 years no', () => {
    const base = { 'disability.procedure': '新办', 'disability.type': '视力残疾' };
    const minor = run({ fields: { ...base, 'applicant.idNumber': idNumber('20081124', 55) }, except: ['guardianProof'] });
    expect(material(minor, 'guardianProof')?.required).toBe(true);
    expect(minor.canAccept).toBe(false);
    const adult = run({ fields: { ...base, 'applicant.idNumber': idNumber('20081123', 55) } });
    expect(material(adult, 'guardianProof')?.required).toBe(false);
    expect(adult.canAccept).toBe(true);
  });

  it('follows the procedures the source names: 新办, 迁移, 挂失补办, 类别/等级变更, not 换领 or 注销', () => {
    const required = (procedure: string) =>
      material(run({ fields: { 'disability.procedure': procedure, 'disability.type': '精神残疾', 'disability.issuedOn': '2020-01-01' }, except: ['guardianProof'] }), 'guardianProof');
    for (const p of ['新办', '迁移', '挂失补办', '残疾类别/等级变更']) expect(required(p), p).toMatchObject({ required: true, received: false });
    for (const p of ['换领', '注销']) expect(required(p), p).toBeUndefined();
  });

  it('brings the chosen procedure’s own materials into the intake', () => {
    const keys = (procedure: string) => run({ fields: { 'disability.procedure': procedure } }).materials.map((m) => m.key);
    expect(keys('换领')).toEqual(expect.arrayContaining(['originalCertificate', 'photo']));
    expect(keys('换领')).not.toContain('disabilityAssessment');
    expect(keys('挂失补办')).toContain('lossStatement');
    expect(keys('注销')).toEqual(expect.arrayContaining(['deathCert', 'originalCertificate']));
    // 残疾人证号 is asked only of a holder.
    expect(evaluateIntake(ix, HLJ.bundle, [HLJ.item], { ...emptyIntake('person'), fields: { 'disability.procedure': '新办' } }, TODAY).issues.map((i) => i.key)).not.toContain('disability.certNumber');
    expect(evaluateIntake(ix, HLJ.bundle, [HLJ.item], { ...emptyIntake('person'), fields: { 'disability.procedure': '换领' } }, TODAY).issues.map((i) => i.key)).toContain('disability.certNumber');
  });

  it('holds in Liaoning too, as a placeholder borrowed from Heilongjiang', () => {
    const e = run({ target: LN, fields: { 'disability.type': '智力残疾' }, except: ['guardianProof'] });
    expect(material(e, 'guardianProof')).toMatchObject({ required: true, received: false });
    expect(run({ target: LN, fields: { 'disability.type': '听力残疾' } }).canAccept).toBe(true);
    const item = ix.item(LN.item);
    expect(item.rules!.periods![0]!.source).toBe('placeholder');
    expect(item.materials.find((m) => m.key === 'guardianProof')!.source).toBe('placeholder');
  });
});

describe('no re-application within one year of a cancellation', () => {
  const cancelled = (on: string, procedure = '新办') => ({ 'disability.procedure': procedure, 'disability.cancelledOn': on, 'disability.issuedOn': '2020-01-01' });
  const MESSAGE = '残疾人证注销未满一年（2026年3月1日注销），2027年3月1日起方可重新申请；如有疑问请咨询残联';

  it('refuses 新办 one day short of a year, with the dates, and allows it on the anniversary', () => {
    const short = run({ fields: cancelled('2026-03-01'), today: '2027-02-28' });
    expect(short.canAccept).toBe(false);
    expect(short.canAcceptPending).toBe(false);
    expect(short.acceptBlockers).toEqual([MESSAGE]);
    expect(short.pendingBlockers).toContain(MESSAGE);
    expect(short.ruleBlocks).toMatchObject([{ ruleKey: 'cancelled_within_year', from: '2026-03-01', until: '2027-03-01', waivable: true }]);
    expect(run({ fields: cancelled('2026-03-01'), today: '2027-03-01' }).canAccept).toBe(true);
  });

  it('counts a leap-day cancellation to 1 March', () => {
    const e = run({ fields: cancelled('2024-02-29'), today: '2025-02-28' });
    expect(e.acceptBlockers[0]).toBe('残疾人证注销未满一年（2024年2月29日注销），2025年3月1日起方可重新申请；如有疑问请咨询残联');
    expect(run({ fields: cancelled('2024-02-29'), today: '2025-03-01' }).canAccept).toBe(true);
  });

  it('governs 新办 and 类别/等级变更 only', () => {
    expect(run({ fields: cancelled('2026-10-01', '残疾类别/等级变更'), today: TODAY }).ruleBlocks.map((b) => b.ruleKey)).toEqual(['cancelled_within_year']);
    for (const p of ['换领', '迁移', '挂失补办', '注销']) expect(run({ fields: cancelled('2026-10-01', p) }).ruleBlocks, p).toEqual([]);
  });

  it('takes the later of the typed date and a cancellation handed over on this device', () => {
    const history: PriorCase[] = [
      { itemIds: [HLJ.item], fields: { 'disability.procedure': '注销' }, on: '2026-05-10' },
      // Neither a cancellation nor this item: ignored.
      { itemIds: [HLJ.item], fields: { 'disability.procedure': '换领' }, on: '2026-09-01' },
      { itemIds: ['hlj.disability.care-subsidy'], fields: { 'disability.procedure': '注销' }, on: '2026-09-02' },
    ];
    const e = run({ fields: cancelled('2026-03-01'), today: '2027-03-05', history });
    expect(e.acceptBlockers).toEqual(['残疾人证注销未满一年（2026年5月10日注销），2027年5月10日起方可重新申请；如有疑问请咨询残联']);
    // With no date typed, the history alone decides.
    expect(run({ fields: { 'disability.procedure': '新办' }, today: '2027-05-09', history }).canAccept).toBe(false);
    expect(run({ fields: { 'disability.procedure': '新办' }, today: '2027-05-10', history }).canAccept).toBe(true);
  });

  it('can be lifted for one case by a supervisor because the source says 原则上; the card-holding rule cannot', () => {
    expect(run({ fields: cancelled('2026-10-01'), waived: ['cancelled_within_year'] }).canAccept).toBe(true);
    const change = { 'disability.procedure': '残疾类别/等级变更', 'disability.issuedOn': '2026-06-01', 'disability.suddenChange': '否' };
    expect(run({ fields: change, waived: ['held_under_year'] }).ruleBlocks.map((b) => b.ruleKey)).toEqual(['held_under_year']);
  });

  it('rejects a cancellation date after today as a form error', () => {
    const e = run({ fields: cancelled('2026-12-01') });
    expect(e.issues.find((i) => i.key === 'disability.cancelledOn')?.message).toBe('原残疾人证注销日期（曾注销的填写）晚于今天，请核对后重新填写');
    expect(e.canAccept).toBe(false);
  });
});

describe('category/grade change after one year of holding the card', () => {
  const change = (issuedOn: string, sudden = '否') => ({ 'disability.procedure': '残疾类别/等级变更', 'disability.issuedOn': issuedOn, 'disability.suddenChange': sudden });

  it('needs the issue date and whether the exception applies', () => {
    const e = evaluateIntake(ix, HLJ.bundle, [HLJ.item], { ...emptyIntake('person'), fields: { 'disability.procedure': '残疾类别/等级变更' } }, TODAY);
    expect(e.issues.find((i) => i.key === 'disability.issuedOn')?.message).toBe('请填写残疾人证发证日期（申请残疾类别/等级变更时须填写）');
    expect(e.issues.map((i) => i.key)).toContain('disability.suddenChange');
  });

  it('refuses one day short of a year and allows it on the anniversary', () => {
    const short = run({ fields: change('2025-11-24') });
    expect(short.acceptBlockers[0]).toMatch(/^残疾人证发证未满一年（2025年11月24日发证），2026年11月24日起方可申请残疾类别\/等级变更；/);
    expect(short.ruleBlocks).toMatchObject([{ ruleKey: 'held_under_year', waivable: false }]);
    expect(run({ fields: change('2025-11-23') }).canAccept).toBe(true);
    expect(run({ fields: change('2024-02-29'), today: '2025-02-28' }).canAccept).toBe(false);
    expect(run({ fields: change('2024-02-29'), today: '2025-03-01' }).canAccept).toBe(true);
  });

  it('lets the 突发事故、不可抗力 exception through, with the disability assessment required', () => {
    const e = run({ fields: change('2026-10-01', '是'), except: ['disabilityAssessment'] });
    expect(e.ruleBlocks).toEqual([]);
    expect(material(e, 'disabilityAssessment')).toMatchObject({ required: true, received: false });
    expect(e.acceptBlockers).toEqual(['缺少材料：残疾评定表（指定医疗机构评定）']);
    expect(run({ fields: change('2026-10-01', '是') }).canAccept).toBe(true);
  });
});

describe('evaluateEligibility on its own', () => {
  it('reports the variants the form selects and nothing for an item without rules', () => {
    const fieldType = (k: string) => ix.catalog.fields.find((f) => f.key === k)?.type;
    const r = evaluateEligibility([ix.item(HLJ.item)], { 'disability.procedure': '迁移' }, TODAY, fieldType);
    expect(r.variants.get(HLJ.item)!.map((v) => v.key)).toEqual(['transfer']);
    const plain = evaluateEligibility([ix.item('hlj.disability.care-subsidy')], {}, TODAY, fieldType);
    expect([plain.variants.size, plain.requiredMaterials.size, plain.optionalFields.size, plain.blocks.length]).toEqual([0, 0, 0, 0]);
  });
});
