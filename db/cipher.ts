import Database from 'better-sqlite3-multiple-ciphers';
import { closeSync, existsSync, fsyncSync, openSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { UNENCRYPTED } from './unencrypted.js';

// The counter's SQLite file encrypted at rest (SQLite3 Multiple Ciphers). Everything that opens the
// client database goes through `openSqlite`, which applies the cipher and key before any other
// statement and proves the key by reading sqlite_master.

/**
 * AEGIS-256 (SQLite3 Multiple Ciphers' "aegis" scheme): authenticated per page (random 256-bit nonce,
 * 256-bit tag), raw 256-bit key, no KDF (the key is random, not a password). Chosen by measurement
 * (bench/encryption.ts, interleaved against an unencrypted store on this 2-CPU machine with AES-NI):
 * AEGIS costs ≈ 0–5 % on the append and search workloads, while SQLCipher v4 (AES-256-CBC +
 * HMAC-SHA512 per page, the format the issue named) costs ≈ 30 % on appends and ChaCha20-Poly1305
 * ≈ 15–20 %, both over the 15 % budget. The price: only SQLite3 Multiple Ciphers reads the file
 * (not the sqlcipher tools), which the counter never needs. A file's cipher is fixed when it is
 * written; changing this constant later needs a migration through rewriteDbFile.
 */
export const DB_CIPHER = 'aegis';

export { UNENCRYPTED };

export interface DbKey {
  /** Short id kept in the key ring; never the key. */
  id: string;
  /** 32 random bytes. */
  key: Buffer;
}

/** The keys to try, in order (a rotation cut short leaves the database under either of two). */
export type DbKeying = readonly DbKey[] | typeof UNENCRYPTED;

const PLAIN_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

export type DbFileState = 'missing' | 'plaintext' | 'encrypted';

/** What lies on disk: no database yet (or an empty file), an unencrypted one, or anything else (encrypted). */
export function dbFileState(file: string): DbFileState {
  if (!existsSync(file) || statSync(file).size === 0) return 'missing';
  const head = Buffer.alloc(PLAIN_HEADER.length);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  return head.equals(PLAIN_HEADER) ? 'plaintext' : 'encrypted';
}

function cipherConfig(raw: Database.Database, cipher: string): void {
  raw.pragma(`cipher = '${cipher}'`);
  if (cipher === 'sqlcipher') raw.pragma('legacy = 4');
  // x'…' below is a raw key for every scheme: no password KDF (Argon2 / PBKDF2) on each open.
}

/** Cipher and raw key on a fresh connection: before any other statement touches the file. */
export function applyKey(raw: Database.Database, key: Buffer, cipher = DB_CIPHER): void {
  if (key.length !== 32) throw new Error('database key must be 32 bytes');
  cipherConfig(raw, cipher);
  raw.pragma(`key = "x'${key.toString('hex')}'"`);
}

/** Throws SQLITE_NOTADB when the key (or its absence) does not fit the file. */
function probe(raw: Database.Database): number {
  return (raw.prepare('SELECT count(*) AS n FROM sqlite_master').get() as { n: number }).n;
}

export class WrongKeyError extends Error {
  constructor() {
    super('no key of the ring opens the database');
  }
}

export interface OpenSqliteOptions {
  readonly?: boolean;
  fileMustExist?: boolean;
  /** Bench only: compare ciphers. */
  cipher?: string;
}

/**
 * Opens `file` with the first key that proves itself (or unencrypted). Throws WrongKeyError when
 * the file exists but none opens it, and the SQLite error for anything else. Returns the key used.
 */
export function openSqlite(file: string, keying: DbKeying, opts: OpenSqliteOptions = {}): { raw: Database.Database; key: DbKey | null } {
  const dbOpts = { readonly: opts.readonly ?? false, fileMustExist: opts.fileMustExist ?? false };
  if (keying === UNENCRYPTED) {
    const raw = new Database(file, dbOpts);
    try {
      probe(raw);
    } catch (err) {
      raw.close();
      throw err;
    }
    return { raw, key: null };
  }
  if (keying.length === 0) throw new WrongKeyError();
  for (const k of keying) {
    const raw = new Database(file, dbOpts);
    try {
      applyKey(raw, k.key, opts.cipher);
      probe(raw);
      return { raw, key: k };
    } catch (err) {
      raw.close();
      if ((err as { code?: string }).code !== 'SQLITE_NOTADB') throw err;
    }
  }
  throw new WrongKeyError();
}

function fsyncFile(path: string): void {
  const fd = openSync(path, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Makes a rename in `path` durable (best effort: directories cannot be fsynced on Windows). */
export function fsyncDir(path: string): void {
  // Makes the rename durable; directories cannot be opened for sync on Windows.
  try {
    const fd = openSync(path, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // best effort
  }
}

/**
 * Re-encrypts the database file under `to` (from plaintext when `from` is null), crash-safe: a
 * consistent copy is made beside it (VACUUM INTO keeps the source's encryption), rekeyed there in
 * rollback-journal mode (SQLite refuses to rekey a WAL database), fsynced, and renamed over the
 * original. A kill at any moment leaves the old file (plus a stray copy, removed next time) or the
 * new one. The caller holds the data-directory lock, so no other connection is open.
 */
export function rewriteDbFile(file: string, from: DbKey | null, to: DbKey, cipher = DB_CIPHER): void {
  const tmp = `${file}.rekey`;
  for (const f of [tmp, `${tmp}-journal`]) rmSync(f, { force: true });
  const src = openSqlite(file, from ? [from] : UNENCRYPTED, { fileMustExist: true, cipher }).raw;
  let tables: number;
  try {
    tables = probe(src);
    src.exec(`VACUUM INTO '${tmp.replace(/'/g, "''")}'`);
  } finally {
    // The last connection of a WAL database checkpoints and deletes its WAL on close.
    src.close();
  }
  const dst = new Database(tmp, { fileMustExist: true });
  try {
    if (from) applyKey(dst, from.key, cipher);
    else cipherConfig(dst, cipher);
    dst.pragma(`rekey = "x'${to.key.toString('hex')}'"`);
  } finally {
    dst.close();
  }
  const check = openSqlite(tmp, [to], { fileMustExist: true, cipher }).raw;
  try {
    if (probe(check) !== tables) throw new Error('re-encrypted copy differs from the database');
  } finally {
    check.close();
  }
  fsyncFile(tmp);
  // A WAL left beside the new file would be replayed into it: the old one must be gone, and empty.
  const wal = `${file}-wal`;
  if (existsSync(wal) && statSync(wal).size > 0) {
    rmSync(tmp, { force: true });
    throw new Error('database still has an open write-ahead log');
  }
  rmSync(wal, { force: true });
  rmSync(`${file}-shm`, { force: true });
  renameSync(tmp, file);
  fsyncDir(dirname(file));
}
