import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openClientStore, type ClientStore } from '../../db/index.js';
import { calendarData } from '../../seeds/calendar.js';
import { catalog } from '../../seeds/catalog/index.js';
import { createCalendar } from '../../shared/calendar.js';
import { indexCatalog } from '../../shared/catalog-builders.js';
import { newId } from '../../shared/ids.js';
import { tempDir } from '../helpers/tmp.js';

// The lazy catch-up on a real SQLite store: facts follow the log in small batches, a case touched
// again is derived again (never twice), cases never accepted have no facts, and nothing is re-read.

const ix = indexCatalog(catalog);
const deps = { catalog: async (v: string) => (v === catalog.version ? ix : null), calendar: () => createCalendar(calendarData()) };
const BIRTH = 'hlj.newborn.birth-certificate';
const q = { from: '2026-10-01', to: '2026-10-31', hallCode: '232701', groupBy: 'bundle' as const, today: '2026-10-13' };

describe('report facts catch-up', () => {
  const open: { store: ClientStore; cleanup(): void }[] = [];
  afterEach(async () => {
    for (const o of open.splice(0)) {
      await o.store.close();
      o.cleanup();
    }
  });

  it('follows the event log in batches and re-derives a case when it changes', async () => {
    const t = tempDir();
    let now = Date.parse('2026-10-12T10:00:00+08:00');
    const store = await openClientStore(join(t.dir, 'yct.sqlite'), 'dev-a', { now: () => now });
    open.push({ store, cleanup: t.cleanup });
    const facts = store.reports(deps);
    const caseId = newId();
    await store.events.append({ actorId: 'clerk-1' }, [
      { type: 'case.drafted', caseId, payload: { bundleId: 'hlj.newborn', itemIds: [BIRTH], catalogVersion: catalog.version, hallCode: '232701', applicantKind: 'person', ticketRef: null } },
      { type: 'case.accepted', caseId, payload: { caseNumber: '232701-20261012-AAAA-0001', pendingMaterials: [{ key: 'idCard', name: '身份证', deadline: '2026-10-14' }], commitmentDeadline: '2026-10-14', commitmentBlob: null, expectedDate: null, delivery: { method: 'window', address: null } } },
    ]);
    // A draft never accepted: no facts.
    await store.events.append({ actorId: 'clerk-1' }, [
      { type: 'case.drafted', caseId: newId(), payload: { bundleId: 'hlj.newborn', itemIds: [BIRTH], catalogVersion: catalog.version, hallCode: '232701', applicantKind: 'person', ticketRef: null } },
    ]);
    expect(await facts.catchUp({ batchEvents: 2 })).toMatchObject({ events: 3 });
    let r = await facts.query(q);
    expect(r.totals).toMatchObject({ cases: 1, ready: 0, pendingCases: 1, commitmentsOpen: 1, commitmentsBroken: 0 });
    // Past the deadline with the material still missing, the same facts count as broken.
    expect((await facts.query({ ...q, today: '2026-10-15' })).totals).toMatchObject({ commitmentsOpen: 0, commitmentsBroken: 1 });

    now = Date.parse('2026-10-13T10:00:00+08:00');
    const item = (to: 'queued' | 'received' | 'approved') => ({ type: 'item.state_changed' as const, caseId, payload: { itemId: BIRTH, departmentId: 'wjw', to, ...(to === 'queued' ? { clock: { start: '2026-10-12', promisedDays: 1, statutoryDays: null, dueDate: '2026-10-13', statutoryDueDate: null, warnDate: '2026-10-13' } } : {}), ...(to === 'approved' ? { result: { number: 'N1', elicenseId: 'E1', documentBlobs: [], note: null } } : {}) } });
    await store.events.append({ actorId: 'clerk-1' }, [{ type: 'case.routed', caseId, payload: {} }, item('queued')]);
    await store.events.append({ actorId: 'rev-1' }, [item('received'), item('approved')]);
    await store.events.append({ actorId: 'clerk-1' }, [{ type: 'case.material_supplied', caseId, payload: { key: 'idCard', status: 'copy', pageBlobs: [], licenceNo: null } }]);
    const caught = await facts.catchUp({ batchEvents: 2 });
    expect(caught.events).toBe(5);
    expect(caught.asOf).toBe('2026-10-13T02:00:00.000Z');
    r = await facts.query(q);
    expect(r.totals).toMatchObject({ cases: 1, items: 1, ready: 1, onTime: 1, pendingCases: 1, commitmentsKept: 1, commitmentsOpen: 0 });
    expect([...r.totalReady]).toEqual([[1, 1]]);
    expect((await facts.query({ ...q, groupBy: 'department' })).groups.map((g) => [g.key, g.cases, g.items])).toEqual([['wjw', 1, 1]]);
    // Nothing new: nothing read again.
    expect(await facts.catchUp()).toMatchObject({ events: 0, cases: 0 });

    // After a reset everything is derived again, to the same figures.
    await facts.reset();
    expect((await facts.query(q)).totals.cases).toBe(0);
    expect(await facts.catchUp()).toMatchObject({ events: 8, cases: 2 });
    expect((await facts.query(q)).totals).toMatchObject({ cases: 1, ready: 1, commitmentsKept: 1 });
  });
});
