import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dbFileState, openSqlite, UNENCRYPTED, WrongKeyError } from '../../db/cipher.js';
import { openClientStore } from '../../db/index.js';
import { fileKeyStore, keyFileOf, ringOf, type KeyRingState } from '../../db/keys.js';
import { DB_FILE } from '../../electron/host/host.js';
import { openConfSettings } from '../../electron/host/settings.js';
import { BLOB_DIR, createBlobFiles } from '../../electron/services/blob-files.js';
import type { CaseView } from '../../shared/api/intake.js';
import { newId } from '../../shared/ids.js';
import { DEMO_PASSWORD } from '../../seeds/demo.js';
import { bundlePrivately } from '../helpers/bundle.js';
import { draftAndAccept } from '../helpers/counter.js';
import { testHost } from '../helpers/host.js';
import { completeFields, idNumber } from '../helpers/intake.js';
import { tempDir } from '../helpers/tmp.js';

// Encryption at rest of a counter's data directory, on real files: the database (SQLCipher) and
// the blobs (AES-256-GCM) hold no plaintext, a copy without this machine's key does not open,
// damage is refused, a legacy unencrypted directory is encrypted on open (also when killed
// midway), and the real CLI rotates the key, resuming after a SIGKILL.

type TH = Awaited<ReturnType<typeof testHost>>;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const APPLICANT = '欧阳秘语';
const APPLICANT_ID = idNumber('19870412', 246);

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
function dir(): string {
  const t = tempDir('yct-enc-');
  cleanups.push(t.cleanup);
  return t.dir;
}
async function open(d: string): Promise<TH> {
  const h = await testHost({ dataDir: d });
  cleanups.push(h.close);
  return h;
}
const ringState = (d: string): KeyRingState => fileKeyStore(d).read()!;
const contains = (file: string, needle: string) => existsSync(file) && readFileSync(file).includes(Buffer.from(needle, 'utf8'));

/** A case with the applicant's name and ID number saved, and a page whose bytes carry a marker. */
async function saveCase(h: TH, marker: string): Promise<{ caseId: string; page: Buffer }> {
  await h.ok('c', 'auth.signIn', { staffNo: 'sj01', password: DEMO_PASSWORD });
  const bundle = await h.ok<{ items: { id: string }[] }>('c', 'catalog.bundle', { id: 'hlj.newborn' });
  let v = await h.ok<CaseView>('c', 'intake.start', { bundleId: 'hlj.newborn', itemIds: bundle.items.map((i) => i.id), applicantKind: 'person' });
  v = await h.ok<CaseView>('c', 'intake.update', { id: v.id, expectedSeq: v.lastEventSeq, patch: { fields: completeFields(v, { 'applicant.name': APPLICANT, 'applicant.idNumber': APPLICANT_ID }) } });
  const page = Buffer.concat([Buffer.from(`%PDF-1.4 ${marker} `), randomBytes(300_000)]);
  const b = await h.host.services.blobFiles.put(page, 'application/pdf');
  await h.host.services.store.blobs.record({ sha256: b.sha256, size: b.size, mime: 'application/pdf' }, new Date().toISOString());
  return { caseId: v.id, page };
}

let cliEntry: string;
let hostEntry: string;
const bundles: (() => void)[] = [];
beforeAll(async () => {
  const cli = await bundlePrivately('electron/host/cli.ts', 'enc-cli');
  const host = await bundlePrivately('electron/host/browser.ts', 'enc-host');
  cliEntry = cli.file;
  hostEntry = host.file;
  bundles.push(cli.cleanup, host.cleanup);
}, 60_000);
afterAll(() => bundles.forEach((c) => c()));

