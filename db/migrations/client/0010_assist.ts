import { sql, type Kysely } from 'kysely';

// Never edit after it has landed: add a new migration instead.
// 帮办代办 · 上门服务: one projection row per assistance record and per home visit (intake or
// delivery), and the report facts that count them. The facts are derived again from the log
// (the cursor is dropped) so that cases accepted before this migration are counted too.

export async function up(db: Kysely<any>): Promise<void> {
  // Kysely runs SQLite migrations outside a transaction: one here makes the dozen statements one
  // commit (one fsync) instead of twelve — every new database runs it.
  await sql`begin`.execute(db);
  try {
    await body(db);
    await sql`commit`.execute(db);
  } catch (err) {
    await sql`rollback`.execute(db);
    throw err;
  }
}

async function body(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('case_assists')
    /** The id of the event that recorded it. */
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull())
    /** assist | intake | delivery (the last two: 上门收件 / 上门送达) */
    .addColumn('kind', 'text', (c) => c.notNull())
    /** help | proxy for assistance; null for home visits. */
    .addColumn('mode', 'text')
    /** JSON: the event payload (home delivery: its home block). */
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await sql`create index case_assists_case on case_assists (case_id, created_at)`.execute(db);
  // The board counts today's records: one range.
  await sql`create index case_assists_created on case_assists (created_at, kind)`.execute(db);

  await reportColumns(db);
}

/** Shared with the central migration: the same columns on both stores (the caller owns the transaction). */
export async function reportColumns(db: Kysely<any>): Promise<void> {
  for (const table of ['report_cases', 'report_items']) {
    if (table === 'report_items') await db.schema.alterTable(table).addColumn('priority', 'text').execute();
    await db.schema.alterTable(table).addColumn('assisted', 'integer', (c) => c.notNull().defaultTo(0)).execute();
    await db.schema.alterTable(table).addColumn('proxy', 'integer', (c) => c.notNull().defaultTo(0)).execute();
    await db.schema.alterTable(table).addColumn('home', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  }
  await sql`delete from report_items`.execute(db);
  await sql`delete from report_cases`.execute(db);
  await sql`delete from report_cursor`.execute(db);
}
