import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { AppError } from '../../shared/errors.js';
import { eventNeedsCase, eventPayloads, GENESIS_HASH, type EventType, type NewEvent, type StoredEvent } from '../../shared/events.js';
import { HybridLogicalClock } from '../../shared/hlc.js';
import { newId } from '../../shared/ids.js';
import { applyEvent, PROJECTION_TABLES } from '../projections.js';
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

export interface AppendContext {
  actorId: string | null;
}

export interface EventStore {
  /** Validates, appends and projects the events in one transaction; all or nothing. */
  append(ctx: AppendContext, events: readonly NewEvent[]): Promise<StoredEvent[]>;
  caseEvents(caseId: string): Promise<StoredEvent[]>;
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
      });
    },

    async caseEvents(caseId) {
      const rows = await db.selectFrom('events').selectAll().where('case_id', '=', caseId).orderBy('seq').execute();
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
          if (r.prev_hash !== expectedPrev || recomputed !== r.hash) return { checked, firstBroken: { seq: r.seq, id: r.id } };
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
          for (const r of rows) await applyEvent(trx, rowToEvent(r));
          events += rows.length;
          after = rows[rows.length - 1]!.seq;
        }
        const c = await trx.selectFrom('cases').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
        return { events, cases: Number(c.n) };
      });
    },
  };
}
