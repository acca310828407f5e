import { sql, type Kysely } from 'kysely';
import { inOneCommit } from '../one-commit.js';

// Never edit after it has landed: add a new migration instead.
// 预约 and 叫号: the day's appointments as the hall's booking system hands them over (external
// data, kept on this device only, not events), the files already imported (by content hash),
// this counter's current queue ticket (survives a restart), and the ticket times projected onto
// the case from case.drafted, so supervision sees the applicant's wait.

export async function up(db: Kysely<any>): Promise<void> {
  return inOneCommit(db, body);
}

async function body(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('appointments')
    /** The booking system's number (预约号). */
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('phone', 'text', (c) => c.notNull())
    .addColumn('id_number', 'text')
    .addColumn('bundle_id', 'text', (c) => c.notNull())
    /** YYYY-MM-DD */
    .addColumn('date', 'text', (c) => c.notNull())
    /** HH:MM-HH:MM */
    .addColumn('slot', 'text', (c) => c.notNull())
    /** file name, or `pull` */
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('imported_at', 'text', (c) => c.notNull())
    /** The case started from it on this device. */
    .addColumn('case_id', 'text')
    .execute();
  await sql`create index appointments_day on appointments (date, slot, id)`.execute(db);

  await db.schema
    .createTable('appointment_files')
    .addColumn('sha256', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .addColumn('imported', 'integer', (c) => c.notNull())
    /** JSON: the row problems, as shown to the clerk. */
    .addColumn('errors', 'text', (c) => c.notNull())
    .execute();
  await sql`create index appointment_files_at on appointment_files (imported_at)`.execute(db);

  await db.schema
    .createTable('queue_ticket')
    /** Always 1: one current ticket per counter. */
    .addColumn('slot', 'integer', (c) => c.primaryKey())
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('lane', 'text', (c) => c.notNull())
    .addColumn('bundle_id', 'text')
    .addColumn('appointment_id', 'text')
    .addColumn('issued_at', 'text', (c) => c.notNull())
    .addColumn('called_at', 'text', (c) => c.notNull())
    .addColumn('recalls', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('case_id', 'text')
    .execute();

  for (const col of ['ticket_lane', 'ticket_issued_at', 'ticket_called_at']) await db.schema.alterTable('cases').addColumn(col, 'text').execute();
}
