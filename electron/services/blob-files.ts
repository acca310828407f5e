import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync } from 'node:fs';
import { open, readdir, readFile, rename, rm, stat, writeFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { UNENCRYPTED } from '../../db/unencrypted.js';
import { AppError } from '../../shared/errors.js';
import { DEFAULT_MAX_FILE_MB, SHA256_RE } from '../../shared/scanner.js';
import {
  BlobCipherError,
  BlobDecryptor,
  BlobEncryptor,
  CHUNK,
  decryptBytes,
  encryptedSize,
  HEADER_BYTES,
  isEncryptedHeader,
  layoutOf,
  TAG_BYTES,
  type BlobKeys,
} from './blob-cipher.js';

// Content-addressed files under <root>/<first 2 hex>/<sha256 of the plaintext>, encrypted at rest
// (blob-cipher.ts). Every write goes to a temp file in <root>/.tmp (same file system), is hashed
// while written, fsynced and then renamed into place, so a crash leaves either the whole blob or
// no blob, never a half-written one. Content leaves the store only decrypted and authenticated
// (read, openRead, stream); the raw path is for the store's own maintenance.

export type { BlobKeys } from './blob-cipher.js';

/** Random access to one stored blob's plaintext. */
export interface BlobReader {
  /** Plaintext size. */
  readonly size: number;
  /** Up to `length` plaintext bytes from `position`, each chunk authenticated. */
  read(position: number, length: number): Promise<Buffer>;
  close(): Promise<void>;
}

/** What sealAll did: blobs encrypted from plaintext, moved to the current key, already current. */
export interface SealReport {
  encrypted: number;
  rekeyed: number;
  kept: number;
}

export interface StoredBlob {
  sha256: string;
  size: number;
  mime: string;
  /** The same content was already stored; nothing was written. */
  existed: boolean;
}

export interface BlobFiles {
  readonly root: string;
  put(bytes: Uint8Array, mime: string): Promise<StoredBlob>;
  putStream(source: AsyncIterable<Uint8Array>, mime: string): Promise<StoredBlob>;
  putFile(path: string, mime: string): Promise<StoredBlob>;
  read(sha256: string): Promise<Buffer>;
  /** Opens a blob for random-access reads (resumable uploads); NOT_FOUND when it is missing. */
  openRead(sha256: string): Promise<BlobReader>;
  /** The plaintext as a stream of chunks, each authenticated before it is yielded. */
  stream(sha256: string): AsyncIterable<Buffer>;
  /** The stored (encrypted) file: for maintenance and tests, never handed out as content. */
  path(sha256: string): string;
  has(sha256: string): Promise<boolean>;
  /** Re-hashes the stored file: false when it is missing or its content no longer matches. */
  verify(sha256: string): Promise<boolean>;
  /** Every stored blob (temp files are not blobs). */
  list(): Promise<string[]>;
  /** A fresh temp path inside the store, removed by sweep() once its process is gone. */
  tempPath(): string;
  /** Removes temp files left by processes that died mid-write; returns how many. */
  sweep(): Promise<number>;
  /**
   * Re-encrypts one stored blob under the current key when it is unencrypted (a legacy store) or
   * under another key (a rotation), through a temp file and a rename; returns what it did.
   */
  seal(sha256: string): Promise<'encrypted' | 'rekeyed' | 'kept'>;
  /** seal() over every blob, then marks the store as fully encrypted. */
  sealAll(progress?: (done: number, total: number) => void): Promise<SealReport>;
  /** True once every blob is known to be encrypted (set by sealAll). */
  sealed(): boolean;
}

export interface BlobFilesOptions {
  /** The data directory's keys; UNENCRYPTED only for the overhead benchmark's baseline and legacy-store tests. */
  keys: BlobKeys | typeof UNENCRYPTED;
  /** Read on every write, so a settings change applies at once. */
  maxBytes?: () => number;
}

/** The blob store's folder inside the data directory. */
export const BLOB_DIR = 'blobs';

/** Written into the blob root once every blob in it is encrypted (legacy stores are sealed on open). */
export const SEALED_MARKER = '.encrypted';

const TMP = '.tmp';
/** Sealed chunks read with the header when a blob is opened (1 MiB: a scanned page, or an upload's first piece). */
const PREFETCH_CHUNKS = 16;
const STALE_TEMP_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_MAX_BYTES = DEFAULT_MAX_FILE_MB * 1024 * 1024;

const mb = (n: number) => {
  const v = n / (1024 * 1024);
  return v >= 10 ? String(Math.round(v)) : String(Math.round(v * 10) / 10);
};

export function tooLargeError(size: number, maxBytes: number, atLeast = false): AppError {
  return new AppError(
    'INVALID_INPUT',
    `文件过大（${atLeast ? '超过 ' : ''}${mb(size)} MB），单个文件不能超过 ${mb(maxBytes)} MB：请降低扫描分辨率或拆分后再附加`,
    { size, maxBytes },
  );
}

function writeError(err: unknown): AppError {
  const code = (err as { code?: string }).code ?? null;
  if (code === 'ENOSPC' || code === 'EDQUOT' || code === 'EFBIG') {
    return new AppError('STORAGE_FAILED', '本机磁盘已满，文件未能保存：请清理磁盘空间（或联系管理员）后重试，已保存的材料不受影响。', { fsCode: code });
  }
  if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM') {
    return new AppError('STORAGE_FAILED', '数据目录只读或没有写入权限，文件未能保存：请检查磁盘和目录权限（或联系管理员）后重试，已保存的材料不受影响。', { fsCode: code });
  }
  return new AppError('STORAGE_FAILED', '无法把文件保存到本地数据目录：请检查磁盘和目录权限后重试，已保存的材料不受影响。', { fsCode: code });
}

