import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventHash, type RemoteEvent } from '../../db/stores/events.js';
import type { Board } from '../../shared/api/board.js';
import type { DuplicatesView } from '../../shared/api/duplicates.js';
import type { CaseView } from '../../shared/api/intake.js';
import type { EventType, StoredEvent } from '../../shared/events.js';
import { encodeHlc } from '../../shared/hlc.js';
import { newId } from '../../shared/ids.js';
import { catalog } from '../../seeds/catalog/index.js';
import { DEMO_PASSWORD } from '../../seeds/demo.js';
import { maskIdNumber } from '../../shared/validators.js';
import { testHost } from '../helpers/host.js';
import { completeFields, idNumber, receiveMaterials } from '../helpers/intake.js';

// 重复办件 through a real host: the counter's hint on the case view, the refusal of an item that must
// not be applied for twice (naming the existing case), no flag for two cases the clerk made on one
// device, and a pair with a case pulled from another counter: listed side by side for the supervisor,
// decided by events (merge withdraws the other case), counted on the board, equal after a rebuild.

type TH = Awaited<ReturnType<typeof testHost>>;
const C = 'counter';
const SUP = 'zb01';
const RETIREMENT = 'hlj.retirement';
const ELIGIBILITY = 'hlj.retirement.eligibility';
const PENSION = 'hlj.retirement.pension';
const ELIGIBILITY_NAME = '参保人员达到法定退休年龄领取基本养老保险待遇资格确认';
const RETIREE = idNumber('19650601', 512);
const MOTHER = idNumber('19920304', 618);
const FOREIGN_DEVICE = 'counter-two-device';

let h: TH;
let hallCode: string;

async function signIn(t: TH) {
  await t.ok(C, 'auth.signIn', { staffNo: 'sj01', password: DEMO_PASSWORD });
  await t.ok(SUP, 'auth.signIn', { staffNo: SUP, password: DEMO_PASSWORD });
}

async function draft(bundleId: string, itemIds: string[], id: string, name: string): Promise<CaseView> {
  const v = await h.ok<CaseView>(C, 'intake.start', { bundleId, itemIds, applicantKind: 'person' });
  return h.ok<CaseView>(C, 'intake.update', {
    id: v.id,
    expectedSeq: v.lastEventSeq,
    patch: { fields: completeFields(v, { 'applicant.name': name, 'applicant.idNumber': id, 'applicant.phone': '13904571234' }) },
  });
}

async function accept(v: CaseView) {
  const full = await h.ok<CaseView>(C, 'intake.update', { id: v.id, expectedSeq: v.lastEventSeq, patch: { materials: receiveMaterials(v) } });
  return h.call(C, 'intake.accept', { id: full.id, expectedSeq: full.lastEventSeq, delivery: { method: 'window', address: null } });
}

/** Events of a case made on another counter of the hall, as a sync pull brings them (hash-chained). */
function foreignCase(caseId: string, at: number, idNo: string, caseNumber: string): RemoteEvent[] {
  const specs: { type: EventType; payload: unknown }[] = [
    { type: 'case.drafted', payload: { bundleId: RETIREMENT, itemIds: [ELIGIBILITY, PENSION], catalogVersion: catalog.version, hallCode, applicantKind: 'person', ticketRef: null } },
    { type: 'case.draft_updated', payload: { fields: { 'applicant.name': '周建华', 'applicant.idNumber': idNo, 'applicant.phone': '13904570000' } } },
    {
      type: 'case.accepted',
      payload: { caseNumber, pendingMaterials: [], commitmentDeadline: null, commitmentBlob: null, expectedDate: null, delivery: { method: 'window', address: null } },
    },
  ];
  let prevHash = '0'.repeat(64);
  return specs.map((s, i) => {
    const base = {
      id: newId(),
      caseId,
      type: s.type,
      actorId: 'clerk-on-counter-two',
      deviceId: FOREIGN_DEVICE,
      hlc: encodeHlc({ wallMs: at + i, counter: 0, deviceId: FOREIGN_DEVICE }),
      createdAt: new Date(at + i).toISOString(),
      prevHash,
    };
    const hash = eventHash({ ...base, payloadJson: JSON.stringify(s.payload) });
    prevHash = hash;
    return { ...base, payload: s.payload, hash } satisfies Omit<StoredEvent, 'seq'>;
  });
}

const pairs = () => h.ok<DuplicatesView>(SUP, 'supervision.duplicates', {});

beforeAll(async () => {
  h = await testHost();
  await signIn(h);
  hallCode = h.host.services.settings.read().installation!.hallCode;
}, 120_000);

afterAll(async () => {
  await h?.close();
});

