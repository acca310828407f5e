import { createRequire } from 'node:module';
import { join } from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { openCentralDb } from '../db/central.js';
import { eventHash } from '../db/stores/events.js';
import { configureLog } from '../electron/host/log.js';
import { buildCentralApp } from '../server/app.js';
import { GENESIS_HASH, type EventType } from '../shared/events.js';
import { encodeHlc } from '../shared/hlc.js';
import { newId } from '../shared/ids.js';
import type { WireEvent } from '../shared/sync.js';
import { NEWBORN } from '../tests/helpers/counter.js';
import { startPostgres, type PgCluster } from '../tests/helpers/postgres.js';
import { emitResult, QUICK, round, summarize, tempDir } from './lib.js';

// Load on the central service over loopback with autocannon, on SQLite and on PostgreSQL.
// The service runs in a worker thread (its own event loop); autocannon drives it from the main
// thread. Three request kinds, each at 1, 10, 50 and 100 connections for STEP_S seconds:
//   health  GET /health (no database)
//   pull    GET /sync/pull?limit=100 with a device token: a page of 100 events of its hall
//   push    POST /sync/push of one fresh case (6 events) per request; every simulated device
//           keeps a valid hash chain: a device is taken for one request at a time and only
//           reused once all its events were accepted.
// Per step: requests/s, events/s, p50/p95/p99 latency and errors (non-2xx, socket errors,
// timeouts, events not accepted). Capacity = the highest step with p95 < 200 ms and no error.

const STEP_S = Number(process.env.BENCH_LOAD_SECONDS ?? (QUICK ? 2 : 10));
const STEPS = (process.env.BENCH_LOAD_STEPS ?? '1,10,50,100').split(',').map(Number);
const P95_LIMIT_MS = 200;
const HALLS = 20;
const PULL_LIMIT = 100;
const ADMIN = 'bench-admin-token';
/** BENCH_LOAD_ONLY=sqlite|postgres measures one backend. */
const ONLY = process.env.BENCH_LOAD_ONLY;

type CentralMsg = { kind: 'sqlite'; dir: string } | { kind: 'postgres'; url: string; dir: string };

// autocannon ships no types; these are the parts the bench uses.
interface AcRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (req: AcRequest, context: Record<string, unknown>) => AcRequest;
  onResponse?: (status: number, body: string, context: Record<string, unknown>) => void;
}
interface AcResult {
  requests: { total: number; average: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  duration: number;
}
type AcInstance = Promise<AcResult> & { on(event: 'response', fn: (client: unknown, status: number, bytes: number, ms: number) => void): void };
const autocannon = createRequire(import.meta.url)('autocannon') as (opts: Record<string, unknown>) => AcInstance;

interface Device {
  id: string;
  token: string;
  hall: string;
  prev: string;
  wall: number;
  n: number;
}

function caseEvents(hallCode: string, n: number): { type: EventType; payload: unknown }[] {
  const two = NEWBORN.itemIds.slice(0, 2);
  return [
    { type: 'case.drafted', payload: { bundleId: NEWBORN.bundleId, itemIds: two, catalogVersion: NEWBORN.catalogVersion, hallCode, applicantKind: 'person', ticketRef: null } },
    { type: 'case.draft_updated', payload: { priority: null } },
    { type: 'case.accepted', payload: { caseNumber: `${hallCode}-${n}`, pendingMaterials: [], commitmentDeadline: null, commitmentBlob: null, expectedDate: null, delivery: { method: 'window', address: null } } },
    { type: 'case.routed', payload: {} },
    ...two.map((itemId) => ({ type: 'item.state_changed' as const, payload: { itemId, departmentId: NEWBORN.departmentOf(itemId), to: 'queued' } })),
  ];
}

/** The next case of a device as a push body; the device's chain moves on with it. */
function nextBatch(d: Device, cases = 1): string {
  const events: WireEvent[] = [];
  for (let k = 0; k < cases; k++) {
    const caseId = newId();
    for (const e of caseEvents(d.hall, d.n++)) {
      const base = { id: newId(), caseId, type: e.type, actorId: 'bench', deviceId: d.id, hlc: encodeHlc({ wallMs: ++d.wall, counter: 0, deviceId: d.id }), createdAt: new Date(d.wall).toISOString(), prevHash: d.prev };
      const hash = eventHash({ ...base, payloadJson: JSON.stringify(e.payload) });
      events.push({ ...base, payload: e.payload, hash });
      d.prev = hash;
    }
  }
  return JSON.stringify({ events });
}

async function startCentralWorker(msg: CentralMsg) {
  const worker = new Worker(new URL(import.meta.url), { workerData: msg });
  worker.on('error', (err) => console.error(`  central worker failed: ${err.message}`));
  const port = await new Promise<number>((res, rej) => {
    worker.once('message', res);
    worker.once('error', rej);
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    async enrol(hall: string): Promise<Device> {
      const codeRes = await fetch(`${url}/admin/enrolment-codes`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: JSON.stringify({ hallCode: hall, departments: [], label: 'load' }) });
      const { code } = (await codeRes.json()) as { code: string };
      const id = newId();
      const res = await fetch(`${url}/enrol`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, deviceId: id, label: 'load' }) });
      const { deviceToken } = (await res.json()) as { deviceToken: string };
      return { id, token: deviceToken, hall, prev: GENESIS_HASH, wall: Date.now(), n: 0 };
    },
    async close() {
      const closed = new Promise((res) => worker.once('message', res));
      worker.postMessage('close');
      await closed;
      await worker.terminate();
    },
  };
}

