import { sql, type Kysely } from 'kysely';

// Never edit after it has landed: add a new migration instead.
// 电子化归档: the packages written for finished cases (local state, not a projection: a rebuild
// must not forget what is already on the archive share), the sweep's progress and its failures.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('archive_packages')
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('case_number', 'text', (c) => c.notNull())
    .addColumn('folder', 'text', (c) => c.notNull())
    /** The archive folder it was written to (the setting may change later). */
    .addColumn('dir', 'text', (c) => c.notNull())
    /** Local seq of the last case event included. */
    .addColumn('event_seq', 'integer', (c) => c.notNull())
    .addColumn('final_state', 'text', (c) => c.notNull())
    .addColumn('ended_at', 'text', (c) => c.notNull())
    /** China-local date the case ended: the export range filters on it. */
    .addColumn('ended_on', 'text', (c) => c.notNull())
    .addColumn('manifest_sha256', 'text', (c) => c.notNull())
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('files', 'integer', (c) => c.notNull())
    .addColumn('bytes', 'integer', (c) => c.notNull())
    .addColumn('built_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('archive_packages_pk', ['case_id', 'revision'])
    .execute();
  await sql`create index archive_packages_ended on archive_packages (ended_on, case_id)`.execute(db);
  await sql`create index archive_packages_built on archive_packages (built_at)`.execute(db);

  await db.schema
    .createTable('archive_failures')
    .addColumn('case_id', 'text', (c) => c.primaryKey())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('archive_marks')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'integer', (c) => c.notNull())
    .execute();

  // The sweep walks finished cases by the seq of their last event, past its mark.
  await sql`create index cases_archive on cases (last_event_seq) where state in ('delivered', 'closed', 'refused', 'withdrawn')`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('cases_archive').execute();
  for (const t of ['archive_marks', 'archive_failures', 'archive_packages']) await db.schema.dropTable(t).execute();
}
