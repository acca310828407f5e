import { join } from 'node:path';
import { openClientStore } from '../db/index.js';
import { calendarData } from '../seeds/calendar.js';
import { catalog } from '../seeds/catalog/index.js';
import { createCalendar, fromDay, toDay } from '../shared/calendar.js';
import { indexCatalog } from '../shared/catalog-builders.js';
import { newId } from '../shared/ids.js';
import { periodRange } from '../shared/reports/aggregate.js';
import type { DerivedFacts } from '../shared/reports/facts.js';
import { REPORT_GROUPINGS } from '../shared/reports/labels.js';
import { assembleReport } from '../shared/reports/report.js';
import { emitResult, formatCount, QUICK, round, tempDir } from './lib.js';

// 监察统计 at scale: period reports over 1,000,000 cases of facts spread over two years (month
// and year, every grouping), and the catch-up rate of the fact derivation from events.
//
// The 1M cases are inserted as facts straight through the report store: driving a million cases
// through the full host (intake, routing, delivery) would take hours, and the report queries
// only read the fact tables. The catch-up is measured on real events of a smaller set.

const CASES = QUICK ? 50_000 : 1_000_000;
const CATCHUP_CASES = QUICK ? 200 : 3_000;
const RUNS = QUICK ? 2 : 3;
const ix = indexCatalog(catalog);
const cal = createCalendar(calendarData());
const deps = { catalog: async () => ix, calendar: () => cal };

// A deterministic generator: the same dataset every run.
let seed = 42;
const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

const halls = ['232701', '232721', '232722'];
const devices = halls.flatMap((h) => [1, 2, 3].map((n) => ({ hall: h, id: `dev-${h}-${n}` })));
const clerks = Array.from({ length: 24 }, (_, i) => `clerk-${i}`);
const bundles = catalog.bundles.map((b) => ({ id: b.id, items: b.items.map((e) => ({ id: e.itemId, dept: ix.item(e.itemId).departmentId.value })) }));
const FIRST = toDay('2025-01-01');
const DAYS = 730;

function fakeFacts(): DerivedFacts {
  const b = pick(bundles);
  const dev = pick(devices);
  const items = b.items.slice(0, 1 + Math.floor(rand() * Math.min(4, b.items.length)));
  const accepted = fromDay(FIRST + Math.floor(rand() * DAYS));
  const readyDays = rand() < 0.9 ? Math.floor(rand() * 15) : null;
  const deliveryDays = readyDays !== null && rand() < 0.85 ? readyDays + Math.floor(rand() * 5) : null;
  const rating = deliveryDays !== null && rand() < 0.7 ? pick([5, 5, 5, 4, 4, 3, 2, 1]) : null;
  const pending = rand() < 0.1 ? 1 : 0;
  const caseId = newId();
  return {
    case: {
      caseId,
      hallCode: dev.hall,
      bundleId: b.id,
      catalogVersion: catalog.version,
      deviceId: dev.id,
      clerkId: pick(clerks),
      priority: rand() < 0.05 ? 'elderly' : null,
      acceptedDate: accepted,
      readyDate: readyDays === null ? null : accepted,
      deliveredDate: deliveryDays === null ? null : accepted,
      readyDays,
      deliveryDays,
      onTime: readyDays === null ? null : rand() < 0.92,
      corrections: rand() < 0.1 ? 1 : 0,
      itemCount: items.length,
      withdrawn: false,
      pendingCount: pending,
      commitmentKept: pending ? rand() < 0.8 : null,
      commitmentDue: null,
      rating,
      rectification: rating !== null && rating <= 2 ? pick(['open', 'verified', 'rectified', 'closed'] as const) : null,
      fieldsMerged: 12 + items.length * 2,
      fieldsSeparate: 12 * items.length,
      materialsSubmitted: 2 + items.length,
      materialsSeparate: 4 * items.length,
      materialsElicense: Math.floor(rand() * 2),
      visitsMade: 1 + (deliveryDays !== null ? 1 : 0),
      visitsSeparate: 2 * items.length,
      promisedDays: 5,
      statutoryDays: 10 * items.length,
      assisted: rand() < 0.03 ? 1 : 0,
      proxy: false,
      home: false,
    },
    items: items.map((it) => ({
      caseId,
      itemId: it.id,
      departmentId: it.dept,
      state: readyDays === null ? 'received' : 'approved',
      decidedDate: readyDays === null ? null : accepted,
      workdays: readyDays,
      deliveryDays,
      promisedDays: 5,
      statutoryDays: 10,
      onTime: readyDays === null ? null : rand() < 0.92,
      corrections: 0,
    })),
    uncoveredYears: [],
  };
}

const tmp = tempDir('yct-bench-reports-');
const store = await openClientStore(join(tmp.dir, 'yct.sqlite'), 'bench-device', { synchronous: 'NORMAL' });
const reports = store.reports(deps);

console.log(`Inserting ${formatCount(CASES)} cases of facts directly (not through the host: that would take hours) …`);
let t0 = performance.now();
for (let done = 0; done < CASES; ) {
  const n = Math.min(20_000, CASES - done);
  await reports.insertFacts(Array.from({ length: n }, fakeFacts));
  done += n;
}
const insertS = (performance.now() - t0) / 1000;
console.log(`  inserted in ${insertS.toFixed(1)} s (${Math.round(CASES / insertS)} cases/s)`);

