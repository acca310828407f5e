import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureLog } from '../../electron/host/log.js';
import { eventHash } from '../../db/stores/events.js';
import { GENESIS_HASH, type EventType } from '../../shared/events.js';
import { newId } from '../../shared/ids.js';
import type { Ack, PulledEvent, WireEvent } from '../../shared/sync.js';
import { startCentral, type Backend, type RunningCentral } from '../helpers/central.js';
import { draftAndAccept, NEWBORN, route, startCounter, type TestCounter } from '../helpers/counter.js';
import { startPostgres, type PgCluster } from '../helpers/postgres.js';

// The central service against SQLite and a real PostgreSQL: enrolment, push validation and
// idempotency, pull scoping, blobs, and malformed input.

configureLog({ quiet: true });

let pgCluster: PgCluster;
beforeAll(async () => {
  pgCluster = await startPostgres();
});
afterAll(() => pgCluster?.stop());

const backends: { name: string; make: () => Promise<Backend> }[] = [
  { name: 'sqlite', make: async () => ({ kind: 'sqlite' }) },
  { name: 'postgres', make: async () => ({ kind: 'postgres', url: await pgCluster.createDatabase('central') }) },
];

async function call(c: RunningCentral, method: string, path: string, token: string | null, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(c.url + path, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined && typeof body !== 'string' && !Buffer.isBuffer(body) ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : Buffer.isBuffer(body) ? new Uint8Array(body) : JSON.stringify(body),
  });
  const text = await res.text();
  let json: any = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = text;
  }
  return { status: res.status, body: json, headers: res.headers };
}

/** A wire event with a correct hash for whatever it says. */
function signed(e: WireEvent): WireEvent {
  const { hash: _h, payload, ...rest } = e;
  return { ...rest, payload, hash: eventHash({ ...rest, type: rest.type as EventType, payloadJson: JSON.stringify(payload) }) };
}

const wire = (events: { seq: number; json: string; bytes: number }[]): WireEvent[] => events.map(({ seq: _s, json: _j, bytes: _b, ...w }) => w as WireEvent);