interface StepResult {
  connections: number;
  requests: number;
  requests_per_s: number;
  events_per_s: number;
  p50_ms: number;
  p95_ms: number;
  p99_ms: number;
  errors: number;
  /** What the errors were: status codes other than 2xx, socket errors, timeouts, events not accepted. */
  error_kinds: { statuses: Record<string, number>; socket: number; timeouts: number; refused: number };
}

async function runStep(opts: Record<string, unknown>, eventsOf: () => number, extraErrors: () => number): Promise<StepResult> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const inst = autocannon({ ...opts, duration: STEP_S, pipelining: 1 });
  inst.on('response', (_c, status, _b, ms) => {
    latencies.push(ms);
    if (status < 200 || status >= 300) statuses[status] = (statuses[status] ?? 0) + 1;
  });
  const r = await inst;
  const s = summarize(latencies);
  const seconds = r.duration || STEP_S;
  return {
    connections: opts.connections as number,
    requests: r.requests.total,
    requests_per_s: Math.round(r.requests.total / seconds),
    events_per_s: Math.round(eventsOf() / seconds),
    p50_ms: round(s.p50_ms, 2),
    p95_ms: round(s.p95_ms, 2),
    p99_ms: round(s.p99_ms, 2),
    // autocannon counts timeouts among its errors.
    errors: r.non2xx + r.errors + extraErrors(),
    error_kinds: { statuses, socket: r.errors - r.timeouts, timeouts: r.timeouts, refused: extraErrors() },
  };
}

function capacity(steps: StepResult[]): StepResult | null {
  let best: StepResult | null = null;
  // The most connections served within the limit (steps are in rising order).
  for (const s of steps) if (s.p95_ms < P95_LIMIT_MS && s.errors === 0) best = s;
  return best;
}

function print(kind: string, s: StepResult): void {
  console.log(
    `  ${kind.padEnd(7)} ${String(s.connections).padStart(3)} conn  ${String(s.requests_per_s).padStart(6)} req/s  ${String(s.events_per_s).padStart(7)} events/s  ` +
      `p50 ${s.p50_ms.toFixed(1)} ms  p95 ${s.p95_ms.toFixed(1)} ms  p99 ${s.p99_ms.toFixed(1)} ms  errors ${s.errors}` +
      (s.errors ? ` (${JSON.stringify(s.error_kinds)})` : ''),
  );
}