describe('重复办件 at the counter', () => {
  let first: CaseView;
  let second: CaseView;

  it('tells the clerk about an open case of the same applicant and bundle once the ID number is known', async () => {
    first = await draft(RETIREMENT, [ELIGIBILITY, PENSION], RETIREE, '孙桂芝');
    expect(first.duplicates).toEqual([]);
    const started = await h.ok<CaseView>(C, 'intake.start', { bundleId: RETIREMENT, itemIds: [ELIGIBILITY], applicantKind: 'person' });
    // Nothing to say before the applicant is identified.
    expect(started.duplicates).toEqual([]);
    second = await h.ok<CaseView>(C, 'intake.update', {
      id: started.id,
      expectedSeq: started.lastEventSeq,
      patch: { fields: completeFields(started, { 'applicant.name': '孙桂芝', 'applicant.idNumber': RETIREE, 'applicant.phone': '13904571234' }) },
    });
    expect(second.duplicates).toEqual([
      {
        caseId: first.id,
        caseNumber: null,
        state: 'draft',
        bundleName: '退休',
        createdAt: expect.any(String),
        sameBundle: true,
        sharedItems: [ELIGIBILITY_NAME],
        // A draft blocks nothing: only cases past the counter's decision do.
        refusedItems: [],
      },
    ]);
    // Another applicant's case says nothing.
    const other = await draft(RETIREMENT, [ELIGIBILITY], idNumber('19650601', 777), '钱玉兰');
    expect(other.duplicates).toEqual([]);
  });

  it('refuses a second acceptance of an item allowed once, naming the existing case', async () => {
    const r1 = await accept(first);
    if (!r1.ok) throw new Error(r1.error.message);
    const accepted = r1.value as CaseView;
    expect(accepted.caseNumber).toMatch(/^232701-/);

    const again = await h.ok<CaseView>(C, 'intake.open', { id: second.id });
    expect(again.duplicates).toMatchObject([{ caseId: first.id, caseNumber: accepted.caseNumber, state: 'in_review', refusedItems: [ELIGIBILITY_NAME] }]);
    const r2 = await accept(again);
    expect(r2.ok).toBe(false);
    if (r2.ok) return;
    expect(r2.error.code).toBe('CONFLICT');
    expect(r2.error.message).toBe(`“${ELIGIBILITY_NAME}”不能重复申请：该申请人已有未办结的办件 ${accepted.caseNumber}，请打开该办件继续办理，或先撤回。`);
    expect((await h.ok<CaseView>(C, 'intake.open', { id: second.id })).state).toBe('draft');
  });

  it('only informs for items that may be applied for again: twins of one mother are two cases', async () => {
    const twin1 = await draft('hlj.newborn', ['hlj.newborn.birth-certificate'], MOTHER, '李娜');
    const twin2 = await draft('hlj.newborn', ['hlj.newborn.birth-certificate'], MOTHER, '李娜');
    expect(twin2.duplicates?.map((d) => d.caseId)).toEqual([twin1.id]);
    const r1 = await accept(twin1);
    expect(r1.ok).toBe(true);
    const seen = await h.ok<CaseView>(C, 'intake.open', { id: twin2.id });
    expect(seen.duplicates).toMatchObject([{ caseId: twin1.id, refusedItems: [] }]);
    const r2 = await accept(seen);
    expect(r2.ok ? (r2.value as CaseView).state : r2.error.message).toBe('in_review');
  });

  it('does not flag cases the clerk made on this device: they were told', async () => {
    const v = await pairs();
    expect(v).toEqual({ awaiting: 0, pairs: [] });
    expect(await h.host.services.store.duplicates.awaitingCount()).toBe(0);
  });
});

