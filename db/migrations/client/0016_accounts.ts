import { sql, type Kysely } from 'kysely';
import { inOneCommit } from '../one-commit.js';

// Never edit after it has landed: add a new migration instead.
// Clerk accounts: a flag that forces a password change at the next sign-in (accounts an admin
// created or reset), and the hashes of each clerk's passwords so a recent one is not chosen again.
// Neither comes from the event log: accounts are local to the device, like the clerks table itself.

export async function up(db: Kysely<any>): Promise<void> {
  return inOneCommit(db, body);
}

async function body(db: Kysely<any>): Promise<void> {
  await sql`alter table clerks add column must_change_password integer not null default 0`.execute(db);
  await db.schema
    .createTable('password_history')
    .addColumn('clerk_id', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('set_at', 'text', (c) => c.notNull())
    .execute();
  await sql`create index password_history_clerk on password_history (clerk_id, set_at)`.execute(db);
  // The password each clerk has now counts as the most recent one.
  await sql`insert into password_history (clerk_id, password_hash, set_at) select id, password_hash, updated_at from clerks`.execute(db);
}