async function backendRun(label: string, msg: CentralMsg) {
  const central = await startCentralWorker(msg);
  try {
    // Pull reads a hall with 1,200 events; its device sees pages of 100.
    const seeder = await central.enrol('H0');
    for (let i = 0; i < 20; i++) {
      const res = await fetch(`${central.url}/sync/push`, { method: 'POST', headers: { authorization: `Bearer ${seeder.token}`, 'content-type': 'application/json' }, body: nextBatch(seeder, 10) });
      if (res.status !== 200) throw new Error(`seeding push failed: ${res.status}`);
    }
    const reader = await central.enrol('H0');
    // Push devices: a connection holds one while its request is out; the pool covers every step.
    const free: Device[] = [];
    // Each step may strand two devices per connection: one built at connect, one out at the end.
    const poolSize = 2 * STEPS.reduce((a, b) => a + b, 0) + 10;
    for (let i = 0; i < poolSize; i++) free.push(await central.enrol(`H${i % HALLS}`));
    console.log(`central-load ${label}: ${poolSize} devices enrolled, ${STEP_S} s per step`);

    const out: Record<string, StepResult[]> = { health: [], pull: [], push: [] };
    for (const c of STEPS) {
      const s = await runStep({ url: `${central.url}/health`, connections: c }, () => 0, () => 0);
      out.health!.push(s);
      print('health', s);
    }
    for (const c of STEPS) {
      let events = 0;
      let short = 0;
      const s = await runStep(
        {
          url: central.url,
          connections: c,
          requests: [
            {
              method: 'GET',
              path: `/sync/pull?limit=${PULL_LIMIT}`,
              headers: { authorization: `Bearer ${reader.token}` },
              onResponse: (status: number, body: string) => {
                if (status !== 200) return;
                const n = (JSON.parse(body) as { events: unknown[] }).events.length;
                events += n;
                if (n !== PULL_LIMIT) short++;
              },
            },
          ],
        },
        () => events,
        () => short,
      );
      out.pull!.push(s);
      print('pull', s);
    }
    for (const c of STEPS) {
      let accepted = 0;
      let refused = 0;
      const s = await runStep(
        {
          url: central.url,
          connections: c,
          requests: [
            {
              method: 'POST',
              path: '/sync/push',
              setupRequest: (req: AcRequest, context: Record<string, unknown>) => {
                const d = free.shift();
                if (!d) throw new Error('central-load: the device pool ran dry');
                context.device = d;
                return { ...req, headers: { authorization: `Bearer ${d.token}`, 'content-type': 'application/json' }, body: nextBatch(d) };
              },
              onResponse: (status: number, body: string, context: Record<string, unknown>) => {
                const d = context.device as Device | undefined;
                if (status !== 200 || !d) return;
                const acks = (JSON.parse(body) as { acks: { status: string }[] }).acks;
                const ok = acks.filter((a) => a.status === 'accepted').length;
                accepted += ok;
                refused += acks.length - ok;
                // A device whose events were all taken goes back to the pool; its chain is intact.
                if (ok === acks.length) free.push(d);
              },
            },
          ],
        },
        () => accepted,
        () => refused,
      );
      out.push!.push(s);
      print('push', s);
    }
    const cap = Object.fromEntries(Object.entries(out).map(([k, steps]) => [k, capacity(steps)]));
    for (const [k, s] of Object.entries(cap)) {
      console.log(
        s
          ? `  capacity ${label} ${k}: ${s.requests_per_s} req/s${k === 'health' ? '' : `, ${s.events_per_s} events/s`} at ${s.connections} connections (p95 ${s.p95_ms} ms, no errors)`
          : `  capacity ${label} ${k}: no step met p95 < ${P95_LIMIT_MS} ms without errors`,
      );
    }
    return { steps: out, capacity: cap };
  } finally {
    await central.close();
  }
}

async function main(): Promise<void> {
  configureLog({ quiet: true });
  let pg: PgCluster | null = null;
  const sqliteDir = tempDir('yct-bench-load-');
  try {
    const sqlite = ONLY && ONLY !== 'sqlite' ? null : await backendRun('sqlite', { kind: 'sqlite', dir: sqliteDir.dir });
    let postgres = null;
    if (!ONLY || ONLY === 'postgres') {
      try {
        pg = await startPostgres();
      } catch (err) {
        console.log(`  PostgreSQL unavailable, its figures are not measured: ${(err as Error).message}`);
      }
    }
    if (pg) {
      const d = tempDir('yct-bench-load-');
      try {
        postgres = await backendRun('postgres', { kind: 'postgres', url: await pg.createDatabase('bench_load'), dir: d.dir });
      } finally {
        d.cleanup();
      }
    }
    console.log(`  capacity = highest step with p95 < ${P95_LIMIT_MS} ms and zero errors; steps ${STEPS.join('/')} connections × ${STEP_S} s`);
    emitResult({ bench: 'central-load', quick: QUICK, step_seconds: STEP_S, steps: STEPS, p95_limit_ms: P95_LIMIT_MS, sqlite, postgres });
  } finally {
    pg?.stop();
    sqliteDir.cleanup();
  }
}

if (!isMainThread) {
  const msg = workerData as CentralMsg;
  const central = await openCentralDb(msg.kind === 'sqlite' ? { sqliteFile: join(msg.dir, 'central.sqlite') } : { postgresUrl: msg.url, poolSize: 30 });
  await central.devices.ensureAdminToken(ADMIN);
  const app = await buildCentralApp({ central, blobDir: join(msg.dir, 'blobs') });
  await app.listen({ port: 0, host: '127.0.0.1' });
  parentPort!.postMessage((app.server.address() as { port: number }).port);
  parentPort!.on('message', async () => {
    await app.close();
    await central.close();
    parentPort!.postMessage('closed');
  });
} else {
  await main();
}
