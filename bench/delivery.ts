import { join } from 'node:path';
import { v7 } from 'uuid';
import { chromiumPdf } from '../electron/host/chromium.js';
import { createHost, DB_FILE, type Host } from '../electron/host/host.js';
import { configureLog } from '../electron/host/log.js';
import { openConfSettings } from '../electron/host/settings.js';
import { DEMO_PASSWORD } from '../seeds/demo.js';
import { renderDocument } from '../shared/documents/index.js';
import { receipt } from '../tests/fixtures/documents-delivery/inputs.js';
import { emitResult, formatCount, printSummary, QUICK, round, summarize, tempDir } from './lib.js';
import { openRawDb } from '../db/sqlite.js';

// 综合出件 at scale: with 1,000,000 cases in the store, the delivery queue page and the searches a
// delivery clerk makes (the notice's barcode, ID number, name, phone), through the host as the
// screen asks; then the 出件回执 generation (HTML, and PDF through headless Chromium).

const CASES = QUICK ? 40_000 : 1_000_000;
const RUNS = QUICK ? 40 : 300;
const PDF_RUNS = QUICK ? 2 : 10;

configureLog({ quiet: true });
const tmp = tempDir('yct-bench-delivery-');
const open = () => createHost({ dataDir: tmp.dir, shell: 'browser', openSettings: openConfSettings, renderPdf: chromiumPdf, demo: true });
async function ok<T>(host: Host, method: string, input: unknown = {}): Promise<T> {
  const r = await host.call({ clientId: 'cj' }, method, input);
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
  return r.value as T;
}

/** A valid GB 11643 number for serial n (region 232701, birth dates spread over 1950–1999). */
function idNumber(n: number): string {
  const body = `232701${1950 + (n % 50)}${String(1 + (n % 12)).padStart(2, '0')}${String(1 + (n % 28)).padStart(2, '0')}${String(n % 1000).padStart(3, '0')}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, c, i) => s + Number(c) * w[i]!, 0);
  return body + '10X98765432'[sum % 11]!;
}
const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗';

// ---- prefill: a million accepted cases, 2% of them with results waiting at the window ----
let host = await open();
await host.close();
const t0 = performance.now();
{
  const db = openRawDb(join(tmp.dir, DB_FILE));
  db.pragma('journal_mode = WAL');
  const insertCase = db.prepare(`insert into cases (id, case_number, bundle_id, state, applicant_name, priority, pending_materials, created_at, updated_at, accepted_at,
    last_event_seq, hall_code, catalog_version, applicant_kind, data, applicant_id_number, applicant_phone, handover_due, ready_at)
    values (?, ?, 'hlj.newborn', ?, ?, ?, '[]', ?, ?, ?, 0, '232701', '2024.1', 'person', ?, ?, ?, ?, ?)`);
  const insertItem = db.prepare(`insert into case_items (case_id, item_id, position, state, reason, updated_at, department_id, result)
    values (?, ?, ?, 'approved', null, ?, ?, '{"number":"No.1","elicenseId":null,"documentBlobs":[],"note":null}')`);
  const base = Date.parse('2024-01-01T00:00:00Z');
  db.exec('BEGIN');
  for (let n = 0; n < CASES; n++) {
    const at = new Date(base + n * 30_000).toISOString();
    const id = v7({ msecs: base + n * 30_000 });
    const waiting = n % 50 === 0;
    const name = `${SURNAMES[n % SURNAMES.length]}${SURNAMES[(n >> 5) % SURNAMES.length]}${n % 7 ? '' : '华'}`;
    const data = JSON.stringify({ applicantKind: 'person', fields: { 'applicant.name': name, 'applicant.idNumber': idNumber(n) }, card: null, agent: null, priority: null, materials: {}, reusedFromCaseId: null });
    insertCase.run(id, `232701-20240101-B${String(n).padStart(7, '0')}`, waiting ? 'ready' : 'delivered', name, waiting && n % 500 === 0 ? 'elderly' : null, at, at, at, data, idNumber(n), `139${String(n).padStart(8, '0')}`, waiting ? 1 : 0, waiting ? at : null);
    if (waiting) {
      insertItem.run(id, 'hlj.newborn.birth-certificate', 0, at, 'wjw');
      insertItem.run(id, 'hlj.newborn.hukou', 1, at, 'gaj');
    }
  }
  db.exec('COMMIT');
  db.exec('ANALYZE');
  db.close();
}
console.log(`prefill: ${formatCount(CASES)} cases (${formatCount(CASES / 50)} waiting at the window) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

host = await open();
await ok(host, 'auth.signIn', { staffNo: 'cj01', password: DEMO_PASSWORD });

async function measure(label: string, input: () => Record<string, unknown>) {
  const samples: number[] = [];
  let total = 0;
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    const r = await ok<{ total: number }>(host, 'delivery.queue', input());
    samples.push(performance.now() - t);
    total = r.total;
  }
  const s = summarize(samples);
  printSummary(`${label} (${formatCount(total)} found)`, s, '< 30 ms');
  return s;
}

const pick = () => Math.floor(Math.random() * CASES);
const queue = {
  page: await measure('delivery queue page (50 rows, priority first)', () => ({ page: 1 + Math.floor(Math.random() * 5) })),
  caseNumber: await measure('search by case number (barcode)', () => ({ search: { key: 'caseNumber', value: `232701-20240101-B${String(pick()).padStart(7, '0')}` } })),
  idNumber: await measure('search by ID number', () => ({ search: { key: 'idNumber', value: idNumber(pick()) } })),
  phone: await measure('search by phone', () => ({ search: { key: 'phone', value: `139${String(pick()).padStart(8, '0')}` } })),
  name: await measure('search by name (prefix, first 50)', () => ({ search: { key: 'name', value: `${SURNAMES[pick() % SURNAMES.length]}${SURNAMES[pick() % SURNAMES.length]}华` }, pageSize: 50 })),
};
await host.close();
tmp.cleanup();

// ---- the receipt ----
const htmlSamples: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const t = performance.now();
  renderDocument('receipt', receipt);
  htmlSamples.push(performance.now() - t);
}
const html = summarize(htmlSamples);
printSummary('出件回执 HTML (validated, barcode + QR)', html);
const pdfSamples: number[] = [];
const receiptHtml = renderDocument('receipt', receipt);
await chromiumPdf(receiptHtml); // the browser starts on the first print
for (let i = 0; i < PDF_RUNS; i++) {
  const t = performance.now();
  await chromiumPdf(receiptHtml);
  pdfSamples.push(performance.now() - t);
}
const pdf = summarize(pdfSamples);
printSummary('出件回执 PDF (headless Chromium, warm)', pdf);

emitResult({
  bench: 'delivery',
  cases: CASES,
  queueP95Ms: Object.fromEntries(Object.entries(queue).map(([k, s]) => [k, round(s.p95_ms, 2)])),
  receiptHtmlP95Ms: round(html.p95_ms, 2),
  receiptPdfP50Ms: round(pdf.p50_ms, 1),
  targets: { queueP95Ms: 30 },
});
