import { utimesSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { v7 } from 'uuid';
import { chromiumPdf } from '../electron/host/chromium.js';
import { createHost, DB_FILE, type Host } from '../electron/host/host.js';
import { configureLog } from '../electron/host/log.js';
import { openConfSettings } from '../electron/host/settings.js';
import { DEMO_PASSWORD } from '../seeds/demo.js';
import type { CaseView } from '../shared/api/intake.js';
import { idCheckChar } from '../shared/validators.js';
import { startQueueStandIn } from '../tests/helpers/queue-standin.js';
import { emitResult, formatCount, printSummary, QUICK, round, summarize, tempDir } from './lib.js';
import { openRawDb } from '../db/sqlite.js';

// The hall around the counter (issue 12), through the real host:
// - a day's appointment file (2,000 rows, a large hall's day several times over) imported from the drop folder;
// - 叫号: call next over HTTP to a stand-in queue system on loopback, then the case started from the ticket
//   with the appointment's applicant prefilled;
// - the autosave that gives a case its applicant, with the duplicate check it now runs, on a store of
//   100,000 cases where every saved applicant already has two open cases of the same bundle.

const APPOINTMENTS = QUICK ? 200 : 2_000;
const CASES = QUICK ? 5_000 : 100_000;
const CALLS = QUICK ? 20 : 200;
const SAVES = QUICK ? 20 : 200;
const BUNDLE = 'hlj.newborn';

configureLog({ quiet: true });
const tmp = tempDir('yct-bench-hall-');
const dropDir = join(tmp.dir, 'drop');
mkdirSync(dropDir);
const open = () => createHost({ dataDir: tmp.dir, shell: 'browser', openSettings: openConfSettings, renderPdf: chromiumPdf, demo: true });
const client = { clientId: 'bench' };
async function ok<T>(host: Host, method: string, input: unknown = {}): Promise<T> {
  const r = await host.call(client, method, input);
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
  return r.value as T;
}

const idOf = (n: number) => {
  const birth = `19${String(40 + (n % 60)).padStart(2, '0')}${String(1 + (n % 12)).padStart(2, '0')}${String(1 + (n % 28)).padStart(2, '0')}`;
  const first17 = `2327${String(n % 100).padStart(2, '0')}${birth}${String(n % 1000).padStart(3, '0')}`;
  return first17 + idCheckChar(first17);
};
const chinaToday = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

// ---- prefill: open cases written directly (the append path is measured by bench/append.ts) ----
let host = await open();
await host.close();
{
  const db = openRawDb(join(tmp.dir, DB_FILE));
  db.pragma('journal_mode = WAL');
  const insert = db.prepare(`insert into cases (id, case_number, bundle_id, state, applicant_name, priority, pending_materials, created_at, updated_at, accepted_at, last_event_seq,
    hall_code, catalog_version, applicant_kind, data, applicant_id_number, applicant_phone, credit_code, enterprise_name)
    values (?, null, ?, 'draft', ?, null, '[]', ?, ?, null, 0, '232701', '2024.1', 'person', '{}', ?, ?, null, null)`);
  const base = Date.parse('2026-01-01T00:00:00Z');
  db.exec('BEGIN');
  // Every applicant twice: the saves below meet two open cases of theirs each time.
  for (let n = 0; n < CASES; n++) {
    const at = new Date(base + n * 30_000).toISOString();
    insert.run(v7({ msecs: base + n * 30_000 }), BUNDLE, `申请人${n}`, at, at, idOf(n >> 1), `139${String(n).padStart(8, '0')}`);
  }
  db.exec('COMMIT');
  db.exec('ANALYZE');
  db.close();
}

const q = await startQueueStandIn();
host = await open();
await ok(host, 'auth.signIn', { staffNo: 'admin', password: DEMO_PASSWORD });
await ok(host, 'admin.hallQueueConfigure', { appointments: { dropDir, pullUrl: null }, queue: { url: q.url, windowNo: '3' } });
await ok(host, 'auth.signIn', { staffNo: 'sj01', password: DEMO_PASSWORD });
console.log(`hall benchmark${QUICK ? ' (BENCH_QUICK: reduced sizes)' : ''}: ${formatCount(CASES)} open cases prefilled; queue stand-in at ${q.url}`);

// ---- appointment file → the day's list ----
const today = chinaToday();
const csv = ['预约号,姓名,手机号码,证件号码,一件事,日期,时段'];
for (let i = 0; i < APPOINTMENTS; i++) {
  const hour = 8 + Math.floor((i % 180) / 20);
  const slot = `${String(hour).padStart(2, '0')}:00-${String(hour).padStart(2, '0')}:30`;
  csv.push(`YY${String(i).padStart(5, '0')},预约人${i},139${String(50_000_000 + i).padStart(8, '0')},${idOf(i)},${BUNDLE},${today},${slot}`);
}
const file = join(dropDir, 'appointments.csv');
writeFileSync(file, '\uFEFF' + csv.join('\r\n'));
// Files still being written wait for the next pass: this one was finished a minute ago.
const past = new Date(Date.now() - 60_000);
utimesSync(file, past, past);
let t = performance.now();
const imported = await ok<{ report: { files: { imported: number; errors: string[] }[] }; list: { rows: unknown[] } }>(host, 'hallQueue.importNow');
const importMs = performance.now() - t;
const importedRows = imported.report.files.reduce((n, f) => n + f.imported, 0);
if (importedRows !== APPOINTMENTS) throw new Error(`imported ${importedRows} of ${APPOINTMENTS}: ${JSON.stringify(imported.report.files.map((f) => f.errors.slice(0, 3)))}`);
const listSamples: number[] = [];
for (let i = 0; i < 20; i++) {
  t = performance.now();
  await ok(host, 'hallQueue.appointments', { date: today });
  listSamples.push(performance.now() - t);
}
const list = summarize(listSamples);
console.log(`appointment import: ${APPOINTMENTS} rows in ${round(importMs, 1)} ms = ${Math.round(APPOINTMENTS / (importMs / 1000))} rows/s (target < 1 s for a day's file)`);
printSummary(`day's list (${APPOINTMENTS} appointments, masked)`, list, '< 100 ms');

// ---- call next → start the case from the ticket (its appointment prefilled) ----
const detail = await ok<{ items: { id: string }[] }>(host, 'catalog.bundle', { id: BUNDLE });
const itemIds = detail.items.map((i) => i.id);
for (let i = 0; i < CALLS; i++) {
  q.issue({ number: `A${String(i).padStart(3, '0')}`, lane: i % 10 === 0 ? 'priority' : 'normal', bundleId: BUNDLE, appointmentId: `YY${String(i).padStart(5, '0')}`, issuedAt: new Date(Date.now() - 600_000).toISOString() });
}
const callSamples: number[] = [];
const startSamples: number[] = [];
for (let i = 0; i < CALLS; i++) {
  t = performance.now();
  const called = await ok<{ empty: boolean }>(host, 'hallQueue.callNext');
  callSamples.push(performance.now() - t);
  if (called.empty) throw new Error('the stand-in queue ran dry');
  t = performance.now();
  const v = await ok<CaseView>(host, 'intake.start', { bundleId: BUNDLE, itemIds, applicantKind: 'person', ticketRef: null, source: { kind: 'ticket' } });
  startSamples.push(performance.now() - t);
  if (!v.ticketRef) throw new Error('the case does not carry its ticket');
}
const call = summarize(callSamples);
const start = summarize(startSamples);
printSummary('call next (host → HTTP queue system → host)', call, '< 100 ms');
printSummary('start the case from the ticket (prefilled)', start, '< 50 ms');

// ---- the autosave that gives a case its applicant: duplicate check included ----
const saveSamples: number[] = [];
let hinted = 0;
for (let i = 0; i < SAVES; i++) {
  const v = await ok<CaseView>(host, 'intake.start', { bundleId: BUNDLE, itemIds, applicantKind: 'person', ticketRef: null });
  const n = Math.floor((i * 7919) % (CASES / 2));
  t = performance.now();
  const saved = await ok<CaseView>(host, 'intake.update', { id: v.id, expectedSeq: v.lastEventSeq, patch: { fields: { 'applicant.name': `申请人${2 * n}`, 'applicant.idNumber': idOf(n) } } });
  saveSamples.push(performance.now() - t);
  if (saved.duplicates && saved.duplicates.length >= 2) hinted++;
}
if (hinted < SAVES) throw new Error(`only ${hinted}/${SAVES} saves were told of the applicant's open cases`);
const save = summarize(saveSamples);
printSummary(`save applicant (duplicate check; ${formatCount(CASES)} cases)`, save, '< 20 ms');

await host.close();
await q.close();
tmp.cleanup();

emitResult({
  bench: 'hall',
  cases: CASES,
  appointments: { rows: APPOINTMENTS, import_ms: round(importMs, 1), rows_per_s: Math.round(APPOINTMENTS / (importMs / 1000)), list },
  call_next: call,
  start_from_ticket: start,
  save_applicant_with_duplicate_check: save,
});
