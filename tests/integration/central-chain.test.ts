import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureLog } from '../../electron/host/log.js';
import { startCentral, type Backend, type RunningCentral } from '../helpers/central.js';
import { draftAndAccept, route, startCounter, type TestCounter } from '../helpers/counter.js';
import { startPostgres, type PgCluster } from '../helpers/postgres.js';

// The central service checks the hash chains of what devices pushed and names the first broken
// link: an event altered in the database, an event deleted from it.

configureLog({ quiet: true });

let pgCluster: PgCluster;
beforeAll(async () => {
  pgCluster = await startPostgres();
});
afterAll(() => pgCluster?.stop());

const backends: { name: string; make: () => Promise<Backend> }[] = [
  { name: 'sqlite', make: async () => ({ kind: 'sqlite' }) },
  { name: 'postgres', make: async () => ({ kind: 'postgres', url: await pgCluster.createDatabase('chain') }) },
];

describe.each(backends)('central chain verification on $name', ({ make }) => {
  let c: RunningCentral;
  let a: TestCounter;
  let b: TestCounter;

  beforeAll(async () => {
    c = await startCentral(await make());
    a = await startCounter({ centralUrl: c.url, hallCode: 'HA' });
    b = await startCounter({ centralUrl: c.url, hallCode: 'HB' });
    for (const [counter, hall] of [[a, 'HA'], [b, 'HB']] as const) {
      const r = await c.admin('POST', '/admin/enrolment-codes', { hallCode: hall, departments: [], label: 'test' });
      await counter.enrol(r.body.code);
      for (let i = 1; i <= 3; i++) {
        const caseId = await draftAndAccept(counter.store, hall, `${hall}-${i}`);
        if (i === 2) await route(counter.store, caseId);
      }
      expect(await counter.engine.syncNow()).not.toBeNull();
    }
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await c?.close();
  });

  const verify = async () => {
    const r = await c.admin('GET', '/admin/verify-chains');
    expect(r.status).toBe(200);
    return r.body as { devices: number; checked: number; firstBroken: { deviceId: string; eventId: string; serverSeq: number; problem: string } | null; message: string };
  };
  const eventsOf = (deviceId: string) =>
    c.central.db.selectFrom('events').select(['server_seq', 'id', 'payload']).where('device_id', '=', deviceId).orderBy('server_seq').execute();

  it('finds both chains whole, then names an altered event and the successor of a deleted one', async () => {
    const whole = await verify();
    const stored = (await eventsOf(a.deviceId)).length + (await eventsOf(b.deviceId)).length;
    expect(whole.firstBroken).toBeNull();
    expect(whole.devices).toBe(2);
    expect(whole.checked).toBe(stored);
    expect(whole.message).toContain('事件链完整');

    // Someone with database access edits an event of counter B.
    const bEvents = await eventsOf(b.deviceId);
    const victim = bEvents[2]!;
    await c.central.db.updateTable('events').set({ payload: victim.payload.replace(/}$/, ',"note":"改"}') }).where('id', '=', victim.id).execute();
    const altered = await verify();
    expect(altered.firstBroken).toMatchObject({ deviceId: b.deviceId, eventId: victim.id, serverSeq: Number(victim.server_seq), problem: 'hash' });
    expect(altered.message).toContain('被改动');
    await c.central.db.updateTable('events').set({ payload: victim.payload }).where('id', '=', victim.id).execute();
    expect((await verify()).firstBroken).toBeNull();

    // An event of counter A is deleted: its successor's link points at nothing.
    const aEvents = await eventsOf(a.deviceId);
    await c.central.db.deleteFrom('feed').where('event_seq', '=', aEvents[1]!.server_seq).execute();
    await c.central.db.deleteFrom('events').where('id', '=', aEvents[1]!.id).execute();
    const gap = await verify();
    expect(gap.firstBroken).toMatchObject({ deviceId: a.deviceId, eventId: aEvents[2]!.id, problem: 'link' });
    expect(gap.message).toContain('找不到');
  });

  it('is for the central admin only', async () => {
    const res = await fetch(`${c.url}/admin/verify-chains`);
    expect(res.status).toBe(401);
  });
});
