import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type Database from 'better-sqlite3-multiple-ciphers';
import { openRawDb } from '../../db/sqlite.js';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_FILE } from '../../electron/host/host.js';
import { hostApi, METHOD_NAMES, type MethodName } from '../../shared/api/contract.js';
import { ERROR_CODES } from '../../shared/errors.js';
import type { Role } from '../../shared/roles.js';
import { DEMO_PASSWORD } from '../../seeds/demo.js';
import { testHost } from '../helpers/host.js';

// Every host method, read from the contract (new methods are covered without touching this
// file), gets malformed input generated with a fixed seed: junk of every shape, huge strings,
// and objects with the method's own keys holding wrong values. Each call must resolve with
// ok:false and a known, non-INTERNAL code with a Chinese message (or ok:true when the junk
// happens to be valid), and a rejected call must leave the database and settings unchanged.

type TH = Awaited<ReturnType<typeof testHost>>;
const RUNS = Number(process.env.FUZZ_RUNS ?? 25);
const SEED = 20261205;
const BIRTH = 'hlj.newborn.birth-certificate';
const HUKOU = 'hlj.newborn.hukou';

/** One signed-in client per role; clients are named after the demo clerk they sign in as. */
const CLIENT_OF: Record<Role, string> = { admin: 'admin', intake: 'sj01', review: 'sp02', delivery: 'cj01', supervisor: 'zb01' };
/** Credential methods run on their own account, so a lockout cannot hit the role clients. */
const AUTH_CLIENT = 'fz01';

/**
 * Methods that reach a device, the network, a printer (Chromium) or the file system once
 * their input is valid. They get only input the contract's schema refuses: dispatch checks it
 * before the handler runs, so their validation is fuzzed without touching the device.
 */
const SIDE_EFFECT_METHODS: Partial<Record<MethodName, string>> = {
  'idcard.read': 'opens the ID card reader',
  'idcard.status': 'probes the ID card reader',
  'idcard.test': 'opens the ID card reader',
  'idcard.simulate': 'drives the reader simulator',
  'admin.updateIdcardSettings': 'reconfigures and reopens the reader',
  'scanner.scan': 'starts the scanner',
  'scanner.status': 'asks the scanner driver',
  'scanner.test': 'starts the scanner',
  'scanner.devices': 'lists scanner devices (SANE/WIA)',
  'admin.updateScannerSettings': 'reconfigures the scanner driver',
  'sync.now': 'connects to the central service',
  'admin.syncConfigure': 'probes the central service URL',
  'admin.syncEnrol': 'enrols with the central service over the network',
  'archive.build': 'writes an archive package to disk',
  'archive.export': 'writes an export folder to disk',
  'archive.verify': 'reads folders on disk',
  'hallQueue.importNow': 'reads the appointment import folder',
  'catalog.noticePdf': 'prints a PDF with Chromium',
  'intake.document': 'prints a PDF with Chromium',
  'delivery.document': 'prints a PDF with Chromium',
  'system.fonts': 'runs fontconfig',
};

/**
 * Credential checks count a wrong password on the account and log it (session.sign_in_failed)
 * by design; for these the clerks table and session.* events may change on a rejection.
 */
const CREDENTIAL_METHODS = new Set<string>(['auth.signIn', 'auth.unlock', 'auth.changePassword']);

let h: TH;
let raw: Database.Database;
let caseId = '';

function shapeKeys(schema: unknown): string[] {
  // z.object (also under refine/default/pipe wrappers in zod 4) exposes its keys as `shape`.
  let s = schema as { shape?: Record<string, unknown>; def?: { in?: unknown; innerType?: unknown } } | undefined;
  for (let i = 0; i < 5 && s; i++) {
    if (s.shape) return Object.keys(s.shape);
    s = (s.def?.in ?? s.def?.innerType) as typeof s;
  }
  return [];
}

const hugeString = fc
  .tuple(fc.constantFrom('x', '汉', '\u0000', '😀', '<', "'"), fc.integer({ min: 1_000, max: 300_000 }))
  .map(([c, n]) => c.repeat(n));
