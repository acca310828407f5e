import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SHA256_RE } from '../shared/sync.js';

// Blob bytes on the service's disk: complete blobs under <dir>/<aa>/<sha256>, chunked uploads
// in progress under <dir>/partial/<sha256>, blobs sent whole under a temp name beside them
// until they are moved into place. The offset of a chunked upload is its partial file's size,
// so a restarted service resumes where the bytes stopped.

export interface BlobFiles {
  finalPath(sha256: string): string;
  partialSize(sha256: string): Promise<number>;
  /** Appends a chunk at `offset` (which must equal the partial size); returns the new size. */
  append(sha256: string, offset: number, chunk: Buffer): Promise<number>;
  /** A blob sent in one piece: verified in memory, written and moved into place. */
  putWhole(sha256: string, bytes: Buffer): Promise<'ok' | 'mismatch'>;
  /** Verifies the partial file's digest; moves it into place or deletes it. */
  finish(sha256: string): Promise<'ok' | 'mismatch'>;
  /** Serialises work on one blob within this process. */
  withLock<T>(sha256: string, fn: () => Promise<T>): Promise<T>;
}

/** Suffix of a blob sent whole while it is written; one left older than an hour is a crash's. */
const WHOLE = '.whole';
const STALE_WHOLE_MS = 60 * 60 * 1000;

export async function createBlobFiles(dir: string): Promise<BlobFiles> {
  const partial = (sha: string) => join(dir, 'partial', sha);
  const finalPath = (sha: string) => join(dir, sha.slice(0, 2), sha);
  await mkdir(join(dir, 'partial'), { recursive: true });
  // Left-overs, cleared at start rather than on the upload path: temp files of whole blobs that
  // a crash interrupted, and chunked parts of blobs that then arrived whole.
  for (const name of await readdir(join(dir, 'partial'))) {
    const path = join(dir, 'partial', name);
    const st = await stat(path).catch(() => null);
    if (!st) continue;
    const stale = name.endsWith(WHOLE) ? Date.now() - st.mtimeMs > STALE_WHOLE_MS : SHA256_RE.test(name) && (await stat(finalPath(name)).catch(() => null)) !== null;
    if (stale) await rm(path, { force: true });
  }
  const locks = new Map<string, Promise<unknown>>();
  // Shard folders known to exist: one mkdir per shard and process, not one per blob.
  const shards = new Set<string>();
  async function moveIntoPlace(path: string, sha: string): Promise<void> {
    const shard = sha.slice(0, 2);
    if (!shards.has(shard)) {
      await mkdir(join(dir, shard), { recursive: true });
      shards.add(shard);
    }
    try {
      await rename(path, finalPath(sha));
    } catch (err) {
      // The shard folder was removed behind the service's back: make it again, once.
      if ((err as { code?: string }).code !== 'ENOENT') throw err;
      await mkdir(join(dir, shard), { recursive: true });
      await rename(path, finalPath(sha));
    }
  }

  async function size(path: string): Promise<number> {
    try {
      return (await stat(path)).size;
    } catch (err) {
      if ((err as { code?: string }).code === 'ENOENT') return 0;
      throw err;
    }
  }

  return {
    finalPath,
    partialSize: (sha) => size(partial(sha)),
    async append(sha, offset, chunk) {
      // No fsync per chunk: after a crash the offset is whatever reached the disk, and the
      // final digest check catches anything torn.
      const fh = await open(partial(sha), 'a');
      try {
        await fh.write(chunk, 0, chunk.length, offset);
      } finally {
        await fh.close();
      }
      return offset + chunk.length;
    },
    async putWhole(sha, bytes) {
      if (createHash('sha256').update(bytes).digest('hex') !== sha) return 'mismatch';
      // A file of its own, not the chunked upload's partial file: another instance on the shared
      // volume may be appending to that one (a client's retry landing elsewhere).
      const path = join(dir, 'partial', `${sha}.${process.pid}.${randomBytes(6).toString('hex')}${WHOLE}`);
      try {
        // flush: fsync before the file is closed and moved into place.
        await writeFile(path, bytes, { flush: true });
        await moveIntoPlace(path, sha);
      } catch (err) {
        await rm(path, { force: true });
        throw err;
      }
      return 'ok';
    },
    async finish(sha) {
      const path = partial(sha);
      const hash = createHash('sha256');
      for await (const b of createReadStream(path)) hash.update(b as Buffer);
      if (hash.digest('hex') !== sha) {
        await rm(path, { force: true });
        return 'mismatch';
      }
      const fh = await open(path, 'r+');
      try {
        await fh.sync();
      } finally {
        await fh.close();
      }
      await moveIntoPlace(path, sha);
      return 'ok';
    },
    async withLock(sha, fn) {
      const prev = locks.get(sha) ?? Promise.resolve();
      const run = prev.then(fn, fn);
      const tail = run.catch(() => undefined);
      locks.set(sha, tail);
      try {
        return await run;
      } finally {
        if (locks.get(sha) === tail) locks.delete(sha);
      }
    },
  };
}
