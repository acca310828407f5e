import { describe, expect, it } from 'vitest';
import { calendarData } from '../../seeds/calendar.js';
import { catalog } from '../../seeds/catalog/index.js';
import { createCalendar } from '../../shared/calendar.js';
import { indexCatalog } from '../../shared/catalog-builders.js';
import { deriveFacts, type FactEvent } from '../../shared/reports/facts.js';
import { periodRange, quantile } from '../../shared/reports/aggregate.js';

// The facts of a case from hand-built event lists, against figures worked out by hand with the
// 2026 calendar: Mid-Autumn 25–27 Sep, National Day 1–7 Oct, Saturday 10 Oct a make-up workday.

const ix = indexCatalog(catalog);
const ctx = { catalog: (v: string) => (v === catalog.version ? ix : null), calendar: createCalendar(calendarData()) };
const BIRTH = 'hlj.newborn.birth-certificate';
const HUKOU = 'hlj.newborn.hukou';

let n = 0;
function ev(type: string, payload: unknown, day: string, extra: Partial<FactEvent> = {}): FactEvent {
  return { id: `e${++n}`, type, payload, actorId: 'clerk-1', deviceId: 'dev-a', createdAt: `${day}T10:00:00+08:00`, ...extra };
}
const clock = (start: string, promisedDays = 1) => ({ start, promisedDays, statutoryDays: null, dueDate: null, statutoryDueDate: null, warnDate: null });
const item = (itemId: string, departmentId: string, to: string, day: string, more: Record<string, unknown> = {}) =>
  ev('item.state_changed', { itemId, departmentId, to, ...more }, day, { actorId: `rev-${departmentId}`, deviceId: `dev-${departmentId}` });

function intake(day: string, accepted: Record<string, unknown> = {}): FactEvent[] {
  return [
    ev('case.drafted', { bundleId: 'hlj.newborn', itemIds: [BIRTH, HUKOU], catalogVersion: catalog.version, hallCode: '230100', applicantKind: 'person', ticketRef: null }, day),
    ev('case.draft_updated', {
      priority: 'elderly',
      materials: {
        applicationForm: { status: 'original', pageBlobs: [], licenceNo: null, problem: null },
        idCard: { status: 'copy', pageBlobs: [], licenceNo: null, problem: null },
        marriageCert: { status: 'elicense', pageBlobs: [], licenceNo: 'EL-1', problem: null },
      },
    }, day),
    ev('case.accepted', { caseNumber: 'X-1', pendingMaterials: [], commitmentDeadline: null, commitmentBlob: null, expectedDate: null, delivery: { method: 'window', address: null }, ...accepted }, day),
  ];
}

/** Accepted 29 Sep, birth certificate decided 30 Sep, 户口 corrected over the holiday and decided on the make-up Saturday. */
function nationalDayCase(): FactEvent[] {
  const list = [
    ...intake('2026-09-29'),
    ev('case.routed', {}, '2026-09-29'),
    item(BIRTH, 'wjw', 'queued', '2026-09-29', { clock: clock('2026-09-29') }),
    item(HUKOU, 'gaj', 'blocked', '2026-09-29', { dependsOn: [BIRTH] }),
    item(BIRTH, 'wjw', 'received', '2026-09-30'),
    item(BIRTH, 'wjw', 'approved', '2026-09-30', { result: { number: 'N1', elicenseId: null, documentBlobs: [], note: null } }),
    item(HUKOU, 'gaj', 'queued', '2026-09-30', { clock: clock('2026-09-30') }),
    item(HUKOU, 'gaj', 'received', '2026-10-08'),
    item(HUKOU, 'gaj', 'needs_correction', '2026-10-08', { pause: { from: '2026-10-08', reason: 'correction', note: null } }),
    item(HUKOU, 'gaj', 'queued', '2026-10-09', { resumeLastDay: '2026-10-09', clock: clock('2026-09-30') }),
    item(HUKOU, 'gaj', 'received', '2026-10-10'),
    item(HUKOU, 'gaj', 'approved', '2026-10-10', { result: { number: 'N2', elicenseId: null, documentBlobs: [], note: null } }),
  ];
  const handed = ev('delivery.handed_over', { receiptNo: 'R1', itemIds: [BIRTH, HUKOU], channel: 'window', recipient: null, authorizationBlobs: [], entries: [], signatureBlob: null, signedPaperBlobs: [], ratingCode: 'ABCDEFGH' }, '2026-10-12');
  return [
    ...list,
    handed,
    ev('case.delivered', { channel: 'window' }, '2026-10-12'),
    ev('rating.submitted', { level: 2, reasons: ['等候时间过长'], comment: null, visitId: handed.id, source: 'counter', rectificationDue: '2026-11-02' }, '2026-10-12'),
    // A second rating of the same visit counts nothing.
    ev('rating.submitted', { level: 5, reasons: [], comment: null, visitId: handed.id, source: 'code', rectificationDue: null }, '2026-10-13'),
    ev('rectification.recorded', { visitId: handed.id, entry: { step: 'verify', justified: true, text: '属实' } }, '2026-10-13'),
  ];
}

