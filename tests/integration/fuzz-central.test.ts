import { createHash } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventHash } from '../../db/stores/events.js';
import { configureLog } from '../../electron/host/log.js';
import { GENESIS_HASH, type EventType } from '../../shared/events.js';
import { encodeHlc } from '../../shared/hlc.js';
import { newId } from '../../shared/ids.js';
import { MAX_BATCH_BYTES, type WireEvent } from '../../shared/sync.js';
import { startCentral, type RunningCentral } from '../helpers/central.js';
import { NEWBORN } from '../helpers/counter.js';

// Every route of the real central service (read from the Fastify app, so new routes are covered)
// gets malformed requests generated with a fixed seed: junk path parameters and query strings,
// missing, wrong or foreign tokens, wrong content types, bad JSON, odd bytes, oversized bodies and
// mutated push batches. No answer may be a 5xx; a refusal is JSON with a code and a Chinese
// message; a refused request changes nothing in the central database or blob store; and the
// service still answers /health over real HTTP afterwards.

configureLog({ quiet: true });
const RUNS = Number(process.env.FUZZ_RUNS ?? 40);
const SEED = 20261205;

let c: RunningCentral;
let raw: Database.Database;
let deviceToken = '';
let deviceId = '';
let validBatch: WireEvent[] = [];

/** Routes as the app registered them: `METHOD /path` from printRoutes' flat tree. */
function registeredRoutes(): { method: string; path: string }[] {
  const out: { method: string; path: string }[] = [];
  const stack: string[] = [];
  for (const line of c.app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^([│├└─\s]*)(\/\S*)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!m) continue;
    const depth = Math.max(0, Math.floor(m[1]!.length / 4) - 1); // '├── ' is the top level
    const path = (depth > 0 ? stack[depth - 1]! : '') + m[2]!;
    stack[depth] = path;
    stack.length = depth + 1;
    for (const method of (m[3] ?? '').split(',').map((s) => s.trim()).filter(Boolean)) out.push({ method, path });
  }
  return out;
}

function wireBatch(id: string, hallCode: string, prev: string): WireEvent[] {
  const caseId = newId();
  const two = NEWBORN.itemIds.slice(0, 2);
  const plan: { type: EventType; payload: unknown }[] = [
    { type: 'case.drafted', payload: { bundleId: NEWBORN.bundleId, itemIds: two, catalogVersion: NEWBORN.catalogVersion, hallCode, applicantKind: 'person', ticketRef: null } },
    { type: 'case.accepted', payload: { caseNumber: `${hallCode}-fz`, pendingMaterials: [], commitmentDeadline: null, commitmentBlob: null, expectedDate: null, delivery: { method: 'window', address: null } } },
  ];
  let wall = Date.parse('2026-11-23T01:00:00Z');
  return plan.map((e) => {
    wall++;
    const base = { id: newId(), caseId, type: e.type, actorId: 'fz', deviceId: id, hlc: encodeHlc({ wallMs: wall, counter: 0, deviceId: id }), createdAt: new Date(wall).toISOString(), prevHash: prev };
    prev = eventHash({ ...base, payloadJson: JSON.stringify(e.payload) });
    return { ...base, payload: e.payload, hash: prev };
  });
}

/** The central database (minus when a device was last seen) and the blob files. */
let cached: { version: number; hash: string } | null = null;
function centralState(): string {
  const version = raw.pragma('data_version', { simple: true }) as number;
  if (cached?.version !== version) {
    const hash = createHash('sha256');
    const tables = raw.prepare(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`).pluck().all() as string[];
    for (const t of tables) {
      // Authentication notes the device's last contact: bookkeeping, not a change by the request.
      const cols = t === 'devices' ? 'id, hall_code, departments, label, token_hash, enrolled_at, revoked_at' : '*';
      const rows = (raw.prepare(`select ${cols} from "${t}"`).raw().all() as unknown[]).map((r) => JSON.stringify(r));
      hash.update(`#${t}:${rows.sort().join('\n')}`);
    }
    cached = { version, hash: hash.digest('hex') };
  }
  const files: string[] = [];
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const f of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, f.name);
      if (f.isDirectory()) walk(p);
      else files.push(`${p}:${statSync(p).size}`);
    }
  };
  walk(join(c.dir, 'blobs'));
  return `${cached.hash}|${files.sort().join(',')}`;
}

const eventCount = () => raw.prepare('select count(*) from events').pluck().get() as number;

// --- generators -------------------------------------------------------------------------------

const printable = fc.string({ maxLength: 40 });
const nasty = fc.constantFrom('', ' ', '%', '%zz', '%E0%A4%A', '%00', '..%2F..%2Fetc%2Fpasswd', "'%20or%201=1--", '__proto__', 'constructor', 'NaN', '-1', '1e309', 'a'.repeat(5000));
const segment = fc.oneof(nasty, printable.map(encodeURIComponent), fc.constantFrom('catalog', 'calendar', '0'.repeat(64), 'F'.repeat(64)));

