import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureLog } from '../../electron/host/log.js';
import { newId } from '../../shared/ids.js';
import { startCentral, type Backend, type RunningCentral } from '../helpers/central.js';
import { NEWBORN, route, startCounter, type TestCounter } from '../helpers/counter.js';
import { startPostgres, type PgCluster } from '../helpers/postgres.js';

// 代收代办 across two regions through the real central service (SQLite and PostgreSQL): hall A
// (漠河市 232701) takes a newborn case in for hall B (哈尔滨市 230100); B's department decides it,
// A's reviewer of the same department is refused; the originals travel with a tracked transfer;
// the results come back and the case is delivered at A.

configureLog({ quiet: true });

let pgCluster: PgCluster;
beforeAll(async () => {
  pgCluster = await startPostgres();
});
afterAll(() => pgCluster?.stop());

const backends: { name: string; make: () => Promise<Backend> }[] = [
  { name: 'sqlite', make: async () => ({ kind: 'sqlite' }) },
  { name: 'postgres', make: async () => ({ kind: 'postgres', url: await pgCluster.createDatabase('proxy') }) },
];

const A = '232701';
const B = '230100';
const departments = [...new Set(NEWBORN.itemIds.map(NEWBORN.departmentOf))];
const mark = { decidingCode: B, decidingName: '哈尔滨市', takenInName: '漠河市政务服务中心' };

async function caseRow(d: TestCounter, caseId: string) {
  const snap = await d.store.snapshotProjections();
  return {
    c: (snap.cases as { id: string; state: string; deciding_code: string | null; taken_in_name: string | null }[]).find((x) => x.id === caseId),
    items: (snap.caseItems as { case_id: string; state: string | null }[]).filter((x) => x.case_id === caseId),
  };
}

const activeQueue = (d: TestCounter, hallCode?: string) =>
  d.store.items.queue({ departments, state: 'active', offset: 0, limit: 100, ...(hallCode ? { hallCode } : {}) });

