import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openClientStore } from '../../db/index.js';
import { DB_FILE } from '../../electron/host/host.js';
import { configureLog } from '../../electron/host/log.js';
import { openConfSettings } from '../../electron/host/settings.js';
import { createBlobFiles } from '../../electron/services/blob-files.js';
import { startCentral, type RunningCentral } from '../helpers/central.js';
import { bundlePrivately } from '../helpers/bundle.js';
import { tempDir } from '../helpers/tmp.js';
import { demoInstallation } from '../../seeds/demo.js';
import { openRawDb } from '../../db/sqlite.js';
import { fileKeyStore, ringOf } from '../../db/keys.js';

// The real host in its own process, killed with SIGKILL at random moments while it takes in
// cases (and, in the second loop, pushes them to the central service). After every kill the
// store must open intact with every case the child saw accepted; at the end the outbox drains
// and the service holds every event exactly once. Seeded: YCT_KILL_SEED=<n> replays a run.

configureLog({ quiet: true });
const SEED = Number(process.env.YCT_KILL_SEED ?? Math.floor(Math.random() * 2 ** 31));
const KILLS_PER_MODE = 25;
// Bounded: a loop that cannot reach its kills in this time fails instead of hanging CI. Each kill
// costs one host start-up (~2 s of CPU); the two loops run side by side on a two-CPU runner.
const LOOP_BUDGET_MS = 100_000;

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let childEntry: string;
let cleanupBundle: (() => void) | undefined;
beforeAll(async () => {
  process.stdout.write(`kill-loop seed ${SEED} (rerun with YCT_KILL_SEED=${SEED})\n`);
  const bundled = await bundlePrivately('tests/helpers/kill-child.ts', 'kill-child');
  childEntry = bundled.file;
  cleanupBundle = bundled.cleanup;
}, 60_000);
afterAll(() => cleanupBundle?.());

interface Run {
  out: () => string;
  ready: Promise<boolean>;
  exited: Promise<number | null>;
  kill(): void;
}

function runChild(args: string[]): Run {
  const child = spawn(process.execPath, [childEntry, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let onReady: (v: boolean) => void = () => undefined;
  const ready = new Promise<boolean>((res) => (onReady = res));
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    if (/^READY$/m.test(out)) onReady(true);
  });
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((res) =>
    child.once('exit', (code) => {
      onReady(false);
      res(code);
    }),
  );
  return { out: () => out, ready, exited, kill: () => child.kill('SIGKILL') };
}

const acceptedIn = (out: string) => [...out.matchAll(/^ACCEPTED (\S+)$/gm)].map((m) => m[1]!);

/** Everything that must hold after a crash, checked on the files the killed process left. */
async function checkStore(dir: string, accepted: ReadonlySet<string>, label: string): Promise<number> {
  const file = join(dir, DB_FILE);
  const raw = openRawDb(file);
  try {
    expect(raw.pragma('integrity_check', { simple: true }), label).toBe('ok');
    expect(raw.pragma('foreign_key_check'), label).toEqual([]);
    const dupes = raw.prepare('select id from events group by id having count(*) > 1').all();
    expect(dupes, label).toEqual([]);
    // seq is AUTOINCREMENT and events are never deleted: a rolled-back append leaves no gap.
    const { n, max } = raw.prepare('select count(*) as n, coalesce(max(seq), 0) as max from events').get() as { n: number; max: number };
    expect(max, label).toBe(n);
    const ids = [...accepted];
    for (let i = 0; i < ids.length; i += 500) {
      const part = ids.slice(i, i + 500);
      const rows = raw
        .prepare(`select id, state, case_number from cases where id in (${part.map(() => '?').join(',')})`)
        .all(...part) as { id: string; state: string; case_number: string | null }[];
      expect(rows.length, `${label}: accepted cases present`).toBe(part.length);
      for (const r of rows) {
        expect(r.case_number, label).not.toBeNull();
        expect(['draft', 'correction_requested'], `${label}: case ${r.id} still accepted`).not.toContain(r.state);
      }
    }
  } finally {
    raw.close();
  }
  const deviceId = openConfSettings(dir).read().deviceId!;
  const store = await openClientStore(file, deviceId, { synchronous: 'NORMAL' });
  try {
    expect((await store.events.verifyChains()).firstBroken, label).toBeNull();
    const live = await store.snapshotProjections();
    await store.events.rebuildProjections();
    expect(await store.snapshotProjections(), `${label}: projections equal a rebuild`).toEqual(live);
    return await store.events.count();
  } finally {
    await store.close();
  }
}