const nastyString = fc.constantFrom('', ' ', '   ', '\u0000', '../../etc/passwd', "' or 1=1 --", '<script>alert(1)</script>', '__proto__', 'constructor', 'NaN', '-1', '1e309', '2026-13-45', '\uD800', '😀'.repeat(40));
const knownString = fc.constantFrom('hlj.newborn', BIRTH, HUKOU, 'wjw', 'gaj', 'sj01', 'zh', 'en', 'window');
const oddNumber = fc.constantFrom(-1, 0, 0.5, -0, 1e21, Number.MAX_SAFE_INTEGER + 2, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY);

function junk(): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.anything({ maxDepth: 3, withDate: true, withMap: true, withSet: true, withNullPrototype: true, withTypedArray: true, withSparseArray: true, withBigInt: true }) },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
    { weight: 1, arbitrary: hugeString },
    { weight: 2, arbitrary: nastyString },
    { weight: 1, arbitrary: knownString },
    { weight: 1, arbitrary: fc.constant(null).map(() => caseId) },
    { weight: 1, arbitrary: oddNumber },
    { weight: 1, arbitrary: fc.array(fc.oneof(nastyString, knownString, oddNumber), { maxLength: 80 }) },
  );
}

/** Objects with the method's own keys (some missing, some extra) holding values of any kind. */
function shaped(keys: string[]): fc.Arbitrary<unknown> {
  if (keys.length === 0) return fc.dictionary(fc.string({ maxLength: 8 }), junk(), { minKeys: 1, maxKeys: 3 });
  return fc
    .tuple(
      fc.subarray(keys),
      fc.array(junk(), { minLength: keys.length, maxLength: keys.length }),
      fc.option(fc.tuple(fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('__proto__', 'constructor', 'toString')), junk()), { freq: 3 }),
    )
    .map(([present, values, extra]) => {
      const o: Record<string, unknown> = {};
      present.forEach((k, i) => (o[k] = values[i]));
      if (extra) Object.defineProperty(o, extra[0], { value: extra[1], enumerable: true, configurable: true, writable: true });
      return o;
    });
}

function inputs(m: MethodName): fc.Arbitrary<unknown> {
  const arb = fc.oneof({ weight: 2, arbitrary: junk() }, { weight: 3, arbitrary: shaped(shapeKeys(hostApi[m].input)) });
  if (!SIDE_EFFECT_METHODS[m]) return arb;
  const schema = hostApi[m].input;
  return arb.filter((v) => !schema.safeParse(v ?? {}).success);
}

function clientFor(m: MethodName): string {
  if (CREDENTIAL_METHODS.has(m)) return AUTH_CLIENT;
  const access = hostApi[m].access;
  return access === 'public' || access === 'signedIn' ? 'admin' : CLIENT_OF[access[0]!];
}

/** Everything a call could change: every table of the client database and the settings file. */
let cached: { version: number; exclude: string; db: string } | null = null;
function snapshot(exclude: ReadonlySet<string> = new Set()): { hash: string; events: number } {
  const events = raw.prepare('select count(*) from events').pluck().get() as number;
  const settings = createHash('sha256').update(JSON.stringify(h.host.services.settings.read())).digest('hex');
  // data_version moves whenever the host's connection commits: unchanged means nothing was written.
  const version = raw.pragma('data_version', { simple: true }) as number;
  const key = [...exclude].join();
  if (cached?.version !== version || cached.exclude !== key) cached = { version, exclude: key, db: hashTables(exclude) };
  return { hash: `${cached.db}:${settings}`, events };
}

function hashTables(exclude: ReadonlySet<string>): string {
  const tables = raw.prepare(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`).pluck().all() as string[];
  const hash = createHash('sha256');
  for (const t of tables) {
    if (exclude.has(t)) continue;
    hash.update(`\n#${t}\n`);
    // Rows sorted by their text: some tables have no rowid, and order is not state.
    const rows = (raw.prepare(`select * from "${t}"`).raw().all() as unknown[]).map((row) => JSON.stringify(row, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)));
    for (const row of rows.sort()) hash.update(row);
  }
  return hash.digest('hex');
}

