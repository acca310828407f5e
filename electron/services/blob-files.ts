import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, mkdirSync } from 'node:fs';
import { open, readdir, readFile, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../shared/errors.js';
import { DEFAULT_MAX_FILE_MB, SHA256_RE } from '../../shared/scanner.js';

// Content-addressed files under <root>/<first 2 hex>/<sha256>. Every write goes to a temp file
// in <root>/.tmp (same file system), is hashed while written, fsynced and then renamed into
// place, so a crash leaves either the whole blob or no blob, never a half-written one.

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
}

export interface BlobFilesOptions {
  /** Read on every write, so a settings change applies at once. */
  maxBytes?: () => number;
}

const TMP = '.tmp';
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

export function createBlobFiles(root: string, opts: BlobFilesOptions = {}): BlobFiles {
  const tmpDir = join(root, TMP);
  mkdirSync(tmpDir, { recursive: true });
  const maxBytes = opts.maxBytes ?? (() => DEFAULT_MAX_BYTES);
  const pathOf = (sha256: string) => join(root, checkSha(sha256).slice(0, 2), sha256);
  const tempPath = () => join(tmpDir, `${process.pid}-${randomBytes(8).toString('hex')}.part`);

  async function sizeOf(file: string): Promise<number | null> {
    try {
      return (await stat(file)).size;
    } catch {
      return null;
    }
  }

  /** Moves a complete, fsynced temp file into place; an existing complete copy wins. */
  async function commit(tmp: string, sha256: string, size: number, mime: string): Promise<StoredBlob> {
    const target = pathOf(sha256);
    try {
      if ((await sizeOf(target)) === size) {
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

  async function putStream(source: AsyncIterable<Uint8Array>, mime: string, knownSize?: number): Promise<StoredBlob> {
    const max = maxBytes();
    if (knownSize !== undefined && knownSize > max) throw tooLargeError(knownSize, max);
    const tmp = tempPath();
    const hash = createHash('sha256');
    let size = 0;
    let fh: FileHandle | undefined;
    try {
      fh = await open(tmp, 'wx');
      for await (const chunk of source) {
        size += chunk.length;
        if (size > max) throw tooLargeError(knownSize ?? max, max, knownSize === undefined);
        hash.update(chunk);
        await writeAll(fh, chunk);
      }
      await fh.sync();
      await fh.close();
      fh = undefined;
    } catch (err) {
      await fh?.close().catch(() => undefined);
      await rm(tmp, { force: true }).catch(() => undefined);
      if (err instanceof AppError) throw err;
      throw writeError(err);
    }
    return commit(tmp, hash.digest('hex'), size, mime);
  }

  return {
    root,
    path: pathOf,
    tempPath,
    async put(bytes, mime) {
      const max = maxBytes();
      if (bytes.length > max) throw tooLargeError(bytes.length, max);
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      // Idempotent without writing: same hash and size means the same complete file.
      if ((await sizeOf(pathOf(sha256))) === bytes.length) return { sha256, size: bytes.length, mime, existed: true };
      const tmp = tempPath();
      let fh: FileHandle | undefined;
      try {
        fh = await open(tmp, 'wx');
        await writeAll(fh, bytes);
        await fh.sync();
        await fh.close();
        fh = undefined;
      } catch (err) {
        await fh?.close().catch(() => undefined);
        await rm(tmp, { force: true }).catch(() => undefined);
        throw writeError(err);
      }
      return commit(tmp, sha256, bytes.length, mime);
    },
    putStream: (source, mime) => putStream(source, mime),
    async putFile(path, mime) {
      const size = await sizeOf(path);
      if (size === null) throw new AppError('NOT_FOUND', '找不到要保存的文件，可能已被移走或删除：请重新选择。');
      return putStream(createReadStream(path, { highWaterMark: 1024 * 1024 }), mime, size);
    },
    async read(sha256) {
      try {
        return await readFile(pathOf(sha256));
      } catch (err) {
        if (err instanceof AppError) throw err;
        if ((err as { code?: string }).code === 'ENOENT') throw new AppError('NOT_FOUND', '找不到该页图像（本地文件已丢失）：请重新扫描或附加。', { sha256 });
        throw new AppError('STORAGE_FAILED', '无法读取本地保存的图像：请检查磁盘后重试。', { sha256, fsCode: (err as { code?: string }).code ?? null });
      }
    },
    async has(sha256) {
      return (await sizeOf(pathOf(sha256))) !== null;
    },
    async verify(sha256) {
      const hash = createHash('sha256');
      try {
        for await (const chunk of createReadStream(pathOf(sha256), { highWaterMark: 1024 * 1024 })) hash.update(chunk as Buffer);
      } catch (err) {
        if (err instanceof AppError) throw err;
        return false;
      }
      return hash.digest('hex') === sha256;
    },
    async list() {
      const out: string[] = [];
      for (const shard of await readdir(root)) {
        if (!/^[0-9a-f]{2}$/.test(shard)) continue;
        for (const f of await readdir(join(root, shard)).catch(() => [] as string[])) {
          if (SHA256_RE.test(f) && f.startsWith(shard)) out.push(f);
        }
      }
      return out.sort();
    },
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
  };
}
