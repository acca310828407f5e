import { createHash } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import { AppError } from '../../shared/errors.js';
import { eventNeedsCase, eventPayloads, GENESIS_HASH, type EventType, type NewEvent, type StoredEvent } from '../../shared/events.js';
import { HybridLogicalClock } from '../../shared/hlc.js';
import { newId } from '../../shared/ids.js';
import { applyEvent, PROJECTION_TABLES } from '../projections.js';
import { isStorageFailure, storageError } from '../sqlite.js';
import type { ClientDatabase, EventsTable } from '../schema.js';
import type { Selectable } from 'kysely';

/** Hash that links an event to the previous event of the same device. */
export function eventHash(e: Omit<StoredEvent, 'seq' | 'hash' | 'payload'> & { payloadJson: string }): string {
  return createHash('sha256')
    .update(JSON.stringify([e.prevHash, e.id, e.caseId, e.type, e.payloadJson, e.actorId, e.deviceId, e.hlc, e.createdAt]))
    .digest('hex');
}

export function rowToEvent(r: Selectable<EventsTable>): StoredEvent {
  return {
    id: r.id,
    seq: r.seq,
    caseId: r.case_id,
    type: r.type as EventType,
    payload: JSON.parse(r.payload) as unknown,
    actorId: r.actor_id,
    deviceId: r.device_id,
    hlc: r.hlc,
    createdAt: r.created_at,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

/** An event made on another device, as pulled from the central service. */
export type RemoteEvent = Omit<StoredEvent, 'seq'>;

export interface RemoteApplyResult {
  applied: number;
  /** Already in the log (a re-pulled page): skipped. */
  skipped: number;
  /** Stored but not projected: the local state does not allow them (see applyForeign). */
  conflicts: { id: string; code: string; message: string }[];
}

/**
 * Projects an event of another device inside a savepoint. The central service accepted it,
 * so it stays in the log even when the local projection refuses it (a local change the
 * service rejected, or events it has not pulled yet); the caller records the conflict.
 */
async function applyForeign(trx: Transaction<ClientDatabase>, event: StoredEvent): Promise<{ code: string; message: string } | null> {
  await sql`savepoint foreign_event`.execute(trx);
  try {
    await applyEvent(trx, event);
    await sql`release savepoint foreign_event`.execute(trx);
    return null;
  } catch (err) {
    await sql`rollback to savepoint foreign_event`.execute(trx);
    await sql`release savepoint foreign_event`.execute(trx);
    if (err instanceof AppError) return { code: err.code, message: err.message };
    throw err;
  }
}

export interface AppendContext {
  actorId: string | null;
}

export interface EventStore {
  /** Validates, appends and projects the events in one transaction; all or nothing. */
  append(ctx: AppendContext, events: readonly NewEvent[]): Promise<StoredEvent[]>;
  caseEvents(caseId: string): Promise<StoredEvent[]>;
  /** Events without a case (sign-ins, account administration), newest last: the audit trail of people, not cases. */
  auditEvents(prefix: 'session.' | 'account.'): Promise<StoredEvent[]>;
  /**
   * Stores and projects pulled events of other devices, in the given order, skipping ids
   * already present; `within` runs in the same transaction (the sync cursor is saved there).
   */
  applyRemote(events: readonly RemoteEvent[], within?: (trx: Transaction<ClientDatabase>, r: RemoteApplyResult) => Promise<void>): Promise<RemoteApplyResult>;
  count(): Promise<number>;
  rebuildProjections(): Promise<{ events: number; cases: number }>;
  /** Recomputes every device's hash chain; reports the first event whose link is broken. */
  verifyChains(): Promise<{ checked: number; firstBroken: { seq: number; id: string } | null }>;
}

export async function createEventStore(
  db: Kysely<ClientDatabase>,
  deviceId: string,
  now: () => number = Date.now,
): Promise<EventStore> {
  /** The device's latest event: its hash links the next event, its clock resumes the HLC. */
  const deviceHead = (q: Kysely<ClientDatabase>) =>
    q.selectFrom('events').select(['hash', 'hlc']).where('device_id', '=', deviceId).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  const clock = new HybridLogicalClock(deviceId, now, (await deviceHead(db))?.hlc);

  function validate(e: NewEvent): string {
    const schema = eventPayloads[e.type];
    if (!schema) throw new AppError('INVALID_INPUT', `未知的事件类型：${String(e.type)}`);
    const parsed = schema.safeParse(e.payload);
    if (!parsed.success) {
      throw new AppError('INVALID_INPUT', '事件内容不完整或格式错误，未保存。', { type: e.type, issues: parsed.error.issues.map((i) => i.path.join('.')) });
    }
    if (eventNeedsCase(e.type) !== (e.caseId !== null)) {
      throw new AppError('INVALID_INPUT', '事件缺少办件编号或不应带办件编号。', { type: e.type });
    }
    return JSON.stringify(parsed.data);
  }

  return {
    async append(ctx, events) {
      const payloads = events.map(validate);
      // A full or read-only disk fails the whole transaction: nothing of it is kept.
      return db.transaction().execute(async (trx) => {
        let prevHash = (await deviceHead(trx))?.hash ?? GENESIS_HASH;
        const stored: StoredEvent[] = [];
        for (const [i, e] of events.entries()) {
          const base = {
            id: newId(),
            caseId: e.caseId,
            type: e.type,
            actorId: ctx.actorId,
            deviceId,
            hlc: clock.tick(),
            createdAt: new Date(now()).toISOString(),
            prevHash,
          };
          const payloadJson = payloads[i]!;
          const hash = eventHash({ ...base, payloadJson });
          const { seq } = await trx
            .insertInto('events')
            .values({
              id: base.id,
              case_id: base.caseId,
              type: base.type,
              payload: payloadJson,
              actor_id: base.actorId,
              device_id: deviceId,
              hlc: base.hlc,
              created_at: base.createdAt,
              prev_hash: prevHash,
              hash,
            })
            .returning('seq')
            .executeTakeFirstOrThrow();
          const event: StoredEvent = { ...base, seq, payload: JSON.parse(payloadJson) as unknown, hash };
          await applyEvent(trx, event);
          stored.push(event);
          prevHash = hash;
        }
        return stored;
      }).catch((err: unknown) => {
        throw isStorageFailure(err) ? storageError(err, 'events') : err;
      });
    },

    async applyRemote(events, within) {
      return db.transaction().execute(async (trx) => {
        const result: RemoteApplyResult = { applied: 0, skipped: 0, conflicts: [] };
        const present = new Set<string>();
        const ids = events.map((e) => e.id);
        for (let i = 0; i < ids.length; i += 500) {
          const part = ids.slice(i, i + 500);
          if (part.length) for (const r of await trx.selectFrom('events').select('id').where('id', 'in', part).execute()) present.add(r.id);
        }
        for (const e of events) {
          if (present.has(e.id)) {
            result.skipped++;
            continue;
          }
          present.add(e.id);
          const { seq } = await trx
            .insertInto('events')
            .values({
              id: e.id,
              case_id: e.caseId,
              type: e.type,
              payload: JSON.stringify(e.payload),
              actor_id: e.actorId,
              device_id: e.deviceId,
              hlc: e.hlc,
              created_at: e.createdAt,
              prev_hash: e.prevHash,
              hash: e.hash,
            })
            .returning('seq')
            .executeTakeFirstOrThrow();
          const conflict = await applyForeign(trx, { ...e, seq });
          if (conflict) result.conflicts.push({ id: e.id, ...conflict });
          result.applied++;
          try {
            // Local events made after this one order after it, even on a slow clock.
            clock.receive(e.hlc);
          } catch {
            // A clock more than a day ahead is not followed; the event is kept all the same.
          }
        }
        if (within) await within(trx, result);
        return result;
      });
    },

    async caseEvents(caseId) {
      const rows = await db.selectFrom('events').selectAll().where('case_id', '=', caseId).orderBy('seq').execute();
      return rows.map(rowToEvent);
    },

    async auditEvents(prefix) {
      const rows = await db.selectFrom('events').selectAll().where('case_id', 'is', null).where('type', 'like', `${prefix}%`).orderBy('seq').execute();
      return rows.map(rowToEvent);
    },

    async count() {
      const r = await db.selectFrom('events').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
      return Number(r.n);
    },

    async verifyChains() {
      const heads = new Map<string, string>();
      let after = 0;
      let checked = 0;
      for (;;) {
        const rows = await db.selectFrom('events').selectAll().where('seq', '>', after).orderBy('seq').limit(5000).execute();
        if (rows.length === 0) return { checked, firstBroken: null };
        for (const r of rows) {
          const expectedPrev = heads.get(r.device_id) ?? GENESIS_HASH;
          const recomputed = eventHash({
            id: r.id,
            caseId: r.case_id,
            type: r.type as EventType,
            payloadJson: r.payload,
            actorId: r.actor_id,
            deviceId: r.device_id,
            hlc: r.hlc,
            createdAt: r.created_at,
            prevHash: r.prev_hash,
          });
          // Pulled events of other devices: this device holds only the part of their chain it may see.
          const linkOk = r.device_id !== deviceId || r.prev_hash === expectedPrev;
          if (!linkOk || recomputed !== r.hash) return { checked, firstBroken: { seq: r.seq, id: r.id } };
          heads.set(r.device_id, r.hash);
          checked++;
        }
        after = rows[rows.length - 1]!.seq;
      }
    },

    async rebuildProjections() {
      return db.transaction().execute(async (trx) => {
        for (const t of PROJECTION_TABLES) await trx.deleteFrom(t).execute();
        let after = 0;
        let events = 0;
        for (;;) {
          const rows = await trx.selectFrom('events').selectAll().where('seq', '>', after).orderBy('seq').limit(1000).execute();
          if (rows.length === 0) break;
          for (const r of rows) {
            // Replays exactly what the live path did: foreign events refused then are skipped again.
            if (r.device_id === deviceId) await applyEvent(trx, rowToEvent(r));
            else await applyForeign(trx, rowToEvent(r));
          }
          events += rows.length;
          after = rows[rows.length - 1]!.seq;
        }
        const c = await trx.selectFrom('cases').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
        return { events, cases: Number(c.n) };
      });
    },
  };
}
