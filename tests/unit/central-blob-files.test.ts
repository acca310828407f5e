import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBlobFiles } from '../../server/blob-files.js';
import { tempDir } from '../helpers/tmp.js';

// The central service's blob files on a real folder: a blob sent whole never goes through the
// file a chunked upload of the same blob appends to (another instance may be writing it).

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('central blob files', () => {
  let t: ReturnType<typeof tempDir>;
  beforeEach(() => {
    t = tempDir('yct-central-files-');
  });
  afterEach(() => t.cleanup());

  it('stores a blob sent whole beside a chunked upload of it without sharing its file, and refuses wrong bytes', async () => {
    const files = await createBlobFiles(t.dir);
    const bytes = randomBytes(300_000);
    const s = sha(bytes);
    expect(await files.append(s, 0, bytes.subarray(0, 1000))).toBe(1000);
    // The whole blob is written under a name of its own; the chunked upload's 1,000 bytes
    // still count until the whole one is in place.
    const wrong = Buffer.from(bytes);
    wrong[7] = wrong[7]! ^ 1;
    expect(await files.putWhole(s, wrong)).toBe('mismatch');
    expect(await files.partialSize(s)).toBe(1000);
    expect(await files.putWhole(s, bytes)).toBe('ok');
    expect(readFileSync(files.finalPath(s)).equals(bytes)).toBe(true);
    // No temp file is left; the chunked upload's part is untouched.
    expect(readdirSync(join(t.dir, 'partial'))).toEqual([s]);
    expect(await files.partialSize(s)).toBe(1000);
    // Sent again, it changes nothing.
    expect(await files.putWhole(s, bytes)).toBe('ok');
    expect(readFileSync(files.finalPath(s)).equals(bytes)).toBe(true);
  });

  it('clears left-overs at start: whole-blob temp files an hour old, parts of blobs that are complete', async () => {
    const files = await createBlobFiles(t.dir);
    const partial = join(t.dir, 'partial');
    const done = randomBytes(1000);
    expect(await files.putWhole(sha(done), done)).toBe('ok');
    const old = join(partial, `${'a'.repeat(64)}.123.abcdef.whole`);
    const fresh = join(partial, `${'b'.repeat(64)}.124.abcdef.whole`);
    const pending = join(partial, 'c'.repeat(64));
    const partOfDone = join(partial, sha(done));
    for (const p of [old, fresh, pending, partOfDone]) writeFileSync(p, 'x');
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    for (const p of [old, pending]) utimesSync(p, twoHoursAgo, twoHoursAgo);
    await createBlobFiles(t.dir);
    expect([old, fresh, pending, partOfDone].map((p) => existsSync(p))).toEqual([false, true, true, false]);
    expect(readFileSync(files.finalPath(sha(done))).equals(done)).toBe(true);
  });
});
