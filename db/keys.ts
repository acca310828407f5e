import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, fsyncSync, closeSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { AppError } from '../shared/errors.js';
import { dbFileState, fsyncDir, rewriteDbFile, type DbKey } from './cipher.js';

// The data key of one data directory: 256 random bits that encrypt its database and blobs.
// It is kept in a key ring (key ids, so that a rotation cut short still opens with the old or the
// new key) that is stored either sealed by the operating system (Electron's safeStorage: DPAPI,
// Keychain, libsecret) or, in browser mode, the CLI and tests, in an owner-only file beside the data
// directory (not inside it, so that copying the folder does not copy the key). The key is never logged.

export const KEY_FILE_ENV = 'YCT_KEY_FILE';
/** The sealed ring's file inside the data directory (useless without this machine's OS account). */
export const SEALED_KEY_FILE = 'data-key.bin';

const ringSchema = z.object({
  v: z.literal(1),
  current: z.string().regex(/^[0-9a-f]{8}$/),
  /** Set while a rotation is under way: the key everything is being moved to. */
  next: z.string().regex(/^[0-9a-f]{8}$/).nullable(),
  keys: z.record(z.string().regex(/^[0-9a-f]{8}$/), z.string().regex(/^[0-9a-f]{64}$/)),
});
export type KeyRingState = z.infer<typeof ringSchema>;

export interface DataKeyRing {
  /** Encrypts new blobs; the database is created under it. */
  current: DbKey;
  /** The rotation's target, while one is unfinished. */
  next: DbKey | null;
  /** Every key, current first: the order the database opener tries them in. */
  all: DbKey[];
  get(id: string): DbKey | undefined;
}

export function ringOf(state: KeyRingState): DataKeyRing {
  const keyOf = (id: string): DbKey => {
    const hex = state.keys[id];
    if (!hex) throw new Error('key ring names a key it does not hold');
    return { id, key: Buffer.from(hex, 'hex') };
  };
  const current = keyOf(state.current);
  const next = state.next ? keyOf(state.next) : null;
  const all = [current, ...Object.keys(state.keys).filter((id) => id !== current.id).map(keyOf)];
  return { current, next, all, get: (id) => all.find((k) => k.id === id) };
}

export const newKeyId = () => randomBytes(4).toString('hex');

/** A fresh ring of one key, not stored anywhere (unit tests, benchmarks). */
export function newKeyRingState(): KeyRingState {
  const id = newKeyId();
  return { v: 1, current: id, next: null, keys: { [id]: randomBytes(32).toString('hex') } };
}

export interface DataKeyStore {
  readonly kind: 'os-keychain' | 'file';
  /** Where the ring is (a path), for messages; never the key. */
  readonly location: string;
  /** null when no ring is stored here; throws an AppError when one is stored but cannot be opened. */
  read(): KeyRingState | null;
  /** Atomic (temp file, fsync, rename), owner-only. */
  write(state: KeyRingState): void;
}

/** How the OS seals the ring (Electron's safeStorage). */
export interface KeySeal {
  seal(text: string): Buffer;
  open(bytes: Buffer): string;
}

function writeAtomic(file: string, bytes: Buffer | string): void {
  const dir = dirname(file);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, typeof bytes === 'string' ? Buffer.from(bytes) : bytes);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
  fsyncDir(dir);
}

function parseRing(text: string, location: string): KeyRingState {
  try {
    return ringSchema.parse(JSON.parse(text));
  } catch {
    throw new AppError('STORAGE_FAILED', `本机的数据密钥文件已损坏（${location}），无法打开本地数据库。系统未做任何改动：请联系管理员从备份恢复该密钥文件。`, { reason: 'data-key-damaged' });
  }
}

/** The default key file: `$YCT_KEY_FILE`, else `<data directory>.key` beside the folder. */
export function keyFileOf(dataDir: string): string {
  const env = process.env[KEY_FILE_ENV];
  if (env) return resolve(env);
  const abs = resolve(dataDir);
  return join(dirname(abs), `${basename(abs)}.key`);
}