describe('report facts of one case', () => {
  it('counts working days across the National Day holiday and the make-up Saturday', () => {
    const f = deriveFacts('c1', nationalDayCase(), ctx)!;
    expect(f.case).toMatchObject({
      hallCode: '230100',
      bundleId: 'hlj.newborn',
      deviceId: 'dev-a',
      clerkId: 'clerk-1',
      priority: 'elderly',
      acceptedDate: '2026-09-29',
      readyDate: '2026-10-10',
      deliveredDate: '2026-10-12',
      // 30 Sep, 8, 9, 10 Oct (the make-up Saturday): 4; then Monday 12 Oct: 5.
      readyDays: 4,
      deliveryDays: 5,
      onTime: true,
      corrections: 1,
      itemCount: 2,
      pendingCount: 0,
      commitmentKept: null,
      rating: 2,
      rectification: 'verified',
    });
    const byId = new Map(f.items.map((i) => [i.itemId, i]));
    expect(byId.get(BIRTH)).toMatchObject({ departmentId: 'wjw', state: 'approved', decidedDate: '2026-09-30', workdays: 1, onTime: true, corrections: 0, deliveryDays: 5 });
    // Clock from 30 Sep: 8 and 9 Oct paused for the correction, so 10 Oct is its first and only counted day.
    expect(byId.get(HUKOU)).toMatchObject({ departmentId: 'gaj', decidedDate: '2026-10-10', workdays: 1, onTime: true, corrections: 1, promisedDays: 1 });
  });

  it('computes the reform figures: fields once, materials, e-license, visits, limits', () => {
    const f = deriveFacts('c1', nationalDayCase(), ctx)!;
    expect(f.case).toMatchObject({
      // 出生医学证明 asks 10 fields, 户口登记 13, 14 different ones together; each form also asks the
      // applicant's 7 identity fields: 14 + 7 once, against (10 + 7) + (13 + 7).
      fieldsMerged: 21,
      fieldsSeparate: 37,
      // Handed in: the form (original) and the ID card (copy); the marriage certificate came from the e-license system.
      materialsSubmitted: 2,
      materialsElicense: 1,
      // 2 requirements of 出生医学证明 + 5 of 户口登记.
      materialsSeparate: 7,
      // Intake on 29 Sep, the corrected materials on 9 Oct, pickup on 12 Oct; separately 2 departments × 2.
      visitsMade: 3,
      visitsSeparate: 4,
      // 户口 waits for the certificate: 1 + 1 promised; statutory limits unset, so the promised ones, summed.
      promisedDays: 2,
      statutoryDays: 2,
    });
  });

  it('judges an item late when it is decided after its promised day', () => {
    const events = nationalDayCase().filter((e) => !(e.type === 'item.state_changed' && (e.payload as { itemId: string }).itemId === BIRTH && ['received', 'approved'].includes((e.payload as { to: string }).to)));
    // The certificate decided on 8 Oct instead of 30 Sep: its one promised day was 30 Sep.
    const late = [...events.slice(0, 6), item(BIRTH, 'wjw', 'received', '2026-10-08'), item(BIRTH, 'wjw', 'approved', '2026-10-08', { result: { number: 'N1', elicenseId: null, documentBlobs: [], note: null } }), ...events.slice(6)];
    const f = deriveFacts('c1', late, ctx)!;
    expect(f.items.find((i) => i.itemId === BIRTH)).toMatchObject({ onTime: false, workdays: 2 });
    expect(f.case.onTime).toBe(false);
  });

  it('keeps or breaks a 容缺 commitment by each material’s own deadline', () => {
    const pending = { pendingMaterials: [{ key: 'idCard', name: '身份证', deadline: '2026-10-09' }], commitmentDeadline: '2026-10-09' };
    const supply = (day: string, status = 'copy') => ev('case.material_supplied', { key: 'idCard', status, pageBlobs: [], licenceNo: null }, day);
    const kept = deriveFacts('k', [...intake('2026-09-29', pending), supply('2026-10-09')], ctx)!;
    expect(kept.case).toMatchObject({ pendingCount: 1, commitmentKept: true, commitmentDue: null, visitsMade: 2 });
    const broken = deriveFacts('b', [...intake('2026-09-29', pending), supply('2026-10-10')], ctx)!;
    expect(broken.case).toMatchObject({ pendingCount: 1, commitmentKept: false, commitmentDue: null });
    const open = deriveFacts('o', intake('2026-09-29', pending), ctx)!;
    expect(open.case).toMatchObject({ pendingCount: 1, commitmentKept: null, commitmentDue: '2026-10-09' });
    // Fetched from the e-license system: kept, and no trip to the hall.
    const byLicence = deriveFacts('e', [...intake('2026-09-29', pending), supply('2026-10-09', 'elicense')], ctx)!;
    expect(byLicence.case).toMatchObject({ commitmentKept: true, visitsMade: 1 });
  });

  it('counts mail as no visit and delivers items when the mail arrives', () => {
    const base = nationalDayCase().slice(0, 14);
    const mailed = ev('delivery.mailed', { receiptNo: 'R1', itemIds: [BIRTH, HUKOU], entries: [], carrier: 'ems', carrierName: null, trackingNo: 'EM123456789CN', trackingFormatOk: true, to: { name: '王', phone: '13900000000', address: '哈尔滨市道里区某街1号' }, ratingCode: 'ABCDEFGH' }, '2026-10-12');
    const f = deriveFacts('m', [...base, mailed, ev('delivery.mail_delivered', { visitId: mailed.id, on: '2026-10-14' }, '2026-10-14'), ev('case.delivered', { channel: 'mail' }, '2026-10-14')], ctx)!;
    expect(f.case).toMatchObject({ visitsMade: 2, deliveredDate: '2026-10-14', deliveryDays: 7, rating: null, rectification: null });
    expect(f.items.every((i) => i.deliveryDays === 7)).toBe(true);
  });

  it('drops a rating voided on appeal and has no facts for a case never accepted', () => {
    const events = nationalDayCase();
    const visitId = (events.find((e) => e.type === 'delivery.handed_over')!).id;
    const f = deriveFacts('v', [...events, ev('rating.appealed', { visitId, reason: '按错' }, '2026-10-14'), ev('rating.appeal_decided', { visitId, upheld: true, note: '属实' }, '2026-10-15')], ctx)!;
    expect(f.case).toMatchObject({ rating: null, rectification: null });
    expect(deriveFacts('d', intake('2026-09-29').slice(0, 2), ctx)).toBeNull();
  });

  it('gives zero reform figures, not an error, when the pinned catalog version is unknown', () => {
    const f = deriveFacts('u', nationalDayCase(), { ...ctx, catalog: () => null })!;
    expect(f.case).toMatchObject({ fieldsMerged: 0, materialsSeparate: 0, readyDays: 4, visitsSeparate: 4 });
  });
});

describe('report periods and percentiles', () => {
  it('resolves weeks from Monday and months to their last day', () => {
    expect(periodRange({ kind: 'week', date: '2026-10-01' })).toEqual({ from: '2026-09-28', to: '2026-10-04' });
    expect(periodRange({ kind: 'month', month: '2028-02' })).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(periodRange({ kind: 'year', year: 2026 })).toEqual({ from: '2026-01-01', to: '2026-12-31' });
    expect(() => periodRange({ kind: 'range', from: '2026-10-02', to: '2026-10-01' })).toThrow(/早于/);
  });

  it('computes median and p90 as Excel does (linear between order statistics)', () => {
    const h = new Map([[1, 2], [3, 1], [10, 1]]); // 1, 1, 3, 10
    expect(quantile(h, 0.5)).toBe(2);
    expect(quantile(h, 0.9)).toBe(7.9);
    expect(quantile(new Map(), 0.5)).toBeNull();
    expect(quantile(new Map([[4, 1]]), 0.9)).toBe(4);
  });
});
