import { sql, type Kysely } from 'kysely';
import type { Ack, PulledEvent, WireEvent } from '../../shared/sync.js';
import type { ClientDatabase } from '../schema.js';
import { rowToEvent, type EventStore, type RemoteApplyResult } from './events.js';

// The counter's sync state (migration 0005): per-event outcome of pushes, conflicts of
// pulled events, the pull cursor and a few status values. Own events with no row here
// are pending; a row is written only from the service's answer, so a crash between
// sending and recording simply resends (the service acks a resend the same way).

type SyncTables = {
  sync_events: {
    event_id: string;
    status: 'acked' | 'rejected' | 'deferred' | 'conflict';
    server_seq: number | null;
    code: string | null;
    reason: string | null;
    updated_at: string;
  };
  sync_state: { key: string; value: string };
};

export type SyncStateKey = 'pull_cursor' | 'push_floor' | 'last_success_at' | 'last_error' | 'offline_since' | 'enrolment' | 'calendar_version';

export interface PendingEvent extends WireEvent {
  seq: number;
  /** The event as it goes on the wire, serialised once. */
  json: string;
  bytes: number;
}

export interface SyncProblem {
  eventId: string;
  kind: 'rejected' | 'conflict' | 'deferred';
  code: string | null;
  reason: string | null;
  caseId: string | null;
  type: string;
  createdAt: string;
  own: boolean;
  updatedAt: string;
}

export interface CaseSyncState {
  caseId: string;
  pending: number;
  rejected: number;
  conflicts: number;
  acked: number;
  lastEventAt: string;
}

