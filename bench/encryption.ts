import { createHash, randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { v7 } from 'uuid';
import { DB_CIPHER, UNENCRYPTED } from '../db/cipher.js';
import { openClientStore, type ClientStore, type SearchKey } from '../db/index.js';
import { newKeyRingState, ringOf, type DataKeyRing } from '../db/keys.js';
import { openRawDb } from '../db/sqlite.js';
import { eventHash } from '../db/stores/events.js';
import { createBlobFiles, type BlobFiles } from '../electron/services/blob-files.js';
import { GENESIS_HASH, type NewEvent } from '../shared/events.js';
import { encodeHlc } from '../shared/hlc.js';
import { newId } from '../shared/ids.js';
import { idCheckChar } from '../shared/validators.js';
import { emitResult, formatCount, printSummary, QUICK, round, summarize, tempDir, type Summary } from './lib.js';

// Encryption overhead (issue 11): the append workload of bench/append.ts and the case search of
// bench/intake.ts (through the case store: the host only opens encrypted stores) on an unencrypted
// database and on encrypted ones (AEGIS-256, the product's cipher, db/cipher.ts DB_CIPHER; SQLCipher v4
// and ChaCha20-Poly1305 for comparison), interleaved round by round on one prefilled store each so machine noise hits all
// arms alike; then blob write/read throughput, plain and AES-256-GCM. Target: ≤ 15 % slower.

const CASES = QUICK ? 10_000 : 100_000;
const ROUNDS = QUICK ? 10 : 20;
const APPENDS_PER_ROUND = QUICK ? 20 : 50;
const SEARCHES_PER_ROUND = QUICK ? 40 : 100;
const WARMUP = 20;
const PAGES = QUICK ? 50 : 200;
const PAGE_BYTES = 300 * 1024;
const BIG_FILE_MB = QUICK ? 8 : 32;
const TARGET_PCT = 15;
const DEVICE = 'bench-device';
const BUNDLE_ID = 'hlj.newborn';
const ITEM_IDS = ['item-a', 'item-b', 'item-c'] as const;

/** The unencrypted baseline and the ciphers compared (BENCH_CIPHERS=sqlcipher,chacha20,aegis,… to try others). */
type Arm = string;
const CIPHERS = (process.env.BENCH_CIPHERS ?? 'aegis,sqlcipher,chacha20').split(',').filter(Boolean);
const ARMS: Arm[] = ['plain', ...CIPHERS];

const caseNumber = (n: number) => `YCT-232701-${String(n).padStart(8, '0')}`;
const idOf = (n: number) => {
  const birth = `19${String(40 + (n % 60)).padStart(2, '0')}${String(1 + (n % 12)).padStart(2, '0')}${String(1 + (n % 28)).padStart(2, '0')}`;
  const first17 = `2327${String(n % 100).padStart(2, '0')}${birth}${String(n % 1000).padStart(3, '0')}`;
  return first17 + idCheckChar(first17);
};
const phoneOf = (n: number) => `13${String(n).padStart(9, '0')}`;
const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红梅鹏辉建国志宏海波';
const nameOf = (n: number) => SURNAMES[n % SURNAMES.length]! + GIVEN[(n >> 7) % GIVEN.length]! + GIVEN[(n >> 13) % GIVEN.length]!;

const DRAFTED = { bundleId: BUNDLE_ID, itemIds: [...ITEM_IDS], catalogVersion: '2024.1', hallCode: '232701', applicantKind: 'person' as const, ticketRef: null };
const acceptedPayload = (n: number) => ({
  caseNumber: caseNumber(n),
  pendingMaterials: [],
  commitmentDeadline: null,
  commitmentBlob: null,
  expectedDate: '2026-12-10',
  delivery: { method: 'window' as const, address: null },
});
function caseEvents(n: number): NewEvent[] {
  const caseId = newId();
  return [
    { type: 'case.drafted', caseId, payload: DRAFTED },
    { type: 'case.accepted', caseId, payload: acceptedPayload(n) },
  ];
}

const keying = (arm: Arm, ring: DataKeyRing) => (arm === 'plain' ? UNENCRYPTED : ring);
const cipherOf = (arm: Arm) => (arm === 'plain' ? undefined : arm);

/** Events, cases (with the search columns) and items written raw, as bench/append.ts and bench/intake.ts do. */
function prefill(file: string, arm: Arm, ring: DataKeyRing): void {
  const db = openRawDb(file, { key: keying(arm, ring), cipher: cipherOf(arm) });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF'); // setup only
  const insertEvent = db.prepare('INSERT INTO events (id, case_id, type, payload, actor_id, device_id, hlc, created_at, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const insertCase = db.prepare(`INSERT INTO cases (id, case_number, bundle_id, state, applicant_name, priority, pending_materials, created_at, updated_at, accepted_at, last_event_seq,
      hall_code, catalog_version, applicant_kind, data, applicant_id_number, applicant_phone, credit_code, enterprise_name)
    VALUES (?, ?, ?, 'accepted', ?, NULL, '[]', ?, ?, ?, ?, '232701', '2024.1', 'person', '{}', ?, ?, NULL, NULL)`);
  const insertItem = db.prepare('INSERT INTO case_items (case_id, item_id, position, state, reason, updated_at) VALUES (?, ?, ?, NULL, NULL, ?)');
  const start = Date.now() - 3_600_000 - CASES * 60_000;
  let prevHash = GENESIS_HASH;
  const appendRaw = (caseId: string, type: string, payloadJson: string, ms: number): number => {
    const base = {
      id: v7({ msecs: ms }),
      caseId,
      type: type as NewEvent['type'],
      actorId: 'prefill',
      deviceId: 'prefill-device',
      hlc: encodeHlc({ wallMs: ms, counter: 0, deviceId: 'prefill-device' }),
      createdAt: new Date(ms).toISOString(),
      prevHash,
    };
    const hash = eventHash({ ...base, payloadJson });
    const r = insertEvent.run(base.id, caseId, type, payloadJson, base.actorId, base.deviceId, base.hlc, base.createdAt, prevHash, hash);
    prevHash = hash;
    return Number(r.lastInsertRowid);
  };
  const draftedJson = JSON.stringify(DRAFTED);
  db.exec('BEGIN');
  for (let n = 0; n < CASES; n++) {
    const drafted = start + n * 60_000;
    const at = new Date(drafted + 30_000).toISOString();
    const caseId = v7({ msecs: drafted });
    appendRaw(caseId, 'case.drafted', draftedJson, drafted);
    const seq = appendRaw(caseId, 'case.accepted', JSON.stringify(acceptedPayload(n)), drafted + 30_000);
    insertCase.run(caseId, caseNumber(n), BUNDLE_ID, nameOf(n), at, at, at, seq, idOf(n), phoneOf(n));
    for (const [position, itemId] of ITEM_IDS.entries()) insertItem.run(caseId, itemId, position, at);
  }
  db.exec('COMMIT');
  db.exec('ANALYZE');
  db.pragma('synchronous = FULL');
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  const fd = openSync(file, 'r+');
  fsyncSync(fd);
  closeSync(fd);
}

const pct = (base: number, x: number) => round(((x - base) / base) * 100, 1);

async function databases(ring: DataKeyRing, dir: string) {
  const stores: Record<Arm, ClientStore> = {};
  for (const arm of ARMS) {
    const file = join(dir, `${arm}.sqlite`);
    const t0 = performance.now();
    const migrated = await openClientStore(file, DEVICE, { key: keying(arm, ring), cipher: cipherOf(arm) });
    await migrated.close();
    prefill(file, arm, ring);
    console.log(`  prefill ${arm}: ${formatCount(CASES)} cases in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    stores[arm] = await openClientStore(file, DEVICE, { key: keying(arm, ring), cipher: cipherOf(arm) });
  }
  const ctx = { actorId: 'bench' };
  let next = CASES;
  for (const arm of ARMS) for (let i = 0; i < WARMUP; i++) await stores[arm]!.events.append(ctx, caseEvents(next++));

  const appends: Record<Arm, number[]> = Object.fromEntries(ARMS.map((a) => [a, []]));
  const searches: Record<Arm, number[]> = Object.fromEntries(ARMS.map((a) => [a, []]));
  const keys: [SearchKey, (n: number) => string][] = [
    ['idNumber', idOf],
    ['phone', phoneOf],
    ['name', nameOf],
    ['caseNumber', caseNumber],
  ];
  let found = 0;
  for (let r = 0; r < ROUNDS; r++) {
    // The order rotates each round: no arm always runs first (cold) or last.
    const order = ARMS.map((_, i) => ARMS[(i + r) % ARMS.length]!);
    for (const arm of order) {
      for (let i = 0; i < APPENDS_PER_ROUND; i++) {
        const events = caseEvents(next++);
        const s = performance.now();
        await stores[arm]!.events.append(ctx, events);
        appends[arm]!.push(performance.now() - s);
      }
      for (let i = 0; i < SEARCHES_PER_ROUND; i++) {
        const n = ((r * SEARCHES_PER_ROUND + i) * 7919) % CASES;
        const [key, make] = keys[i % keys.length]!;
        const s = performance.now();
        const rows = await stores[arm]!.cases.search(key, make(n), 50);
        searches[arm]!.push(performance.now() - s);
        if (rows.length) found++;
      }
    }
  }
  for (const arm of ARMS) await stores[arm]!.close();
  if (found < ROUNDS * SEARCHES_PER_ROUND * ARMS.length * 0.9) throw new Error(`searches found only ${found}`);
  return { appends, searches };
}

