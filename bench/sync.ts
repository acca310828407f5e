import { spawnSync } from 'node:child_process';
import { cpSync, createReadStream, createWriteStream, mkdirSync, readdirSync, statSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3-multiple-ciphers';
import { openCentralDb } from '../db/central.js';
import { keyFileOf } from '../db/keys.js';
import { eventHash } from '../db/stores/events.js';
import { configureLog } from '../electron/host/log.js';
import { buildCentralApp } from '../server/app.js';
import { GENESIS_HASH, type EventType } from '../shared/events.js';
import { encodeHlc } from '../shared/hlc.js';
import { newId } from '../shared/ids.js';
import type { WireEvent } from '../shared/sync.js';
import { NEWBORN, startCounter } from '../tests/helpers/counter.js';
import { startPostgres, type PgCluster } from '../tests/helpers/postgres.js';
import { emitResult, formatBytes, QUICK, round, summarize, tempDir } from './lib.js';

// Sync throughput on loopback, side by side in one run:
//  1. one counter pushes N cases (6 events each) to the central service, on SQLite and on
//     PostgreSQL: events/s (target ≥ 10,000);
//  2. the same counter uploads M blob pages of ~300 KB: MB/s, against a raw loopback copy of
//     the same files (plain TCP socket into a file, the faster of two) measured in this run
//     (target ≥ 50 %);
//  3. 200 simulated devices pushing concurrently to the service on PostgreSQL: events/s and
//     p95 push latency.
// The service runs in a worker thread (its own event loop), the counter on the main thread.
//  4. the same cases replicated with PouchDB (leveldb) → express-pouchdb on loopback, one
//     document per case holding that case's events as JSON: documents/s, and our cases/s
//     over theirs (target ≥ 5×).
// Blob pages are scaled down from the issue's 50,000 to BLOB_PAGES (2,000 × 300 KB = 600 MB).
//  5. a storage floor (storageFloor) that shows what any design could reach here at best.
// BENCH_SYNC_ONLY=counter|pouch (pouch: 4 and 5) and BENCH_SYNC_MANY=0 run parts; BENCH_QLOG=1
// lists the service's statements by total time.

const CASES = Number(process.env.BENCH_SYNC_CASES ?? (QUICK ? 300 : 10_000));
const BLOB_PAGES = Number(process.env.BENCH_SYNC_PAGES ?? (QUICK ? 40 : 2_000));
const BLOB_BYTES = 300 * 1024;
const DEVICES = QUICK ? 20 : 200;
const BATCHES_PER_DEVICE = QUICK ? 2 : 5;
const CASES_PER_BATCH = 10;

type CentralMsg = { kind: 'sqlite'; dir: string } | { kind: 'postgres'; url: string; dir: string } | { kind: 'pouch'; dir: string };

// PouchDB and express-pouchdb ship no types; the bench uses a handful of their calls.
const requireCjs = createRequire(import.meta.url);
interface PouchDb {
  bulkDocs(docs: object[]): Promise<unknown>;
  replicate: { to(url: string, opts: { batch_size: number }): Promise<{ ok: boolean; docs_written: number; doc_write_failures: number }> };
  info(): Promise<{ doc_count: number }>;
  close(): Promise<void>;
}
type PouchCtor = { new (name: string): PouchDb; defaults(o: { prefix: string }): PouchCtor };


interface Central {
  url: string;
  rawPort: number;
  admin(path: string, body: unknown): Promise<any>;
  close(): Promise<void>;
}

async function startCentralWorker(msg: CentralMsg): Promise<Central> {
  const worker = new Worker(new URL(import.meta.url), { workerData: msg });
  worker.on('error', (err) => console.error(`  central worker failed: ${err.message}`));
  const { port, rawPort } = await new Promise<{ port: number; rawPort: number }>((res, rej) => {
    worker.once('message', res);
    worker.once('error', rej);
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    rawPort,
    async admin(path, body) {
      const res = await fetch(url + path, { method: 'POST', headers: { authorization: 'Bearer bench-admin-token', 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return res.json();
    },
    async close() {
      const closed = new Promise((res) => worker.once('message', res));
      worker.postMessage('close');
      await closed;
      await worker.terminate();
    },
  };
}

const p2 = NEWBORN.itemIds.slice(0, 2);
function caseEvents(hallCode: string, n: number): { type: EventType; payload: unknown }[] {
  return [
    { type: 'case.drafted', payload: { bundleId: NEWBORN.bundleId, itemIds: p2, catalogVersion: NEWBORN.catalogVersion, hallCode, applicantKind: 'person', ticketRef: null } },
    { type: 'case.draft_updated', payload: { priority: null } },
    {
      type: 'case.accepted',
      payload: { caseNumber: `${hallCode}-${n}`, pendingMaterials: [], commitmentDeadline: null, commitmentBlob: null, expectedDate: null, delivery: { method: 'window', address: null } },
    },
    { type: 'case.routed', payload: {} },
    ...p2.map((itemId) => ({ type: 'item.state_changed' as const, payload: { itemId, departmentId: NEWBORN.departmentOf(itemId), to: 'queued' } })),
  ];
}

/** A device's hash chain as the bench extends it. */
interface Chain {
  deviceId: string;
  prev: string;
  wall: number;
}
function newChain(deviceId = newId()): Chain {
  return { deviceId, prev: GENESIS_HASH, wall: Date.now() };
}

/** Case `n`'s events as a device sends them, extending its hash chain. */
function wireCase(chain: Chain, hallCode: string, n: number): WireEvent[] {
  const caseId = newId();
  return caseEvents(hallCode, n).map((e) => {
    const base = { id: newId(), caseId, type: e.type, actorId: 'bench', deviceId: chain.deviceId, hlc: encodeHlc({ wallMs: ++chain.wall, counter: 0, deviceId: chain.deviceId }), createdAt: new Date(chain.wall).toISOString(), prevHash: chain.prev };
    chain.prev = eventHash({ ...base, payloadJson: JSON.stringify(e.payload) });
    return { ...base, payload: e.payload, hash: chain.prev };
  });
}

/** A dataset made once through the real client store: N cases and M blob pages. */
async function makeCounterData(dir: string): Promise<{ events: number; blobBytes: number; ms: number }> {
  const t0 = performance.now();
  const counter = await startCounter({ dir, centralUrl: 'http://127.0.0.1:9', hallCode: 'HB' });
  const PER_CALL = 50;
  for (let i = 0; i < CASES; i += PER_CALL) {
    const batch = [];
    for (let k = i; k < Math.min(CASES, i + PER_CALL); k++) {
      const caseId = newId();
      batch.push(...caseEvents('HB', k).map((e) => ({ ...e, caseId })));
    }
    await counter.store.events.append({ actorId: 'bench' }, batch as never);
  }
  let blobBytes = 0;
  const page = Buffer.alloc(BLOB_BYTES);
  for (let i = 0; i < BLOB_PAGES; i++) {
    // Distinct content per page: a counter and noise, compressible like nothing real.
    for (let j = 0; j < page.length; j += 4) page.writeUInt32LE((Math.imul(i + 1, 2654435761) ^ Math.imul(j, 40503)) >>> 0, j);
    const b = await counter.blobFiles.put(page, 'image/jpeg');
    await counter.store.blobs.record({ sha256: b.sha256, size: b.size, mime: 'image/jpeg' }, new Date().toISOString());
    blobBytes += b.size;
  }
  const events = await counter.store.events.count();
  await counter.engine.stop();
  await counter.store.close();
  return { events, blobBytes, ms: performance.now() - t0 };
}

/** Writes every dirty page to disk (sync(1)); measuring stays fair if that is unavailable. */
function settleDisk(): void {
  spawnSync('sync', { stdio: 'ignore' });
}

/** Copies every blob file through a plain loopback TCP socket into a file: the baseline. */
async function rawCopy(blobRoot: string, port: number): Promise<{ bytes: number; ms: number; cpuMs: number }> {
  const files: string[] = [];
  for (const shard of readdirSync(blobRoot)) if (/^[0-9a-f]{2}$/.test(shard)) for (const f of readdirSync(join(blobRoot, shard))) files.push(join(blobRoot, shard, f));
  let bytes = 0;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  for (const f of files) {
    bytes += statSync(f).size;
    const sock = connect(port, '127.0.0.1');
    // A reset arriving after the file went through is not a failure of the copy (pipeline has let go by then).
    sock.on('error', () => undefined);
    await pipeline(createReadStream(f, { highWaterMark: 1024 * 1024 }), sock);
  }
  const cpu = process.cpuUsage(cpu0);
  return { bytes, ms: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000 };
}

async function oneCounterRun(label: string, msg: CentralMsg, template: string, blobBytes: number) {
  const central = await startCentralWorker(msg);
  const run = tempDir(`yct-bench-sync-${label}-`);
  try {
    cpSync(template, run.dir, { recursive: true });
    // The copy is the same store: it needs the template's data key too.
    cpSync(keyFileOf(template), keyFileOf(run.dir));
    const counter = await startCounter({ dir: run.dir, centralUrl: central.url, hallCode: 'HB' });
    const { code } = await central.admin('/admin/enrolment-codes', { hallCode: 'HB', departments: [], label: 'bench' });
    await counter.enrol(code);
    // The baseline first, while the service's database is idle (after the push, PostgreSQL's own
    // background work slowed the copy by up to 3×), and the faster of two copies: a stall of the
    // machine during one must not flatter the ratio. Each timed phase starts with the disk
    // settled, so it does not pay for the writeback of what was written before it.
    let raw = { bytes: 0, ms: Infinity, cpuMs: NaN };
    for (let i = 0; i < 2; i++) {
      settleDisk();
      const r = await rawCopy(join(run.dir, 'blobs'), central.rawPort);
      if (r.ms < raw.ms) raw = r;
    }
    settleDisk();
    const t0 = performance.now();
    const report = await counter.engine.syncNow();
    const wallMs = performance.now() - t0;
    // CPU time of this process (the counter and the service's worker thread; not PostgreSQL's
    // own processes) while pushing: a figure that other load on the machine barely moves.
    const cpuMs = report?.cpuMs?.push ?? NaN;
    const blobCpuMs = report?.cpuMs?.blobs ?? NaN;
    if (!report) throw new Error(`sync failed: ${await counter.store.sync.getState('last_error')}`);
    const { pushes } = (await (await fetch(`${central.url}/metrics`, { headers: { authorization: 'Bearer bench-admin-token' } })).json()) as { pushes: { count: number; outOfOrder: number } };
    await counter.close();
    const eventsPerS = report.accepted / (report.ms.push / 1000);
    const mib = blobBytes / 1024 / 1024;
    const blobMBs = mib / (report.ms.blobs / 1000);
    const rawMBs = raw.bytes / 1024 / 1024 / (raw.ms / 1000);
    console.log(
      `  ${label.padEnd(10)} events: ${report.accepted} in ${round(report.ms.push / 1000, 2)} s = ${Math.round(eventsPerS)} events/s (${Math.round(CASES / (report.ms.push / 1000))} cases/s)` +
        `   blobs: ${report.blobsUploaded} pages ${formatBytes(blobBytes)} in ${round(report.ms.blobs / 1000, 2)} s = ${round(blobMBs, 1)} MB/s` +
        `   raw loopback copy ${round(rawMBs, 1)} MB/s (ratio ${round(blobMBs / rawMBs, 2)}); CPU per MB ${round(blobCpuMs / mib, 2)} ms, raw ${round(raw.cpuMs / (raw.bytes / 1024 / 1024), 2)} ms   whole cycle ${round(wallMs / 1000, 2)} s; push CPU ${round(cpuMs / 1000, 2)} s = ${Math.round((report.accepted / cpuMs) * 1000)} events per CPU-second; ${pushes.count} pushes, ${pushes.outOfOrder} refused as out of order and sent again`,
    );
    return { events: report.accepted, events_per_s: Math.round(eventsPerS), cases_per_s: Math.round(CASES / (report.ms.push / 1000)), blob_mb_per_s: round(blobMBs, 1), raw_copy_mb_per_s: round(rawMBs, 1), blob_vs_raw: round(blobMBs / rawMBs, 3), blob_cpu_ms_per_mb: round(blobCpuMs / mib, 3), raw_cpu_ms_per_mb: round(raw.cpuMs / (raw.bytes / 1024 / 1024), 3), push_cpu_ms: Math.round(cpuMs), pushes: pushes.count, pushes_out_of_order: pushes.outOfOrder };
  } finally {
    await central.close();
    run.cleanup();
  }
}

/** 200 devices with their own hash chains pushing concurrently: events/s and p95 latency. */
async function manyDevices(msg: CentralMsg) {
  const central = await startCentralWorker(msg);
  try {
    const devices: { token: string; hall: string; chain: Chain }[] = [];
    for (let i = 0; i < DEVICES; i++) {
      const hall = `H${i % 20}`;
      const { code } = await central.admin('/admin/enrolment-codes', { hallCode: hall, departments: [], label: `d${i}` });
      const id = newId();
      const res = await fetch(`${central.url}/enrol`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, deviceId: id, label: 'bench' }) });
      const { deviceToken } = (await res.json()) as { deviceToken: string };
      devices.push({ token: deviceToken, hall, chain: newChain(id) });
    }
    const batchOf = (d: (typeof devices)[number], b: number): string => {
      const events: WireEvent[] = [];
      for (let k = 0; k < CASES_PER_BATCH; k++) events.push(...wireCase(d.chain, d.hall, b * CASES_PER_BATCH + k));
      return JSON.stringify({ events });
    };
    const bodies = devices.map((d) => Array.from({ length: BATCHES_PER_DEVICE }, (_, b) => batchOf(d, b)));
    const latencies: number[] = [];
    let accepted = 0;
    const t0 = performance.now();
    await Promise.all(
      devices.map(async (d, i) => {
        for (const body of bodies[i]!) {
          const s = performance.now();
          const res = await fetch(`${central.url}/sync/push`, { method: 'POST', headers: { authorization: `Bearer ${d.token}`, 'content-type': 'application/json' }, body });
          const json = (await res.json()) as { acks: { status: string }[] };
          latencies.push(performance.now() - s);
          accepted += json.acks.filter((a) => a.status === 'accepted').length;
        }
      }),
    );
    const ms = performance.now() - t0;
    const s = summarize(latencies);
    const eps = accepted / (ms / 1000);
    console.log(`  ${DEVICES} devices × ${BATCHES_PER_DEVICE} pushes of ${CASES_PER_BATCH * 6} events: ${accepted} events in ${round(ms / 1000, 2)} s = ${Math.round(eps)} events/s; push latency p50 ${round(s.p50_ms, 1)} ms, p95 ${round(s.p95_ms, 1)} ms`);
    return { devices: DEVICES, events: accepted, events_per_s: Math.round(eps), push_p50_ms: round(s.p50_ms, 1), push_p95_ms: round(s.p95_ms, 1) };
  } finally {
    await central.close();
  }
}

/**
 * The comparison: the same cases as PouchDB documents (the events of one case, as the JSON
 * they have on the wire) replicated from a local PouchDB to express-pouchdb over loopback.
 */
async function pouchRun(): Promise<{ docs: number; docs_per_s: number; ms: number }> {
  const PouchDB = requireCjs('pouchdb') as PouchCtor;
  const run = tempDir('yct-bench-pouch-');
  const server = await startCentralWorker({ kind: 'pouch', dir: join(run.dir, 'server') });
  try {
    const Local = PouchDB.defaults({ prefix: join(run.dir, 'local') + '/' });
    mkdirSync(join(run.dir, 'local'), { recursive: true });
    const local = new Local('cases');
    const chain = newChain();
    for (let i = 0; i < CASES; i += 500) {
      const docs = [];
      for (let k = i; k < Math.min(CASES, i + 500); k++) {
        const events = wireCase(chain, 'HB', k);
        docs.push({ _id: events[0]!.caseId, events });
      }
      await local.bulkDocs(docs);
    }
    const t0 = performance.now();
    // PouchDB's default batch is 100 documents; 500 matches our push batch of ~80 cases and is
    // faster for it than the default (measured), so the comparison is not against a handicap.
    const r = await local.replicate.to(`${server.url}/cases`, { batch_size: 500 });
    const ms = performance.now() - t0;
    if (!r.ok || r.docs_written !== CASES) throw new Error(`PouchDB replication wrote ${r.docs_written} of ${CASES} (failures ${r.doc_write_failures})`);
    await local.close();
    const docsPerS = CASES / (ms / 1000);
    console.log(`  pouchdb    ${CASES} documents replicated to express-pouchdb in ${round(ms / 1000, 2)} s = ${Math.round(docsPerS)} docs/s`);
    return { docs: CASES, docs_per_s: Math.round(docsPerS), ms: Math.round(ms) };
  } finally {
    await server.close();
    run.cleanup();
  }
}

/**
 * An upper bound for ingest on this machine, to read the PouchDB comparison by: the same
 * cases' events as push bodies of ≤ 500, parsed, hash-checked and written with raw prepared
 * statements into a fresh central SQLite database (same schema and pragmas, so one writer and
 * an fsync per batch): the event row, one feed row and the case row, nothing else. No HTTP, no
 * rules, no counter side: no design that checks and stores each event durably does less.
 */
async function storageFloor(): Promise<{ events: number; events_per_s: number; cases_per_s: number }> {
  const run = tempDir('yct-bench-floor-');
  try {
    const file = join(run.dir, 'central.sqlite');
    await (await openCentralDb({ sqliteFile: file })).close();
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    const insertEvent = db.prepare(
      'insert into events (id, case_id, type, payload, actor_id, device_id, hlc, created_at, prev_hash, hash, received_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const insertFeed = db.prepare('insert into feed (scope, event_seq) values (?, ?)');
    const upsertCase = db.prepare(
      `insert into cases (id, hall_code, state, items, departments, transfers, updated_at) values (?, 'HB', 'in_review', ?, ?, '{}', ?)
       on conflict (id) do update set state = excluded.state, items = excluded.items, updated_at = excluded.updated_at`,
    );
    const items = JSON.stringify(Object.fromEntries(p2.map((id) => [id, { departmentId: NEWBORN.departmentOf(id), state: 'queued' }])));
    const departments = JSON.stringify(p2.map((id) => NEWBORN.departmentOf(id)));
    const chain = newChain();
    const bodies: string[] = [];
    const batch: WireEvent[] = [];
    for (let k = 0; k < CASES; k++) {
      const events = wireCase(chain, 'HB', k);
      if (batch.length + events.length > 500) bodies.push(JSON.stringify({ events: batch.splice(0) }));
      batch.push(...events);
    }
    bodies.push(JSON.stringify({ events: batch }));
    const write = db.transaction((events: WireEvent[], payloads: string[], at: string) => {
      for (let i = 0; i < events.length; i++) {
        const e = events[i]!;
        const { lastInsertRowid } = insertEvent.run(e.id, e.caseId, e.type, payloads[i], e.actorId, e.deviceId, e.hlc, e.createdAt, e.prevHash, e.hash, at);
        insertFeed.run('hall:HB', lastInsertRowid);
      }
      for (const caseId of new Set(events.map((e) => e.caseId!))) upsertCase.run(caseId, items, departments, at);
    });
    settleDisk();
    let stored = 0;
    const t0 = performance.now();
    for (const body of bodies) {
      const { events } = JSON.parse(body) as { events: WireEvent[] };
      const payloads = events.map((e) => JSON.stringify(e.payload));
      events.forEach((e, i) => {
        if (eventHash({ ...e, type: e.type as EventType, payloadJson: payloads[i]! }) !== e.hash) throw new Error(`floor: hash of ${e.id} does not match`);
      });
      write(events, payloads, new Date().toISOString());
      stored += events.length;
    }
    const ms = performance.now() - t0;
    db.close();
    const eventsPerS = stored / (ms / 1000);
    console.log(
      `  floor      ${stored} events parsed, hash-checked and written raw (event, one feed row, case; one writer, fsync per batch) in ${round(ms / 1000, 2)} s = ${Math.round(eventsPerS)} events/s (${Math.round(CASES / (ms / 1000))} cases/s)`,
    );
    return { events: stored, events_per_s: Math.round(eventsPerS), cases_per_s: Math.round(CASES / (ms / 1000)) };
  } finally {
    run.cleanup();
  }
}

async function main(): Promise<void> {
  configureLog({ quiet: true });
  const template = tempDir('yct-bench-sync-template-');
  let pg: PgCluster | null = null;
  try {
    const data = await makeCounterData(template.dir);
    console.log(`sync: ${CASES} cases (${data.events} events) and ${BLOB_PAGES} blob pages (${formatBytes(data.blobBytes)}) made through the client store in ${round(data.ms / 1000, 1)} s`);
    try {
      pg = await startPostgres();
    } catch (err) {
      console.log(`  PostgreSQL unavailable, its figures are not measured: ${(err as Error).message}`);
    }
    const only = process.env.BENCH_SYNC_ONLY;
    let sqlite = null;
    if (!only || only === 'counter') {
      const sqliteDir = tempDir('yct-bench-central-');
      sqlite = await oneCounterRun('sqlite', { kind: 'sqlite', dir: sqliteDir.dir }, template.dir, data.blobBytes);
      sqliteDir.cleanup();
    }
    let postgres = null;
    let many = null;
    if (pg) {
      if (!only || only === 'counter') {
        const d1 = tempDir('yct-bench-central-');
        postgres = await oneCounterRun('postgres', { kind: 'postgres', url: await pg.createDatabase('bench'), dir: d1.dir }, template.dir, data.blobBytes);
        d1.cleanup();
      }
      // BENCH_SYNC_MANY=0 skips the 200-device part (for quick before/after runs of the push path).
      if (process.env.BENCH_SYNC_MANY !== '0') {
        const d2 = tempDir('yct-bench-central-');
        many = await manyDevices({ kind: 'postgres', url: await pg.createDatabase('bench_many'), dir: d2.dir });
        d2.cleanup();
      }
    }
    const floor = !only || only === 'pouch' ? await storageFloor() : null;
    const pouch = !only || only === 'pouch' ? await pouchRun() : null;
    const ours = sqlite?.cases_per_s ?? null;
    const ratio = pouch && ours ? round(ours / pouch.docs_per_s, 2) : null;
    if (ratio !== null) console.log(`  our cases/s ${ours} (SQLite) vs PouchDB docs/s ${pouch!.docs_per_s}: ${ratio}×${postgres ? `; on PostgreSQL ${round(postgres.cases_per_s / pouch!.docs_per_s, 2)}×` : ''}`);
    if (pouch && floor) console.log(`  the floor's cases/s over PouchDB's docs/s: ${round(floor.cases_per_s / pouch.docs_per_s, 2)}× (what storing alone allows here)`);
    console.log('  targets: ≥ 10,000 events/s; blob MB/s ≥ 50 % of the raw loopback copy; our cases/s ≥ 5 × PouchDB docs/s');
    emitResult({
      bench: 'sync',
      quick: QUICK,
      cases: CASES,
      events: data.events,
      blob_pages: BLOB_PAGES,
      blob_bytes: data.blobBytes,
      sqlite,
      postgres,
      devices_postgres: many,
      storage_floor_sqlite: floor,
      pouchdb: pouch
        ? {
            ...pouch,
            ours_vs_pouch_sqlite: ratio,
            ours_vs_pouch_postgres: postgres ? round(postgres.cases_per_s / pouch.docs_per_s, 2) : null,
            floor_vs_pouch: floor ? round(floor.cases_per_s / pouch.docs_per_s, 2) : null,
          }
        : null,
    });
  } finally {
    pg?.stop();
    template.cleanup();
  }
}

if (!isMainThread && (workerData as CentralMsg).kind === 'pouch') {
  // express-pouchdb in a worker thread, as the central service is.
  const dir = (workerData as CentralMsg).dir;
  mkdirSync(dir, { recursive: true });
  const PouchDB = requireCjs('pouchdb') as PouchCtor;
  const express = requireCjs('express') as () => { use(path: string, h: unknown): void; listen(port: number, host: string, cb: () => void): import('node:http').Server };
  const expressPouch = requireCjs('express-pouchdb') as (p: PouchCtor, o: object) => unknown;
  const app = express();
  app.use('/', expressPouch(PouchDB.defaults({ prefix: dir + '/' }), { mode: 'minimumForPouchDB', inMemoryConfig: true }));
  const server = await new Promise<import('node:http').Server>((res) => {
    const s = app.listen(0, '127.0.0.1', () => res(s));
  });
  parentPort!.postMessage({ port: (server.address() as { port: number }).port, rawPort: 0 });
  parentPort!.on('message', () => {
    server.closeAllConnections();
    server.close(() => parentPort!.postMessage('closed'));
  });
} else if (!isMainThread) {
  // The central service (and the raw copy receiver) in a worker thread.
  const msg = workerData as Exclude<CentralMsg, { kind: 'pouch' }>;
  // BENCH_QLOG=1: the service's statements by total time, printed when it closes (where a push goes).
  const byStatement = new Map<string, { n: number; ms: number }>();
  const log = process.env.BENCH_QLOG
    ? (query: string, ms: number) => {
        const key = query.replace(/\s+/g, ' ').trim().slice(0, 90);
        const s = byStatement.get(key) ?? { n: 0, ms: 0 };
        s.n++;
        s.ms += ms;
        byStatement.set(key, s);
      }
    : undefined;
  const central = await openCentralDb(msg.kind === 'sqlite' ? { sqliteFile: join(msg.dir, 'central.sqlite'), log } : { postgresUrl: msg.url, poolSize: 30, log });
  await central.devices.ensureAdminToken('bench-admin-token');
  const app = await buildCentralApp({ central, blobDir: join(msg.dir, 'blobs') });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const rawDir = join(msg.dir, 'raw');
  mkdirSync(rawDir, { recursive: true });
  let n = 0;
  const raw = createServer((sock) => void pipeline(sock, createWriteStream(join(rawDir, String(n++)))).catch(() => undefined));
  await new Promise<void>((r) => raw.listen(0, '127.0.0.1', r));
  parentPort!.postMessage({ port: (app.server.address() as { port: number }).port, rawPort: (raw.address() as { port: number }).port });
  parentPort!.on('message', async () => {
    raw.close();
    for (const [key, { n, ms }] of [...byStatement].sort((a, b) => b[1].ms - a[1].ms).slice(0, 20)) console.log(`    ${String(Math.round(ms)).padStart(6)} ms ${String(n).padStart(5)}× ${key}`);
    await app.close();
    await central.close();
    parentPort!.postMessage('closed');
  });
} else {
  await main();
}
