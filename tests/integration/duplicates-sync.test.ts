import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientStore } from '../../db/index.js';
import { configureLog } from '../../electron/host/log.js';
import { createCaseLocks } from '../../electron/services/case-locks.js';
import { createCatalogService } from '../../electron/services/catalog.js';
import { createDuplicateService } from '../../electron/services/duplicates.js';
import { newId } from '../../shared/ids.js';
import { catalog } from '../../seeds/catalog/index.js';
import { startCentral, type Backend, type RunningCentral } from '../helpers/central.js';
import { startCounter, type TestCounter } from '../helpers/counter.js';
import { idNumber } from '../helpers/intake.js';
import { startPostgres, type PgCluster } from '../helpers/postgres.js';

// 重复办件 that only show after sync: two counters of one hall, both offline, each take in a
// retirement case for the same person; once both have pushed and pulled, each store holds the pair.
// The supervisor's decision on one counter (keep one, withdraw the other) reaches the other counter,
// where the pair is decided too, and the central service holds the withdrawn case as withdrawn.

configureLog({ quiet: true });

let pgCluster: PgCluster;
beforeAll(async () => {
  pgCluster = await startPostgres();
});
afterAll(() => pgCluster?.stop());

const backends: { name: string; make: () => Promise<Backend> }[] = [
  { name: 'sqlite', make: async () => ({ kind: 'sqlite' }) },
  { name: 'postgres', make: async () => ({ kind: 'postgres', url: await pgCluster.createDatabase('duplicates') }) },
];

const BUNDLE = 'hlj.retirement';
const ITEMS = ['hlj.retirement.eligibility', 'hlj.retirement.pension'];
const PERSON = idNumber('19650601', 314);

/** What the counter's intake service appends for a case taken in and accepted (offline: nothing leaves the device). */
async function takeIn(store: ClientStore, hallCode: string, caseNumber: string, clerk: string): Promise<string> {
  const caseId = newId();
  await store.events.append({ actorId: clerk }, [
    { type: 'case.drafted', caseId, payload: { bundleId: BUNDLE, itemIds: ITEMS, catalogVersion: catalog.version, hallCode, applicantKind: 'person', ticketRef: null } },
  ]);
  await store.events.append({ actorId: clerk }, [
    { type: 'case.draft_updated', caseId, payload: { fields: { 'applicant.name': '孙桂芝', 'applicant.idNumber': PERSON, 'applicant.phone': '13904571234' } } },
  ]);
  await store.events.append({ actorId: clerk }, [
    {
      type: 'case.accepted',
      caseId,
      payload: { caseNumber, pendingMaterials: [], commitmentDeadline: null, commitmentBlob: null, expectedDate: null, delivery: { method: 'window', address: null } },
    },
  ]);
  return caseId;
}

async function supervisorOn(counter: TestCounter) {
  const deps = { store: counter.store, settings: counter.settings, now: Date.now };
  const catalogService = createCatalogService(deps, catalog, async () => {
    throw new Error('no printing in this test');
  });
  await catalogService.ensureSeeded();
  return createDuplicateService({ ...deps, catalog: catalogService, withCaseLock: createCaseLocks(), deviceId: counter.deviceId });
}