/** Every stored page hashes to its name: a kill mid-write never leaves a torn blob. */
async function checkBlobs(dir: string, label: string): Promise<void> {
  const files = createBlobFiles(join(dir, 'blobs'), { keys: ringOf(fileKeyStore(dir).read()!) });
  for (const sha of await files.list()) expect(await files.verify(sha), `${label}: blob ${sha}`).toBe(true);
}

async function killLoop(mode: 'intake' | 'sync', dir: string, rnd: () => number, deadline: number): Promise<{ accepted: Set<string>; kills: number; events: number }> {
  const accepted = new Set<string>();
  let kills = 0;
  let events = 0;
  while (kills < KILLS_PER_MODE) {
    expect(Date.now(), `${mode}: ${kills} kills done when the time budget ran out (seed ${SEED})`).toBeLessThan(deadline);
    const t0 = Date.now();
    const run = runChild([mode, dir, String(Math.floor(rnd() * 2 ** 31))]);
    if (!(await run.ready)) throw new Error(`${mode} child exited before READY (seed ${SEED}): ${run.out()}`);
    const delay = 20 + Math.floor(rnd() * 381);
    await new Promise((r) => setTimeout(r, delay));
    run.kill();
    expect(await run.exited, `${mode}: child died by itself (seed ${SEED}): ${run.out()}`).toBeNull();
    kills++;
    for (const id of acceptedIn(run.out())) accepted.add(id);
    const label = `${mode} kill ${kills} after ${delay} ms (seed ${SEED})`;
    const t1 = Date.now();
    const n = await checkStore(dir, accepted, label);
    if (process.env.YCT_KILL_TRACE) process.stdout.write(`${mode} kill ${kills} start ${t1 - t0 - delay}ms check ${Date.now() - t1}ms events ${n} accepted ${accepted.size}\n`);
    expect(n, label).toBeGreaterThanOrEqual(events);
    events = n;
  }
  await checkBlobs(dir, mode);
  return { accepted, kills, events };
}

describe('SIGKILL of the host process during intake and sync', () => {
  let c: RunningCentral;
  const dirs: (() => void)[] = [];
  beforeAll(async () => {
    c = await startCentral({ kind: 'sqlite' });
  });
  afterAll(async () => {
    await c?.close();
    dirs.forEach((d) => d());
  });

  it(`survives ${2 * KILLS_PER_MODE} kills: store intact, accepted cases kept, outbox drains exactly once`, { timeout: LOOP_BUDGET_MS + 20_000 }, async () => {
    const intake = tempDir('yct-killloop-intake-');
    const synced = tempDir('yct-killloop-sync-');
    dirs.push(intake.cleanup, synced.cleanup);

    const enrol = runChild(['enrol', synced.dir, c.url, await c.issueCode(demoInstallation.hallCode)]);
    expect(await enrol.exited, enrol.out()).toBe(0);

    // Both loops at once: one CPU each on a two-CPU runner.
    const deadline = Date.now() + LOOP_BUDGET_MS;
    const [a, b] = await Promise.all([
      killLoop('intake', intake.dir, mulberry32(SEED), deadline),
      killLoop('sync', synced.dir, mulberry32(SEED ^ 0x5bd1e995), deadline),
    ]);
    expect(a.kills + b.kills).toBeGreaterThanOrEqual(50);
    // Every run accepted a case before it was killed: each check above covered real work.
    expect(a.accepted.size, `seed ${SEED}`).toBeGreaterThanOrEqual(a.kills);
    expect(b.accepted.size, `seed ${SEED}`).toBeGreaterThanOrEqual(b.kills);

    // The outbox resumes: a clean run pushes what the kills interrupted, each event once.
    const drain = runChild(['drain', synced.dir]);
    expect(await drain.exited, drain.out()).toBe(0);
    expect(drain.out()).toContain('CLEAN');
    const deviceId = openConfSettings(synced.dir).read().deviceId!;
    const raw = openRawDb(join(synced.dir, DB_FILE), { readonly: true });
    const local = (raw.prepare('select id from events where device_id = ? order by seq').all(deviceId) as { id: string }[]).map((r) => r.id);
    raw.close();
    const central = (await c.central.db.selectFrom('events').select('id').where('device_id', '=', deviceId).execute()).map((r) => r.id);
    expect(central.length).toBe(new Set(central).size);
    expect(new Set(central)).toEqual(new Set(local));
    for (const id of b.accepted) {
      const row = await c.central.db.selectFrom('events').select('id').where('case_id', '=', id).where('type', '=', 'case.accepted').executeTakeFirst();
      expect(row, `accepted case ${id} reached the service`).toBeDefined();
    }
    // No temp file of a killed writer outlives the next start (the scanner sweeps orphans).
    expect(readdirSync(join(synced.dir, 'blobs', '.tmp'))).toEqual([]);
  });
});