/** Browser mode, the CLI and tests: an owner-only (0600, folder 0700 when created) JSON file. */
export function fileKeyStore(dataDir: string, file = keyFileOf(dataDir)): DataKeyStore {
  const sealedHere = join(dataDir, SEALED_KEY_FILE);
  return {
    kind: 'file',
    location: file,
    read() {
      if (!existsSync(file)) {
        if (existsSync(sealedHere)) {
          throw new AppError(
            'STORAGE_FAILED',
            `该数据目录的数据密钥由操作系统钥匙串保护（${SEALED_KEY_FILE}，一窗通桌面程序），命令行和浏览器模式读取不到，本地数据库无法打开。请在桌面程序中操作；更换密钥请运行桌面程序并加参数 --rotate-key。`,
            { reason: 'data-key-sealed' },
          );
        }
        return null;
      }
      return parseRing(readFileSync(file, 'utf8'), file);
    },
    write(state) {
      try {
        writeAtomic(file, JSON.stringify(state));
      } catch (err) {
        throw new AppError('STORAGE_FAILED', `无法保存本机的数据密钥文件（${file}）：请检查该位置是否可写，或用环境变量 ${KEY_FILE_ENV} 指定密钥文件的位置。`, { fsCode: (err as { code?: string }).code ?? null });
      }
    },
  };
}

/** Electron: the ring sealed by the OS account's keychain, in the data directory. */
export function sealedKeyStore(dataDir: string, seal: KeySeal): DataKeyStore {
  const file = join(dataDir, SEALED_KEY_FILE);
  return {
    kind: 'os-keychain',
    location: file,
    read() {
      if (!existsSync(file)) return null;
      let text: string;
      try {
        text = seal.open(readFileSync(file));
      } catch {
        throw new AppError(
          'STORAGE_FAILED',
          '本地数据库已加密，但本机解不开它的密钥：密钥由另一台电脑或另一个系统账户的钥匙串保护，这份数据可能是从别的电脑复制来的。系统未做任何改动：请在原来的电脑和账户下使用这份数据，或联系管理员。',
          { reason: 'data-key-foreign' },
        );
      }
      return parseRing(text, file);
    },
    write(state) {
      writeAtomic(file, seal.seal(JSON.stringify(state)));
    },
  };
}

export function missingKeyError(store: DataKeyStore): AppError {
  return new AppError(
    'STORAGE_FAILED',
    `本地数据库已加密，但本机没有它的密钥（应在：${store.location}）。这份数据可能是从别的电脑复制来的，或密钥已丢失。系统未做任何改动：请在原来的电脑上使用这份数据，或联系管理员恢复密钥；若要在本机从头开始，请换一个空的数据目录。`,
    { reason: 'data-key-missing' },
  );
}

export function wrongKeyError(file: string): AppError {
  return new AppError(
    'STORAGE_FAILED',
    '本地数据库已加密，但本机保存的密钥打不开它。这份数据可能是从别的电脑复制来的，或密钥被替换过（也可能文件已损坏）。系统未做任何改动：请在原来的电脑上使用这份数据，或联系管理员恢复原来的密钥或备份。',
    { file, reason: 'data-key-wrong' },
  );
}

/**
 * The ring of a data directory, created on first use. A new key is made only when nothing
 * encrypted exists yet (`encryptedElsewhere`: e.g. encrypted blobs), never over a lost one.
 */
export function loadKeyRing(store: DataKeyStore, opts: { dbFile: string; encryptedElsewhere?: boolean }): DataKeyRing {
  const state = store.read();
  if (state) return ringOf(state);
  if (dbFileState(opts.dbFile) === 'encrypted' || opts.encryptedElsewhere) throw missingKeyError(store);
  const fresh = newKeyRingState();
  store.write(fresh);
  // Read back: a key that did not reach the disk would lock the data out at the next start.
  const stored = store.read();
  if (!stored || stored.keys[fresh.current] !== fresh.keys[fresh.current]) {
    throw new AppError('STORAGE_FAILED', `无法保存本机的数据密钥（${store.location}）：请检查磁盘和权限后重新启动。`);
  }
  return ringOf(stored);
}

/** Encrypts an unencrypted database file in place (crash-safe); true when it did. */
export function encryptLegacyDb(dbFile: string, ring: DataKeyRing): boolean {
  if (dbFileState(dbFile) !== 'plaintext') return false;
  rewriteDbFile(dbFile, null, ring.current);
  return true;
}

/** The database part of opening a data directory: its ring, and a legacy file encrypted. */
export function unlockDb(dbFile: string, store: DataKeyStore = fileKeyStore(dirname(dbFile))): DataKeyRing {
  const ring = loadKeyRing(store, { dbFile });
  encryptLegacyDb(dbFile, ring);
  return ring;
}
