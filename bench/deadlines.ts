import { calendarData } from '../seeds/calendar.js';
import { createCalendar, fromDay, toDay } from '../shared/calendar.js';
import { computeDeadline, computeDeadlines, PAUSE_REASONS, type DeadlineInput } from '../shared/deadlines.js';
import { emitResult, formatCount, percentile, QUICK, round } from './lib.js';

// Deadline computation for the supervisor's hall view: 1,000,000 sub-applications against one
// `today` (target < 2 s), plus single addWorkdays latency.

const N = QUICK ? 100_000 : 1_000_000;
const RUNS = QUICK ? 1 : 3;
const TODAY = '2026-11-23';

// Deterministic inputs (mulberry32), so runs compare.
let seed = 0x5eed;
function rand(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));

const t0 = performance.now();
const cal = createCalendar(calendarData());
const calendarMs = performance.now() - t0;

const first = toDay('2025-01-01');
const last = toDay('2026-12-31');
const items: DeadlineInput[] = new Array(N);
let withPauses = 0;
for (let i = 0; i < N; i++) {
  const s = int(first, last);
  const promised = int(1, 60);
  const item: DeadlineInput = { start: fromDay(s), promisedDays: promised, statutoryDays: rand() < 0.8 ? promised + int(0, 30) : null };
  if (rand() < 0.2) {
    withPauses++;
    const pauses = [];
    for (let k = int(1, 2); k > 0; k--) {
      const from = s + int(0, 40);
      pauses.push({ from: fromDay(from), to: rand() < 0.25 ? null : fromDay(from + int(0, 20)), reason: PAUSE_REASONS[int(0, PAUSE_REASONS.length - 1)]! });
    }
    item.pauses = pauses;
  }
  items[i] = item;
}

const bulkMs: number[] = [];
const levels = { green: 0, yellow: 0, red: 0 };
let uncovered = 0;
for (let r = 0; r < RUNS; r++) {
  const start = performance.now();
  const out = computeDeadlines(cal, items, TODAY);
  bulkMs.push(performance.now() - start);
  if (r === 0) {
    for (const o of out) {
      levels[o.level]++;
      if (o.uncoveredYears.length > 0) uncovered++;
    }
  }
}
const bestMs = Math.min(...bulkMs);
const medianMs = [...bulkMs].sort((a, b) => a - b)[Math.floor(bulkMs.length / 2)]!;

// The day-by-day path on a sample, for comparison.
const SAMPLE = QUICK ? 10_000 : 50_000;
let s0 = performance.now();
for (let i = 0; i < SAMPLE; i++) computeDeadline(cal, items[i]!, TODAY);
const simplePerItemUs = ((performance.now() - s0) * 1000) / SAMPLE;

// Single addWorkdays calls, timed one by one (includes ~0.05 µs of timer overhead).
const CALLS = QUICK ? 20_000 : 200_000;
const starts = Array.from({ length: 1024 }, () => fromDay(int(first, last)));
const ns: number[] = new Array(CALLS);
let sink = 0;
for (let i = 0; i < CALLS; i++) {
  const a = process.hrtime.bigint();
  sink += cal.addWorkdays(starts[i & 1023]!, 1 + (i % 60)).date.length;
  ns[i] = Number(process.hrtime.bigint() - a);
}
ns.sort((a, b) => a - b);
s0 = performance.now();
for (let i = 0; i < CALLS; i++) sink += cal.addWorkdays(starts[i & 1023]!, 1 + (i % 60)).date.length;
const meanUs = ((performance.now() - s0) * 1000) / CALLS;
const addP50Us = percentile(ns, 50) / 1000;
const addP95Us = percentile(ns, 95) / 1000;

console.log(`calendar (${calendarData().source}, years ${cal.coveredYears[0]}–${cal.coveredYears.at(-1)}) built in ${round(calendarMs, 1)} ms`);
console.log(
  `  computeDeadlines, ${formatCount(N)} items (${withPauses} with pauses)  best ${round(bestMs, 0)} ms  median ${round(medianMs, 0)} ms  ` +
    `${formatCount(Math.round(N / (bestMs / 1000)))} items/s   (target: < 2000 ms)`,
);
console.log(`  levels on ${TODAY}: green ${levels.green}, yellow ${levels.yellow}, red ${levels.red}; ${uncovered} touch a year without data`);
console.log(`  computeDeadline (day by day)        ${round(simplePerItemUs, 2)} µs/item over ${formatCount(SAMPLE)} items`);
console.log(`  addWorkdays                         p50 ${round(addP50Us, 3)} µs  p95 ${round(addP95Us, 3)} µs  mean ${round(meanUs, 3)} µs  (${sink > 0 ? formatCount(CALLS) : 0} calls)`);

emitResult({
  bench: 'deadlines',
  quick: QUICK,
  calendar_source: calendarData().source,
  calendar_build_ms: round(calendarMs, 1),
  items: N,
  items_with_pauses: withPauses,
  bulk_ms: round(bestMs, 1),
  bulk_median_ms: round(medianMs, 1),
  items_per_s: Math.round(N / (bestMs / 1000)),
  target_ms: 2000,
  simple_us_per_item: round(simplePerItemUs, 2),
  add_workdays_p50_us: round(addP50Us, 3),
  add_workdays_p95_us: round(addP95Us, 3),
  add_workdays_mean_us: round(meanUs, 3),
  levels,
  uncovered_items: uncovered,
});