describe.each(backends)('proxy intake across regions on $name', ({ make }) => {
  let c: RunningCentral;
  let counterA: TestCounter;
  let reviewA: TestCounter;
  let counterB: TestCounter;
  let reviewB: TestCounter;

  beforeAll(async () => {
    c = await startCentral(await make());
    counterA = await startCounter({ centralUrl: c.url, hallCode: A });
    reviewA = await startCounter({ centralUrl: c.url, hallCode: A });
    counterB = await startCounter({ centralUrl: c.url, hallCode: B });
    reviewB = await startCounter({ centralUrl: c.url, hallCode: B });
    await counterA.enrol(await c.issueCode(A));
    await reviewA.enrol(await c.issueCode(A, departments));
    await counterB.enrol(await c.issueCode(B));
    await reviewB.enrol(await c.issueCode(B, departments));
  });
  afterAll(async () => {
    for (const d of [counterA, reviewA, counterB, reviewB]) await d?.close();
    await c?.close();
  });

  it('is decided by region B, refused to region A’s reviewer, and delivered at A with the transfer tracked', async () => {
    // Hall A drafts the case and marks it for hall B: B does not see a draft.
    const caseId = newId();
    await counterA.store.events.append({ actorId: 'clerk-a' }, [
      {
        type: 'case.drafted',
        caseId,
        payload: { bundleId: NEWBORN.bundleId, itemIds: NEWBORN.itemIds, catalogVersion: NEWBORN.catalogVersion, hallCode: A, applicantKind: 'person', ticketRef: null },
      },
    ]);
    await counterA.store.events.append({ actorId: 'clerk-a' }, [{ type: 'case.draft_updated', caseId, payload: { proxy: mark } }]);
    expect((await counterA.engine.syncNow())?.accepted).toBe(2);
    await counterB.engine.syncNow();
    expect((await caseRow(counterB, caseId)).c).toBeUndefined();
    const central = await c.central.db.selectFrom('cases').select(['deciding_code', 'deciding_name']).where('id', '=', caseId).executeTakeFirstOrThrow();
    expect(central).toEqual({ deciding_code: B, deciding_name: '哈尔滨市' });

    // Accepted, routed, originals posted.
    await counterA.store.events.append({ actorId: 'clerk-a' }, [
      {
        type: 'case.accepted',
        caseId,
        payload: { caseNumber: `${A}-PROXY-1`, pendingMaterials: [], commitmentDeadline: null, commitmentBlob: null, expectedDate: null, delivery: { method: 'window', address: null } },
      },
    ]);
    await route(counterA.store, caseId);
    const transferId = newId();
    await counterA.store.events.append({ actorId: 'clerk-a' }, [
      {
        type: 'transfer.sent',
        caseId,
        payload: {
          transferId,
          lines: [
            { name: '出生医学证明', copies: 1, kind: 'original' },
            { name: '户口簿', copies: 1, kind: 'original' },
          ],
          courier: 'EMS',
          trackingNo: '1187654321098',
          sentOn: '2026-11-23',
          dueOn: '2026-11-24',
        },
      },
    ]);
    const pushed = await counterA.engine.syncNow();
    expect(pushed).toMatchObject({ rejected: 0, accepted: 3 + NEWBORN.itemIds.length });

    // Hall B's plain counter now pulls the whole case, its draft included (the deciding hall's scope).
    await counterB.engine.syncNow();
    const atB = await caseRow(counterB, caseId);
    expect(atB.c).toMatchObject({ state: 'in_review', deciding_code: B, taken_in_name: '漠河市政务服务中心' });
    expect((await counterB.store.transfers.ofCase(caseId)).map((t) => t.receivedOn)).toEqual([null]);
    expect((await counterB.store.transfers.open(B, 10)).map((t) => t.id)).toEqual([transferId]);

    // Hall A's reviewer of the same departments gets the case but not as work: its queue stays empty.
    await reviewA.engine.syncNow();
    expect((await caseRow(reviewA, caseId)).c?.state).toBe('in_review');
    expect((await activeQueue(reviewA)).rows.some((r) => r.caseId === caseId)).toBe(true);
    expect((await activeQueue(reviewA, A)).rows.some((r) => r.caseId === caseId)).toBe(false);
    // Its decision, appended anyway, is refused by the central service with the reason.
    const first = NEWBORN.itemIds[0]!;
    await reviewA.store.events.append({ actorId: 'reviewer-a' }, [
      { type: 'item.state_changed', caseId, payload: { itemId: first, departmentId: NEWBORN.departmentOf(first), to: 'received' } },
    ]);
    expect(await reviewA.engine.syncNow()).toMatchObject({ rejected: 1, accepted: 0 });
    const refused = (await reviewA.store.sync.problems()).find((p) => p.caseId === caseId && p.kind === 'rejected');
    expect(refused).toMatchObject({ code: 'FORBIDDEN', reason: '该办件为代收代办，须由作出决定地（哈尔滨市）的部门办理。' });

    // Hall B's reviewer: the case is in its queue marked as taken in at A; it confirms the originals
    // and decides every item.
    await reviewB.engine.syncNow();
    const queueB = (await activeQueue(reviewB, B)).rows.filter((r) => r.caseId === caseId);
    expect(queueB).toHaveLength(NEWBORN.itemIds.length);
    expect(queueB[0]).toMatchObject({ decidingCode: B, decidingName: '哈尔滨市', takenInName: '漠河市政务服务中心' });
    await reviewB.store.events.append({ actorId: 'reviewer-b' }, [
      { type: 'transfer.received', caseId, payload: { transferId, receivedOn: '2026-11-24', receivedBy: '李审批', discrepancy: null } },
    ]);
    for (const itemId of NEWBORN.itemIds) {
      const departmentId = NEWBORN.departmentOf(itemId);
      await reviewB.store.events.append({ actorId: 'reviewer-b' }, [
        { type: 'item.state_changed', caseId, payload: { itemId, departmentId, to: 'received' } },
        { type: 'item.state_changed', caseId, payload: { itemId, departmentId, to: 'approved' } },
      ]);
    }
    expect(await reviewB.engine.syncNow()).toMatchObject({ rejected: 0, accepted: 1 + 2 * NEWBORN.itemIds.length });
    // A second confirmation (another device of B, offline meanwhile) is refused.
    await counterB.store.events.append({ actorId: 'clerk-b' }, [
      { type: 'transfer.received', caseId, payload: { transferId, receivedOn: '2026-11-24', receivedBy: '王窗口', discrepancy: null } },
    ]);
    expect(await counterB.engine.syncNow()).toMatchObject({ rejected: 1 });
    // The deciding side cannot hand the results over: that is hall A's.
    const readyAtB = await caseRow(reviewB, caseId);
    expect(readyAtB.c?.state).toBe('ready');
    await reviewB.store.events.append({ actorId: 'reviewer-b' }, [{ type: 'case.delivered', caseId, payload: { channel: 'window' } }]);
    expect(await reviewB.engine.syncNow()).toMatchObject({ rejected: 1, accepted: 0 });

    // Hall A: every item approved, the transfer confirmed; the case is delivered and closed there.
    await counterA.engine.syncNow();
    const back = await caseRow(counterA, caseId);
    expect(back.c?.state).toBe('ready');
    expect(back.items.every((i) => i.state === 'approved')).toBe(true);
    const [tr] = await counterA.store.transfers.ofCase(caseId);
    expect(tr).toMatchObject({ receivedOn: '2026-11-24', receivedBy: '李审批', discrepancy: null });
    expect(await counterA.store.transfers.open(A, 10)).toEqual([]);
    await counterA.store.events.append({ actorId: 'clerk-a' }, [
      { type: 'case.delivered', caseId, payload: { channel: 'window' } },
      { type: 'case.closed', caseId, payload: {} },
    ]);
    expect(await counterA.engine.syncNow()).toMatchObject({ rejected: 0, accepted: 2 });
    const centralCase = await c.central.db.selectFrom('cases').select(['state', 'transfers']).where('id', '=', caseId).executeTakeFirstOrThrow();
    expect(centralCase.state).toBe('closed');
    expect(JSON.parse(centralCase.transfers)).toEqual({ [transferId]: 'received' });

    // Every device's projection rebuilds from its log to what it holds live.
    for (const d of [counterA, counterB, reviewB]) {
      await d.engine.syncNow();
      const live = await d.store.snapshotProjections();
      await d.store.events.rebuildProjections();
      expect(await d.store.snapshotProjections()).toEqual(live);
    }
  });
});
