import { sql, type Kysely } from 'kysely';

// Never edit after it has landed: add a new migration instead.
// Routing and review: each case item becomes a sub-application of its department with a clock.
// `active` (queued or received) and `due_key` (the due date, '9999-12-31' without a limit) exist
// so that a department's queue and the hall's warnings are index range scans at a million rows.

const COLUMNS: [string, 'text' | 'integer', string | number | null][] = [
  ['department_id', 'text', null],
  ['depends_on', 'text', '[]'],
  ['lane', 'integer', 0],
  ['active', 'integer', 0],
  ['start_date', 'text', null],
  ['promised_days', 'integer', null],
  ['statutory_days', 'integer', null],
  ['due_date', 'text', null],
  ['statutory_due_date', 'text', null],
  ['warn_date', 'text', null],
  ['due_key', 'text', '9999-12-31'],
  ['pauses', 'text', '[]'],
  ['result', 'text', null],
  ['corrections', 'text', null],
  ['legal_basis', 'text', null],
  ['received_by', 'text', null],
  ['decided_by', 'text', null],
  ['decided_at', 'text', null],
  ['version', 'integer', 0],
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const [name, type, dflt] of COLUMNS) {
    await db.schema
      .alterTable('case_items')
      .addColumn(name, type, (c) => (dflt === null ? c : c.notNull().defaultTo(dflt)))
      .execute();
  }
  // Every queue order is lane, due date, then the primary key, so each index ends with them and
  // a page is read in index order without sorting.
  await sql`create index case_items_queue on case_items (department_id, active, lane desc, due_key, case_id, item_id)`.execute(db);
  await sql`create index case_items_state on case_items (department_id, state, due_key, case_id, item_id)`.execute(db);
  await sql`create index case_items_item on case_items (item_id, active, lane desc, due_key, case_id)`.execute(db);
  await sql`create index case_items_hall on case_items (active, lane desc, due_key, case_id, item_id)`.execute(db);
  await sql`create index case_items_hall_state on case_items (state, due_key, case_id, item_id)`.execute(db);
  await sql`create index case_items_warn on case_items (active, warn_date)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const name of ['case_items_warn', 'case_items_hall_state', 'case_items_hall', 'case_items_item', 'case_items_state', 'case_items_queue']) await db.schema.dropIndex(name).execute();
  for (const [name] of [...COLUMNS].reverse()) await db.schema.alterTable('case_items').dropColumn(name).execute();
}