const queryKey = fc.oneof(fc.constantFrom('after', 'limit', 'deviceId', 'from', 'to', 'groupBy', 'hallCode', 'format', 'departmentId', 'kind', '__proto__'), printable);
const queryValue = fc.oneof(nasty, printable, fc.integer().map(String), fc.constantFrom('-5', '99999999999999999999', '1.5', '[]', '{}', 'true'));
const query = fc.oneof(
  fc.constant(''),
  fc.array(fc.tuple(queryKey, queryValue), { maxLength: 6 }).map((kv) => `?${kv.map(([k, v]) => `${encodeURIComponent(k)}=${/%/.test(v) ? v : encodeURIComponent(v)}`).join('&')}`),
  fc.constantFrom('?', '?&&&', '?a[b]=c', '?after=1&after=2', '?limit=', '?=x'),
);

// Valid tokens most of the time, so the handlers behind authentication get the junk too.
const tokenKind = fc.oneof({ weight: 4, arbitrary: fc.constantFrom('device', 'admin') }, { weight: 3, arbitrary: fc.constantFrom('none', 'wrong', 'basic', 'bare', 'huge', 'random') });
const contentType = fc.oneof(
  fc.constantFrom(undefined, 'application/json', 'application/json; charset=utf-8', 'text/plain', 'application/offset+octet-stream', 'application/octet-stream', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=latin-9', ';;;'),
  printable,
);
const junkJson = fc.jsonValue({ maxDepth: 4 });

/** A valid push batch with one field of one event replaced by junk. */
const mutatedBatch = fc
  .tuple(fc.nat(), fc.constantFrom('id', 'caseId', 'type', 'payload', 'actorId', 'deviceId', 'hlc', 'createdAt', 'prevHash', 'hash', 'extra'), junkJson)
  .map(([i, key, v]) => {
    const events = validBatch.map((e) => ({ ...e }));
    (events[i % events.length] as Record<string, unknown>)[key] = v;
    return JSON.stringify({ events });
  });

const body = fc.oneof(
  { weight: 3, arbitrary: junkJson.map((v) => JSON.stringify(v)) },
  { weight: 3, arbitrary: fc.dictionary(fc.constantFrom('events', 'code', 'deviceId', 'label', 'hallCode', 'departments', 'version', 'body', 'from', 'to'), junkJson, { maxKeys: 4 }).map((v) => JSON.stringify(v)) },
  { weight: 3, arbitrary: mutatedBatch },
  { weight: 2, arbitrary: fc.constantFrom('', '{', '{"events":', '[1,2', 'null', '"\\ud800"', '{"__proto__":{"x":1}}', '\u0000\u0001', 'undefined', '{"events":[]}') },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 2048 }).map((b) => Buffer.from(b)) },
  { weight: 1, arbitrary: fc.integer({ min: 100_000, max: MAX_BATCH_BYTES - 100 }).map((n) => JSON.stringify({ events: [], pad: 'x'.repeat(n) })) },
  { weight: 1, arbitrary: fc.constant(null).map(() => `{"pad":"${'y'.repeat(MAX_BATCH_BYTES + 10)}"}`) },
);

const request = (path: string) =>
  fc.record({
    path: fc.array(segment, { minLength: 4, maxLength: 4 }).map((segs) => {
      let i = 0;
      return path.replace(/:[A-Za-z]+/g, () => segs[i++ % segs.length]!);
    }),
    query,
    token: tokenKind,
    randomToken: printable,
    contentType,
    uploadOffset: fc.oneof(fc.constant(undefined), fc.constantFrom('0', '-1', '1', 'abc', '999999999999999999'), printable),
    uploadLength: fc.oneof(fc.constant(undefined), fc.constantFrom('0', '1', '64', '99999999999', 'x'), printable),
    body,
  });

function authHeader(kind: string, random: string): string | undefined {
  switch (kind) {
    case 'device':
      return `Bearer ${deviceToken}`;
    case 'admin':
      return `Bearer ${c.adminToken}`;
    case 'wrong':
      return `Bearer ${'A'.repeat(32)}`;
    case 'basic':
      return 'Basic YWRtaW46YWRtaW4=';
    case 'bare':
      return 'Bearer';
    case 'huge':
      return `Bearer ${'z'.repeat(20_000)}`;
    case 'random':
      return random;
    default:
      return undefined;
  }
}

beforeAll(async () => {
  c = await startCentral({ kind: 'sqlite' });
  raw = new Database(join(c.dir, 'central.sqlite'), { readonly: true, fileMustExist: true });
  deviceId = newId();
  deviceToken = await c.enrol(deviceId, 'HB');
  validBatch = wireBatch(deviceId, 'HB', GENESIS_HASH);
  // One accepted case, so pulls, chains and department reads have something to read.
  const first = wireBatch(deviceId, 'HB', GENESIS_HASH);
  const res = await c.app.inject({ method: 'POST', url: '/sync/push', headers: { authorization: `Bearer ${deviceToken}` }, payload: { events: first } });
  expect(JSON.parse(res.body).acks.map((a: { status: string }) => a.status)).toEqual(['accepted', 'accepted']);
  // The batch the mutations start from continues that chain.
  validBatch = wireBatch(deviceId, 'HB', first[first.length - 1]!.hash);
}, 60_000);

