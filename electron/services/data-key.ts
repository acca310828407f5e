import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { dbFileState, openSqlite, rewriteDbFile, WrongKeyError } from '../../db/cipher.js';
import { encryptLegacyDb, loadKeyRing, newKeyId, ringOf, wrongKeyError, type DataKeyRing, type DataKeyStore } from '../../db/keys.js';
import { AppError } from '../../shared/errors.js';
import { createBlobFiles, SEALED_MARKER, type SealReport } from './blob-files.js';

// Opening a data directory's encryption: the key ring from its store (created on first use), an
// unencrypted legacy store encrypted in place, and key rotation. The host, the CLI and tests call
// unlockDataDir before opening the database or the blob store. The caller holds the data-dir lock.

export interface DataDirPaths {
  dbFile: string;
  blobRoot: string;
}

export interface UnlockReport {
  /** A new key was made (a new or legacy data directory). */
  created: boolean;
  /** The unencrypted database file was encrypted. */
  dbEncrypted: boolean;
  /** Blobs encrypted from plaintext (a legacy store). */
  blobsEncrypted: number;
  /** A rotation was cut short: the ring still holds two keys until rotate-key runs again. */
  rotationPending: boolean;
}

export async function unlockDataDir(paths: DataDirPaths, store: DataKeyStore): Promise<{ ring: DataKeyRing; report: UnlockReport }> {
  const blobsSealed = existsSync(join(paths.blobRoot, SEALED_MARKER));
  const hadRing = store.read() !== null;
  const ring = loadKeyRing(store, { dbFile: paths.dbFile, encryptedElsewhere: blobsSealed });
  let dbEncrypted = false;
  try {
    dbEncrypted = encryptLegacyDb(paths.dbFile, ring);
  } catch (err) {
    throw new AppError('STORAGE_FAILED', '无法加密本地数据库（旧版未加密的数据）：原文件未改动。请检查磁盘空间和权限后重新启动，仍不成功请联系管理员。', {
      sqliteCode: (err as { code?: string }).code ?? null,
    });
  }
  let blobsEncrypted = 0;
  if (!blobsSealed) {
    const r = await createBlobFiles(paths.blobRoot, { keys: ring }).sealAll();
    blobsEncrypted = r.encrypted;
  }
  return { ring, report: { created: !hadRing, dbEncrypted, blobsEncrypted, rotationPending: ring.next !== null } };
}

export interface RotationReport {
  /** The database was rewritten under the new key (false when it already was, on a resumed run). */
  dbRekeyed: boolean;
  blobs: SealReport;
  ms: number;
  resumed: boolean;
}

/**
 * Moves the data directory to a new key: the ring first holds both keys (so a kill at any moment
 * leaves a store that opens), the database is rewritten, every blob re-encrypted, and only then is
 * the old key dropped. Running it again after a kill finishes the same rotation.
 */
export async function rotateDataKey(
  paths: DataDirPaths,
  store: DataKeyStore,
  progress?: (stage: 'database' | 'blobs', done: number, total: number) => void,
): Promise<RotationReport> {
  const t0 = performance.now();
  await unlockDataDir(paths, store);
  let state = store.read()!;
  const resumed = state.next !== null;
  if (!state.next) {
    const id = newKeyId();
    state = { ...state, next: id, keys: { ...state.keys, [id]: randomBytes(32).toString('hex') } };
    store.write(state);
  }
  const ring = ringOf(state);
  const next = ring.next!;

  let dbRekeyed = false;
  if (dbFileState(paths.dbFile) === 'encrypted') {
    progress?.('database', 0, 1);
    let opened;
    try {
      opened = openSqlite(paths.dbFile, ring.all, { fileMustExist: true });
    } catch (err) {
      if (err instanceof WrongKeyError) throw wrongKeyError(paths.dbFile);
      throw err;
    }
    opened.raw.close();
    if (opened.key!.id !== next.id) {
      rewriteDbFile(paths.dbFile, opened.key, next);
      dbRekeyed = true;
    }
    progress?.('database', 1, 1);
  }

  const blobs = await createBlobFiles(paths.blobRoot, { keys: { current: next, get: ring.get } }).sealAll((done, total) => progress?.('blobs', done, total));

  store.write({ v: 1, current: next.id, next: null, keys: { [next.id]: state.keys[next.id]! } });
  return { dbRekeyed, blobs, ms: Math.round(performance.now() - t0), resumed };
}
