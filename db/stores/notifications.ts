import type { Kysely, Selectable } from 'kysely';
import type { NotificationKind, NotificationStatus } from '../../shared/notify.js';
import type { ClientDatabase, NotificationsTable, SmsOutboxTable } from '../schema.js';

// The SMS notifications this device sends (local state, not a projection: a rebuild of the
// projections must never send again) and the stand-in gateway's outbox. Every state change is a
// guarded UPDATE, so two senders can never both own a message.

export interface NotificationRecord {
  id: string;
  caseId: string;
  kind: NotificationKind;
  recipient: string;
  body: string;
  status: NotificationStatus;
  /** Send attempts made so far. */
  attempts: number;
  nextAttemptAt: string | null;
  /** Chinese, for the clerk; never contains the phone number or the text. */
  lastError: string | null;
  providerRef: string | null;
  createdAt: string;
  sentAt: string | null;
}

export interface NewNotification {
  id: string;
  caseId: string;
  kind: NotificationKind;
  recipient: string;
  body: string;
  createdAt: string;
}

export interface OutboxRecord {
  messageId: string;
  recipient: string;
  body: string;
  acceptedAt: string;
}

export interface NotificationStore {
  /** False when a message with this id exists already: at most one message per id. */
  enqueue(row: NewNotification): Promise<boolean>;
  /** Moves due 'pending' rows to 'sending'; returns only the rows this call claimed. */
  claimDue(nowIso: string, limit: number): Promise<NotificationRecord[]>;
  /** False if the row was already sent. */
  markSent(id: string, providerRef: string, at: string): Promise<boolean>;
  /** 'sending' → 'pending' again at `nextAt`; false if this caller no longer owns the row. */
  markRetry(id: string, error: string, nextAt: string): Promise<boolean>;
  /** 'sending' → 'failed'; false if this caller no longer owns the row. */
  markFailed(id: string, error: string): Promise<boolean>;
  /** After a crash: 'sending' → 'pending' (resent with the same id; the gateway dedupes). Returns the count. */
  recoverSending(): Promise<number>;
  /** The clerk's 重发: 'failed' → 'pending' with a fresh attempt budget. */
  retryFailed(id: string): Promise<boolean>;
  ofCase(caseId: string): Promise<NotificationRecord[]>;
  /** The messages of several cases at once (a list page). */
  ofCases(caseIds: readonly string[]): Promise<NotificationRecord[]>;
  get(id: string): Promise<NotificationRecord | undefined>;
  /** The stand-in gateway: false when this message id was accepted before. */
  outboxInsert(row: OutboxRecord): Promise<boolean>;
  outboxList(): Promise<OutboxRecord[]>;
}

const toRecord = (r: Selectable<NotificationsTable>): NotificationRecord => ({
  id: r.id,
  caseId: r.case_id,
  kind: r.kind as NotificationKind,
  recipient: r.recipient,
  body: r.body,
  status: r.status as NotificationStatus,
  attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at,
  lastError: r.last_error,
  providerRef: r.provider_ref,
  createdAt: r.created_at,
  sentAt: r.sent_at,
});

const toOutbox = (r: Selectable<SmsOutboxTable>): OutboxRecord => ({
  messageId: r.message_id,
  recipient: r.recipient,
  body: r.body,
  acceptedAt: r.accepted_at,
});

const updated = (r: { numUpdatedRows: bigint }) => r.numUpdatedRows > 0n;
// ON CONFLICT DO NOTHING reports 0 rows when the id existed.
const inserted = (r: { numInsertedOrUpdatedRows?: bigint }) => (r.numInsertedOrUpdatedRows ?? 0n) > 0n;

export function createNotificationStore(db: Kysely<ClientDatabase>): NotificationStore {
  return {
    async enqueue(row) {
      const r = await db
        .insertInto('notifications')
        .values({
          id: row.id,
          case_id: row.caseId,
          kind: row.kind,
          recipient: row.recipient,
          body: row.body,
          status: 'pending',
          attempts: 0,
          next_attempt_at: null,
          last_error: null,
          provider_ref: null,
          created_at: row.createdAt,
          sent_at: null,
        })
        .onConflict((oc) => oc.column('id').doNothing())
        .executeTakeFirst();
      return inserted(r);
    },
    async claimDue(nowIso, limit) {
      const due = await db
        .selectFrom('notifications')
        .selectAll()
        .where('status', '=', 'pending')
        .where((eb) => eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', nowIso)]))
        .orderBy('next_attempt_at')
        .orderBy('created_at')
        .orderBy('id')
        .limit(limit)
        .execute();
      const claimed: NotificationRecord[] = [];
      for (const row of due) {
        const r = await db.updateTable('notifications').set({ status: 'sending' }).where('id', '=', row.id).where('status', '=', 'pending').executeTakeFirst();
        if (updated(r)) claimed.push(toRecord({ ...row, status: 'sending' }));
      }
      return claimed;
    },
    async markSent(id, providerRef, at) {
      const r = await db
        .updateTable('notifications')
        .set((eb) => ({ status: 'sent', provider_ref: providerRef, sent_at: at, last_error: null, next_attempt_at: null, attempts: eb('attempts', '+', 1) }))
        .where('id', '=', id)
        .where('status', '!=', 'sent')
        .executeTakeFirst();
      return updated(r);
    },
    async markRetry(id, error, nextAt) {
      const r = await db
        .updateTable('notifications')
        .set((eb) => ({ status: 'pending', last_error: error, next_attempt_at: nextAt, attempts: eb('attempts', '+', 1) }))
        .where('id', '=', id)
        .where('status', '=', 'sending')
        .executeTakeFirst();
      return updated(r);
    },
    async markFailed(id, error) {
      const r = await db
        .updateTable('notifications')
        .set((eb) => ({ status: 'failed', last_error: error, next_attempt_at: null, attempts: eb('attempts', '+', 1) }))
        .where('id', '=', id)
        .where('status', '=', 'sending')
        .executeTakeFirst();
      return updated(r);
    },
    async recoverSending() {
      const r = await db.updateTable('notifications').set({ status: 'pending', next_attempt_at: null }).where('status', '=', 'sending').executeTakeFirst();
      return Number(r.numUpdatedRows);
    },
    async retryFailed(id) {
      const r = await db
        .updateTable('notifications')
        .set({ status: 'pending', attempts: 0, next_attempt_at: null })
        .where('id', '=', id)
        .where('status', '=', 'failed')
        .executeTakeFirst();
      return updated(r);
    },
    async ofCase(caseId) {
      const rows = await db.selectFrom('notifications').selectAll().where('case_id', '=', caseId).orderBy('created_at').orderBy('id').execute();
      return rows.map(toRecord);
    },
    async ofCases(caseIds) {
      if (caseIds.length === 0) return [];
      const rows = await db.selectFrom('notifications').selectAll().where('case_id', 'in', [...caseIds]).orderBy('created_at').orderBy('id').execute();
      return rows.map(toRecord);
    },
    async get(id) {
      const r = await db.selectFrom('notifications').selectAll().where('id', '=', id).executeTakeFirst();
      return r && toRecord(r);
    },
    async outboxInsert(row) {
      const r = await db
        .insertInto('sms_outbox')
        .values({ message_id: row.messageId, recipient: row.recipient, body: row.body, accepted_at: row.acceptedAt })
        .onConflict((oc) => oc.column('message_id').doNothing())
        .executeTakeFirst();
      return inserted(r);
    },
    async outboxList() {
      const rows = await db.selectFrom('sms_outbox').selectAll().orderBy('accepted_at').orderBy('message_id').execute();
      return rows.map(toOutbox);
    },
  };
}
