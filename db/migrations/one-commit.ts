import { sql, type Kysely } from 'kysely';

/**
 * Runs a SQLite migration's statements as one commit (one fsync instead of one per statement):
 * Kysely runs SQLite migrations outside a transaction. PostgreSQL migrations already run in one.
 */
export async function inOneCommit(db: Kysely<any>, body: (db: Kysely<any>) => Promise<void>): Promise<void> {
  await sql`begin`.execute(db);
  try {
    await body(db);
    await sql`commit`.execute(db);
  } catch (err) {
    await sql`rollback`.execute(db);
    throw err;
  }
}