function checkSha(sha256: string): string {
  if (!SHA256_RE.test(sha256)) throw new AppError('INVALID_INPUT', '文件编号格式不正确。', { field: 'sha256' });
  return sha256;
}

function readError(err: unknown, sha256: string): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof BlobCipherError) {
    if (err.reason === 'unknown-key') {
      return new AppError('STORAGE_FAILED', '本地保存的这份文件是用本机没有的密钥加密的（可能是从别的电脑复制来的），无法打开：请从中心服务重新取回或重新扫描。', { sha256, damaged: true });
    }
    return new AppError('STORAGE_FAILED', '本地保存的这份文件已损坏或被改动（解密校验未通过），不能使用：请从中心服务重新取回或重新扫描。', { sha256, damaged: true });
  }
  if ((err as { code?: string }).code === 'ENOENT') return new AppError('NOT_FOUND', '找不到该页图像（本地文件已丢失）：请重新扫描或附加。', { sha256 });
  return new AppError('STORAGE_FAILED', '无法读取本地保存的图像：请检查磁盘后重试。', { sha256, fsCode: (err as { code?: string }).code ?? null });
}

/** The blob's file is there but unusable (damaged, altered, or sealed with a key this device lacks), unlike a disk that fails. */
export function isDamagedBlob(err: unknown): boolean {
  return err instanceof AppError && err.code === 'STORAGE_FAILED' && err.details?.damaged === true;
}

async function readFully(fh: FileHandle, length: number, position: number): Promise<Buffer> {
  // Not zero-filled: every byte is read below, or the read throws.
  const buf = Buffer.allocUnsafe(length);
  let off = 0;
  while (off < length) {
    const { bytesRead } = await fh.read(buf, off, length - off, position + off);
    if (bytesRead === 0) throw new BlobCipherError('tampered', 'file shorter than its layout');
    off += bytesRead;
  }
  return buf;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as { code?: string }).code === 'EPERM';
  }
}

async function writeAll(fh: FileHandle, chunk: Uint8Array): Promise<void> {
  let off = 0;
  while (off < chunk.length) {
    const { bytesWritten } = await fh.write(chunk, off, chunk.length - off);
    off += bytesWritten;
  }
}