describe('重复办件 for the supervisor', () => {
  const foreignId = newId();
  const foreignNumber = '232701-20261123-ZZZZ-0001';
  let local: CaseView;

  it('flags a case pulled from another counter for the same applicant and item, both sides listed', async () => {
    local = await draft(RETIREMENT, [PENSION], idNumber('19640202', 135), '周建华');
    const r = await h.host.services.store.events.applyRemote(foreignCase(foreignId, h.clock.now - 60_000, idNumber('19640202', 135), foreignNumber));
    expect(r.conflicts).toEqual([]);
    const v = await pairs();
    expect(v.awaiting).toBe(1);
    const [p] = v.pairs;
    expect(p).toMatchObject({ status: 'awaiting', subjectKind: 'person', sameBundle: true, sharedItems: ['新增退休人员养老保险待遇核定发放'], decision: null });
    expect(p!.subjectMasked).toBe(maskIdNumber(idNumber('19640202', 135)));
    const sides = [p!.left, p!.right];
    const mine = sides.find((s) => s.caseId === local.id)!;
    const theirs = sides.find((s) => s.caseId === foreignId)!;
    expect(mine).toMatchObject({ known: true, caseNumber: null, state: 'draft', bundleName: '退休', items: ['新增退休人员养老保险待遇核定发放'], applicantName: '周建华', counter: '本机', clerkName: '王晓燕' });
    expect(mine.idMasked).toMatch(/^\d{4}\*{10}\d{3}[\dX]$/);
    expect(theirs).toMatchObject({ known: true, caseNumber: foreignNumber, state: 'accepted', clerkName: '其他设备的工作人员', materials: 0 });
    expect(theirs.counter).toMatch(/^其他窗口（设备 [0-9A-Z]{4}）$/);
    // The case view at the counter says so too.
    expect((await h.ok<CaseView>(C, 'intake.open', { id: local.id })).duplicates).toMatchObject([{ caseId: foreignId, caseNumber: foreignNumber }]);
    const board = await h.ok<Board>(SUP, 'supervision.board', {});
    expect(board.duplicatesAwaiting).toBe(1);
  });

  it('is for the supervisor only, and a note is required', async () => {
    const denied = await h.call(C, 'supervision.duplicates', {});
    expect(denied.ok ? null : denied.error.code).toBe('FORBIDDEN');
    const noNote = await h.call(SUP, 'supervision.decideDuplicate', { caseA: local.id, caseB: foreignId, decision: 'distinct', note: ' ' });
    expect(noNote.ok ? null : noNote.error.code).toBe('INVALID_INPUT');
  });

  it('drops an undecided pair when the ID number is corrected, and finds it again', async () => {
    let v = await h.ok<CaseView>(C, 'intake.open', { id: local.id });
    v = await h.ok<CaseView>(C, 'intake.update', { id: v.id, expectedSeq: v.lastEventSeq, patch: { fields: { 'applicant.idNumber': idNumber('19640202', 136) } } });
    expect((await pairs()).awaiting).toBe(0);
    v = await h.ok<CaseView>(C, 'intake.update', { id: v.id, expectedSeq: v.lastEventSeq, patch: { fields: { 'applicant.idNumber': idNumber('19640202', 135) } } });
    expect(v.duplicates?.map((d) => d.caseId)).toEqual([foreignId]);
    expect((await pairs()).awaiting).toBe(1);
  });

  it('keeps one case and withdraws the other through events, once', async () => {
    const kept = await h.ok<DuplicatesView>(SUP, 'supervision.decideDuplicate', {
      caseA: foreignId,
      caseB: local.id,
      decision: 'merge',
      keepCaseId: foreignId,
      note: '已电话联系申请人，在另一窗口已受理，撤回本窗口草稿',
    });
    expect(kept.awaiting).toBe(0);
    expect(kept.pairs[0]).toMatchObject({ status: 'decided', decision: 'merge', keepCaseId: foreignId, decidedBy: '刘海涛' });
    const events = await h.host.services.store.events.caseEvents(local.id);
    const last = events.slice(-2);
    expect(last.map((e) => [e.type, e.actorId !== null])).toEqual([
      ['duplicate.decided', true],
      ['case.withdrawn', true],
    ]);
    expect(last[0]!.payload).toEqual({ otherCaseId: foreignId, decision: 'merge', keepCaseId: foreignId, note: '已电话联系申请人，在另一窗口已受理，撤回本窗口草稿' });
    expect(last[1]!.payload).toEqual({ reason: `与办件 ${foreignNumber} 重复，经监察决定保留该件、撤回本件。` });
    expect((await h.ok<CaseView>(C, 'intake.open', { id: local.id })).state).toBe('withdrawn');
    expect((await h.ok<Board>(SUP, 'supervision.board', {})).duplicatesAwaiting).toBe(0);

    const again = await h.call(SUP, 'supervision.decideDuplicate', { caseA: local.id, caseB: foreignId, decision: 'distinct', note: '再试一次' });
    expect(again.ok ? null : again.error.code).toBe('CONFLICT');
  });

  it('records "not duplicates" without touching either case, and rebuilds to the same pairs', async () => {
    const otherId = newId();
    const idNo = idNumber('19630303', 246);
    const mine = await draft(RETIREMENT, [ELIGIBILITY], idNo, '吴淑珍');
    await h.host.services.store.events.applyRemote(foreignCase(otherId, h.clock.now - 30_000, idNo, '232701-20261123-ZZZZ-0002'));
    const before = await h.ok<CaseView>(C, 'intake.open', { id: mine.id });
    const v = await h.ok<DuplicatesView>(SUP, 'supervision.decideDuplicate', { caseA: mine.id, caseB: otherId, decision: 'distinct', note: '同名同号系录入错误已核实，分属两件不同申请' });
    expect(v.pairs.find((p) => [p.left.caseId, p.right.caseId].includes(otherId))).toMatchObject({ status: 'decided', decision: 'distinct', keepCaseId: null });
    const after = await h.ok<CaseView>(C, 'intake.open', { id: mine.id });
    expect([after.state, after.lastEventSeq]).toEqual([before.state, before.lastEventSeq]);
    // A later autosave does not bring a decided pair back.
    await h.ok<CaseView>(C, 'intake.update', { id: mine.id, expectedSeq: after.lastEventSeq, patch: { fields: { 'applicant.phone': '13904579999' } } });
    expect((await pairs()).awaiting).toBe(0);

    const store = h.host.services.store;
    const live = await store.snapshotProjections();
    expect(live.duplicatePairs).toHaveLength(2);
    await store.events.rebuildProjections();
    expect(await store.snapshotProjections()).toEqual(live);
  });
});
