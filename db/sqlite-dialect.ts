import type Database from 'better-sqlite3-multiple-ciphers';
import { SqliteDialect, type DatabaseConnection, type Driver, type SqliteDatabase, type SqliteStatement } from 'kysely';

// The Kysely dialect of both SQLite stores (the counter's and the central service's embedded one),
// and what counts as a failure of the disk under them.

export const FULL_CODES = ['SQLITE_FULL', 'ENOSPC', 'EDQUOT', 'EFBIG'];
export const READ_ONLY_CODES = ['SQLITE_READONLY', 'SQLITE_PERM', 'EROFS', 'EACCES', 'EPERM'];
export const IO_CODES = ['SQLITE_IOERR', 'SQLITE_CANTOPEN', 'EIO'];
// better-sqlite3(-multiple-ciphers) reports extended codes (SQLITE_IOERR_WRITE, SQLITE_READONLY_DBMOVED, ...).
export const matches = (code: string, list: readonly string[]) => list.some((c) => code === c || code.startsWith(`${c}_`));

/** True for a failure of the disk or the data directory (full, read-only, I/O), not of our logic. */
export function isStorageFailure(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (matches(code, FULL_CODES) || matches(code, READ_ONLY_CODES) || matches(code, IO_CODES) || code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT');
}

/**
 * Kysely's SQLite driver prepares every query anew; on the append and push paths that costs about
 * as much as running it. The same query shapes recur, so prepared statements are kept by their SQL
 * text (least recently used dropped first). Safe because better-sqlite3 runs a statement to
 * completion synchronously (no streaming queries here) and re-prepares after a schema change.
 */
function withStatementCache(raw: Database.Database, max: number): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  return {
    close: () => raw.close(),
    prepare(sql: string) {
      let stmt = cache.get(sql);
      if (stmt) cache.delete(sql);
      else {
        stmt = raw.prepare(sql) as unknown as SqliteStatement;
        if (cache.size >= max) cache.delete(cache.keys().next().value!);
      }
      cache.set(sql, stmt);
      return stmt;
    },
  };
}

/**
 * SQLite itself rolls a transaction back when its COMMIT fails for a full disk or an I/O error;
 * Kysely's ROLLBACK afterwards would then fail ("no transaction is active") and hide the real
 * error, so it is skipped when nothing is open any more.
 */
export class StoreDialect extends SqliteDialect {
  constructor(
    private readonly raw: Database.Database,
    cacheSize = 256,
  ) {
    super({ database: withStatementCache(raw, cacheSize) });
  }
  override createDriver(): Driver {
    const driver = super.createDriver();
    const rollback = driver.rollbackTransaction.bind(driver);
    driver.rollbackTransaction = async (connection: DatabaseConnection) => {
      if (this.raw.inTransaction) await rollback(connection);
    };
    return driver;
  }
}
