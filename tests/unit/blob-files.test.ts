import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { openSync, closeSync, ftruncateSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBlobFiles } from '../../electron/services/blob-files.js';
import { newKeyRingState, ringOf } from '../../db/keys.js';
import { AppError } from '../../shared/errors.js';
import { tempDir } from '../helpers/tmp.js';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const MB = 1024 * 1024;

let t: ReturnType<typeof tempDir>;
beforeEach(() => {
  t = tempDir('yct-blobs-');
});
afterEach(() => t.cleanup());

const keys = ringOf(newKeyRingState());
const tempFiles = (root: string) => readdirSync(join(root, '.tmp'));

async function refused(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

async function* chunks(total: number, size = 64 * 1024): AsyncGenerator<Buffer> {
  for (let sent = 0; sent < total; sent += size) yield randomBytes(Math.min(size, total - sent));
}

describe('blob files', () => {
  it('stores bytes under <first 2 hex>/<sha256> and reads them back', async () => {
    const files = createBlobFiles(t.dir, { keys });
    const bytes = randomBytes(100_000);
    const b = await files.put(bytes, 'image/jpeg');
    expect(b).toEqual({ sha256: sha(bytes), size: bytes.length, mime: 'image/jpeg', existed: false });
    expect(files.path(b.sha256)).toBe(join(t.dir, b.sha256.slice(0, 2), b.sha256));
    expect((await files.read(b.sha256)).equals(bytes)).toBe(true);
    expect(await files.verify(b.sha256)).toBe(true);
    expect(await files.list()).toEqual([b.sha256]);
    expect(tempFiles(t.dir)).toEqual([]);
  });

  it('is idempotent: the same content twice, or twice at once, is one file', async () => {
    const files = createBlobFiles(t.dir, { keys });
    const bytes = randomBytes(300_000);
    const [a, b] = await Promise.all([files.put(bytes, 'x/y'), files.put(bytes, 'x/y')]);
    expect(a.sha256).toBe(b.sha256);
    const again = await files.put(bytes, 'x/y');
    expect(again.existed).toBe(true);
    const streamed = await files.putStream((async function* () {
      yield bytes.subarray(0, 1000);
      yield bytes.subarray(1000);
    })(), 'x/y');
    expect([streamed.sha256, streamed.existed]).toEqual([a.sha256, true]);
    expect(await files.list()).toEqual([a.sha256]);
    expect(tempFiles(t.dir)).toEqual([]);
  });

  it('hashes while streaming a file in', async () => {
    const files = createBlobFiles(t.dir, { keys });
    const src = join(t.dir, 'source.bin');
    const bytes = randomBytes(3 * MB + 17);
    writeFileSync(src, bytes);
    const b = await files.putFile(src, 'application/pdf');
    expect([b.sha256, b.size]).toEqual([sha(bytes), bytes.length]);
    expect(await files.verify(b.sha256)).toBe(true);
  });

  it('verify notices a stored file whose content changed', async () => {
    const files = createBlobFiles(t.dir, { keys });
    const b = await files.put(randomBytes(5000), 'x/y');
    const p = files.path(b.sha256);
    const changed = readFileSync(p);
    changed[100] = changed[100]! ^ 0xff;
    writeFileSync(p, changed);
    expect(await files.verify(b.sha256)).toBe(false);
    expect(await files.verify('0'.repeat(64))).toBe(false);
  });

  it('refuses names that are not a sha256 (no path games)', async () => {
    const files = createBlobFiles(t.dir, { keys });
    expect(() => files.path('../../etc/passwd')).toThrow(AppError);
    expect((await refused(files.read('ab/../../x'))).code).toBe('INVALID_INPUT');
    expect((await refused(files.read('f'.repeat(64)))).code).toBe('NOT_FOUND');
  });

  it('refuses a file over the cap with the size in the message, before reading it', async () => {
    const files = createBlobFiles(t.dir, { keys });
    const big = join(t.dir, 'big.pdf');
    const fd = openSync(big, 'w');
    ftruncateSync(fd, 200 * MB);
    closeSync(fd);
    const e = await refused(files.putFile(big, 'application/pdf'));
    expect(e.message).toBe('文件过大（200 MB），单个文件不能超过 50 MB：请降低扫描分辨率或拆分后再附加');
    expect(e.code).toBe('INVALID_INPUT');
    expect(await files.list()).toEqual([]);
    expect(tempFiles(t.dir)).toEqual([]);
  });

  it('applies a configured cap to bytes and streams, leaving no temp file', async () => {
    let cap = 1 * MB;
    const files = createBlobFiles(t.dir, { keys, maxBytes: () => cap });
    expect((await refused(files.put(randomBytes(MB + 1), 'x/y'))).message).toMatch(/^文件过大（1 MB），单个文件不能超过 1 MB/);
    expect((await refused(files.putStream(chunks(3 * MB), 'x/y'))).message).toMatch(/^文件过大（超过 1 MB），单个文件不能超过 1 MB/);
    expect(tempFiles(t.dir)).toEqual([]);
    cap = 4 * MB;
    await files.putStream(chunks(3 * MB), 'x/y');
    expect((await files.list()).length).toBe(1);
  });

  it('a process killed mid-write leaves no blob, and its temp file is swept', async () => {
    // A real child process writes a 64 MB stream slowly into the store and is killed halfway.
    const entry = join(t.dir, 'writer.mjs');
    await build({
      stdin: {
        contents: `
          import { createBlobFiles } from ${JSON.stringify(fileURLToPath(new URL('../../electron/services/blob-files.ts', import.meta.url)))};
          const key = { id: '0badc0de', key: Buffer.alloc(32, 7) };
          const files = createBlobFiles(process.argv[2], { keys: { current: key, get: () => key }, maxBytes: () => 1 << 30 });
          async function* slow() {
            for (let i = 0; i < 1024; i++) {
              yield Buffer.alloc(64 * 1024, i & 0xff);
              if (i === 8) process.stdout.write('writing\\n');
              await new Promise((r) => setTimeout(r, 5));
            }
          }
          await files.putStream(slow(), 'application/pdf');
          process.stdout.write('finished\\n');
        `,
        resolveDir: t.dir,
        loader: 'ts',
      },
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile: entry,
      logLevel: 'silent',
    });
    const root = join(t.dir, 'store');
    const child = spawn(process.execPath, [entry, root], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('writing')) resolve();
      });
      child.on('exit', () => reject(new Error(`writer exited early: ${out}`)));
    });
    const partial = tempFiles(root);
    expect(partial.length).toBe(1);
    expect(statSync(join(root, '.tmp', partial[0]!)).size).toBeGreaterThan(0);
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    expect(out).not.toContain('finished');

    const files = createBlobFiles(root, { keys });
    expect(await files.list()).toEqual([]);
    expect(await files.sweep()).toBe(1);
    expect(tempFiles(root)).toEqual([]);
    // A temp file of a live process (this one) is left alone.
    const mine = files.tempPath();
    writeFileSync(mine, 'in progress');
    expect(await files.sweep()).toBe(0);
    expect(tempFiles(root).length).toBe(1);
  });
});
