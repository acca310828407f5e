import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newKeyRingState, ringOf } from '../../db/keys.js';
import { UNENCRYPTED } from '../../db/unencrypted.js';
import { BlobCipherError, CHUNK, decryptBytes, encryptBytes, encryptedSize, HEADER_BYTES, layoutOf, TAG_BYTES } from '../../electron/services/blob-cipher.js';
import { createBlobFiles } from '../../electron/services/blob-files.js';
import { AppError } from '../../shared/errors.js';
import { tempDir } from '../helpers/tmp.js';

// The encrypted blob format: chunks authenticated with their index and a final flag, random access,
// and every kind of damage refused rather than returned as content.

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const ring = ringOf(newKeyRingState());
const SIZES = [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK, 300_000];

const reason = (f: () => unknown) => {
  try {
    f();
  } catch (err) {
    return (err as BlobCipherError).reason;
  }
  return null;
};

describe('blob cipher format', () => {
  it('round-trips every size around the chunk boundary, with the size the layout predicts', () => {
    for (const n of SIZES) {
      const plain = randomBytes(n);
      const stored = encryptBytes(ring.current, plain);
      expect(stored.length, `size ${n}`).toBe(encryptedSize(n));
      expect(layoutOf(stored.length)?.size).toBe(n);
      expect(decryptBytes(ring, stored).equals(plain), `size ${n}`).toBe(true);
    }
  });

  it('refuses a changed byte anywhere, swapped chunks, a cut at a chunk boundary and an unknown key', () => {
    const plain = randomBytes(3 * CHUNK + 100);
    const stored = encryptBytes(ring.current, plain);
    for (const at of [0, 5, 9, 20, HEADER_BYTES + 3, HEADER_BYTES + CHUNK + 5, stored.length - 1]) {
      const bad = Buffer.from(stored);
      bad[at] = bad[at]! ^ 0x01;
      expect(reason(() => decryptBytes(ring, bad)), `byte ${at}`).not.toBeNull();
    }
    const unit = CHUNK + TAG_BYTES;
    const swapped = Buffer.concat([stored.subarray(0, HEADER_BYTES), stored.subarray(HEADER_BYTES + unit, HEADER_BYTES + 2 * unit), stored.subarray(HEADER_BYTES, HEADER_BYTES + unit), stored.subarray(HEADER_BYTES + 2 * unit)]);
    expect(reason(() => decryptBytes(ring, swapped))).toBe('tampered');
    // Dropping the last chunk leaves a well-formed file of whole chunks: the final flag catches it.
    expect(reason(() => decryptBytes(ring, stored.subarray(0, HEADER_BYTES + 3 * unit)))).toBe('tampered');
    expect(reason(() => decryptBytes(ring, stored.subarray(0, stored.length - 7)))).toBe('tampered');
    expect(reason(() => decryptBytes(ringOf(newKeyRingState()), stored))).toBe('unknown-key');
    // Same key id, other key bytes (a ring forged around a copied file): authentication fails.
    const forged = { current: { id: ring.current.id, key: randomBytes(32) }, get: () => ({ id: ring.current.id, key: randomBytes(32) }) };
    expect(reason(() => decryptBytes(forged, stored))).toBe('tampered');
  });

  it('uses a fresh file key per blob: the same content twice gives different bytes', () => {
    const plain = randomBytes(1000);
    expect(encryptBytes(ring.current, plain).equals(encryptBytes(ring.current, plain))).toBe(false);
  });
});