describe.each(backends)('central service on $name', ({ make }) => {
  let c: RunningCentral;
  let a1: TestCounter; // hall A, counter 1
  let b1: TestCounter; // hall B
  let tokenA: string;
  let tokenB: string;

  beforeAll(async () => {
    c = await startCentral(await make());
    a1 = await startCounter({ centralUrl: c.url, hallCode: 'HA' });
    b1 = await startCounter({ centralUrl: c.url, hallCode: 'HB' });
    tokenA = await c.enrol(a1.deviceId, 'HA');
    tokenB = await c.enrol(b1.deviceId, 'HB');
  });
  afterAll(async () => {
    await a1?.close();
    await b1?.close();
    await c?.close();
  });

  it('answers its health probe and names the database', async () => {
    const r = await call(c, 'GET', '/health', null);
    expect(r.status).toBe(200);
    expect(r.body.database).toBe(c.central.dialect);
  });

  it('enrols with a one-time code only once, and refuses expired and unknown codes', async () => {
    const code = await c.issueCode('HA');
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    const first = await call(c, 'POST', '/enrol', null, { code: code.toLowerCase().replace(/-/g, ''), deviceId: 'dev-x', label: 'x' });
    expect(first.status).toBe(200);
    expect(first.body.hallCode).toBe('HA');
    expect(first.body.deviceToken).toMatch(/^[\w-]{43}$/);
    const again = await call(c, 'POST', '/enrol', null, { code, deviceId: 'dev-y', label: 'y' });
    expect(again.status).toBe(410);
    expect(again.body.message).toContain('只能用一次');

    const old = await c.issueCode('HA');
    await c.central.db.updateTable('enrolment_codes').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where('used_at', 'is', null).execute();
    const expired = await call(c, 'POST', '/enrol', null, { code: old, deviceId: 'dev-z', label: 'z' });
    expect(expired.status).toBe(410);
    expect(expired.body.message).toContain('过期');
    expect((await call(c, 'POST', '/enrol', null, { code: 'AAAA-BBBB-CCCC', deviceId: 'dev-z' })).status).toBe(404);
    // Only digests are stored: neither the code nor the token appears in the database.
    const codes = await c.central.db.selectFrom('enrolment_codes').selectAll().execute();
    expect(JSON.stringify(codes)).not.toContain(code.replace(/-/g, ''));
    const devices = await c.central.db.selectFrom('devices').selectAll().execute();
    expect(JSON.stringify(devices)).not.toContain(first.body.deviceToken);
  });

  it('refuses unknown and revoked devices', async () => {
    expect((await call(c, 'GET', '/sync/pull?after=0', null)).status).toBe(401);
    expect((await call(c, 'GET', '/sync/pull?after=0', 'not-a-token')).status).toBe(401);
    const token = await c.enrol('dev-revoked', 'HA');
    expect((await call(c, 'GET', '/sync/pull?after=0', token)).status).toBe(200);
    expect((await c.admin('POST', '/admin/devices/dev-revoked/revoke')).status).toBe(200);
    const refused = await call(c, 'GET', '/sync/pull?after=0', token);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('DEVICE_REVOKED');
    expect((await call(c, 'POST', '/sync/push', token, { events: [] })).status).toBe(403);
    expect((await call(c, 'POST', '/admin/enrolment-codes', tokenA, { hallCode: 'HA' })).status).toBe(401);
  });

  it('stores a batch once: a replayed batch gets the same acks', async () => {
    await draftAndAccept(a1.store, 'HA', 'HA-0001');
    const pending = await a1.store.sync.pending(0, 500);
    const events = wire(pending);
    expect(events).toHaveLength(2);
    // The text the engine sends is exactly the event, its payload as stored and hashed.
    for (const [i, p] of pending.entries()) {
      expect(JSON.parse(p.json)).toEqual(events[i]);
      expect(p.bytes).toBe(Buffer.byteLength(p.json) + 1);
    }
    const first = await call(c, 'POST', '/sync/push', tokenA, { events });
    expect(first.status).toBe(200);
    expect(first.body.acks.map((a: Ack) => a.status)).toEqual(['accepted', 'accepted']);
    const again = await call(c, 'POST', '/sync/push', tokenA, { events });
    expect(again.body).toEqual(first.body);
    const n = await c.central.db.selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n')).where('id', 'in', events.map((e) => e.id)).executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(2);
  });

  it('takes a batch sent behind another only once that one is settled, and stores nothing of it before', async () => {
    // Counters of its own: what it leaves pending must not reach the other tests' batches.
    const a = await startCounter({ centralUrl: c.url, hallCode: 'HA' });
    const b = await startCounter({ centralUrl: c.url, hallCode: 'HB' });
    const ta = await c.enrol(a.deviceId, 'HA');
    const tb = await c.enrol(b.deviceId, 'HB');
    try {
      const id = await draftAndAccept(a.store, 'HA', 'HA-0200');
      const [drafted, accepted] = wire(await a.store.sync.pending(0, 500)).filter((e) => e.caseId === id);
      const stored = async (eventId: string) =>
        Number((await c.central.db.selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n')).where('id', '=', eventId).executeTakeFirstOrThrow()).n) +
        Number((await c.central.db.selectFrom('rejections').select((eb) => eb.fn.countAll<number>().as('n')).where('event_id', '=', eventId).executeTakeFirstOrThrow()).n);
      const refusedBefore = (await call(c, 'GET', '/metrics', c.adminToken)).body.pushes.outOfOrder;

      // The acceptance overtakes the draft it follows: refused whole, nothing stored or rejected.
      const early = await call(c, 'POST', '/sync/push', ta, { events: [accepted], after: [drafted!.id] });
      expect(early.status).toBe(409);
      expect(early.body.code).toBe('BATCH_OUT_OF_ORDER');
      expect(early.body.message).toMatch(/上一批/);
      expect(await stored(accepted!.id)).toBe(0);
      // Another device's event does not count as settled for this one.
      const other = await draftAndAccept(b.store, 'HB', 'HB-0200');
      const [otherDraft] = wire(await b.store.sync.pending(0, 500)).filter((e) => e.caseId === other);
      expect((await call(c, 'POST', '/sync/push', tb, { events: [otherDraft] })).status).toBe(200);
      expect((await call(c, 'POST', '/sync/push', ta, { events: [accepted], after: [otherDraft!.id] })).status).toBe(409);

      expect((await call(c, 'POST', '/sync/push', ta, { events: [drafted] })).body.acks[0].status).toBe('accepted');
      const late = await call(c, 'POST', '/sync/push', ta, { events: [accepted], after: [drafted!.id] });
      expect(late.status).toBe(200);
      expect(late.body.acks[0].status).toBe('accepted');
      // A rejected event is settled too.
      const bad = signed({ ...accepted!, id: newId(), payload: { ...(accepted!.payload as object), caseNumber: 'HA-0201' } });
      expect((await call(c, 'POST', '/sync/push', ta, { events: [bad] })).body.acks[0].status).toBe('rejected');
      expect((await call(c, 'POST', '/sync/push', ta, { events: [accepted], after: [bad.id] })).status).toBe(200);

      // A deferred event (its scan is not here) is not settled: what follows it waits.
      const waiting = await draftAndAccept(a.store, 'HA', 'HA-0202', createHash('sha256').update('not uploaded').digest('hex'));
      const [wd, wa] = wire(await a.store.sync.pending(0, 500)).filter((e) => e.caseId === waiting);
      expect((await call(c, 'POST', '/sync/push', ta, { events: [wd, wa] })).body.acks.map((k: Ack) => k.status)).toEqual(['accepted', 'deferred']);
      expect((await call(c, 'POST', '/sync/push', ta, { events: [accepted], after: [wd!.id, wa!.id] })).status).toBe(409);
      expect((await call(c, 'GET', '/metrics', c.adminToken)).body.pushes.outOfOrder).toBe(refusedBefore + 3);

      // The list is bounded and checked like the rest of the batch.
      const tooMany = await call(c, 'POST', '/sync/push', ta, { events: [accepted], after: Array.from({ length: 33 }, () => newId()) });
      expect(tooMany.status).toBe(400);
      expect(tooMany.body.message).toMatch(/[\u4e00-\u9fa5]/);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('rejects with a reason: state machine, ownership, hash, device, and a resend gets the same answer', async () => {
    // A second acceptance of an accepted case, correctly hashed (the local store would refuse it).
    const id = await draftAndAccept(a1.store, 'HA', 'HA-0002');
    const mine = wire(await a1.store.sync.pending(0, 500)).filter((e) => e.caseId === id);
    const accepted = mine.find((e) => e.type === 'case.accepted')!;
    const second = signed({ ...accepted, id: newId(), prevHash: accepted.hash });
    const tampered = { ...second, id: newId(), prevHash: second.hash, payload: { ...(second.payload as object), caseNumber: 'HA-9999' } };
    const r = await call(c, 'POST', '/sync/push', tokenA, { events: [...mine, second, tampered] });
    const acks: Ack[] = r.body.acks;
    expect(acks.map((a) => (a.status === 'rejected' ? a.code : a.status))).toEqual(['accepted', 'accepted', 'INVALID_TRANSITION', 'HASH_MISMATCH']);
    expect((acks[2] as { reason: string }).reason).toContain('已受理');

    // Hall B's device cannot act on hall A's case, even with a well-formed event.
    await b1.store.events.append({ actorId: 'clerk-9' }, [{ type: 'case.drafted', caseId: id, payload: { bundleId: NEWBORN.bundleId, itemIds: NEWBORN.itemIds, catalogVersion: '2024.1', hallCode: 'HB', applicantKind: 'person', ticketRef: null } }]);
    await b1.store.events.append({ actorId: 'clerk-9' }, [{ type: 'case.withdrawn', caseId: id, payload: { reason: '测试' } }]);
    const bEvents = wire(await b1.store.sync.pending(0, 500));
    const rb = await call(c, 'POST', '/sync/push', tokenB, { events: bEvents });
    expect(rb.body.acks.map((a: Ack) => a.status === 'rejected' && a.code)).toEqual(['INVALID_TRANSITION', 'FORBIDDEN']);
    expect(rb.body.acks[1].reason).toMatch(/[\u4e00-\u9fa5]/);
    const rb2 = await call(c, 'POST', '/sync/push', tokenB, { events: bEvents });
    expect(rb2.body).toEqual(rb.body);

    // Hall A's events pushed with hall B's token: not its events.
    const rc = await call(c, 'POST', '/sync/push', tokenB, { events: mine.slice(0, 1) });
    expect(rc.body.acks[0]).toMatchObject({ status: 'rejected', code: 'DUPLICATE_ID' });
    const fresh = await draftAndAccept(a1.store, 'HA', 'HA-0003');
    const foreign = wire(await a1.store.sync.pending(0, 500)).filter((e) => e.caseId === fresh);
    const rd = await call(c, 'POST', '/sync/push', tokenB, { events: foreign });
    expect(rd.body.acks[0]).toMatchObject({ status: 'rejected', code: 'DEVICE_MISMATCH' });

    // Review of an item by a device not bound to its department.
    await route(a1.store, id);
    await a1.store.events.append({ actorId: 'clerk-1' }, [
      { type: 'item.state_changed', caseId: id, payload: { itemId: NEWBORN.itemIds[0]!, departmentId: NEWBORN.departmentOf(NEWBORN.itemIds[0]!), to: 'received' } },
    ]);
    const routed = wire(await a1.store.sync.pending(0, 500)).filter((e) => e.caseId === id && (e.type === 'case.routed' || e.type === 'item.state_changed'));
    const re = await call(c, 'POST', '/sync/push', tokenA, { events: routed });
    const statuses = re.body.acks.map((a: Ack) => (a.status === 'rejected' ? a.code : a.status));
    expect(statuses.slice(0, -1).every((s: string) => s === 'accepted')).toBe(true);
    expect(statuses.at(-1)).toBe('FORBIDDEN');
    const list = await c.admin('GET', '/admin/rejections');
    expect(list.body.rejections.length).toBeGreaterThanOrEqual(4);
  });

  it('lets a device pull only what it may see; a department sees its cases from every hall, with their past', async () => {
    const pullAll = async (token: string) => {
      const out: PulledEvent[] = [];
      let after = '0';
      for (;;) {
        const r = await call(c, 'GET', `/sync/pull?after=${after}&limit=3`, token);
        expect(r.status).toBe(200);
        out.push(...r.body.events);
        after = r.body.cursor;
        if (!r.body.more) return out;
      }
    };
    const a2token = await c.enrol('dev-a2', 'HA');
    const seenByA2 = await pullAll(a2token);
    expect(seenByA2.length).toBeGreaterThan(0);
    const hallA = new Set((await c.central.db.selectFrom('cases').select('id').where('hall_code', '=', 'HA').execute()).map((r) => r.id));
    expect(seenByA2.every((e) => e.caseId !== null && hallA.has(e.caseId))).toBe(true);
    // In order, each event once.
    expect(new Set(seenByA2.map((e) => e.id)).size).toBe(seenByA2.length);
    const seqs = seenByA2.map((e) => e.serverSeq);
    expect([...seqs].sort((x, y) => x - y)).toEqual(seqs);

    // Hall B sees none of hall A's cases.
    const seenByB = await pullAll(tokenB);
    expect(seenByB.filter((e) => e.caseId !== null && hallA.has(e.caseId))).toEqual([]);
    // A device does not get its own events back.
    expect((await pullAll(tokenA)).some((e) => e.deviceId === a1.deviceId)).toBe(false);
    // ... and its cursor moves past them at once, so the next pull does not scan them again.
    const end = await c.central.db.selectFrom('feed').select((eb) => eb.fn.max('feed_seq').as('m')).executeTakeFirstOrThrow();
    const short = await call(c, 'GET', '/sync/pull?after=0&limit=500', tokenA);
    expect(short.body.more).toBe(false);
    expect(Number(short.body.cursor)).toBe(Number(end.m));

    // A department device (no hall) sees exactly the routed cases of its department, from the draft on.
    const dept = NEWBORN.departmentOf(NEWBORN.itemIds[0]!);
    const deptToken = await c.enrol('dev-dept', null, [dept]);
    const seenByDept = await pullAll(deptToken);
    const cases = new Set(seenByDept.map((e) => e.caseId));
    const routedCases = (await c.central.db.selectFrom('case_departments').select('case_id').where('department_id', '=', dept).execute()).map((r) => r.case_id);
    expect([...cases].sort()).toEqual([...new Set(routedCases)].sort());
    const first = seenByDept.filter((e) => e.caseId === routedCases[0]);
    expect(first[0]!.type).toBe('case.drafted');
    expect(first.map((e) => e.type)).toContain('case.routed');
  });

  it('takes blobs in chunks, resumes at the service offset, refuses a tampered blob, and defers events until their blob is there', async () => {
    const bytes = Buffer.alloc(300 * 1024 + 17);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919) % 251;
    const sha = createHash('sha256').update(bytes).digest('hex');
    const head0 = await call(c, 'HEAD', `/blobs/${sha}`, tokenA);
    expect(head0.headers.get('upload-offset')).toBe('0');

    // An event that references the blob before it is there waits.
    const id = await draftAndAccept(a1.store, 'HA', 'HA-0100', sha);
    const evs = wire(await a1.store.sync.pending(0, 500)).filter((e) => e.caseId === id);
    const early = await call(c, 'POST', '/sync/push', tokenA, { events: evs });
    expect(early.body.acks.map((a: Ack) => a.status)).toEqual(['accepted', 'deferred']);
    expect(early.body.acks[1].blobs).toEqual([sha]);

    const patch = (offset: number, chunk: Buffer, token = tokenA, hash = sha) =>
      call(c, 'PATCH', `/blobs/${hash}`, token, chunk, {
        'content-type': 'application/offset+octet-stream',
        'upload-offset': String(offset),
        'upload-length': String(bytes.length),
        'upload-mime': 'image/jpeg',
      });
    expect((await patch(0, bytes.subarray(0, 100_000))).status).toBe(204);
    // A stale offset is answered with the service's offset.
    const stale = await patch(0, bytes.subarray(0, 100_000));
    expect(stale.status).toBe(409);
    expect(stale.headers.get('upload-offset')).toBe('100000');
    expect((await call(c, 'HEAD', `/blobs/${sha}`, tokenA)).headers.get('upload-offset')).toBe('100000');
    const done = await patch(100_000, bytes.subarray(100_000));
    expect(done.status).toBe(204);
    expect(done.headers.get('blob-complete')).toBe('1');

    const late = await call(c, 'POST', '/sync/push', tokenA, { events: evs });
    expect(late.body.acks.map((a: Ack) => a.status)).toEqual(['accepted', 'accepted']);

    // Byte-identical download for a device of the hall; nothing for hall B.
    const got = await fetch(`${c.url}/blobs/${sha}`, { headers: { authorization: `Bearer ${tokenA}` } });
    expect(got.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await got.arrayBuffer()).equals(bytes)).toBe(true);
    expect((await call(c, 'GET', `/blobs/${sha}`, tokenB)).status).toBe(404);

    // Tampered content: the finished bytes do not hash to the name, and are discarded.
    const fake = createHash('sha256').update('something else').digest('hex');
    const tampered = Buffer.from(bytes);
    tampered[5] = tampered[5]! ^ 0xff;
    const r1 = await patch(0, tampered.subarray(0, 200_000), tokenA, fake);
    expect(r1.status).toBe(204);
    const r2 = await patch(200_000, tampered.subarray(200_000), tokenA, fake);
    expect(r2.status).toBe(422);
    expect(r2.body.code).toBe('BLOB_HASH_MISMATCH');
    expect((await call(c, 'HEAD', `/blobs/${fake}`, tokenA)).headers.get('upload-offset')).toBe('0');
    expect((await call(c, 'GET', `/blobs/${fake}`, tokenA)).status).toBe(404);

    // A blob sent whole replaces a partial upload of it instead of being sent back to its offset.
    const other = Buffer.from(bytes.subarray(0, 120_000)).fill(3, 0, 10);
    const otherSha = createHash('sha256').update(other).digest('hex');
    const put = (offset: number, chunk: Buffer) =>
      call(c, 'PATCH', `/blobs/${otherSha}`, tokenA, chunk, {
        'content-type': 'application/offset+octet-stream',
        'upload-offset': String(offset),
        'upload-length': String(other.length),
        'upload-mime': 'image/png',
      });
    expect((await put(0, other.subarray(0, 50_000))).headers.get('upload-offset')).toBe('50000');
    const whole = await put(0, other);
    expect(whole.status).toBe(204);
    expect(whole.headers.get('blob-complete')).toBe('1');
    const gotOther = await fetch(`${c.url}/blobs/${otherSha}`, { headers: { authorization: `Bearer ${tokenA}` } });
    expect(Buffer.from(await gotOther.arrayBuffer()).equals(other)).toBe(true);
  });

  it('answers malformed and oversized requests with 4xx and a reason, and stays up (fuzz)', async () => {
    const bad = await call(c, 'POST', '/sync/push', tokenA, '{"events": [', { 'content-type': 'application/json' });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/[\u4e00-\u9fa5]/);
    const tooMany = await call(c, 'POST', '/sync/push', tokenA, { events: Array.from({ length: 501 }, () => ({})) });
    expect(tooMany.status).toBe(400);
    const huge = await call(c, 'POST', '/sync/push', tokenA, JSON.stringify({ events: [{ payload: 'x'.repeat(1024 * 1024 + 10) }] }), { 'content-type': 'application/json' });
    expect(huge.status).toBe(413);
    expect(huge.body.code).toBe('PAYLOAD_TOO_LARGE');
    expect((await call(c, 'GET', '/sync/pull?after=-1', tokenA)).status).toBe(400);
    expect((await call(c, 'GET', '/sync/pull?after=0&limit=100000', tokenA)).status).toBe(400);

    const template = wire(await a1.store.sync.pending(0, 1))[0]!;
    const eventArb = fc.record({
      id: fc.oneof(fc.uuid(), fc.string()),
      caseId: fc.oneof(fc.constant(null), fc.string({ maxLength: 70 })),
      type: fc.oneof(fc.constantFrom('case.drafted', 'case.accepted', 'item.state_changed', 'session.signed_in', 'nope'), fc.string()),
      payload: fc.anything(),
      actorId: fc.oneof(fc.constant(null), fc.string()),
      deviceId: fc.oneof(fc.constant(a1.deviceId), fc.string()),
      hlc: fc.string(),
      createdAt: fc.string(),
      prevHash: fc.oneof(fc.constant(GENESIS_HASH), fc.string()),
      hash: fc.oneof(fc.constant(template.hash), fc.stringMatching(/^[0-9a-f]{64}$/)),
    });
    const bodyArb = fc.oneof(
      fc.record({ events: fc.array(eventArb, { minLength: 1, maxLength: 5 }) }),
      fc.anything(),
      fc.string().map((s) => ({ raw: s })),
    );
    await fc.assert(
      fc.asyncProperty(bodyArb, async (body) => {
        const raw = (body as { raw?: string })?.raw;
        const r = await call(c, 'POST', '/sync/push', tokenA, raw ?? JSON.stringify(body ?? null), { 'content-type': 'application/json' });
        expect(r.status === 200 || (r.status >= 400 && r.status < 500)).toBe(true);
        if (r.status === 200) for (const a of r.body.acks as Ack[]) expect(a.status).not.toBe('accepted');
        else expect(typeof r.body.message).toBe('string');
      }),
      { numRuns: 150 },
    );
    expect((await call(c, 'GET', '/health', null)).status).toBe(200);
  });

  it('documents the API as OpenAPI, including the department endpoints', async () => {
    const r = await call(c, 'GET', '/openapi.json', null);
    expect(r.status).toBe(200);
    expect(r.body.openapi).toMatch(/^3\./);
    expect(Object.keys(r.body.paths)).toEqual(expect.arrayContaining(['/sync/push', '/sync/pull', '/dept/cases', '/dept/events', '/blobs/{sha256}']));
  });
});