async function ensureSignedIn(client: string): Promise<void> {
  if (client === AUTH_CLIENT) {
    const c = await h.host.services.store.clerks.byStaffNo(AUTH_CLIENT);
    if (c && (c.failedAttempts > 0 || c.lockedUntil)) await h.host.services.store.clerks.update(c.id, { failedAttempts: 0, lockedUntil: null }, new Date(h.clock.now).toISOString());
  }
  const s = (await h.call(client, 'auth.session', {})) as { ok: true; value: { locked: boolean } | null };
  if (s.ok && s.value && !s.value.locked) return;
  await h.ok(client, 'auth.signIn', { staffNo: client, password: DEMO_PASSWORD });
}

beforeAll(async () => {
  h = await testHost();
  raw = openRawDb(join(h.dir, DB_FILE), { readonly: true, fileMustExist: true });
  await h.host.services.clerks.create({ staffNo: AUTH_CLIENT, name: '模糊测试', roles: ['intake'], departments: [], password: DEMO_PASSWORD }, { mustChangePassword: false });
  for (const client of [...new Set(Object.values(CLIENT_OF)), AUTH_CLIENT]) await ensureSignedIn(client);
  // One real case, so ids in the generated input can hit something that exists.
  const v = await h.ok<{ id: string }>('sj01', 'intake.start', { bundleId: 'hlj.newborn', itemIds: [BIRTH, HUKOU], applicantKind: 'person' });
  caseId = v.id;
}, 60_000);

afterAll(async () => {
  raw?.close();
  await h?.close();
});

describe('host API fuzz: malformed input is refused cleanly and changes nothing', () => {
  it('covers every method of the contract, and names each side-effect method that exists', () => {
    expect(METHOD_NAMES.length).toBeGreaterThan(100);
    for (const m of Object.keys(SIDE_EFFECT_METHODS)) expect(METHOD_NAMES, `${m} is listed but not in the contract`).toContain(m);
  });

  it('the state check sees a write by the host', async () => {
    const before = snapshot();
    const c = (await h.host.services.store.clerks.byStaffNo(AUTH_CLIENT))!;
    await h.host.services.store.clerks.update(c.id, { failedAttempts: 1 }, new Date(h.clock.now).toISOString());
    expect(snapshot().hash).not.toBe(before.hash);
    await h.host.services.store.clerks.update(c.id, { failedAttempts: 0 }, new Date(h.clock.now).toISOString());
  });

  // A per-method seed: adding a method does not change what the others get.
  const seedOf = (m: string) => SEED ^ Number.parseInt(createHash('sha256').update(m).digest('hex').slice(0, 7), 16);

  it.each(METHOD_NAMES.map((m) => [m]))('%s', async (m) => {
    const client = clientFor(m);
    const credential = CREDENTIAL_METHODS.has(m);
    const exclude = new Set(credential ? ['clerks', 'events'] : []);
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(inputs(m), async (input) => {
        await ensureSignedIn(client);
        const before = snapshot(exclude);
        const r = await h.call(client, m, input);
        if (r.ok) {
          // Valid by chance: whatever it did is legitimate; sessions it ended are restored.
          expect(SIDE_EFFECT_METHODS[m], `${m} ran although its input was invalid`).toBeUndefined();
          return;
        }
        refused++;
        expect(ERROR_CODES).toContain(r.error.code);
        expect(r.error.code, `${m}: ${r.error.message}`).not.toBe('INTERNAL');
        expect(r.error.message).toMatch(/[\u4e00-\u9fff]/);
        const after = snapshot(exclude);
        expect(after.hash, `${m} changed state although it refused with ${r.error.code}: ${r.error.message}`).toBe(before.hash);
        if (credential) {
          // Only the audit of a refused sign-in may be added.
          const added = raw.prepare('select type from events order by seq desc limit ?').pluck().all(after.events - before.events) as string[];
          for (const t of added) expect(t).toMatch(/^session\./);
        } else {
          expect(after.events).toBe(before.events);
        }
      }),
      { seed: seedOf(m), numRuns: RUNS, endOnFailure: true },
    );
    // The refusal path was exercised, not only valid calls (lenient schemas accept many objects).
    expect(refused).toBeGreaterThan(0);
  });
});
