import Database from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, type DatabaseConnection, type Driver, type Migration, type MigrationProvider } from 'kysely';
import { AppError } from '../shared/errors.js';
import { clientMigrations } from './migrations/client/index.js';
import type { ClientDatabase } from './schema.js';

export interface SqliteOptions {
  /** FULL makes every committed case survive a power cut; NORMAL only a crash. */
  synchronous?: 'FULL' | 'NORMAL';
}

class StaticProvider implements MigrationProvider {
  constructor(private readonly migrations: Record<string, Migration>) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    return this.migrations;
  }
}

const FULL_CODES = ['SQLITE_FULL', 'ENOSPC', 'EDQUOT', 'EFBIG'];
const READ_ONLY_CODES = ['SQLITE_READONLY', 'SQLITE_PERM', 'EROFS', 'EACCES', 'EPERM'];
const IO_CODES = ['SQLITE_IOERR', 'SQLITE_CANTOPEN', 'EIO'];
// better-sqlite3 reports extended codes (SQLITE_IOERR_WRITE, SQLITE_READONLY_DBMOVED, ...).
const matches = (code: string, list: readonly string[]) => list.some((c) => code === c || code.startsWith(`${c}_`));

/** True for a failure of the disk or the data directory (full, read-only, I/O), not of our logic. */
export function isStorageFailure(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (matches(code, FULL_CODES) || matches(code, READ_ONLY_CODES) || matches(code, IO_CODES) || code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT');
}

/** Chinese explanation of a storage failure; never includes personal data. */
export function storageError(err: unknown, file: string): AppError {
  const code = (err as { code?: string }).code ?? '';
  const where = { file, sqliteCode: code };
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return new AppError('STORAGE_FAILED', '本地数据库文件已损坏或不是本系统的数据库。系统未做任何改动，请联系管理员从备份恢复后再启动。', where);
  }
  if (matches(code, FULL_CODES)) {
    return new AppError('STORAGE_FAILED', '本机磁盘已满，刚才的修改没有保存。请清理磁盘空间（或联系管理员）后重试；已保存的数据不受影响。', where);
  }
  if (matches(code, READ_ONLY_CODES)) {
    return new AppError('STORAGE_FAILED', '数据目录只读或没有写入权限，刚才的修改没有保存。请检查磁盘和目录权限（或联系管理员）后重试；已保存的数据不受影响。', where);
  }
  if (matches(code, IO_CODES)) {
    return new AppError('STORAGE_FAILED', '无法写入本地数据目录（磁盘读写出错），刚才的修改没有保存。请检查磁盘后重试，仍不成功请联系管理员；已保存的数据不受影响。', where);
  }
  return new AppError('STORAGE_FAILED', '本地数据库出错，本次操作未保存。请重试，仍不成功请联系管理员。', where);
}

/**
 * SQLite itself rolls a transaction back when its COMMIT fails for a full disk or an I/O error;
 * Kysely's ROLLBACK afterwards would then fail ("no transaction is active") and hide the real
 * error, so it is skipped when nothing is open any more.
 */
class ClientDialect extends SqliteDialect {
  constructor(private readonly raw: Database.Database) {
    super({ database: raw });
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

async function migrate(db: Kysely<any>, migrations: Record<string, Migration>): Promise<void> {
  const migrator = new Migrator({ db, provider: new StaticProvider(migrations) });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error;
}

export interface ClientDb {
  db: Kysely<ClientDatabase>;
  file: string;
  close(): Promise<void>;
}

/** Opens (creating if needed) and migrates the counter's SQLite database. */
export async function openClientDb(file: string, options: SqliteOptions = {}): Promise<ClientDb> {
  let raw: Database.Database;
  try {
    raw = new Database(file);
    raw.pragma('journal_mode = WAL');
    raw.pragma('foreign_keys = ON');
    raw.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
    raw.pragma('busy_timeout = 5000');
  } catch (err) {
    throw storageError(err, file);
  }
  const db = new Kysely<ClientDatabase>({ dialect: new ClientDialect(raw) });
  try {
    await migrate(db, clientMigrations);
  } catch (err) {
    await db.destroy();
    throw storageError(err, file);
  }
  return { db, file, close: () => db.destroy() };
}
