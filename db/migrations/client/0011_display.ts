import { sql, type Kysely } from 'kysely';

// Never edit after it has landed: add a new migration instead.
// Each clerk's display preferences (large text, high contrast) follow the clerk, not the machine.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table clerks add column display text not null default '{}'`.execute(db);
}