interface Child {
  out: () => string;
  exited: Promise<number | null>;
  waitFor(text: string): Promise<boolean>;
  kill(): void;
}
function run(entry: string, args: string[]): Child {
  const child = spawn(process.execPath, [entry, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const waiters: { text: string; resolve: (v: boolean) => void }[] = [];
  const onData = (d: Buffer) => {
    out += d.toString();
    for (const w of waiters.splice(0)) {
      if (out.includes(w.text)) w.resolve(true);
      else waiters.push(w);
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const exited = new Promise<number | null>((res) =>
    child.on('exit', (code) => {
      clearTimeout(timer);
      for (const w of waiters.splice(0)) w.resolve(false);
      res(code);
    }),
  );
  return {
    out: () => out,
    exited,
    waitFor: (text) => (out.includes(text) ? Promise.resolve(true) : new Promise((resolve) => waiters.push({ text, resolve }))),
    kill: () => child.kill('SIGKILL'),
  };
}
const rotate = (d: string) => run(cliEntry, ['rotate-key', '--data-dir', d]);

/** A data directory as the unencrypted version left it: cases through the real store, blobs on disk. */
async function legacyDir(d: string, pages: number, pageBytes = 20_000): Promise<{ cases: string[]; pages: Buffer[] }> {
  const deviceId = newId();
  openConfSettings(d).update({ deviceId });
  const store = await openClientStore(join(d, DB_FILE), deviceId, { key: UNENCRYPTED });
  const files = createBlobFiles(join(d, BLOB_DIR), { keys: UNENCRYPTED });
  const cases: string[] = [];
  const stored: Buffer[] = [];
  try {
    for (let i = 0; i < 5; i++) cases.push(await draftAndAccept(store, '232701', `232701-20261101-TEST-${String(i).padStart(4, '0')}`));
    for (let i = 0; i < pages; i++) {
      const p = Buffer.concat([Buffer.from(`LEGACY-PAGE-${i}-`), randomBytes(pageBytes)]);
      const b = await files.put(p, 'image/jpeg');
      await store.blobs.record({ sha256: b.sha256, size: b.size, mime: 'image/jpeg' }, new Date().toISOString());
      stored.push(p);
    }
  } finally {
    await store.close();
  }
  expect(dbFileState(join(d, DB_FILE))).toBe('plaintext');
  expect(existsSync(keyFileOf(d))).toBe(false);
  return { cases, pages: stored };
}

/** Every blob decrypts to its name's content and carries the given key id; returns how many. */
async function checkBlobs(d: string, keyId: string): Promise<number> {
  const files = createBlobFiles(join(d, BLOB_DIR), { keys: ringOf(ringState(d)) });
  const all = await files.list();
  for (const s of all) {
    expect(await files.verify(s), s).toBe(true);
    expect(readFileSync(files.path(s)).subarray(8, 12).toString('hex'), s).toBe(keyId);
  }
  return all.length;
}

describe('encryption at rest', () => {
  it('keeps no plaintext in the database, its WAL or the blobs; the key lives beside the folder, owner-only', { timeout: 60_000 }, async () => {
    const d = dir();
    const h = await open(d);
    const { caseId, page } = await saveCase(h, 'SECRET-PAGE-MARKER');
    const db = join(d, DB_FILE);
    expect(readFileSync(db).subarray(0, 16).toString('latin1')).not.toBe('SQLite format 3\0');
    for (const f of [db, `${db}-wal`]) {
      expect(contains(f, APPLICANT_ID), f).toBe(false);
      expect(contains(f, APPLICANT), f).toBe(false);
      expect(contains(f, caseId), f).toBe(false);
    }
    expect(statSync(`${db}-wal`).size).toBeGreaterThan(0); // the search covered real WAL content
    const blob = h.host.services.blobFiles.path(sha(page));
    expect(contains(blob, 'SECRET-PAGE-MARKER')).toBe(false);
    expect((await h.host.services.blobFiles.read(sha(page))).equals(page)).toBe(true);
    await h.close();
    expect(contains(db, APPLICANT_ID)).toBe(false);
    expect(contains(db, APPLICANT)).toBe(false);

    const keyFile = keyFileOf(d);
    expect(keyFile).toBe(`${d}.key`);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(readdirSync(d).some((f) => f.includes('key'))).toBe(false);

    // The data is all there after a restart.
    const again = await open(d);
    await again.ok('c', 'auth.signIn', { staffNo: 'sj01', password: DEMO_PASSWORD });
    const found = await again.ok<{ id: string }[]>('c', 'intake.search', { query: APPLICANT_ID });
    expect(found.map((c) => c.id)).toContain(caseId);
  });

  it('does not open a database copied to another data directory, and changes nothing', { timeout: 60_000 }, async () => {
    const a = dir();
    const ha = await open(a);
    await saveCase(ha, 'COPIED');
    await ha.close();
    const b = dir();
    const hb = await open(b);
    await hb.close();
    copyFileSync(join(a, DB_FILE), join(b, DB_FILE));
    const before = readFileSync(join(b, DB_FILE));
    const keyB = readFileSync(keyFileOf(b));
    await expect(testHost({ dataDir: b })).rejects.toMatchObject({
      code: 'STORAGE_FAILED',
      message: expect.stringMatching(/^本地数据库已加密，但本机保存的密钥打不开它。这份数据可能是从别的电脑复制来的/),
    });
    expect(readFileSync(join(b, DB_FILE)).equals(before)).toBe(true);
    expect(readFileSync(keyFileOf(b)).equals(keyB)).toBe(true);

    // The whole folder copied without its key: no key is made up over the encrypted data.
    const c = join(dir(), 'copied');
    mkdirSync(join(c, BLOB_DIR), { recursive: true });
    copyFileSync(join(a, DB_FILE), join(c, DB_FILE));
    copyFileSync(join(a, 'settings.json'), join(c, 'settings.json'));
    await expect(testHost({ dataDir: c })).rejects.toMatchObject({ message: expect.stringContaining('本地数据库已加密，但本机没有它的密钥') });
    expect(existsSync(keyFileOf(c))).toBe(false);
    expect(readFileSync(join(c, DB_FILE)).equals(readFileSync(join(a, DB_FILE)))).toBe(true);
    // Not the message of a damaged file: the clerk is told what actually happened.
    expect(() => openSqlite(join(c, DB_FILE), ringOf(ringState(b)).all)).toThrow(WrongKeyError);
  });

  it('encrypts a legacy unencrypted data directory on open: cases and blobs intact, rebuild equals live', { timeout: 60_000 }, async () => {
    const d = dir();
    const legacy = await legacyDir(d, 20);
    const h = await open(d);
    expect(dbFileState(join(d, DB_FILE))).toBe('encrypted');
    const store = h.host.services.store;
    for (const id of legacy.cases) expect((await store.cases.get(id))?.state).toBe('accepted');
    for (const p of legacy.pages) {
      expect((await h.host.services.blobFiles.read(sha(p))).equals(p)).toBe(true);
      expect(contains(h.host.services.blobFiles.path(sha(p)), 'LEGACY-PAGE-')).toBe(false);
    }
    expect((await store.events.verifyChains()).firstBroken).toBeNull();
    const live = await store.snapshotProjections();
    await store.events.rebuildProjections();
    expect(await store.snapshotProjections()).toEqual(live);
    expect(readdirSync(d).filter((f) => f.endsWith('.rekey'))).toEqual([]);
    expect(await checkBlobs(d, ringState(d).current)).toBe(20);
  });

  it('a legacy directory killed while it is being encrypted still opens, and finishes on the next start', { timeout: 120_000 }, async () => {
    const d = dir();
    const legacy = await legacyDir(d, 300, 60_000);
    const files = readdirSync(join(d, BLOB_DIR))
      .filter((s) => /^[0-9a-f]{2}$/.test(s))
      .flatMap((s) => readdirSync(join(d, BLOB_DIR, s)).map((f) => join(d, BLOB_DIR, s, f)));
    const sealedOne = () => files.some((f) => readFileSync(f).subarray(0, 4).toString('latin1') === 'YCTB');
    const child = run(hostEntry, ['--data-dir', d, '--no-open', '--quiet']);
    // Killed as soon as the first blob is sealed: the database is encrypted, the blobs half done.
    const until = Date.now() + 30_000;
    while (!sealedOne() && Date.now() < until) await new Promise((r) => setTimeout(r, 2));
    child.kill();
    await child.exited;
    expect(child.out()).not.toContain('YCT_READY');
    expect(files.filter((f) => readFileSync(f).subarray(0, 4).toString('latin1') !== 'YCTB').length).toBeGreaterThan(0);
    expect(dbFileState(join(d, DB_FILE))).toBe('encrypted');
    const h = await open(d);
    for (const id of legacy.cases) expect((await h.host.services.store.cases.get(id))?.state).toBe('accepted');
    for (const p of legacy.pages) expect((await h.host.services.blobFiles.read(sha(p))).equals(p)).toBe(true);
    await h.close();
    expect(dbFileState(join(d, DB_FILE))).toBe('encrypted');
    expect(await checkBlobs(d, ringState(d).current)).toBe(300);
  });

  it('rotates the key through the real CLI, refuses while the host runs, and resumes after a SIGKILL', { timeout: 180_000 }, async () => {
    const d = dir();
    const h = await open(d);
    const { caseId, page } = await saveCase(h, 'ROTATED');
    const pages = [page];
    for (let i = 0; i < 400; i++) {
      const p = randomBytes(16_000);
      await h.host.services.blobFiles.put(p, 'image/jpeg');
      pages.push(p);
    }
    const busy = rotate(d);
    expect(await busy.exited).toBe(2);
    expect(busy.out()).toContain('正由另一个一窗通程序使用');
    await h.close();

    const old = ringState(d);
    const done = rotate(d);
    expect(await done.exited, done.out()).toBe(0);
    expect(done.out()).toMatch(/已更换数据密钥：数据库已重新加密，附件 401 个重新加密，用时 [\d.]+ 秒；旧密钥已删除。/);
    const rotated = ringState(d);
    expect(rotated.current).not.toBe(old.current);
    expect(Object.keys(rotated.keys)).toEqual([rotated.current]);
    expect(() => openSqlite(join(d, DB_FILE), ringOf(old).all, { readonly: true })).toThrow(WrongKeyError);
    openSqlite(join(d, DB_FILE), ringOf(rotated).all, { readonly: true }).raw.close();
    expect(await checkBlobs(d, rotated.current)).toBe(401);

    // Killed midway through the blobs: the ring keeps both keys, and the store opens meanwhile.
    const cut = rotate(d);
    expect(await cut.waitFor('附件 50/401'), cut.out()).toBe(true);
    cut.kill();
    await cut.exited;
    expect(cut.out()).not.toContain('已更换数据密钥');
    const half = ringState(d);
    expect(half.current).toBe(rotated.current);
    expect(half.next).not.toBeNull();
    expect(Object.keys(half.keys).sort()).toEqual([half.current, half.next!].sort());
    const between = await open(d);
    expect((await between.host.services.store.cases.get(caseId))?.id).toBe(caseId);
    for (const p of pages.slice(0, 20)) expect((await between.host.services.blobFiles.read(sha(p))).equals(p)).toBe(true);
    await between.close();

    const resumed = rotate(d);
    expect(await resumed.exited, resumed.out()).toBe(0);
    expect(resumed.out()).toContain('继续上次中断的更换');
    const final = ringState(d);
    expect(final).toEqual({ v: 1, current: half.next, next: null, keys: { [half.next!]: half.keys[half.next!] } });
    expect(await checkBlobs(d, final.current)).toBe(401);
    expect(() => openSqlite(join(d, DB_FILE), ringOf(rotated).all, { readonly: true })).toThrow(WrongKeyError);
    const last = await open(d);
    await last.ok('c', 'auth.signIn', { staffNo: 'sj01', password: DEMO_PASSWORD });
    expect((await last.ok<{ id: string }[]>('c', 'intake.search', { query: APPLICANT_ID })).map((c) => c.id)).toContain(caseId);
    expect((await last.host.services.blobFiles.read(sha(page))).equals(page)).toBe(true);
  });
});