describe('encrypted blob store', () => {
  let t: ReturnType<typeof tempDir>;
  beforeEach(() => {
    t = tempDir('yct-blobcipher-');
  });
  afterEach(() => t.cleanup());

  it('reads at any offset and streams exactly the plaintext, and never stores it', async () => {
    const files = createBlobFiles(t.dir, { keys: ring });
    const marker = Buffer.from('SECRET-PAGE-MARKER-0123456789');
    const plain = Buffer.concat([randomBytes(CHUNK - 10), marker, randomBytes(2 * CHUNK)]);
    const b = await files.put(plain, 'image/jpeg');
    expect(b.sha256).toBe(sha(plain));
    expect(readFileSync(files.path(b.sha256)).includes(marker)).toBe(false);
    const r = await files.openRead(b.sha256);
    try {
      expect(r.size).toBe(plain.length);
      for (const [pos, len] of [[0, 10], [CHUNK - 15, 40], [CHUNK, CHUNK], [CHUNK + 5, 2 * CHUNK], [0, plain.length], [plain.length - 5, 100], [plain.length, 10]] as const) {
        expect((await r.read(pos, len)).equals(plain.subarray(pos, pos + len)), `${pos}+${len}`).toBe(true);
      }
    } finally {
      await r.close();
    }
    const parts: Buffer[] = [];
    for await (const c of files.stream(b.sha256)) parts.push(c);
    expect(Buffer.concat(parts).equals(plain)).toBe(true);
    const streamed = await files.putStream((async function* () {
      for (let i = 0; i < plain.length; i += 7777) yield plain.subarray(i, i + 7777);
    })(), 'image/jpeg');
    expect(streamed).toMatchObject({ sha256: b.sha256, existed: true });
  });

  it('refuses a tampered or truncated blob on read and verify', async () => {
    const files = createBlobFiles(t.dir, { keys: ring });
    const a = await files.put(randomBytes(200_000), 'image/jpeg');
    const b = await files.put(randomBytes(2 * CHUNK), 'image/jpeg');
    const pa = files.path(a.sha256);
    const bytes = readFileSync(pa);
    bytes[HEADER_BYTES + 1000] = bytes[HEADER_BYTES + 1000]! ^ 0x80;
    writeFileSync(pa, bytes);
    await expect(files.read(a.sha256)).rejects.toMatchObject({ code: 'STORAGE_FAILED', message: expect.stringContaining('已损坏或被改动') });
    expect(await files.verify(a.sha256)).toBe(false);
    // Cut after the first whole chunk: every remaining byte is authentic, but the end is missing.
    truncateSync(files.path(b.sha256), HEADER_BYTES + CHUNK + TAG_BYTES);
    const err = await files.read(b.sha256).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('STORAGE_FAILED');
    expect(await files.verify(b.sha256)).toBe(false);
  });

  it('seals a legacy plaintext store in place and moves blobs to a new key', async () => {
    const legacy = createBlobFiles(t.dir, { keys: UNENCRYPTED });
    const pages = [randomBytes(100), randomBytes(CHUNK * 2 + 3), Buffer.concat([Buffer.from('YCTB'), randomBytes(500)])];
    for (const p of pages) await legacy.put(p, 'image/jpeg');
    const files = createBlobFiles(t.dir, { keys: ring });
    expect(files.sealed()).toBe(false);
    expect(await files.sealAll()).toEqual({ encrypted: 3, rekeyed: 0, kept: 0 });
    expect(files.sealed()).toBe(true);
    for (const p of pages) {
      expect((await files.read(sha(p))).equals(p)).toBe(true);
      expect(readFileSync(files.path(sha(p))).includes(p.subarray(4, 40))).toBe(false);
    }
    const next = ringOf(newKeyRingState()).current;
    const both = { current: next, get: (id: string) => (id === next.id ? next : ring.get(id)) };
    expect(await createBlobFiles(t.dir, { keys: both }).sealAll()).toEqual({ encrypted: 0, rekeyed: 3, kept: 0 });
    const onlyNext = { current: next, get: (id: string) => (id === next.id ? next : undefined) };
    for (const p of pages) expect((await createBlobFiles(t.dir, { keys: onlyNext }).read(sha(p))).equals(p)).toBe(true);
    await expect(files.read(sha(pages[0]!))).rejects.toMatchObject({ code: 'STORAGE_FAILED', message: expect.stringContaining('本机没有的密钥') });
  });
});