export function createSyncStore(base: Kysely<ClientDatabase>, deviceId: string, events: EventStore) {
  const db = base.withTables<SyncTables>();

  async function getState(key: SyncStateKey): Promise<string | null> {
    const r = await db.selectFrom('sync_state').select('value').where('key', '=', key).executeTakeFirst();
    return r?.value ?? null;
  }
  async function setState(key: SyncStateKey, value: string | null, q: Kysely<ClientDatabase & SyncTables> = db): Promise<void> {
    if (value === null) await q.deleteFrom('sync_state').where('key', '=', key).execute();
    else await q.insertInto('sync_state').values({ key, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })).execute();
  }

  /** Own events not yet acked or rejected, in log order, after local seq `after`. */
  async function pending(after: number, limit: number): Promise<PendingEvent[]> {
    const rows = await db
      .selectFrom('events as e')
      .leftJoin('sync_events as s', 's.event_id', 'e.id')
      .selectAll('e')
      .where('e.device_id', '=', deviceId)
      .where('e.seq', '>', after)
      .where((eb) => eb.or([eb('s.status', 'is', null), eb('s.status', '=', 'deferred')]))
      .orderBy('e.seq')
      .limit(limit)
      .execute();
    const str = JSON.stringify;
    return rows.map((r) => {
      const { seq, ...w } = rowToEvent(r);
      // The stored payload text is the JSON that was hashed, so it goes on the wire as it is:
      // serialising the parsed payload again was a tenth of the counter's work in a push.
      const json = `{"id":${str(w.id)},"caseId":${str(w.caseId)},"type":${str(w.type)},"payload":${r.payload},"actorId":${str(w.actorId)},"deviceId":${str(w.deviceId)},"hlc":${str(w.hlc)},"createdAt":${str(w.createdAt)},"prevHash":${str(w.prevHash)},"hash":${str(w.hash)}}`;
      return { ...(w satisfies WireEvent), seq, json, bytes: Buffer.byteLength(json) + 1 };
    });
  }

  return {
    getState,
    setState: (key: SyncStateKey, value: string | null) => setState(key, value),
    pending,

    async pushFloor(): Promise<number> {
      return Number((await getState('push_floor')) ?? 0);
    },

    /** Records the service's answers; `floor` (when given) marks everything up to it final. */
    async recordAcks(acks: readonly Ack[], at: string, floor?: number): Promise<void> {
      await db.transaction().execute(async (trx) => {
        // One JSON parameter per batch: a 500-row VALUES list cost more to build than to write.
        const rows = acks.map((a) =>
          a.status === 'accepted' ? [a.id, 'acked', a.serverSeq, null, null] : [a.id, a.status, null, a.code, a.reason],
        );
        await sql`
          insert into sync_events (event_id, status, server_seq, code, reason, updated_at)
          select value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, ${at} from json_each(${JSON.stringify(rows)}) where true
          on conflict (event_id) do update set status = excluded.status, server_seq = excluded.server_seq,
            code = excluded.code, reason = excluded.reason, updated_at = excluded.updated_at`.execute(trx);
        if (floor !== undefined) await setState('push_floor', String(floor), trx);
      });
    },

    /** Marks an own event that can never be sent (larger than a whole batch) as rejected locally. */
    async rejectLocally(eventId: string, code: string, reason: string, at: string): Promise<void> {
      await db
        .insertInto('sync_events')
        .values({ event_id: eventId, status: 'rejected', server_seq: null, code, reason, updated_at: at })
        .onConflict((oc) => oc.column('event_id').doUpdateSet({ status: 'rejected', code, reason, updated_at: at }))
        .execute();
    },

    /** Applies one pulled page and saves the cursor in the same transaction. */
    async applyPulled(page: readonly PulledEvent[], cursor: string, at: string): Promise<RemoteApplyResult> {
      return events.applyRemote(
        page.map(({ serverSeq: _s, ...e }) => ({ ...e, type: e.type as never })),
        async (trx, result) => {
          const t = trx.withTables<SyncTables>();
          for (const c of result.conflicts) {
            await t
              .insertInto('sync_events')
              .values({ event_id: c.id, status: 'conflict', server_seq: null, code: c.code, reason: c.message, updated_at: at })
              .onConflict((oc) => oc.column('event_id').doNothing())
              .execute();
          }
          await setState('pull_cursor', cursor, t);
        },
      );
    },

    /** Pending own events and their bytes (events only; blobs are counted by the blob index). */
    async pendingSummary(): Promise<{ count: number; bytes: number }> {
      const floor = Number((await getState('push_floor')) ?? 0);
      const r = await db
        .selectFrom('events as e')
        .leftJoin('sync_events as s', 's.event_id', 'e.id')
        .select([sql<number>`count(*)`.as('n'), sql<number>`coalesce(sum(length(e.payload) + 400), 0)`.as('bytes')])
        .where('e.device_id', '=', deviceId)
        .where('e.seq', '>', floor)
        .where((eb) => eb.or([eb('s.status', 'is', null), eb('s.status', '=', 'deferred')]))
        .executeTakeFirstOrThrow();
      return { count: Number(r.n), bytes: Number(r.bytes) };
    },

    async problems(limit = 500): Promise<SyncProblem[]> {
      const rows = await db
        .selectFrom('sync_events as s')
        .innerJoin('events as e', 'e.id', 's.event_id')
        .select(['s.event_id', 's.status', 's.code', 's.reason', 's.updated_at', 'e.case_id', 'e.type', 'e.created_at', 'e.device_id'])
        .where('s.status', 'in', ['rejected', 'conflict', 'deferred'])
        .orderBy('s.updated_at', 'desc')
        .limit(limit)
        .execute();
      return rows.map((r) => ({
        eventId: r.event_id,
        kind: r.status as SyncProblem['kind'],
        code: r.code,
        reason: r.reason,
        caseId: r.case_id,
        type: r.type,
        createdAt: r.created_at,
        own: r.device_id === deviceId,
        updatedAt: r.updated_at,
      }));
    },

    async problemCounts(): Promise<{ rejected: number; conflicts: number; deferred: number }> {
      const rows = await db.selectFrom('sync_events').select(['status', sql<number>`count(*)`.as('n')]).where('status', '!=', 'acked').groupBy('status').execute();
      const n = (s: string) => Number(rows.find((r) => r.status === s)?.n ?? 0);
      return { rejected: n('rejected'), conflicts: n('conflict'), deferred: n('deferred') };
    },

    /** Per-case sync state of the cases with own events, most recently changed first. */
    async caseStates(limit = 200): Promise<CaseSyncState[]> {
      const rows = await db
        .selectFrom('events as e')
        .leftJoin('sync_events as s', 's.event_id', 'e.id')
        .select([
          'e.case_id',
          sql<number>`sum(case when e.device_id = ${deviceId} and (s.status is null or s.status = 'deferred') then 1 else 0 end)`.as('pending'),
          sql<number>`sum(case when s.status = 'rejected' then 1 else 0 end)`.as('rejected'),
          sql<number>`sum(case when s.status = 'conflict' then 1 else 0 end)`.as('conflicts'),
          sql<number>`sum(case when s.status = 'acked' then 1 else 0 end)`.as('acked'),
          sql<string>`max(e.created_at)`.as('last'),
        ])
        .where('e.case_id', 'is not', null)
        .groupBy('e.case_id')
        .orderBy(sql`max(e.seq)`, 'desc')
        .limit(limit)
        .execute();
      return rows.map((r) => ({
        caseId: r.case_id!,
        pending: Number(r.pending),
        rejected: Number(r.rejected),
        conflicts: Number(r.conflicts),
        acked: Number(r.acked),
        lastEventAt: r.last,
      }));
    },
  };
}

export type SyncStore = ReturnType<typeof createSyncStore>;
