import { sql, type Kysely } from 'kysely';
import { reportColumns } from '../client/0010_assist.js';
import type { CentralDialect } from './index.js';

// Never edit after it has landed: add a new migration instead.
// 帮办代办 · 上门服务 in the report facts, as on the counter (client/0010_assist): the facts are
// derived again from the log so earlier cases are counted too.

export function assist(dialect: CentralDialect) {
  return {
    async up(db: Kysely<any>): Promise<void> {
      // PostgreSQL migrations already run in a transaction; SQLite ones do not (one commit, not seven).
      if (dialect === 'postgres') return reportColumns(db);
      await sql`begin`.execute(db);
      try {
        await reportColumns(db);
        await sql`commit`.execute(db);
      } catch (err) {
        await sql`rollback`.execute(db);
        throw err;
      }
    },
  };
}
