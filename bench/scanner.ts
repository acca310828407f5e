import { createHash, randomBytes } from 'node:crypto';
import { copyFileSync, openSync, fsyncSync, closeSync, writeFileSync, rmSync, mkdirSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { ingest, INGEST_DEFAULTS, type BlobSink, type IngestOptions } from '../electron/devices/scanner/ingest.js';
import { createBlobFiles } from '../electron/services/blob-files.js';
import { newKeyRingState, ringOf } from '../db/keys.js';
import { emitResult, formatBytes, QUICK, round, tempDir } from './lib.js';

// Page ingest (decode, orient, compress, hash, store) for a 300 dpi A4 colour page, as a document
// camera delivers it (JPEG), as scanimage delivers it (PNM) and as PNG; and the blob store's
// write throughput against a plain fs.copyFile of the same bytes.

const W = 2480;
const H = 3508;
const PAGES = QUICK ? 4 : 20;

/** A realistic page: paper tone with grain, lines of Chinese and Latin text, a stamp-red box. */
async function basePage(): Promise<Buffer> {
  const lines: string[] = [];
  for (let i = 0; i < 56; i++) {
    lines.push(
      `<text x="180" y="${420 + i * 54}" font-family="Noto Sans CJK SC, sans-serif" font-size="34" fill="#1d1d1f">${i + 1}. 申请人承诺所提交材料真实有效，如有虚假愿承担相应法律责任。Applicant ID 2301${String(i).padStart(4, '0')}</text>`,
    );
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}">
    <text x="${W / 2}" y="260" text-anchor="middle" font-family="Noto Sans CJK SC, sans-serif" font-size="72" font-weight="bold">营业执照申请书（模拟）</text>
    ${lines.join('')}
    <rect x="1700" y="3150" width="520" height="220" fill="none" stroke="#c0272d" stroke-width="10"/>
  </svg>`;
  const { data, info } = await sharp({ create: { width: W, height: H, channels: 3, background: '#f3f0e8' } })
    .composite([{ input: Buffer.from(svg) }])
    .raw()
    .toBuffer({ resolveWithObject: true });
  // Scanner grain: small deterministic noise on every sample.
  let seed = 12345;
  for (let i = 0; i < data.length; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    data[i] = Math.max(0, Math.min(255, data[i]! + ((seed >> 16) % 11) - 5));
  }
  if (info.width !== W || info.height !== H) throw new Error('unexpected page size');
  return data;
}

/** Distinct pages (a different page number stamped on each), so every ingest writes a new blob. */
function variants(base: Buffer, n: number): Buffer[] {
  return Array.from({ length: n }, (_, k) => {
    const page = Buffer.from(base);
    // A dark block whose position encodes k: enough to change the output bytes, cheap to make.
    for (let y = 100; y < 140; y++) for (let x = 100 + k * 30; x < 120 + k * 30; x++) page.fill(20, (y * W + x) * 3, (y * W + x) * 3 + 3);
    return page;
  });
}

const t = tempDir('yct-bench-scanner-');
console.log(`building ${PAGES} distinct ${W}×${H} colour pages …`);
let t0 = performance.now();
const raws = variants(await basePage(), PAGES);
const jpegs = await Promise.all(raws.map((r) => sharp(r, { raw: { width: W, height: H, channels: 3 } }).jpeg({ quality: 92 }).toBuffer()));
const pngs = QUICK ? jpegs.slice(0, 0) : await Promise.all(raws.slice(0, 6).map((r) => sharp(r, { raw: { width: W, height: H, channels: 3 } }).png().toBuffer()));
const pnms = raws.map((r) => Buffer.concat([Buffer.from(`P6\n${W} ${H}\n255\n`), r]));
console.log(`  inputs ready in ${round((performance.now() - t0) / 1000, 1)} s: JPEG ${formatBytes(jpegs[0]!.length)}, PNM ${formatBytes(pnms[0]!.length)}${pngs[0] ? `, PNG ${formatBytes(pngs[0].length)}` : ''}`);

let storeNo = 0;
function freshSink(): { sink: BlobSink; bytes: () => number } {
  const files = createBlobFiles(join(t.dir, `store-${storeNo++}`), { keys: ringOf(newKeyRingState()) });
  let total = 0;
  return {
    sink: async (b, mime) => {
      total += b.length;
      return files.put(b, mime);
    },
    bytes: () => total,
  };
}

async function measure(label: string, inputs: Buffer[], concurrency: number, opts: IngestOptions = INGEST_DEFAULTS) {
  const { sink, bytes } = freshSink();
  let next = 0;
  const cpu0 = process.cpuUsage();
  t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < inputs.length) {
        const input = inputs[next++]!;
        await ingest({ bytes: input }, opts, sink);
      }
    }),
  );
  const s = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  // CPU time per page (all threads) tells the cost even when other work shares the machine.
  const cpuMs = (cpu.user + cpu.system) / 1000 / inputs.length;
  const pps = inputs.length / s;
  const out = bytes() / inputs.length;
  console.log(`  ${label.padEnd(32)} ${pps.toFixed(1).padStart(5)} pages/s  (${round((s * 1000) / inputs.length, 0)} ms/page wall, ${round(cpuMs, 0)} ms/page CPU, stored ${formatBytes(out)}/page)`);
  return { pages_per_s: round(pps, 2), ms_per_page: round((s * 1000) / inputs.length, 1), cpu_ms_per_page: round(cpuMs, 1), stored_bytes_per_page: Math.round(out) };
}

console.log(`${availableParallelism()} cores, load average ${loadavg()[0]!.toFixed(1)} (other work on the machine lowers pages/s; CPU ms/page does not change)`);
console.log(`page ingest, 300 dpi A4 colour (quality ${INGEST_DEFAULTS.jpegQuality}, long side ≤ ${INGEST_DEFAULTS.maxLongSide}); target ≥ 10 pages/s:`);
await ingest({ bytes: jpegs[0]! }, INGEST_DEFAULTS, freshSink().sink); // warm-up: libvips start, fonts
const ingestResults = {
  jpeg_sequential: await measure('camera JPEG, one at a time', jpegs, 1),
  jpeg_parallel2: await measure('camera JPEG, two at a time', jpegs, 2),
  pnm_sequential: await measure('scanimage PNM, one at a time', pnms, 1),
  pnm_parallel2: await measure('scanimage PNM, two at a time', pnms, 2),
  ...(pngs.length ? { png_parallel2: await measure('PNG, two at a time', pngs, 2) } : {}),
  // The trade-off behind the default: optimised Huffman tables, smaller but slower.
  jpeg_parallel2_optimised_coding: await measure('camera JPEG, two, optimised coding', jpegs, 2, { ...INGEST_DEFAULTS, optimiseCoding: true }),
};

// Blob store write throughput: hashing, temp file, fsync, rename; against a plain copy.
const SIZE = QUICK ? 16 * 1024 * 1024 : 64 * 1024 * 1024;
const ROUNDS = QUICK ? 2 : 4;
const src = join(t.dir, 'source.bin');
const sources = Array.from({ length: ROUNDS }, () => randomBytes(SIZE));
const mbps = (bytes: number, ms: number) => round(bytes / (1024 * 1024) / (ms / 1000), 1);

const putFiles = createBlobFiles(join(t.dir, 'put'), { keys: ringOf(newKeyRingState()), maxBytes: () => 1 << 30 });
t0 = performance.now();
for (const b of sources) await putFiles.put(b, 'application/octet-stream');
const putMbps = mbps(SIZE * ROUNDS, performance.now() - t0);

const fileStore = createBlobFiles(join(t.dir, 'putfile'), { keys: ringOf(newKeyRingState()), maxBytes: () => 1 << 30 });
let putFileMs = 0;
let copyMs = 0;
let copySyncMs = 0;
mkdirSync(join(t.dir, 'copies'));
for (let i = 0; i < ROUNDS; i++) {
  writeFileSync(src, sources[i]!);
  t0 = performance.now();
  await fileStore.putFile(src, 'application/octet-stream');
  putFileMs += performance.now() - t0;
  t0 = performance.now();
  copyFileSync(src, join(t.dir, 'copies', `plain-${i}`));
  copyMs += performance.now() - t0;
  t0 = performance.now();
  copyFileSync(src, join(t.dir, 'copies', `synced-${i}`));
  const fd = openSync(join(t.dir, 'copies', `synced-${i}`), 'r+');
  fsyncSync(fd);
  closeSync(fd);
  copySyncMs += performance.now() - t0;
}
t0 = performance.now();
for (const b of sources) createHash('sha256').update(b).digest();
const hashMbps = mbps(SIZE * ROUNDS, performance.now() - t0);
const blob = {
  put_mb_s: putMbps,
  put_file_mb_s: mbps(SIZE * ROUNDS, putFileMs),
  copy_file_mb_s: mbps(SIZE * ROUNDS, copyMs),
  copy_file_fsync_mb_s: mbps(SIZE * ROUNDS, copySyncMs),
  sha256_mb_s: hashMbps,
  file_bytes: SIZE,
  files: ROUNDS,
};
console.log(`blob store, ${ROUNDS} × ${formatBytes(SIZE)}:`);
console.log(`  put(bytes)  (hash, temp, fsync, rename) ${blob.put_mb_s} MB/s`);
console.log(`  putFile     (stream, hash, fsync, rename) ${blob.put_file_mb_s} MB/s`);
console.log(`  fs.copyFile (no fsync)                  ${blob.copy_file_mb_s} MB/s`);
console.log(`  fs.copyFile + fsync                     ${blob.copy_file_fsync_mb_s} MB/s`);
console.log(`  sha256 alone                            ${blob.sha256_mb_s} MB/s`);

rmSync(src, { force: true });
t.cleanup();

emitResult({
  bench: 'scanner',
  cores: availableParallelism(),
  load_average_1m: round(loadavg()[0]!, 2),
  quick: QUICK,
  page: { width: W, height: H, pages: PAGES, jpeg_input_bytes: jpegs[0]!.length, target_pages_per_s: 10 },
  ingest: ingestResults,
  blob_store: blob,
});
