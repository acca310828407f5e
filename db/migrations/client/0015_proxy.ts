import { sql, type Kysely } from 'kysely';
import { inOneCommit } from '../one-commit.js';

// Never edit after it has landed: add a new migration instead.
// 代收代办 · 材料流转: a case taken in for another division carries the deciding division and the
// taking-in hall's name; the originals posted between the two halls are one `transfers` row each.
// Both are projections: rebuilt from the log like the others.

export async function up(db: Kysely<any>): Promise<void> {
  return inOneCommit(db, body);
}

async function body(db: Kysely<any>): Promise<void> {
  await sql`alter table cases add column deciding_code text`.execute(db);
  await sql`alter table cases add column deciding_name text`.execute(db);
  await sql`alter table cases add column taken_in_name text`.execute(db);
  // The deciding side lists the proxy cases it decides; few rows carry a code.
  await sql`create index cases_deciding on cases (deciding_code) where deciding_code is not null`.execute(db);

  await db.schema
    .createTable('transfers')
    /** The transfer id of its `transfer.sent` event. */
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull())
    /** JSON TransferLine[]: the packing list. */
    .addColumn('lines', 'text', (c) => c.notNull())
    .addColumn('courier', 'text', (c) => c.notNull())
    .addColumn('tracking_no', 'text', (c) => c.notNull())
    .addColumn('sent_on', 'text', (c) => c.notNull())
    .addColumn('due_on', 'text', (c) => c.notNull())
    .addColumn('sent_actor', 'text')
    .addColumn('sent_at', 'text', (c) => c.notNull())
    .addColumn('received_on', 'text')
    .addColumn('received_by', 'text')
    .addColumn('received_actor', 'text')
    .addColumn('discrepancy', 'text')
    .addColumn('received_at', 'text')
    .execute();
  await sql`create index transfers_case on transfers (case_id, sent_at)`.execute(db);
  // Open transfers by promised day: the pending list and the board's overdue count.
  await sql`create index transfers_open on transfers (due_on) where received_on is null`.execute(db);
}
