import type Database from 'better-sqlite3-multiple-ciphers';
import { dirname } from 'node:path';
import { Kysely, Migrator, type Migration, type MigrationProvider } from 'kysely';
import { FULL_CODES, IO_CODES, matches, READ_ONLY_CODES, StoreDialect } from './sqlite-dialect.js';

export { isStorageFailure } from './sqlite-dialect.js';
import { AppError } from '../shared/errors.js';
import { openSqlite, UNENCRYPTED, WrongKeyError, type OpenSqliteOptions } from './cipher.js';
import { fileKeyStore, loadKeyRing, unlockDb, wrongKeyError, type DataKeyRing } from './keys.js';
import { clientMigrations } from './migrations/client/index.js';
import type { ClientDatabase } from './schema.js';

export { UNENCRYPTED } from './cipher.js';

export interface SqliteOptions {
  /** FULL makes every committed case survive a power cut; NORMAL only a crash. */
  synchronous?: 'FULL' | 'NORMAL';
  /**
   * The data directory's key ring (the host passes the one its key store holds). Omitted: the key
   * file of the file's folder (browser mode's store), created on first use, and an unencrypted legacy
   * file encrypted first. UNENCRYPTED is for the overhead benchmark's baseline and legacy-store tests.
   */
  key?: DataKeyRing | typeof UNENCRYPTED;
  /** Bench only: compare ciphers. */
  cipher?: string;
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
    const keying = options.key === UNENCRYPTED ? UNENCRYPTED : (options.key ?? unlockDb(file)).all;
    // Cipher and key first: nothing else may touch the file before the key is proven.
    raw = openSqlite(file, keying, { cipher: options.cipher }).raw;
    raw.pragma('journal_mode = WAL');
    raw.pragma('foreign_keys = ON');
    raw.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
    raw.pragma('busy_timeout = 5000');
  } catch (err) {
    if (err instanceof AppError) throw err;
    if (err instanceof WrongKeyError) throw wrongKeyError(file);
    throw storageError(err, file);
  }
  const db = new Kysely<ClientDatabase>({ dialect: new StoreDialect(raw) });
  try {
    await migrate(db, clientMigrations);
  } catch (err) {
    await db.destroy();
    throw storageError(err, file);
  }
  return { db, file, close: () => db.destroy() };
}

/**
 * A raw connection to a client database with its directory's key applied (tests, benchmarks and
 * tools that read or patch the file directly). Never creates a key.
 */
export function openRawDb(file: string, opts: OpenSqliteOptions & { key?: DataKeyRing | typeof UNENCRYPTED } = {}): Database.Database {
  const key = opts.key ?? loadKeyRing(fileKeyStore(dirname(file)), { dbFile: file, encryptedElsewhere: true });
  return openSqlite(file, key === UNENCRYPTED ? UNENCRYPTED : key.all, opts).raw;
}
