import { pinyin } from 'pinyin-pro';
import { chromiumPdf } from '../electron/host/chromium.js';
import { createHost } from '../electron/host/host.js';
import { configureLog } from '../electron/host/log.js';
import { openConfSettings } from '../electron/host/settings.js';
import { DEMO_PASSWORD } from '../seeds/demo.js';
import { catalog } from '../seeds/catalog/index.js';
import { buildMaterialSet, buildMergedForm, bundlePromisedDays, indexCatalog } from '../shared/catalog-builders.js';
import { buildSearchIndex } from '../shared/search.js';
import { emitResult, printSummary, QUICK, round, summarize, tempDir } from './lib.js';

// Catalog search latency over the full catalog, the reform figures per bundle,
// and the time to print a one-time notice to PDF.

const ix = indexCatalog(catalog);

let t0 = performance.now();
const index = buildSearchIndex(catalog.bundles, (b) => [b.name, ...b.items.map((e) => ix.item(e.itemId).name)]);
const buildMs = performance.now() - t0;

// Queries as clerks type them: Chinese fragments, full pinyin, initials, and misses.
const names = catalog.bundles.map((b) => b.name).concat(catalog.items.map((i) => i.name));
const queries: string[] = [];
for (let i = 0; queries.length < 1000; i++) {
  const name = names[i % names.length]!;
  const syl = pinyin(name, { toneType: 'none', type: 'array' });
  switch (i % 4) {
    case 0:
      queries.push(name.slice(0, 2 + (i % 3)));
      break;
    case 1:
      queries.push(syl.slice(0, 2).join(''));
      break;
    case 2:
      queries.push(syl.slice(0, 3).map((s) => s[0]).join(''));
      break;
    default:
      queries.push(`zz${i}`);
  }
}
const samples: number[] = [];
let hits = 0;
for (const q of queries) {
  t0 = performance.now();
  hits += index.search(q).length > 0 ? 1 : 0;
  samples.push(performance.now() - t0);
}
const search = summarize(samples);
console.log(`search index over ${catalog.bundles.length} bundles / ${catalog.items.length} items built in ${round(buildMs, 1)} ms`);
printSummary(`search, ${queries.length} queries (${hits} with hits)`, search, '< 5 ms p95');

// 减材料、减环节: what one form and one material set save against item-by-item applications.
const figures = catalog.bundles.map((b) => {
  const form = buildMergedForm(ix, b.id);
  const set = buildMaterialSet(ix, b.id);
  return {
    bundle: `${b.region === 'heilongjiang' ? '黑' : '辽'}·${b.name}`,
    items: b.items.length,
    fields: `${form.separateFieldCount} → ${form.fields.length}`,
    materials: `${set.separateMaterialCount} → ${set.materials.length}`,
    exempt: set.exemptCount,
    promisedDays: bundlePromisedDays(ix, b.id),
  };
});
console.table(figures);

// Notice PDF through the real host path (catalog.noticePdf), printed by headless Chromium as in browser mode.
const tmp = tempDir('yct-bench-catalog-');
configureLog({ quiet: true });
const host = await createHost({ dataDir: tmp.dir, shell: 'browser', openSettings: openConfSettings, renderPdf: chromiumPdf, demo: true });
const client = { clientId: 'bench' };
await host.call(client, 'auth.signIn', { staffNo: 'sj01', password: DEMO_PASSWORD });
const pdfSamples: number[] = [];
const pdfBundles = QUICK ? ['hlj.newborn'] : ['hlj.newborn', 'hlj.enterprise-cancellation', 'hlj.listing-check', 'ln.after-death', 'hlj.retirement'];
for (const id of pdfBundles) {
  t0 = performance.now();
  const r = await host.call(client, 'catalog.noticePdf', { id });
  pdfSamples.push(performance.now() - t0);
  if (!r.ok) throw new Error(r.error.message);
  console.log(`notice PDF ${ix.bundle(id).name}: ${round(pdfSamples.at(-1)!, 0)} ms, ${Buffer.from((r.value as { pdfBase64: string }).pdfBase64, 'base64').length} bytes`);
}
await host.close();
tmp.cleanup();
const pdfSummary = summarize(pdfSamples);
printSummary('notice PDF (headless Chromium)', pdfSummary);

emitResult({
  bench: 'catalog',
  quick: QUICK,
  search_build_ms: round(buildMs, 1),
  search: { queries: queries.length, p50_ms: search.p50_ms, p95_ms: search.p95_ms, max_ms: search.max_ms, target_p95_ms: 5 },
  notice_pdf: { runs: pdfSamples.length, p50_ms: pdfSummary.p50_ms, max_ms: pdfSummary.max_ms },
  bundles: figures,
});
