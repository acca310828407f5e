import { performance } from 'node:perf_hooks';
// @ts-expect-error plain ESM tooling script without types
import { extract } from '../scripts/i18n.mjs';
import { renderDocument } from '../shared/documents/index.js';
import { CATALOGS, LANGS, translator } from '../shared/i18n/index.js';
import { samples } from '../tests/fixtures/documents-i18n/latin.js';
import { emitResult, printSummary, QUICK, repoRoot, round, summarize } from './lib.js';

// What the languages cost: a catalog lookup (first and repeated), rendering each counter document in Chinese, English
// and Russian (the HTML the host prints; printing itself is in bench/catalog.ts), and the catalog
// check that the unit test and `npm run i18n` run over the whole renderer.

// Cold: every key of the documents catalog once (i18next resolves it); warm: the same calls again,
// answered from the translator's memo, which is what a re-rendering screen sees.
const docKeys = Object.keys(CATALOGS.zh.documents ?? {});
const lookup: Record<string, { cold_us: number; warm_us: number }> = {};
for (const lang of LANGS) {
  const t = translator(lang, 'documents');
  let t0 = performance.now();
  for (const k of docKeys) t(k, { count: 3, n: 1 });
  const cold = ((performance.now() - t0) * 1000) / docKeys.length;
  const rounds = QUICK ? 20 : 200;
  t0 = performance.now();
  for (let i = 0; i < rounds; i++) for (const k of docKeys) t(k, { count: 3, n: 1 });
  const warm = ((performance.now() - t0) * 1000) / (rounds * docKeys.length);
  lookup[lang] = { cold_us: round(cold, 2), warm_us: round(warm, 3) };
  console.log(`t() in ${lang}: ${lookup[lang].cold_us} µs first time, ${lookup[lang].warm_us} µs again (${docKeys.length} keys)`);
}

const runs = QUICK ? 20 : 200;
const render: Record<string, { p50_ms: number; p95_ms: number }> = {};
for (const lang of LANGS) {
  for (const [kind, input] of Object.entries(samples)) {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      renderDocument(kind as keyof typeof samples, input as never, lang);
      times.push(performance.now() - t0);
    }
    const s = summarize(times);
    render[`${kind}.${lang}`] = { p50_ms: s.p50_ms, p95_ms: s.p95_ms };
    printSummary(`render ${kind} (${lang})`, s);
  }
}

const checks: number[] = [];
let keyCount = 0;
for (let i = 0; i < (QUICK ? 2 : 5); i++) {
  const t0 = performance.now();
  const r = extract(repoRoot()) as { catalogs: Record<string, Record<string, string>> };
  checks.push(performance.now() - t0);
  keyCount = Object.values(r.catalogs).reduce((n, c) => n + Object.keys(c).length, 0);
}
const check = summarize(checks);
printSummary(`catalog check over the sources (${keyCount} keys)`, check);

emitResult({ bench: 'i18n', quick: QUICK, lookup_us: lookup, render, catalog_check: { keys: keyCount, p50_ms: check.p50_ms, max_ms: check.max_ms } });
