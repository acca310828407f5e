import { randomBytes } from 'node:crypto';
import { chromiumPdf } from '../electron/host/chromium.js';
import { createHost, type Host } from '../electron/host/host.js';
import { configureLog } from '../electron/host/log.js';
import { openConfSettings } from '../electron/host/settings.js';
import { DEMO_PASSWORD } from '../seeds/demo.js';
import type { ArchivePackageView } from '../shared/api/archive.js';
import type { DeliveryView } from '../shared/api/delivery.js';
import type { CaseView } from '../shared/api/intake.js';
import type { SubApplication } from '../shared/api/routing.js';
import { completeFields, idNumber, receiveMaterials } from '../tests/helpers/intake.js';
import { emitResult, formatBytes, printSummary, QUICK, round, summarize, tempDir } from './lib.js';

// 电子化归档: the package of a delivered 20-page case (20 scans of ~300 KB, acceptance notice and
// receipt printed to PDF through headless Chromium, form, events, manifest, HMAC) — build time,
// the share of it spent printing, and the time to verify the package.

const PAGES = QUICK ? 4 : 20;
const PAGE_BYTES = 300 * 1024;
const BUILDS = QUICK ? 1 : 5;
const VERIFIES = QUICK ? 3 : 20;

configureLog({ quiet: true });
const tmp = tempDir('yct-bench-archive-');
let pdfMs = 0;
const host: Host = await createHost({
  dataDir: tmp.dir,
  shell: 'browser',
  openSettings: openConfSettings,
  demo: true,
  renderPdf: async (html) => {
    const t = performance.now();
    try {
      return await chromiumPdf(html);
    } finally {
      pdfMs += performance.now() - t;
    }
  },
});
async function ok<T>(client: string, method: string, input: unknown = {}): Promise<T> {
  const r = await host.call({ clientId: client }, method, input);
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
  return r.value as T;
}
for (const staffNo of ['sj01', 'sp02', 'sp03', 'cj01', 'zb01']) await ok(staffNo, 'auth.signIn', { staffNo, password: DEMO_PASSWORD });

/** A delivered newborn case whose first material is PAGES scanned pages. */
async function deliveredCase(n: number): Promise<string> {
  const pages: string[] = [];
  for (let i = 0; i < PAGES; i++) {
    const b = await host.services.blobFiles.put(randomBytes(PAGE_BYTES), 'image/jpeg');
    await host.services.store.blobs.record(b, new Date().toISOString());
    pages.push(b.sha256);
  }
  let v = await ok<CaseView>('sj01', 'intake.start', { bundleId: 'hlj.newborn', itemIds: ['hlj.newborn.birth-certificate', 'hlj.newborn.hukou'], applicantKind: 'person' });
  const mother = idNumber('19920304', 100 + n);
  v = await ok<CaseView>('sj01', 'intake.update', { id: v.id, expectedSeq: v.lastEventSeq, patch: { fields: completeFields(v, { 'applicant.name': '王丽', 'applicant.idNumber': mother }) } });
  const materials = receiveMaterials(v);
  const first = Object.keys(materials)[0]!;
  v = await ok<CaseView>('sj01', 'intake.update', { id: v.id, expectedSeq: v.lastEventSeq, patch: { materials: { ...materials, [first]: { status: 'scanned', pageBlobs: pages, licenceNo: null, problem: null } } } });
  v = await ok<CaseView>('sj01', 'intake.accept', { id: v.id, expectedSeq: v.lastEventSeq, delivery: { method: 'window', address: null } });
  for (const [who, item] of [['sp02', 'hlj.newborn.birth-certificate'], ['sp03', 'hlj.newborn.hukou']] as const) {
    let s = await ok<SubApplication>(who, 'review.open', { caseId: v.id, itemId: item });
    s = await ok<SubApplication>(who, 'review.receive', { caseId: v.id, itemId: item, expectedVersion: s.version });
    await ok(who, 'review.approve', { caseId: v.id, itemId: item, expectedVersion: s.version, result: { number: 'No.1', elicenseId: 'EL-1', documentBlobs: [], note: null } });
  }
  const d = await ok<DeliveryView>('cj01', 'delivery.open', { caseId: v.id });
  const paper = await host.services.blobFiles.put(randomBytes(PAGE_BYTES), 'image/jpeg');
  await host.services.store.blobs.record(paper, new Date().toISOString());
  await ok('cj01', 'delivery.handOver', {
    caseId: v.id,
    expectedSeq: d.expectedSeq,
    itemIds: d.items.map((i) => i.itemId),
    ticked: [...d.items.flatMap((i) => i.entries.filter((e) => e.kind !== 'elicense').map((e) => e.key)), ...d.originals.map((e) => e.key)],
    recipient: { name: '王丽', idNumber: mother, verification: 'reader' },
    signatureBlob: null,
    signedPaperBlobs: [paper.sha256],
  });
  return v.id;
}

await chromiumPdf('<p>warm-up</p>'); // the browser's first start is not the package's cost
const buildSamples: number[] = [];
const pdfSamples: number[] = [];
let last: ArchivePackageView | null = null;
for (let i = 0; i < BUILDS; i++) {
  const caseId = await deliveredCase(i);
  pdfMs = 0;
  const t = performance.now();
  last = await ok<ArchivePackageView>('zb01', 'archive.build', { caseId });
  buildSamples.push(performance.now() - t);
  pdfSamples.push(pdfMs);
}
const build = summarize(buildSamples);
const printing = summarize(pdfSamples);
const rest = summarize(buildSamples.map((b, i) => b - pdfSamples[i]!));
console.log(`package: ${last!.files} files, ${formatBytes(last!.bytes)} (${PAGES} scans of ${formatBytes(PAGE_BYTES)})`);
printSummary(`build, ${PAGES}-page case (total)`, build);
printSummary('  of which PDF printing (2 docs)', printing);
printSummary('  of which files, hashes, fsync', rest);

const verifySamples: number[] = [];
for (let i = 0; i < VERIFIES; i++) {
  const t = performance.now();
  const r = await ok<{ ok: boolean }>('zb01', 'archive.verify', { folder: last!.folder });
  verifySamples.push(performance.now() - t);
  if (!r.ok) console.log('  (verify reported problems)');
}
const verify = summarize(verifySamples);
printSummary('verify (signature + every file)', verify);

await host.close();
tmp.cleanup();

emitResult({
  bench: 'archive',
  pages: PAGES,
  pageBytes: PAGE_BYTES,
  packageFiles: last!.files,
  packageBytes: last!.bytes,
  buildP50Ms: round(build.p50_ms, 1),
  buildPdfP50Ms: round(printing.p50_ms, 1),
  buildWithoutPdfP50Ms: round(rest.p50_ms, 1),
  verifyP50Ms: round(verify.p50_ms, 1),
});
