import type { Kysely } from 'kysely';

// Never edit after it has landed: add a new migration instead.
// The sync engine's state. An own event without a row here has not been acknowledged yet;
// pulled events that could not be projected are recorded as conflicts.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('sync_events')
    .addColumn('event_id', 'text', (c) => c.primaryKey())
    // acked | rejected | deferred (own events); conflict (pulled events)
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('server_seq', 'integer')
    .addColumn('code', 'text')
    .addColumn('reason', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sync_events_status').on('sync_events').columns(['status', 'updated_at']).execute();

  await db.schema
    .createTable('sync_state')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('sync_state').execute();
  await db.schema.dropTable('sync_events').execute();
}
