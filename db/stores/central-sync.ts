import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import { centralStateColumn, fromCentralStateColumn } from '../../shared/escalation.js';
import { GENESIS_HASH, type EventType } from '../../shared/events.js';
import { judgeEvent, type CentralCase, type DeviceScope } from '../../shared/sync-rules.js';
import { blobRefs, type Ack, type PulledEvent, type RejectCode, type WireEvent } from '../../shared/sync.js';
import type { CentralDialect } from '../migrations/central/index.js';
import type { CentralDatabase } from '../central-schema.js';
import { decidingScope } from '../../shared/proxy.js';
import { eventHash } from './events.js';

// Push and pull on the central database. One push batch is one transaction: every
// event is acked as accepted (with its server sequence), rejected (with a reason, kept
// so a resend gets the same answer) or deferred (a referenced blob is not there yet).

type Tx = Transaction<CentralDatabase>;

/** Serialises pushes on PostgreSQL so server sequences commit in order and a pull never skips one. */
async function lockIngest(trx: Tx, dialect: CentralDialect): Promise<void> {
  if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(8700)`.execute(trx);
}

const CHUNK = 400;
function chunks<T>(xs: readonly T[], n = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

/**
 * A list of strings as ONE bound parameter, for `where x in (…)` on the push path: a
 * 500-placeholder list cost more to compile and prepare (every push) than the lookup itself.
 */
function listParam(dialect: CentralDialect, xs: readonly string[]) {
  return dialect === 'postgres' ? sql<string>`(select unnest(${[...xs]}::text[]))` : sql<string>`(select value from json_each(${JSON.stringify(xs)}))`;
}

/**
 * Rows as ONE JSON parameter, for the bulk writes of a push: `select v ->> 0, … from ${jsonRows(…)}
 * order by n` reads them back in array order. Thousands of placeholders, or one array per
 * column (which the PostgreSQL driver escapes element by element), cost more to build and bind
 * than the write itself; on PostgreSQL the parameter is jsonb, because `->>` on json parses the
 * element again for every column.
 */
function jsonRows(dialect: CentralDialect, rows: readonly unknown[][]) {
  const json = JSON.stringify(rows);
  return dialect === 'postgres'
    ? sql`jsonb_array_elements(${json}::jsonb) with ordinality as t(v, n)`
    : sql`(select value as v, key as n from json_each(${json}))`;
}

/** A stored central event as devices receive it; the only row-to-wire mapping on the server. */
function toPulled(r: Omit<Selectable<CentralDatabase['events']>, 'received_at'>): PulledEvent {
  return {
    id: r.id,
    caseId: r.case_id,
    type: r.type,
    payload: JSON.parse(r.payload) as unknown,
    actorId: r.actor_id,
    deviceId: r.device_id,
    hlc: r.hlc,
    createdAt: r.created_at,
    prevHash: r.prev_hash,
    hash: r.hash,
    serverSeq: Number(r.server_seq),
  };
}

export function scopesOf(device: DeviceScope): string[] {
  return [...(device.hallCode ? [`hall:${device.hallCode}`] : []), ...device.departments.map((d) => `dept:${d}`)];
}

function caseScopes(c: CentralCase): string[] {
  const deciding = decidingScope(c);
  return [`hall:${c.hallCode}`, ...(deciding ? [deciding] : []), ...c.departments.map((d) => `dept:${d}`)];
}

async function loadCases(trx: Tx, dialect: CentralDialect, ids: string[]): Promise<Map<string, CentralCase>> {
  const out = new Map<string, CentralCase>();
  for (const part of chunks(ids, 1000)) {
    if (part.length === 0) continue;
    const rows = await trx.selectFrom('cases').selectAll().where('id', 'in', listParam(dialect, part)).execute();
    for (const r of rows) {
      out.set(r.id, {
        id: r.id,
        hallCode: r.hall_code,
        // A 办不成事 record keeps its own state (shared/escalation.ts).
        ...fromCentralStateColumn(r.state),
        items: JSON.parse(r.items) as CentralCase['items'],
        departments: JSON.parse(r.departments) as string[],
        decidingCode: r.deciding_code,
        decidingName: r.deciding_name,
        transfers: JSON.parse(r.transfers) as CentralCase['transfers'],
      });
    }
  }
  return out;
}

/** The batch came before the one it follows was settled; nothing of it was stored. */
export class BatchOutOfOrder extends Error {
  constructor() {
    super('batch arrived before the batch it follows was settled');
    this.name = 'BatchOutOfOrder';
  }
}

export interface RejectionRecord {
  eventId: string;
  deviceId: string;
  caseId: string | null;
  type: string;
  code: string;
  reason: string;
  rejectedAt: string;
}

export function createCentralSyncStore(db: Kysely<CentralDatabase>, dialect: CentralDialect, now: () => number = Date.now) {
  const iso = () => new Date(now()).toISOString();

  /**
   * Validates and stores a batch. `after` (see pushRequestSchema) are events of the device's
   * previous batch: unless each is already stored or rejected, nothing is taken and
   * BatchOutOfOrder is thrown, because this batch may depend on that one.
   */
  async function ingest(device: DeviceScope, events: readonly WireEvent[], after?: readonly string[]): Promise<Ack[]> {
    // Hashes are checked before the ingest lock is taken: another batch can be stored meanwhile.
    const checked = new Map(
      events.map((e) => {
        const payloadJson = JSON.stringify(e.payload);
        const hash = eventHash({ id: e.id, caseId: e.caseId, type: e.type as EventType, payloadJson, actorId: e.actorId, deviceId: e.deviceId, hlc: e.hlc, createdAt: e.createdAt, prevHash: e.prevHash });
        return [e, { payloadJson, hashOk: hash === e.hash }] as const;
      }),
    );
    return db.transaction().execute(async (trx) => {
      await lockIngest(trx, dialect);
      // This batch's events and those it follows, looked up together (one round trip per table).
      const existing = new Map<string, { device_id: string; server_seq: number }>();
      const rejected = new Map<string, { device_id: string; code: string; reason: string }>();
      for (const part of chunks([...new Set([...events.map((e) => e.id), ...(after ?? [])])], 1000)) {
        for (const r of await trx.selectFrom('events').select(['id', 'device_id', 'server_seq']).where('id', 'in', listParam(dialect, part)).execute()) {
          existing.set(r.id, { device_id: r.device_id, server_seq: Number(r.server_seq) });
        }
        for (const r of await trx.selectFrom('rejections').select(['event_id', 'device_id', 'code', 'reason']).where('event_id', 'in', listParam(dialect, part)).execute()) {
          rejected.set(r.event_id, r);
        }
      }
      const settled = (id: string) => existing.get(id)?.device_id === device.id || rejected.get(id)?.device_id === device.id;
      if (after && !after.every(settled)) throw new BatchOutOfOrder();
      const fresh = events.filter((e) => !existing.has(e.id) && !rejected.has(e.id));
      const caseIds = [...new Set(fresh.map((e) => e.caseId).filter((c): c is string => c !== null))];
      const stored = await loadCases(trx, dialect, caseIds);
      const cases = new Map(stored);
      const refs = new Map(fresh.map((e) => [e.id, blobRefs(e.payload)]));
      const wanted = [...new Set([...refs.values()].flat())];
      const present = new Set<string>();
      for (const part of chunks(wanted, 1000)) {
        for (const r of await trx.selectFrom('blobs').select('sha256').where('sha256', 'in', listParam(dialect, part)).execute()) present.add(r.sha256);
      }

      const at = iso();
      const acks: Ack[] = [];
      const toInsert: { e: WireEvent; payloadJson: string; scopes: string[]; backfill: string[] }[] = [];
      const newRejections: { e: WireEvent; code: RejectCode; reason: string }[] = [];
      const changed = new Set<string>();
      const addedDepartments: { caseId: string; departmentId: string }[] = [];
      const seenInBatch = new Set<string>();
      /** Cases with a deferred event: their later events wait too; other cases go on. */
      const deferredCases = new Set<string>();

      for (const e of events) {
        const ex = existing.get(e.id);
        if (ex) {
          acks.push(
            ex.device_id === e.deviceId && e.deviceId === device.id
              ? { id: e.id, status: 'accepted', serverSeq: ex.server_seq }
              : { id: e.id, status: 'rejected', code: 'DUPLICATE_ID', reason: '事件编号与中心已有事件重复，未接收。' },
          );
          continue;
        }
        const rj = rejected.get(e.id);
        if (rj) {
          acks.push({ id: e.id, status: 'rejected', code: rj.code as RejectCode, reason: rj.reason });
          continue;
        }
        if (seenInBatch.has(e.id)) {
          acks.push({ id: e.id, status: 'rejected', code: 'DUPLICATE_ID', reason: '同一批次中事件编号重复。' });
          continue;
        }
        seenInBatch.add(e.id);
        const missing = refs.get(e.id)!.filter((s) => !present.has(s));
        if (missing.length > 0 || (e.caseId !== null && deferredCases.has(e.caseId))) {
          // Later events of the case may depend on this one: they wait with it rather than fail.
          if (e.caseId !== null) deferredCases.add(e.caseId);
          acks.push({ id: e.id, status: 'deferred', code: 'BLOB_MISSING', reason: '所引用的附件尚未上传完成，稍后自动重试。', blobs: missing });
          continue;
        }
        const { payloadJson, hashOk } = checked.get(e)!;
        const current = e.caseId === null ? null : (cases.get(e.caseId) ?? null);
        const verdict =
          !hashOk
            ? ({ ok: false, code: 'HASH_MISMATCH', reason: '事件内容与其校验值不符（可能在传输或存储中被改动），中心未接收。' } as const)
            : judgeEvent(e, device, current);
        if (!verdict.ok) {
          newRejections.push({ e, code: verdict.code, reason: verdict.reason });
          acks.push({ id: e.id, status: 'rejected', code: verdict.code, reason: verdict.reason });
          continue;
        }
        let scopes: string[] = [];
        // A proxy case reaches the deciding hall once routed: that hall then gets the case's past too.
        const deciding = decidingScope(verdict.next);
        const decidingJoined = deciding !== null && deciding !== decidingScope(current) ? [deciding] : [];
        if (verdict.next) {
          cases.set(verdict.next.id, verdict.next);
          changed.add(verdict.next.id);
          scopes = caseScopes(verdict.next);
          for (const d of verdict.addedDepartments) addedDepartments.push({ caseId: verdict.next.id, departmentId: d });
        }
        toInsert.push({ e, payloadJson, scopes, backfill: [...verdict.addedDepartments.map((d) => `dept:${d}`), ...decidingJoined] });
        acks.push({ id: e.id, status: 'accepted', serverSeq: 0 });
      }

      const seqOf = new Map<string, number>();
      for (const part of chunks(toInsert, 500)) {
        // Rows go in array order, so server sequences follow the batch.
        const rows = part.map(({ e, payloadJson }) => [e.id, e.caseId, e.type, payloadJson, e.actorId, e.deviceId, e.hlc, e.createdAt, e.prevHash, e.hash]);
        const { rows: inserted } = await sql<{ id: string; server_seq: number }>`
          insert into events (id, case_id, type, payload, actor_id, device_id, hlc, created_at, prev_hash, hash, received_at)
          select v ->> 0, v ->> 1, v ->> 2, v ->> 3, v ->> 4, v ->> 5, v ->> 6, v ->> 7, v ->> 8, v ->> 9, ${at}
          from ${jsonRows(dialect, rows)} order by n
          returning id, server_seq`.execute(trx);
        for (const r of inserted) seqOf.set(r.id, Number(r.server_seq));
      }
      for (const a of acks) if (a.status === 'accepted' && a.serverSeq === 0) a.serverSeq = seqOf.get(a.id)!;

      // Feed rows in server order; a department that just joined a case first gets the case's
      // past: its events stored before this batch (one query for all such cases) and those
      // earlier in this batch.
      // A case first stored by this batch has no such past.
      const needPast = [...new Set(toInsert.filter((x) => x.backfill.length > 0 && stored.has(x.e.caseId!)).map((x) => x.e.caseId!))];
      const past = new Map<string, number[]>();
      const batchStart = Math.min(...toInsert.map((x) => seqOf.get(x.e.id)!));
      for (const part of chunks(needPast, 1000)) {
        // Sorted here, not by the query: an ORDER BY server_seq leads PostgreSQL to walk the
        // whole primary key instead of the (case_id, server_seq) index.
        const rows = await trx.selectFrom('events').select(['case_id', 'server_seq']).where('case_id', 'in', listParam(dialect, part)).where('server_seq', '<', batchStart).execute();
        for (const r of rows.map((x) => ({ caseId: x.case_id!, seq: Number(x.server_seq) })).sort((a, b) => a.seq - b.seq)) {
          const list = past.get(r.caseId) ?? [];
          list.push(r.seq);
          past.set(r.caseId, list);
        }
      }
      const feed: { scope: string; event_seq: number }[] = [];
      for (const { e, scopes, backfill } of toInsert) {
        const seq = seqOf.get(e.id)!;
        if (e.caseId !== null) {
          for (const scope of backfill) for (const s of past.get(e.caseId) ?? []) feed.push({ scope, event_seq: s });
          const list = past.get(e.caseId) ?? [];
          list.push(seq);
          past.set(e.caseId, list);
        }
        for (const scope of scopes) feed.push({ scope, event_seq: seq });
      }
      for (const part of chunks(feed, 20_000)) {
        await sql`insert into feed (scope, event_seq) select v ->> 0, cast(v ->> 1 as bigint) from ${jsonRows(dialect, part.map((f) => [f.scope, f.event_seq]))} order by n`.execute(trx);
      }

      // Columns: id, hall_code, state, items, departments, deciding_code, deciding_name, transfers.
      const caseRows = [...changed].map((id) => {
        const c = cases.get(id)!;
        return [id, c.hallCode, centralStateColumn(c), JSON.stringify(c.items), JSON.stringify(c.departments), c.decidingCode ?? null, c.decidingName ?? null, JSON.stringify(c.transfers ?? {})];
      });
      const caseUpsert = sql`on conflict (id) do update set state = excluded.state, items = excluded.items, departments = excluded.departments,
        updated_at = excluded.updated_at, deciding_code = excluded.deciding_code, deciding_name = excluded.deciding_name, transfers = excluded.transfers`;
      for (const part of chunks(caseRows, 1000)) {
        // "where true": SQLite would read the ON CONFLICT as part of the select's join otherwise.
        await sql`
          insert into cases (id, hall_code, state, items, departments, deciding_code, deciding_name, transfers, updated_at)
          select v ->> 0, v ->> 1, v ->> 2, v ->> 3, v ->> 4, v ->> 5, v ->> 6, v ->> 7, ${at}
          from ${jsonRows(dialect, part)} where true
          ${caseUpsert}`.execute(trx);
      }
      for (const part of chunks(addedDepartments)) {
        await trx
          .insertInto('case_departments')
          .values(part.map((x) => ({ case_id: x.caseId, department_id: x.departmentId })))
          .onConflict((oc) => oc.columns(['case_id', 'department_id']).doNothing())
          .execute();
      }
      const blobCases = toInsert.flatMap(({ e }) => (e.caseId === null ? [] : refs.get(e.id)!.map((sha256) => ({ sha256, case_id: e.caseId! }))));
      for (const part of chunks(blobCases)) {
        await trx.insertInto('blob_cases').values(part).onConflict((oc) => oc.columns(['sha256', 'case_id']).doNothing()).execute();
      }
      for (const part of chunks(newRejections, 200)) {
        await trx
          .insertInto('rejections')
          .values(
            part.map(({ e, code, reason }) => ({
              event_id: e.id,
              device_id: device.id,
              case_id: e.caseId,
              code,
              reason,
              event: JSON.stringify(e),
              rejected_at: at,
            })),
          )
          .execute();
      }
      return acks;
    });
  }

  async function pull(device: DeviceScope, after: number, limit: number): Promise<{ events: PulledEvent[]; cursor: number; more: boolean }> {
    const scopes = scopesOf(device);
    if (scopes.length === 0) return { events: [], cursor: after, more: false };
    // One snapshot for the page and the feed's end. Pushes commit in sequence order (one writer
    // on SQLite, the ingest lock on PostgreSQL), so a snapshot holds a prefix of the feed and a
    // short page means everything up to the end was seen: the cursor jumps there, past this
    // device's own events, which it never needs back.
    return db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(async (trx) => {
        const rows = await trx
          .selectFrom('feed as f')
          .innerJoin('events as e', 'e.server_seq', 'f.event_seq')
          .select(['f.feed_seq', 'e.server_seq', 'e.id', 'e.case_id', 'e.type', 'e.payload', 'e.actor_id', 'e.device_id', 'e.hlc', 'e.created_at', 'e.prev_hash', 'e.hash'])
          .where('f.scope', 'in', scopes)
          .where('f.feed_seq', '>', after)
          .where('e.device_id', '!=', device.id)
          .orderBy('f.feed_seq')
          .limit(limit)
          .execute();
        const seen = new Set<string>();
        const out: PulledEvent[] = [];
        for (const r of rows) {
          // One event reaches a device through several scopes (its hall and a department).
          if (seen.has(r.id)) continue;
          seen.add(r.id);
          out.push(toPulled(r));
        }
        const more = rows.length === limit;
        let cursor = rows.length > 0 ? Number(rows[rows.length - 1]!.feed_seq) : after;
        if (!more) {
          const end = await trx.selectFrom('feed').select((eb) => eb.fn.max('feed_seq').as('m')).executeTakeFirst();
          cursor = Math.max(cursor, Number(end?.m ?? 0));
        }
        return { events: out, cursor, more };
      });
  }

  return {
    ingest,
    pull,

    /**
     * Checks every device's hash chain as stored here. A device's events arrive in its own order
     * except those held back for a blob (and later events of the same case), so a link is checked
     * against all of the device's events, not the previous one received: each event's hash must
     * match its content, its predecessor must be the genesis value or an event of the same device
     * (stored, or rejected and kept), and no two events may claim the same predecessor.
     * Reports the first broken link in server order.
     */
    async verifyChains(onlyDeviceId?: string): Promise<{ devices: number; checked: number; firstBroken: { deviceId: string; eventId: string; serverSeq: number; problem: 'hash' | 'link' | 'fork' } | null }> {
      // `onlyDeviceId`: a device asking about its own chain (GET /sync/verify-chain) sees nothing of others.
      const deviceIds =
        onlyDeviceId !== undefined
          ? [onlyDeviceId]
          : (await db.selectFrom('events').select('device_id').distinct().execute()).map((r) => r.device_id).sort();
      let checked = 0;
      let first: { deviceId: string; eventId: string; serverSeq: number; problem: 'hash' | 'link' | 'fork' } | null = null;
      for (const deviceId of deviceIds) {
        const hashes = new Set<string>([GENESIS_HASH]);
        const claimed = new Map<string, number>();
        const links: { prev: string; id: string; seq: number }[] = [];
        for (const r of await db.selectFrom('rejections').select('event').where('device_id', '=', deviceId).execute()) {
          const e = JSON.parse(r.event) as { hash?: unknown };
          if (typeof e.hash === 'string') hashes.add(e.hash);
        }
        let after = 0;
        for (;;) {
          const rows = await db.selectFrom('events').selectAll().where('device_id', '=', deviceId).where('server_seq', '>', after).orderBy('server_seq').limit(5000).execute();
          if (rows.length === 0) break;
          for (const r of rows) {
            const seq = Number(r.server_seq);
            const recomputed = eventHash({ id: r.id, caseId: r.case_id, type: r.type as EventType, payloadJson: r.payload, actorId: r.actor_id, deviceId: r.device_id, hlc: r.hlc, createdAt: r.created_at, prevHash: r.prev_hash });
            if (recomputed !== r.hash && (!first || seq < first.serverSeq)) first = { deviceId, eventId: r.id, serverSeq: seq, problem: 'hash' };
            const earlier = claimed.get(r.prev_hash);
            if (earlier !== undefined && (!first || seq < first.serverSeq)) first = { deviceId, eventId: r.id, serverSeq: seq, problem: 'fork' };
            claimed.set(r.prev_hash, seq);
            hashes.add(r.hash);
            links.push({ prev: r.prev_hash, id: r.id, seq });
            checked++;
          }
          after = Number(rows[rows.length - 1]!.server_seq);
        }
        for (const l of links) if (!hashes.has(l.prev) && (!first || l.seq < first.serverSeq)) first = { deviceId, eventId: l.id, serverSeq: l.seq, problem: 'link' };
      }
      return { devices: deviceIds.length, checked, firstBroken: first };
    },

    async rejections(filter: { deviceId?: string; hallCode?: string; limit?: number }): Promise<RejectionRecord[]> {
      let q = db.selectFrom('rejections').selectAll().orderBy('rejected_at', 'desc').limit(filter.limit ?? 200);
      if (filter.deviceId) q = q.where('device_id', '=', filter.deviceId);
      const rows = await q.execute();
      return rows.map((r) => ({
        eventId: r.event_id,
        deviceId: r.device_id,
        caseId: r.case_id,
        type: (JSON.parse(r.event) as { type: string }).type,
        code: r.code,
        reason: r.reason,
        rejectedAt: r.rejected_at,
      }));
    },

    async counts(): Promise<{ events: number; cases: number; rejections: number; blobs: number }> {
      const one = async (t: 'events' | 'cases' | 'rejections' | 'blobs') =>
        Number((await db.selectFrom(t).select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()).n);
      return { events: await one('events'), cases: await one('cases'), rejections: await one('rejections'), blobs: await one('blobs') };
    },

    /** Feed entries each device has not pulled yet, for the lag metric. */
    async lagByDevice(): Promise<{ deviceId: string; hallCode: string | null; lastSeenAt: string | null; behind: number }[]> {
      const devices = await db.selectFrom('devices').selectAll().where('revoked_at', 'is', null).execute();
      const out = [];
      for (const d of devices) {
        const scopes = scopesOf({ id: d.id, hallCode: d.hall_code, departments: JSON.parse(d.departments) as string[] });
        const behind =
          scopes.length === 0
            ? 0
            : Number(
                (
                  await db
                    .selectFrom('feed')
                    .select(sql<number>`count(*)`.as('n'))
                    .where('scope', 'in', scopes)
                    .where('feed_seq', '>', Number(d.last_cursor ?? 0))
                    .executeTakeFirstOrThrow()
                ).n,
              );
        out.push({ deviceId: d.id, hallCode: d.hall_code, lastSeenAt: d.last_seen_at, behind });
      }
      return out;
    },

    /** Cases a department works on, with the state of its items (department API). */
    async departmentCases(departmentId: string, limit: number): Promise<{ caseId: string; hallCode: string; state: string; items: { itemId: string; state: string | null }[] }[]> {
      const rows = await db
        .selectFrom('case_departments as cd')
        .innerJoin('cases as c', 'c.id', 'cd.case_id')
        .select(['c.id', 'c.hall_code', 'c.state', 'c.items'])
        .where('cd.department_id', '=', departmentId)
        .orderBy('c.updated_at', 'desc')
        .limit(limit)
        .execute();
      return rows.map((r) => {
        const items = JSON.parse(r.items) as CentralCase['items'];
        return {
          caseId: r.id,
          hallCode: r.hall_code,
          state: r.state,
          items: Object.entries(items)
            .filter(([, v]) => v.departmentId === departmentId)
            .map(([itemId, v]) => ({ itemId, state: v.state })),
        };
      });
    },

    async caseEvents(caseId: string): Promise<PulledEvent[]> {
      const rows = await db.selectFrom('events').selectAll().where('case_id', '=', caseId).orderBy('server_seq').execute();
      return rows.map(toPulled);
    },

    /** Whether the device may read a case's data (blob download, department API). */
    async canSeeCase(device: DeviceScope, caseId: string): Promise<boolean> {
      const c = await db.selectFrom('cases').select(['hall_code', 'deciding_code']).where('id', '=', caseId).executeTakeFirst();
      if (!c) return false;
      if (device.hallCode && (c.hall_code === device.hallCode || c.deciding_code === device.hallCode)) return true;
      if (device.departments.length === 0) return false;
      const d = await db
        .selectFrom('case_departments')
        .select('case_id')
        .where('case_id', '=', caseId)
        .where('department_id', 'in', [...device.departments])
        .executeTakeFirst();
      return !!d;
    },
  };
}

export type CentralSyncStore = ReturnType<typeof createCentralSyncStore>;
