import type { Kysely } from 'kysely';
import { inOneCommit } from '../one-commit.js';
import type { CentralDialect } from './index.js';

// Never edit after it has landed: add a new migration instead.
// 代收代办 · 材料流转: the deciding division of a case and its transfers, as judgeEvent needs them.
// Plain TEXT columns with a constant default: the same statements on SQLite and PostgreSQL.

export function proxy(dialect: CentralDialect) {
  async function body(db: Kysely<any>): Promise<void> {
    await db.schema.alterTable('cases').addColumn('deciding_code', 'text').execute();
    await db.schema.alterTable('cases').addColumn('deciding_name', 'text').execute();
    await db.schema.alterTable('cases').addColumn('transfers', 'text', (c) => c.notNull().defaultTo('{}')).execute();
  }
  return {
    async up(db: Kysely<any>): Promise<void> {
      // PostgreSQL migrations already run in a transaction; SQLite ones do not (one commit, not three).
      return dialect === 'postgres' ? body(db) : inOneCommit(db, body);
    },
  };
}