describe.each(backends)('duplicates across counters, central on $name', ({ make }) => {
  let c: RunningCentral;
  let a1: TestCounter;
  let a2: TestCounter;

  beforeAll(async () => {
    c = await startCentral(await make());
    a1 = await startCounter({ centralUrl: c.url, hallCode: 'H7' });
    a2 = await startCounter({ centralUrl: c.url, hallCode: 'H7' });
    await a1.enrol(await c.issueCode('H7'));
    await a2.enrol(await c.issueCode('H7'));
  });
  afterAll(async () => {
    await a1?.close();
    await a2?.close();
    await c?.close();
  });

  it('shows the pair on both counters after sync, and the decision reaches the other counter and the centre', async () => {
    // Offline: neither counter can see the other's case, so neither clerk was told.
    const x = await takeIn(a1.store, 'H7', 'H7-20261123-AAAA-0001', 'clerk-a1');
    const y = await takeIn(a2.store, 'H7', 'H7-20261123-BBBB-0001', 'clerk-a2');
    expect(await a1.store.duplicates.pairs(50)).toEqual([]);
    expect(await a2.store.duplicates.pairs(50)).toEqual([]);

    // Back online: each pushes its case and pulls the other's.
    expect(await a1.engine.syncNow()).toMatchObject({ accepted: 3, rejected: 0 });
    expect(await a2.engine.syncNow()).toMatchObject({ accepted: 3, rejected: 0, conflicts: 0 });
    expect(await a1.engine.syncNow()).toMatchObject({ rejected: 0, conflicts: 0 });

    const [a, b] = x < y ? [x, y] : [y, x];
    for (const counter of [a1, a2]) {
      const pairs = await counter.store.duplicates.pairs(50);
      expect(pairs).toMatchObject([{ caseA: a, caseB: b, status: 'awaiting', subjectKind: 'person', decision: null }]);
      expect(pairs[0]!.subjectMasked).toBe(`${PERSON.slice(0, 4)}**********${PERSON.slice(-4)}`);
      expect(await counter.store.duplicates.awaitingCount()).toBe(1);
    }

    // The supervisor, at counter 1, keeps the case of counter 2 and withdraws the one taken in here.
    const sup = await supervisorOn(a1);
    const listed = await sup.list();
    expect(listed.awaiting).toBe(1);
    const mine = [listed.pairs[0]!.left, listed.pairs[0]!.right].find((s) => s.caseId === x)!;
    const theirs = [listed.pairs[0]!.left, listed.pairs[0]!.right].find((s) => s.caseId === y)!;
    expect([mine.counter, mine.caseNumber, theirs.caseNumber]).toEqual(['本机', 'H7-20261123-AAAA-0001', 'H7-20261123-BBBB-0001']);
    expect(theirs.counter).toMatch(/^其他窗口/);
    const decided = await sup.decide({ id: 'zb01', name: '刘海涛' }, { caseA: a, caseB: b, decision: 'merge', keepCaseId: y, note: '申请人在两个窗口各办了一次，保留 2 号窗口的办件' });
    expect(decided.awaiting).toBe(0);

    expect(await a1.engine.syncNow()).toMatchObject({ accepted: 2, rejected: 0 });
    expect(await a2.engine.syncNow()).toMatchObject({ rejected: 0, conflicts: 0 });

    // Counter 2 has the decision and the withdrawal; the centre holds the case as withdrawn.
    const onA2 = await a2.store.duplicates.pairs(50);
    expect(onA2).toMatchObject([{ caseA: a, caseB: b, status: 'decided', decision: 'merge', keepCaseId: y, decidedBy: 'zb01' }]);
    expect(await a2.store.duplicates.awaitingCount()).toBe(0);
    expect((await a2.store.cases.get(x))?.state).toBe('withdrawn');
    expect((await a2.store.cases.get(y))?.state).toBe('accepted');
    const central = await c.central.db.selectFrom('cases').select(['id', 'state']).where('id', 'in', [x, y]).orderBy('id').execute();
    expect(Object.fromEntries(central.map((r) => [r.id, r.state]))).toEqual({ [x]: 'withdrawn', [y]: 'accepted' });
    const types = await c.central.db.selectFrom('events').select(['type']).where('case_id', '=', x).orderBy('server_seq').execute();
    expect(types.map((t) => t.type).slice(-2)).toEqual(['duplicate.decided', 'case.withdrawn']);

    // Both counters project the same pair row, and a rebuild gives it again.
    const row = async (s: ClientStore) => ((await s.snapshotProjections()).duplicatePairs as { status: string; decision: string; decision_event_id: string }[])[0];
    const r1 = await row(a1.store);
    expect(await row(a2.store)).toMatchObject({ status: r1!.status, decision: r1!.decision, decision_event_id: r1!.decision_event_id });
    const before = await a2.store.snapshotProjections();
    await a2.store.events.rebuildProjections();
    expect(await a2.store.snapshotProjections()).toEqual(before);
  });
});
