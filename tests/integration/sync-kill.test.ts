import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureLog } from '../../electron/host/log.js';
import { startCentral, type Backend, type RunningCentral } from '../helpers/central.js';
import { draftAndAccept, NEWBORN, route, startCounter } from '../helpers/counter.js';
import { startPostgres, type PgCluster } from '../helpers/postgres.js';
import { tempDir } from '../helpers/tmp.js';

// The counter process killed with SIGKILL mid-blob and mid-push, restarted each time:
// the service ends with every event exactly once and the blob byte-identical.

configureLog({ quiet: true });
const root = fileURLToPath(new URL('../..', import.meta.url));
let pgCluster: PgCluster;
let childEntry: string;
let bundleDir: string;

beforeAll(async () => {
  pgCluster = await startPostgres();
  // Bundled privately (inside node_modules so native packages resolve), never into dist/.
  mkdirSync(join(root, 'node_modules', '.cache'), { recursive: true });
  bundleDir = mkdtempSync(join(root, 'node_modules', '.cache', 'yct-sync-child-'));
  childEntry = join(bundleDir, 'sync-child.mjs');
  await build({
    entryPoints: [join(root, 'tests/helpers/sync-child.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outfile: childEntry,
    logLevel: 'error',
  });
});
afterAll(() => {
  pgCluster?.stop();
  if (bundleDir) rmSync(bundleDir, { recursive: true, force: true });
});

const backends: { name: string; make: () => Promise<Backend> }[] = [
  { name: 'sqlite', make: async () => ({ kind: 'sqlite' }) },
  { name: 'postgres', make: async () => ({ kind: 'postgres', url: await pgCluster.createDatabase('kill') }) },
];

function runChild(dir: string, url: string, hall: string): { child: ChildProcess; out: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [childEntry, dir, url, hall], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((res) => child.once('exit', (code) => res(code)));
  return { child, out: () => out, exited };
}

async function waitFor(cond: () => Promise<boolean> | boolean, timeoutMs = 20_000): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await cond()) return true;
    await new Promise((r) => setTimeout(r, 2));
  }
  return false;
}

describe.each(backends)('SIGKILL during sync on $name', ({ make }) => {
  let c: RunningCentral;
  beforeAll(async () => {
    c = await startCentral(await make());
  });
  afterAll(async () => c?.close());

  it('converges after kills mid-blob and mid-push', { timeout: 120_000 }, async () => {
    const t = tempDir('yct-kill-');
    const setup = await startCounter({ dir: t.dir, centralUrl: c.url, hallCode: 'HK' });
    await setup.enrol(await c.issueCode('HK'));
    const blob = randomBytes(24 * 1024 * 1024 + 3);
    const stored = await setup.blobFiles.put(blob, 'image/tiff');
    await setup.store.blobs.record({ sha256: stored.sha256, size: stored.size, mime: 'image/tiff' }, new Date().toISOString());
    for (let i = 0; i < 400; i++) {
      const id = await draftAndAccept(setup.store, 'HK', `HK-${i}`, i === 0 ? stored.sha256 : null);
      await route(setup.store, id);
    }
    const total = await setup.store.events.count();
    expect(total).toBe(400 * (3 + NEWBORN.itemIds.length));
    const deviceId = setup.deviceId;
    await setup.engine.stop();
    await setup.store.close();

    const partial = join(c.dir, 'blobs', 'partial', stored.sha256);
    const centralCount = async () =>
      Number((await c.central.db.selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n')).where('device_id', '=', deviceId).executeTakeFirstOrThrow()).n);

    // Kill 1: while the blob is half uploaded.
    const r1 = runChild(t.dir, c.url, 'HK');
    expect(await waitFor(() => existsSync(partial) && statSync(partial).size > 0)).toBe(true);
    r1.child.kill('SIGKILL');
    await r1.exited;
    const blobOffsetAtKill = existsSync(partial) ? statSync(partial).size : blob.length;
    expect(blobOffsetAtKill).toBeLessThan(blob.length);

    // Kills 2..4: while events are being pushed.
    const midPush: number[] = [];
    for (let k = 0; k < 3; k++) {
      const before = await centralCount();
      const r = runChild(t.dir, c.url, 'HK');
      await waitFor(async () => (await centralCount()) > before || r.out().includes('CLEAN'));
      r.child.kill('SIGKILL');
      await r.exited;
      const n = await centralCount();
      if (n > 0 && n < total) midPush.push(n);
    }
    expect(midPush.length).toBeGreaterThan(0);

    const last = runChild(t.dir, c.url, 'HK');
    expect(await last.exited).toBe(0);
    expect(last.out()).toContain('CLEAN');

    const ids = (await c.central.db.selectFrom('events').select('id').where('device_id', '=', deviceId).execute()).map((r) => r.id);
    expect(ids.length).toBe(total);
    expect(new Set(ids).size).toBe(total);
    const onDisk = readFileSync(join(c.dir, 'blobs', stored.sha256.slice(0, 2), stored.sha256));
    expect(createHash('sha256').update(onDisk).digest('hex')).toBe(stored.sha256);
    expect(onDisk.equals(blob)).toBe(true);

    const after = await startCounter({ dir: t.dir, centralUrl: c.url, hallCode: 'HK' });
    try {
      expect((await after.store.sync.pendingSummary()).count).toBe(0);
      expect(await after.store.sync.problemCounts()).toEqual({ rejected: 0, conflicts: 0, deferred: 0 });
    } finally {
      await after.close();
      t.cleanup();
    }
  });
});
