import { chromiumPdf } from '../electron/host/chromium.js';
import { DOCUMENT_KINDS, renderDocument, type DocumentKind } from '../shared/documents/index.js';
import { samples } from '../tests/fixtures/documents/inputs.js';
import { emitResult, printSummary, QUICK, round, summarize, type Summary } from './lib.js';

// The intake documents: HTML generation (validation, escaping, barcode and QR included) per kind,
// and the time headless Chromium takes to print the acceptance notice to PDF.

const htmlRuns = QUICK ? 20 : 300;
const pdfRuns = QUICK ? 1 : 7;

const html: Partial<Record<DocumentKind, Summary & { bytes: number }>> = {};
console.log(`HTML generation, ${htmlRuns} runs per kind (after 5 warm-up runs)`);
for (const kind of DOCUMENT_KINDS) {
  const input = samples[kind] as never;
  for (let i = 0; i < 5; i++) renderDocument(kind, input);
  const samplesMs: number[] = [];
  let bytes = 0;
  for (let i = 0; i < htmlRuns; i++) {
    const t0 = performance.now();
    bytes = renderDocument(kind, input).length;
    samplesMs.push(performance.now() - t0);
  }
  const s = summarize(samplesMs);
  html[kind] = { ...s, bytes };
  printSummary(`${kind} (${Math.round(bytes / 1024)} KiB)`, s, '< 20 ms p95');
}

const acceptanceHtml = renderDocument('acceptance', samples.acceptance);
const pdfMs: number[] = [];
let pdfBytes = 0;
for (let i = 0; i < pdfRuns; i++) {
  const t0 = performance.now();
  pdfBytes = (await chromiumPdf(acceptanceHtml)).length;
  pdfMs.push(performance.now() - t0);
}
const pdf = summarize(pdfMs);
printSummary(`acceptance PDF, ${pdfRuns} runs (${Math.round(pdfBytes / 1024)} KiB)`, pdf);

emitResult({
  bench: 'documents',
  quick: QUICK,
  html: Object.fromEntries(Object.entries(html).map(([k, s]) => [k, { runs: s.n, p50_ms: s.p50_ms, p95_ms: s.p95_ms, max_ms: s.max_ms, bytes: s.bytes }])),
  acceptance_pdf: { runs: pdf.n, p50_ms: pdf.p50_ms, max_ms: pdf.max_ms, bytes: pdfBytes, kib: round(pdfBytes / 1024, 1) },
});