async function syncDir(dir: string): Promise<void> {
  // Makes the rename itself durable; directories cannot be opened for sync on Windows.
  let fh: FileHandle | undefined;
  try {
    fh = await open(dir, 'r');
    await fh.sync();
  } catch {
    // best effort
  } finally {
    await fh?.close().catch(() => undefined);
  }
}

export function createBlobFiles(root: string, opts: BlobFilesOptions): BlobFiles {
  const tmpDir = join(root, TMP);
  mkdirSync(tmpDir, { recursive: true });
  const maxBytes = opts.maxBytes ?? (() => DEFAULT_MAX_BYTES);
  const keys = opts.keys === UNENCRYPTED ? null : opts.keys;
  const marker = join(root, SEALED_MARKER);
  const pathOf = (sha256: string) => join(root, checkSha(sha256).slice(0, 2), sha256);
  const tempPath = () => join(tmpDir, `${process.pid}-${randomBytes(8).toString('hex')}.part`);
  const storedSize = (size: number) => (keys ? encryptedSize(size) : size);

  async function sizeOf(file: string): Promise<number | null> {
    try {
      return (await stat(file)).size;
    } catch {
      return null;
    }
  }

  /** Moves a complete, fsynced temp file into place; an existing complete copy wins unless `replace`. */
  async function commit(tmp: string, sha256: string, size: number, mime: string, replace = false): Promise<StoredBlob> {
    const target = pathOf(sha256);
    try {
      if (!replace && (await sizeOf(target)) === storedSize(size)) {
        await rm(tmp, { force: true });
        return { sha256, size, mime, existed: true };
      }
      const dir = join(root, sha256.slice(0, 2));
      mkdirSync(dir, { recursive: true });
      await rename(tmp, target);
      await syncDir(dir);
      return { sha256, size, mime, existed: false };
    } catch (err) {
      await rm(tmp, { force: true }).catch(() => undefined);
      throw writeError(err);
    }
  }

  /** Writes a stream (encrypted when keyed) to a fresh temp file; returns its path, hash and size. */
  async function writeTemp(source: AsyncIterable<Uint8Array>, limit: (size: number) => void): Promise<{ tmp: string; sha256: string; size: number }> {
    const tmp = tempPath();
    const hash = createHash('sha256');
    const enc = keys ? new BlobEncryptor(keys.current) : null;
    let size = 0;
    let fh: FileHandle | undefined;
    try {
      fh = await open(tmp, 'wx');
      if (enc) await writeAll(fh, enc.header);
      for await (const chunk of source) {
        size += chunk.length;
        limit(size);
        hash.update(chunk);
        if (!enc) await writeAll(fh, chunk);
        else {
          const sealed = enc.update(chunk);
          if (sealed.length > 0) await writeAll(fh, sealed.length === 1 ? sealed[0]! : Buffer.concat(sealed));
        }
      }
      if (enc) await writeAll(fh, enc.final());
      await fh.sync();
      await fh.close();
      fh = undefined;
    } catch (err) {
      await fh?.close().catch(() => undefined);
      await rm(tmp, { force: true }).catch(() => undefined);
      if (err instanceof AppError) throw err;
      throw writeError(err);
    }
    return { tmp, sha256: hash.digest('hex'), size };
  }

  async function putStream(source: AsyncIterable<Uint8Array>, mime: string, knownSize?: number): Promise<StoredBlob> {
    const max = maxBytes();
    if (knownSize !== undefined && knownSize > max) throw tooLargeError(knownSize, max);
    const w = await writeTemp(source, (size) => {
      if (size > max) throw tooLargeError(knownSize ?? max, max, knownSize === undefined);
    });
    return commit(w.tmp, w.sha256, w.size, mime);
  }

  async function openRead(sha256: string): Promise<BlobReader> {
    let fh: FileHandle;
    try {
      fh = await open(pathOf(sha256), 'r');
    } catch (err) {
      throw readError(err, sha256);
    }
    try {
      const fileSize = (await fh.stat()).size;
      if (!keys) {
        return {
          size: fileSize,
          read: async (position, length) => readFully(fh, Math.max(0, Math.min(length, fileSize - position)), position),
          close: () => fh.close(),
        };
      }
      const layout = layoutOf(fileSize);
      if (!layout) throw new BlobCipherError('tampered', 'file too short');
      const sealedAt = (i: number) => Math.min(fileSize, HEADER_BYTES + i * (CHUNK + TAG_BYTES));
      // The header comes with the first chunks in one file read: a scanned page is read whole by it.
      const head = await readFully(fh, sealedAt(PREFETCH_CHUNKS), 0);
      const dec = new BlobDecryptor(Buffer.from(head.subarray(0, HEADER_BYTES)), keys, layout.chunks);
      /** Sealed chunks from..last, from the first read when they are in it; else in one more read (a file read per chunk cost more than the decryption). */
      const sealed = (from: number, last: number) =>
        sealedAt(last + 1) <= head.length ? head.subarray(sealedAt(from), sealedAt(last + 1)) : readFully(fh, sealedAt(last + 1) - sealedAt(from), sealedAt(from));
      // The last chunk read stays decrypted: sequential reads smaller than a chunk cost one decryption.
      let cached: { index: number; plain: Buffer } | null = null;
      return {
        size: layout.size,
        async read(position, length) {
          const end = Math.min(layout.size, position + length);
          if (end <= position) return Buffer.alloc(0);
          const first = Math.floor(position / CHUNK);
          const last = Math.floor((end - 1) / CHUNK);
          const parts: Buffer[] = [];
          try {
            const from = cached?.index === first ? first + 1 : first;
            const span = from <= last ? await sealed(from, last) : null;
            for (let i = first; i <= last; i++) {
              let plain: Buffer;
              if (cached?.index === i) plain = cached.plain;
              else {
                const at = sealedAt(i) - sealedAt(from);
                plain = dec.open(i, span!.subarray(at, sealedAt(i + 1) - sealedAt(from)));
                cached = { index: i, plain };
              }
              const lo = Math.max(position, i * CHUNK) - i * CHUNK;
              const hi = Math.min(end, (i + 1) * CHUNK) - i * CHUNK;
              parts.push(plain.subarray(lo, hi));
            }
          } catch (err) {
            throw readError(err, sha256);
          }
          return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
        },
        close: () => fh.close(),
      };
    } catch (err) {
      await fh.close().catch(() => undefined);
      throw readError(err, sha256);
    }
  }

  async function* stream(sha256: string): AsyncGenerator<Buffer> {
    const r = await openRead(sha256);
    try {
      // Whole chunks, so each is decrypted exactly once.
      const step = keys ? CHUNK : 1024 * 1024;
      for (let p = 0; p < r.size; p += step) yield await r.read(p, step);
    } finally {
      await r.close();
    }
  }

  async function list(): Promise<string[]> {
    const out: string[] = [];
    for (const shard of await readdir(root)) {
      if (!/^[0-9a-f]{2}$/.test(shard)) continue;
      for (const f of await readdir(join(root, shard)).catch(() => [] as string[])) {
        if (SHA256_RE.test(f) && f.startsWith(shard)) out.push(f);
      }
    }
    return out.sort();
  }

  async function seal(sha256: string): Promise<'encrypted' | 'rekeyed' | 'kept'> {
    if (!keys) return 'kept';
    const file = pathOf(sha256);
    // The header alone says whether a blob is already under the current key (a resumed rotation).
    const fh = await open(file, 'r');
    let head: Buffer;
    try {
      head = Buffer.alloc(HEADER_BYTES);
      head = head.subarray(0, (await fh.read(head, 0, HEADER_BYTES, 0)).bytesRead);
    } finally {
      await fh.close();
    }
    if (head.length === HEADER_BYTES && isEncryptedHeader(head) && BlobDecryptor.keyIdOf(head) === keys.current.id) return 'kept';
    const raw = await readFile(file);
    let plain: Buffer | null = null;
    let kind: 'encrypted' | 'rekeyed' = 'rekeyed';
    if (isEncryptedHeader(raw)) {
      try {
        plain = decryptBytes(keys, raw);
      } catch (err) {
        // A legacy plaintext file may start with the magic by chance: its name says what it is.
        if (createHash('sha256').update(raw).digest('hex') !== sha256) throw readError(err, sha256);
      }
    }
    if (!plain) {
      if (createHash('sha256').update(raw).digest('hex') !== sha256) {
        throw new AppError('STORAGE_FAILED', '本地保存的一份文件已损坏（内容与其编号不符），无法加密：请从中心服务重新取回或重新扫描后再试。', { sha256 });
      }
      plain = raw;
      kind = 'encrypted';
    }
    const w = await writeTemp(
      (async function* () {
        yield plain;
      })(),
      () => undefined,
    );
    await commit(w.tmp, sha256, w.size, '', true);
    return kind;
  }

  return {
    root,
    path: pathOf,
    tempPath,
    openRead,
    stream,
    seal,
    async put(bytes, mime) {
      const max = maxBytes();
      if (bytes.length > max) throw tooLargeError(bytes.length, max);
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      // Idempotent without writing: same hash and size means the same complete file.
      if ((await sizeOf(pathOf(sha256))) === storedSize(bytes.length)) return { sha256, size: bytes.length, mime, existed: true };
      const w = await writeTemp(
        (async function* () {
          yield bytes;
        })(),
        () => undefined,
      );
      return commit(w.tmp, sha256, bytes.length, mime);
    },
    putStream: (source, mime) => putStream(source, mime),
    async putFile(path, mime) {
      const size = await sizeOf(path);
      if (size === null) throw new AppError('NOT_FOUND', '找不到要保存的文件，可能已被移走或删除：请重新选择。');
      return putStream(createReadStream(path, { highWaterMark: 1024 * 1024 }), mime, size);
    },
    async read(sha256) {
      let raw: Buffer;
      try {
        raw = await readFile(pathOf(sha256));
      } catch (err) {
        throw readError(err, sha256);
      }
      if (!keys) return raw;
      try {
        return decryptBytes(keys, raw);
      } catch (err) {
        throw readError(err, sha256);
      }
    },
    async has(sha256) {
      return (await sizeOf(pathOf(sha256))) !== null;
    },
    async verify(sha256) {
      const hash = createHash('sha256');
      try {
        for await (const chunk of stream(sha256)) hash.update(chunk);
      } catch (err) {
        if (err instanceof AppError && err.code === 'INVALID_INPUT') throw err;
        return false;
      }
      return hash.digest('hex') === sha256;
    },
    list,
    async sweep() {
      let removed = 0;
      const now = Date.now();
      for (const f of await readdir(tmpDir).catch(() => [] as string[])) {
        const pid = Number(/^(\d+)-/.exec(f)?.[1] ?? NaN);
        const file = join(tmpDir, f);
        const mtime = (await stat(file).catch(() => null))?.mtimeMs ?? now;
        const orphan = !Number.isInteger(pid) || (pid !== process.pid && !pidAlive(pid)) || now - mtime > STALE_TEMP_MS;
        if (!orphan) continue;
        await rm(file, { force: true }).catch(() => undefined);
        removed++;
      }
      return removed;
    },
    async sealAll(progress) {
      const report: SealReport = { encrypted: 0, rekeyed: 0, kept: 0 };
      const all = await list();
      for (const [i, sha] of all.entries()) {
        report[await seal(sha)]++;
        progress?.(i + 1, all.length);
      }
      if (keys) {
        await writeFile(marker, 'every blob here is encrypted\n', { mode: 0o600 });
        await syncDir(root);
      }
      return report;
    },
    sealed() {
      return keys !== null && existsSync(marker);
    },
  };
}
