import { execFileSync, spawn } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openClientStore } from '../../db/index.js';
import { DB_FILE } from '../../electron/host/host.js';
import { openConfSettings } from '../../electron/host/settings.js';
import type { CaseView } from '../../shared/api/intake.js';
import { DEMO_PASSWORD } from '../../seeds/demo.js';
import { testHost } from '../helpers/host.js';
import { completeFields, idNumber, receiveMaterials } from '../helpers/intake.js';
import { bundlePrivately } from '../helpers/bundle.js';
import { tempDir } from '../helpers/tmp.js';
import { startCentral } from '../helpers/central.js';
import { draftAndAccept, startCounter } from '../helpers/counter.js';
import { openRawDb } from '../../db/sqlite.js';

// A really full disk and a really read-only data directory: a small tmpfs mounted for the test
// (the tests run as root, locally and in CI), filled to the last byte or remounted read-only.
// A read-only remount is refused while files are open for writing, so "read-only" is tested at
// start-up; "full" is tested in the middle of a clerk's work.

const mounts: string[] = [];

function mountTmpfs(sizeMb: number): string {
  const t = tempDir('yct-disk-');
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m,mode=0700`, 'tmpfs', t.dir], { stdio: 'pipe' });
  } catch (err) {
    t.cleanup();
    throw new Error(`These tests need root and mount(8) for a small tmpfs (a real full / read-only disk): ${(err as Error).message}`);
  }
  mounts.push(t.dir);
  return t.dir;
}

afterAll(() => {
  for (const m of mounts.splice(0)) {
    execFileSync('umount', ['-l', m], { stdio: 'pipe' });
    rmSync(m, { recursive: true, force: true });
    rmSync(`${m}.key`, { force: true });
  }
});

/** Writes until the file system refuses: afterwards not even one more page fits. */
function fillDisk(dir: string): string {
  const file = join(dir, 'filler.bin');
  const fd = openSync(file, 'w');
  try {
    for (const size of [1024 * 1024, 4096, 1]) {
      const chunk = Buffer.alloc(size, 7);
      for (;;) {
        try {
          writeSync(fd, chunk);
        } catch (err) {
          if ((err as { code?: string }).code !== 'ENOSPC') throw err;
          break;
        }
      }
    }
  } finally {
    closeSync(fd);
  }
  return file;
}

function eventCount(dir: string): number {
  const raw = openRawDb(join(dir, DB_FILE), { readonly: true });
  try {
    return (raw.prepare('select count(*) as n from events').get() as { n: number }).n;
  } finally {
    raw.close();
  }
}

describe('a full disk while the clerk works', () => {
  const hosts: Awaited<ReturnType<typeof testHost>>[] = [];
  afterEach(async () => {
    for (const h of hosts.splice(0)) await h.close();
  });

  it('refuses the save and the page with a clear message, keeps nothing half-written, and works again once space is freed', { timeout: 60_000 }, async () => {
    const dir = mountTmpfs(48);
    const h = await testHost({ dataDir: dir });
    hosts.push(h);
    await h.ok('c', 'auth.signIn', { staffNo: 'sj01', password: DEMO_PASSWORD });
    const bundle = await h.ok<{ items: { id: string }[] }>('c', 'catalog.bundle', { id: 'hlj.newborn' });
    let v = await h.ok<CaseView>('c', 'intake.start', { bundleId: 'hlj.newborn', itemIds: bundle.items.map((i) => i.id), applicantKind: 'person' });
    v = await h.ok<CaseView>('c', 'intake.update', { id: v.id, expectedSeq: v.lastEventSeq, patch: { fields: completeFields(v, { 'applicant.name': '王丽', 'applicant.idNumber': idNumber() }) } });

    // Empties the WAL, so the next commit must grow a file: SQLite cannot reuse written frames.
    const side = openRawDb(join(dir, DB_FILE));
    side.pragma('wal_checkpoint(TRUNCATE)');
    side.close();
    const filler = fillDisk(dir);
    const before = eventCount(dir);

    const save = await h.call('c', 'intake.update', { id: v.id, expectedSeq: v.lastEventSeq, patch: { materials: receiveMaterials(v) } });
    expect(save).toMatchObject({ ok: false, error: { code: 'STORAGE_FAILED', message: expect.stringContaining('磁盘已满') } });
    if (!save.ok) expect(save.error.message).toContain('没有保存');

    const jpeg = await sharp({ create: { width: 600, height: 800, channels: 3, background: { r: 200, g: 30, b: 90 } } }).jpeg({ quality: 100 }).toBuffer();
    const page = await h.call('c', 'scanner.attach', { name: '出生医学证明.jpg', dataBase64: jpeg.toString('base64') });
    expect(page).toMatchObject({ ok: false, error: { code: 'STORAGE_FAILED', message: expect.stringContaining('磁盘已满') } });

    // Nothing of the failed save: same events, same case version; no temp file of the page.
    expect(eventCount(dir)).toBe(before);
    const raw0 = openRawDb(join(dir, DB_FILE), { readonly: true });
    expect((raw0.prepare('select max(seq) as seq from events where case_id = ?').get(v.id) as { seq: number }).seq).toBe(v.lastEventSeq);
    raw0.close();
    expect(readdirSync(join(dir, 'blobs', '.tmp'))).toEqual([]);

    // Space freed: the clerk retries the same save and it goes through.
    rmSync(filler);
    const retry = await h.ok<CaseView>('c', 'intake.update', { id: v.id, expectedSeq: v.lastEventSeq, patch: { materials: receiveMaterials(v) } });
    expect(retry.evaluation.canAccept).toBe(true);
    expect((await h.ok<{ pages: unknown[] }>('c', 'scanner.attach', { name: '出生医学证明.jpg', dataBase64: jpeg.toString('base64') })).pages).toHaveLength(1);
    await h.host.close();
    hosts.splice(0);

    const raw = openRawDb(join(dir, DB_FILE));
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
    raw.close();
    const store = await openClientStore(join(dir, DB_FILE), openConfSettings(dir).read().deviceId!);
    try {
      expect((await store.events.verifyChains()).firstBroken).toBeNull();
      const live = await store.snapshotProjections();
      await store.events.rebuildProjections();
      expect(await store.snapshotProjections()).toEqual(live);
    } finally {
      await store.close();
    }
  });
});

describe('a read-only data directory at start-up (real host process)', () => {
  let hostEntry: string;
  let cleanupBundle: (() => void) | undefined;
  beforeAll(async () => {
    // The browser-mode entry built from the current source, privately (dist/ is the build's).
    const bundled = await bundlePrivately('electron/host/browser.ts', 'disk-host');
    hostEntry = bundled.file;
    cleanupBundle = bundled.cleanup;
  }, 60_000);
  afterAll(() => cleanupBundle?.());

  function runHost(dataDir: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [hostEntry, '--data-dir', dataDir, '--no-open', '--quiet'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      child.on('exit', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      });
    });
  }

  it('refuses to start with a clear message and changes nothing', { timeout: 60_000 }, async () => {
    const dir = mountTmpfs(48);
    const h = await testHost({ dataDir: dir });
    await h.host.close();
    const files = readdirSync(dir).sort();
    const db = readFileSync(join(dir, DB_FILE));
    execFileSync('mount', ['-o', 'remount,ro', dir], { stdio: 'pipe' });

    const r = await runHost(dir);
    expect(r.code).toBe(2);
    expect(r.stdout).not.toContain('YCT_READY');
    expect(r.stderr).toContain('数据目录只读');
    expect(r.stderr).not.toMatch(/\bat .+:\d+:\d+/); // no stack trace
    expect(readdirSync(dir).sort()).toEqual(files);
    expect(readFileSync(join(dir, DB_FILE)).equals(db)).toBe(true);

    // Writable again: the same directory starts and its data is intact.
    execFileSync('mount', ['-o', 'remount,rw', dir], { stdio: 'pipe' });
    const again = await testHost({ dataDir: dir });
    try {
      expect(await again.ok<{ setUp: boolean }>('c', 'app.info')).toMatchObject({ setUp: true });
    } finally {
      await again.host.close();
    }
  });

  it('refuses to start on a full disk with a clear message', { timeout: 60_000 }, async () => {
    const dir = mountTmpfs(48);
    const h = await testHost({ dataDir: dir });
    await h.host.close();
    fillDisk(dir);
    const r = await runHost(dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('磁盘已满');
    expect(r.stderr).not.toMatch(/\bat .+:\d+:\d+/);
  });
});

describe('a full disk under the central service', () => {
  it('answers 503 with a Chinese reason, keeps running, and takes the same batch once space is back', async () => {
    const dir = mountTmpfs(24);
    const c = await startCentral({ kind: 'sqlite' }, { dir });
    const a = await startCounter({ centralUrl: c.url, hallCode: 'HF' });
    try {
      await a.enrol(await c.issueCode('HF'));
      expect(await a.engine.syncNow()).not.toBeNull();
      const caseId = await draftAndAccept(a.store, 'HF', 'HF-1');
      const pending = (await a.store.sync.pendingSummary()).count;
      expect(pending).toBeGreaterThan(0);

      const filler = fillDisk(dir);
      expect(await a.engine.syncNow()).toBeNull();
      expect(await a.store.sync.getState('last_error')).toMatch(/中心服务的磁盘已满或不可写.*设备会自动重试/);
      expect((await a.store.sync.pendingSummary()).count).toBe(pending);
      expect((await c.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);

      rmSync(filler);
      const r = await a.engine.syncNow();
      expect(r).toMatchObject({ accepted: pending, rejected: 0 });
      expect((await a.store.sync.pendingSummary()).count).toBe(0);
      const stored = await c.central.db.selectFrom('events').select('id').where('case_id', '=', caseId).execute();
      expect(stored.length).toBe(new Set(stored.map((e) => e.id)).size);
      expect(stored.length).toBeGreaterThan(0);
    } finally {
      await a.close();
      await c.close();
    }
  });
});
