import Database from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, type Migration, type MigrationProvider } from 'kysely';
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

/** Chinese explanation of a storage failure; never includes personal data. */
export function storageError(err: unknown, file: string): AppError {
  const code = (err as { code?: string }).code ?? '';
  const where = { file, sqliteCode: code };
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return new AppError('STORAGE_FAILED', '本地数据库文件已损坏或不是本系统的数据库。系统未做任何改动，请联系管理员从备份恢复后再启动。', where);
  }
  if (code === 'SQLITE_FULL') {
    return new AppError('STORAGE_FAILED', '磁盘空间已满，本次保存未完成。请清理磁盘后重试，已保存的数据不受影响。', where);
  }
  if (code === 'SQLITE_READONLY' || code === 'SQLITE_CANTOPEN' || code === 'SQLITE_PERM' || code === 'SQLITE_IOERR') {
    return new AppError('STORAGE_FAILED', '无法写入本地数据目录，请检查目录权限或磁盘后重试。已保存的数据不受影响。', where);
  }
  return new AppError('STORAGE_FAILED', '本地数据库出错，本次操作未保存。请重试，仍不成功请联系管理员。', where);
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
  const db = new Kysely<ClientDatabase>({ dialect: new SqliteDialect({ database: raw }) });
  try {
    await migrate(db, clientMigrations);
  } catch (err) {
    await db.destroy();
    throw storageError(err, file);
  }
  return { db, file, close: () => db.destroy() };
}