async function blobs(ring: DataKeyRing, dir: string) {
  const out: Record<string, { write_mb_s: number; read_mb_s: number; page_read: Summary; page_write: Summary; big_put_mb_s: number; big_stream_mb_s: number }> = {};
  const pages = Array.from({ length: PAGES }, () => randomBytes(PAGE_BYTES));
  const big = join(dir, 'big.bin');
  writeFileSync(big, randomBytes(BIG_FILE_MB * 1024 * 1024));
  const stores: Record<'plain' | 'aes-256-gcm', BlobFiles> = {
    plain: createBlobFiles(join(dir, 'blobs-plain'), { keys: UNENCRYPTED, maxBytes: () => 1 << 30 }),
    'aes-256-gcm': createBlobFiles(join(dir, 'blobs-enc'), { keys: ring, maxBytes: () => 1 << 30 }),
  };
  const w: Record<string, number[]> = { plain: [], 'aes-256-gcm': [] };
  const rd: Record<string, number[]> = { plain: [], 'aes-256-gcm': [] };
  const names: string[] = [];
  // Interleaved page by page.
  for (const p of pages) {
    for (const k of Object.keys(stores) as (keyof typeof stores)[]) {
      const s = performance.now();
      const b = await stores[k].put(p, 'image/jpeg');
      w[k]!.push(performance.now() - s);
      if (k === 'plain') names.push(b.sha256);
    }
  }
  for (const sha of names) {
    for (const k of Object.keys(stores) as (keyof typeof stores)[]) {
      const s = performance.now();
      const bytes = await stores[k].read(sha);
      rd[k]!.push(performance.now() - s);
      if (bytes.length !== PAGE_BYTES) throw new Error('short read');
    }
  }
  for (const k of Object.keys(stores) as (keyof typeof stores)[]) {
    const mb = (PAGES * PAGE_BYTES) / (1024 * 1024);
    let s = performance.now();
    const b = await stores[k].putFile(big, 'application/pdf');
    const putMs = performance.now() - s;
    s = performance.now();
    const hash = createHash('sha256');
    for await (const c of stores[k].stream(b.sha256)) hash.update(c);
    const streamMs = performance.now() - s;
    if (hash.digest('hex') !== b.sha256) throw new Error('stream mismatch');
    out[k] = {
      write_mb_s: round(mb / (w[k]!.reduce((a, x) => a + x, 0) / 1000), 1),
      read_mb_s: round(mb / (rd[k]!.reduce((a, x) => a + x, 0) / 1000), 1),
      page_write: summarize(w[k]!),
      page_read: summarize(rd[k]!),
      big_put_mb_s: round(BIG_FILE_MB / (putMs / 1000), 1),
      big_stream_mb_s: round(BIG_FILE_MB / (streamMs / 1000), 1),
    };
  }
  return out;
}

