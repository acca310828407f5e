import { closeSync, existsSync, fsyncSync, openSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { v7 } from 'uuid';
import { openClientStore } from '../db/index.js';
import type { SqliteOptions } from '../db/sqlite.js';
import { eventHash } from '../db/stores/events.js';
import { GENESIS_HASH, type NewEvent } from '../shared/events.js';
import { encodeHlc } from '../shared/hlc.js';
import { newId } from '../shared/ids.js';
import { emitResult, formatBytes, formatCount, printSummary, QUICK, round, summarize, tempDir, type Summary } from './lib.js';
import { openRawDb } from '../db/sqlite.js';

// Event append with projection update, on a store that already holds many cases:
// one append call per case-sized intake save (drafted + accepted, three items).

const SIZES = QUICK ? [10_000, 50_000] : [100_000, 1_000_000];
const WRITES = QUICK ? 500 : 2_000;
/** Excluded from the figures: the first calls pay for statement preparation and a cold page cache. */
const WARMUP = 20;
const TARGET_P95_MS = 5;
const PREFILL_DEVICE = 'prefill-device';
const BENCH_DEVICE = 'bench-device';
const BUNDLE_ID = 'bundle-open-restaurant';
const ITEM_IDS = ['item-business-licence', 'item-food-permit', 'item-fire-safety'] as const;
const APPLICANT = '测试申请人';
const PROGRESS_EVERY = 100_000;

const caseNumber = (n: number) => `YCT-232701-${String(n).padStart(8, '0')}`;

const DRAFTED = { bundleId: BUNDLE_ID, itemIds: [...ITEM_IDS], catalogVersion: '2024.1', hallCode: 'MH01', applicantKind: 'person' as const, ticketRef: null };
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

/**
 * Fills the migrated database with `cases` accepted cases through raw statements:
 * going through the store would take hours at a million cases. Row for row the
 * same shape as live appends, so indexes and page layout are comparable.
 */
function prefill(file: string, cases: number): void {
  const db = openRawDb(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF'); // setup only: the measured store reopens with the product setting
  db.pragma('cache_size = -262144');
  const insertEvent = db.prepare(
    'INSERT INTO events (id, case_id, type, payload, actor_id, device_id, hlc, created_at, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const insertCase = db.prepare(
    `INSERT INTO cases (id, case_number, bundle_id, state, applicant_name, priority, pending_materials, commitment_deadline,
       closing_reason, delivery_channel, created_at, updated_at, accepted_at, last_event_seq)
     VALUES (?, ?, ?, 'accepted', ?, NULL, '[]', NULL, NULL, NULL, ?, ?, ?, ?)`,
  );
  const insertItem = db.prepare('INSERT INTO case_items (case_id, item_id, position, state, reason, updated_at) VALUES (?, ?, ?, NULL, NULL, ?)');

  // History: one case a minute up to an hour ago, so ids and clocks sort before the measured appends.
  const start = Date.now() - 3_600_000 - cases * 60_000;
  let prevHash = GENESIS_HASH;
  const appendRaw = (caseId: string, type: string, payloadJson: string, ms: number): number => {
    const base = {
      id: v7({ msecs: ms }),
      caseId,
      type: type as NewEvent['type'],
      actorId: 'prefill',
      deviceId: PREFILL_DEVICE,
      hlc: encodeHlc({ wallMs: ms, counter: 0, deviceId: PREFILL_DEVICE }),
      createdAt: new Date(ms).toISOString(),
      prevHash,
    };
    const hash = eventHash({ ...base, payloadJson });
    const r = insertEvent.run(base.id, caseId, type, payloadJson, base.actorId, PREFILL_DEVICE, base.hlc, base.createdAt, prevHash, hash);
    prevHash = hash;
    return Number(r.lastInsertRowid);
  };

  const draftedJson = JSON.stringify(DRAFTED);
  const t0 = performance.now();
  db.exec('BEGIN');
  try {
    for (let n = 0; n < cases; n++) {
      const drafted = start + n * 60_000;
      const accepted = drafted + 30_000;
      const draftedAt = new Date(drafted).toISOString();
      const acceptedAt = new Date(accepted).toISOString();
      const caseId = v7({ msecs: drafted });
      appendRaw(caseId, 'case.drafted', draftedJson, drafted);
      const seq = appendRaw(caseId, 'case.accepted', JSON.stringify(acceptedPayload(n)), accepted);
      insertCase.run(caseId, caseNumber(n), BUNDLE_ID, APPLICANT, draftedAt, acceptedAt, acceptedAt, seq);
      for (const [position, itemId] of ITEM_IDS.entries()) insertItem.run(caseId, itemId, position, draftedAt);
      if ((n + 1) % PROGRESS_EVERY === 0 && n + 1 < cases) {
        console.log(`    prefill ${formatCount(n + 1)} cases … ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      }
    }
    db.exec('COMMIT');
  } catch (err) {
    db.exec('ROLLBACK');
    throw err;
  }
  // Start the measurement with an empty WAL, as a host that was shut down cleanly would, and with
  // the prefill on disk: otherwise the first checkpoint fsync of the measured run would pay for
  // flushing gigabytes of unsynced setup pages, which no real save ever does.
  db.pragma('synchronous = FULL');
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  const fd = openSync(file, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

interface Run extends Summary {
  synchronous: 'FULL' | 'NORMAL';
  open_ms: number;
  first_call_ms: number;
  writes_per_s: number;
}

async function measure(file: string, firstCase: number, options: SqliteOptions): Promise<Run> {
  const synchronous = options.synchronous ?? 'FULL';
  const t0 = performance.now();
  const store = await openClientStore(file, BENCH_DEVICE, options);
  const openMs = performance.now() - t0;
  const ctx = { actorId: 'bench' };
  let n = firstCase;
  let firstCallMs = 0;
  for (let i = 0; i < WARMUP; i++) {
    const s = performance.now();
    await store.events.append(ctx, caseEvents(n++));
    if (i === 0) firstCallMs = performance.now() - s;
  }
  const latencies: number[] = [];
  const loopStart = performance.now();
  for (let i = 0; i < WRITES; i++) {
    const events = caseEvents(n++);
    const s = performance.now();
    await store.events.append(ctx, events);
    latencies.push(performance.now() - s);
  }
  const loopMs = performance.now() - loopStart;
  await store.close();
  return {
    synchronous,
    ...summarize(latencies),
    open_ms: round(openMs, 1),
    first_call_ms: round(firstCallMs),
    writes_per_s: round((WRITES / loopMs) * 1000, 1),
  };
}

function fileBytes(file: string): number {
  return [file, `${file}-wal`, `${file}-shm`].reduce((sum, f) => sum + (existsSync(f) ? statSync(f).size : 0), 0);
}

async function benchSize(cases: number): Promise<Record<string, unknown>> {
  const tmp = tempDir('yct-bench-append-');
  try {
    const file = join(tmp.dir, 'yct.sqlite');
    const migrated = await openClientStore(file, BENCH_DEVICE);
    await migrated.close();

    console.log(`\n${formatCount(cases)} cases already in the store (${WRITES} measured appends per setting, ${WARMUP} warm-up calls excluded)`);
    const p0 = performance.now();
    prefill(file, cases);
    const prefillS = (performance.now() - p0) / 1000;
    const prefillBytes = fileBytes(file);
    console.log(`  prefill: ${formatCount(cases)} cases, ${formatCount(cases * 2)} events in ${prefillS.toFixed(1)} s (flushed to disk); database ${formatBytes(prefillBytes)}`);

    // FULL first: it is the product setting; NORMAL then sees a store larger by WRITES + WARMUP cases, which is noise.
    const full = await measure(file, cases, {});
    const normal = await measure(file, cases + WRITES + WARMUP, { synchronous: 'NORMAL' });
    const dbBytes = fileBytes(file);

    for (const r of [full, normal]) {
      printSummary(`append, synchronous=${r.synchronous}${r.synchronous === 'FULL' ? ' (product)' : ''}`, r, r.synchronous === 'FULL' ? `p95 < ${TARGET_P95_MS} ms at 1M cases` : undefined);
      console.log(`  ${''.padEnd(34)} ${r.writes_per_s} writes/s  first call ${r.first_call_ms.toFixed(2)} ms  open ${r.open_ms} ms`);
    }
    console.log(`  database file after the run: ${formatBytes(dbBytes)} (${Math.round(dbBytes / cases)} B per case)`);

    const { synchronous: _s, ...fullFigures } = full;
    const { synchronous: _n, ...normalFigures } = normal;
    return {
      cases,
      prefill_s: round(prefillS, 1),
      db_bytes: dbBytes,
      synchronous: 'FULL',
      ...fullFigures,
      target_p95_ms: TARGET_P95_MS,
      normal: normalFigures,
    };
  } finally {
    tmp.cleanup();
  }
}

async function main(): Promise<void> {
  console.log(`append benchmark${QUICK ? ' (BENCH_QUICK: reduced sizes)' : ''}: store.events.append of [case.drafted, case.accepted] per call`);
  const result: Record<string, unknown> = { bench: 'append', quick: QUICK, writes: WRITES };
  for (const cases of SIZES) result[`cases_${formatCount(cases)}`] = await benchSize(cases);
  emitResult(result);
}

await main();