afterAll(async () => {
  raw?.close();
  await c?.close();
});

describe('central service fuzz: malformed requests never 5xx and refused ones change nothing', () => {
  it('reads the routes from the app', () => {
    const routes = registeredRoutes().map((r) => `${r.method} ${r.path}`);
    for (const r of ['GET /health', 'POST /sync/push', 'GET /sync/pull', 'PATCH /blobs/:sha256', 'POST /admin/devices/:id/revoke', 'POST /enrol']) expect(routes).toContain(r);
  });

  it('the state check sees a write', async () => {
    const before = centralState();
    const r = await c.admin('POST', '/admin/enrolment-codes', { hallCode: 'HB', departments: [], label: 'fz' });
    expect(r.status).toBe(200);
    expect(centralState()).not.toBe(before);
  });

  const seedOf = (s: string) => SEED ^ Number.parseInt(createHash('sha256').update(s).digest('hex').slice(0, 7), 16);

  it('every route refuses junk cleanly', async () => {
    const routes = registeredRoutes();
    expect(routes.length).toBeGreaterThan(15);
    const seen = new Map<string, number>();
    for (const route of routes) {
      await fc.assert(
        fc.asyncProperty(request(route.path), async (q) => {
          const headers: Record<string, string> = {};
          const auth = authHeader(q.token, q.randomToken);
          if (auth !== undefined) headers.authorization = auth;
          if (q.contentType !== undefined) headers['content-type'] = q.contentType;
          if (q.uploadOffset !== undefined) headers['upload-offset'] = q.uploadOffset;
          if (q.uploadLength !== undefined) headers['upload-length'] = q.uploadLength;
          const hasBody = route.method === 'POST' || route.method === 'PATCH';
          const beforeState = centralState();
          const beforeEvents = eventCount();
          const res = await c.app.inject({ method: route.method as 'GET', url: q.path + q.query, headers, ...(hasBody ? { payload: q.body } : {}) });
          const what = `${route.method} ${route.path} → ${res.statusCode} ${res.body.slice(0, 300)}`;
          seen.set(`${res.statusCode}`, (seen.get(`${res.statusCode}`) ?? 0) + 1);
          expect(res.statusCode, what).toBeLessThan(500);
          if (res.statusCode < 300) return; // valid by chance: what it did is legitimate
          if (route.method !== 'HEAD') {
            const err = JSON.parse(res.body) as { code?: unknown; message?: unknown };
            expect(typeof err.code, what).toBe('string');
            expect(String(err.message), what).toMatch(/[\u4e00-\u9fff]/);
          }
          expect(eventCount(), what).toBe(beforeEvents);
          expect(centralState(), `${what}: a refused request changed the central state`).toBe(beforeState);
        }),
        { seed: seedOf(`${route.method} ${route.path}`), numRuns: RUNS, endOnFailure: true },
      );
    }
    // Refusals were exercised on a broad front, not only one status.
    expect([...seen.keys()].filter((s) => Number(s) >= 400).length).toBeGreaterThan(3);
  }, 120_000);

  it('refuses a bad URL before routing in the same Chinese JSON (regression: Fastify answered in English)', async () => {
    for (const url of ['/publications/%/latest', `/blobs/${'a'.repeat(500)}`]) {
      const res = await c.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${deviceToken}` } });
      expect(res.statusCode).toBeGreaterThanOrEqual(400);
      expect(res.statusCode).toBeLessThan(500);
      expect(JSON.parse(res.body)).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/请求地址格式错误/) });
    }
  });

  it('still answers /health over HTTP after malformed requests on the wire', async () => {
    const rawRequests = [
      'GARBAGE\r\n\r\n',
      'GET /health HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n',
      `GET /${'a'.repeat(100_000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
      `POST /sync/push HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 50\r\n\r\n{"events":`,
      `POST /sync/push HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\nzz\r\n`,
      `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(20_000)}\r\n\r\n`,
    ];
    const before = eventCount();
    for (const text of rawRequests) {
      const reply = await new Promise<string>((resolve) => {
        const sock = connect(c.port, '127.0.0.1');
        let got = '';
        sock.on('data', (d) => (got += d.toString('latin1')));
        sock.on('error', () => resolve(got));
        sock.on('close', () => resolve(got));
        sock.write(text);
        setTimeout(() => sock.destroy(), 1500);
      });
      const status = /^HTTP\/1\.1 (\d{3})/.exec(reply)?.[1];
      if (status) expect(Number(status), `${text.slice(0, 40)} → ${reply.slice(0, 200)}`).toBeLessThan(500);
    }
    const health = await fetch(`${c.url}/health`);
    expect(health.status).toBe(200);
    expect(((await health.json()) as { ok: boolean }).ok).toBe(true);
    expect(eventCount()).toBe(before);
  }, 30_000);
});