async function main(): Promise<void> {
  console.log(`encryption benchmark${QUICK ? ' (BENCH_QUICK: reduced sizes)' : ''}: ${formatCount(CASES)} cases per database, ${ROUNDS} interleaved rounds`);
  const tmp = tempDir('yct-bench-encryption-');
  const ring = ringOf(newKeyRingState());
  try {
    const { appends, searches } = await databases(ring, tmp.dir);
    const a = Object.fromEntries(ARMS.map((arm) => [arm, summarize(appends[arm]!)])) as Record<Arm, Summary>;
    const s = Object.fromEntries(ARMS.map((arm) => [arm, summarize(searches[arm]!)])) as Record<Arm, Summary>;
    for (const arm of ARMS) printSummary(`append (FULL), ${arm}`, a[arm]!);
    for (const arm of ARMS) printSummary(`case search, ${arm}`, s[arm]!);
    const overhead = (m: Record<Arm, Summary>, arm: Arm) => ({ p50_pct: pct(m.plain!.p50_ms, m[arm]!.p50_ms), p95_pct: pct(m.plain!.p95_ms, m[arm]!.p95_ms), mean_pct: pct(m.plain!.mean_ms, m[arm]!.mean_ms) });
    for (const arm of CIPHERS) {
      const ap = overhead(a, arm);
      const sp = overhead(s, arm);
      console.log(`  overhead ${arm.padEnd(9)} append p50 ${ap.p50_pct}% p95 ${ap.p95_pct}% · search p50 ${sp.p50_pct}% p95 ${sp.p95_pct}% (target ≤ ${TARGET_PCT}%)`);
    }
    const b = await blobs(ring, tmp.dir);
    for (const [k, v] of Object.entries(b)) {
      console.log(
        `  blobs ${k.padEnd(11)} 300 KB pages: write ${v.write_mb_s} MB/s (p50 ${v.page_write.p50_ms} ms), read ${v.read_mb_s} MB/s (p50 ${v.page_read.p50_ms} ms); ${BIG_FILE_MB} MB file: put ${v.big_put_mb_s} MB/s, stream ${v.big_stream_mb_s} MB/s`,
      );
    }
    emitResult({
      bench: 'encryption',
      quick: QUICK,
      cases: CASES,
      product_cipher: DB_CIPHER,
      append: a,
      search: s,
      overhead_pct: Object.fromEntries(CIPHERS.map((c) => [c, { append: overhead(a, c), search: overhead(s, c) }])),
      target_overhead_pct: TARGET_PCT,
      blobs: b,
    });
  } finally {
    tmp.cleanup();
  }
}

await main();