async function timeReport(period: Parameters<typeof periodRange>[0], groupBy: (typeof REPORT_GROUPINGS)[number]): Promise<{ ms: number; rows: number }> {
  const samples: number[] = [];
  let rows = 0;
  for (let i = 0; i < RUNS; i++) {
    const s = performance.now();
    const { from, to } = periodRange(period);
    const q = await reports.query({ from, to, hallCode: '232701', groupBy, today: '2026-12-31' });
    const r = assembleReport(q, { period, from, to, groupBy, hallCode: '232701', hallName: 'bench', generatedAt: '', generatedBy: '', asOf: null, calendarWarning: null }, (k) => ({ label: k, sublabel: null }));
    samples.push(performance.now() - s);
    rows = r.rows.length;
  }
  samples.sort((a, b) => a - b);
  return { ms: round(samples[Math.floor(samples.length / 2)]!, 1), rows };
}

console.log(`Reports of one hall (about a third of the cases), median of ${RUNS} runs:`);
const timings: Record<string, { month_ms: number; year_ms: number; all_halls_year_ms: number }> = {};
for (const groupBy of REPORT_GROUPINGS) {
  const month = await timeReport({ kind: 'month', month: '2026-10' }, groupBy);
  const year = await timeReport({ kind: 'year', year: 2026 }, groupBy);
  const s = performance.now();
  const { from, to } = periodRange({ kind: 'year', year: 2026 });
  await reports.query({ from, to, hallCode: null, groupBy, today: '2026-12-31' });
  const all = performance.now() - s;
  timings[groupBy] = { month_ms: month.ms, year_ms: year.ms, all_halls_year_ms: round(all, 1) };
  console.log(`  ${groupBy.padEnd(11)} month ${String(month.ms).padStart(7)} ms (${month.rows} rows)   year ${String(year.ms).padStart(7)} ms   all halls, year ${round(all, 0)} ms   (targets: < 500 ms month, < 3000 ms year)`);
}
await store.close();
tmp.cleanup();

// Catch-up: real events appended through the event store (projections and all), then folded in.
const tmp2 = tempDir('yct-bench-reports-events-');
const evStore = await openClientStore(join(tmp2.dir, 'yct.sqlite'), 'bench-device', { synchronous: 'NORMAL' });
const BIRTH = 'hlj.newborn.birth-certificate';
const VACC = 'hlj.newborn.vaccination';
t0 = performance.now();
for (let i = 0; i < CATCHUP_CASES; i++) {
  const caseId = newId();
  const items = [BIRTH, VACC];
  await evStore.events.append({ actorId: 'clerk-1' }, [
    { type: 'case.drafted', caseId, payload: { bundleId: 'hlj.newborn', itemIds: items, catalogVersion: catalog.version, hallCode: '232701', applicantKind: 'person', ticketRef: null } },
    { type: 'case.draft_updated', caseId, payload: { materials: { applicationForm: { status: 'original', pageBlobs: [], licenceNo: null, problem: null } } } },
    { type: 'case.accepted', caseId, payload: { caseNumber: `232701-20261012-BNCH-${String(i).padStart(6, '0')}`, pendingMaterials: [], commitmentDeadline: null, commitmentBlob: null, expectedDate: null, delivery: { method: 'window', address: null } } },
    { type: 'case.routed', caseId, payload: {} },
    ...items.map((itemId) => ({ type: 'item.state_changed' as const, caseId, payload: { itemId, departmentId: ix.item(itemId).departmentId.value, to: 'queued' as const, clock: { start: '2026-10-12', promisedDays: 1, statutoryDays: null, dueDate: '2026-10-13', statutoryDueDate: null, warnDate: '2026-10-13' } } })),
    ...items.map((itemId) => ({ type: 'item.state_changed' as const, caseId, payload: { itemId, departmentId: ix.item(itemId).departmentId.value, to: 'received' as const } })),
    ...items.map((itemId) => ({ type: 'item.state_changed' as const, caseId, payload: { itemId, departmentId: ix.item(itemId).departmentId.value, to: 'approved' as const, result: { number: 'N1', elicenseId: 'E1', documentBlobs: [], note: null } } })),
  ]);
}
const appendS = (performance.now() - t0) / 1000;
const evReports = evStore.reports(deps);
t0 = performance.now();
const caught = await evReports.catchUp();
const catchS = (performance.now() - t0) / 1000;
const rate = Math.round(caught.cases / catchS);
console.log(`Catch-up: ${caught.events} events of ${caught.cases} cases folded into facts in ${catchS.toFixed(2)} s: ${rate} cases/s (${Math.round(caught.events / catchS)} events/s); appending them took ${appendS.toFixed(1)} s`);
await evStore.close();
tmp2.cleanup();

emitResult({
  bench: 'reports',
  quick: QUICK,
  cases: CASES,
  facts_inserted_directly: true,
  insert_cases_per_s: Math.round(CASES / insertS),
  reports: timings,
  target_month_ms: 500,
  target_year_ms: 3000,
  catchup: { cases: caught.cases, events: caught.events, seconds: round(catchS, 2), cases_per_s: rate },
});
