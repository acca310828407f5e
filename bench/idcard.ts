import { createBridgeReader } from '../electron/devices/idcard/bridge.js';
import { bmpToPng } from '../electron/devices/idcard/image.js';
import { createSdtapiReader } from '../electron/devices/idcard/sdk-sdtapi.js';
import { createTermbReader } from '../electron/devices/idcard/sdk-termb.js';
import type { IdCardReader } from '../electron/devices/idcard/types.js';
import { DEFAULT_ID_CARD_SETTINGS, validateCardData, type CardFields } from '../shared/idcard.js';
import { compileStandin, makeBmp, startBridgeStandin, standinControl } from '../tests/helpers/idcard.js';
import { emitResult, printSummary, QUICK, round, summarize, type Summary } from './lib.js';

// ID card read → validated result, through the sdk drivers on the compiled stand-in library
// (whose "device" answers at once) and through the bridge driver on a loopback stand-in
// service. What is measured is therefore our own overhead: FFI calls on koffi's worker
// thread, text decoding, BMP → PNG, HTTP and JSON, and the card checks. Target: < 50 ms.

const TODAY = '2026-11-23';
const RUNS = QUICK ? 30 : 300;
const WARMUP = QUICK ? 3 : 20;

async function measure(label: string, once: () => Promise<unknown>): Promise<Summary> {
  for (let i = 0; i < WARMUP; i++) await once();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await once();
    samples.push(performance.now() - t0);
  }
  const s = summarize(samples);
  printSummary(label, s, '< 50 ms');
  return s;
}

function readValidated(reader: IdCardReader) {
  return async () => {
    const fields: CardFields = await reader.read({ timeoutMs: 5000 });
    const r = validateCardData(fields, TODAY);
    if (!r.ok) throw new Error(r.message);
    return r;
  };
}

const pick = (s: Summary) => ({ p50_ms: s.p50_ms, p95_ms: s.p95_ms, max_ms: s.max_ms });

const lib = compileStandin();
standinControl(lib).reset();
console.log(`card read → validated result, ${RUNS} reads each after ${WARMUP} warm-up reads`);

const sdk = { ...DEFAULT_ID_CARD_SETTINGS.sdk, libraryPath: lib, port: 1001 };
const termb = createTermbReader(sdk);
const termbSummary = await measure('sdk termb (GBK text + BMP photo)', readValidated(termb));
await termb.close();
const sdtapi = createSdtapiReader({ ...sdk, family: 'sdtapi', wltDecoderPath: lib });
const sdtapiSummary = await measure('sdk sdtapi (UCS-2 block + WLT)', readValidated(sdtapi));
await sdtapi.close();

const service = await startBridgeStandin();
const bridge = createBridgeReader({ ...DEFAULT_ID_CARD_SETTINGS.bridge, url: service.url });
const bridgeSummary = await measure('bridge (HTTP JSON, base64 BMP)', readValidated(bridge));
// The floor under the bridge figure: one bare loopback request to the same stand-in.
const fetchSummary = summarize(
  await (async () => {
    const s: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      await (await fetch(`${service.url}/readcard`)).json();
      s.push(performance.now() - t0);
    }
    return s;
  })(),
);
printSummary('  of which bare fetch + JSON.parse', fetchSummary);
await bridge.close();
await service.close();

// The parts: the photo conversion and the checks on their own.
const bmp = makeBmp();
const pngSamples: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const t0 = performance.now();
  bmpToPng(bmp);
  pngSamples.push(performance.now() - t0);
}
const pngSummary = summarize(pngSamples);
printSummary('  BMP → PNG (102 × 126)', pngSummary);
const sample = await termb.read({ timeoutMs: 5000 });
await termb.close();
const checkSamples: number[] = [];
for (let i = 0; i < RUNS * 10; i++) {
  const t0 = performance.now();
  validateCardData(sample, TODAY);
  checkSamples.push(performance.now() - t0);
}
const checkSummary = summarize(checkSamples);
printSummary('  validateCardData', checkSummary);

emitResult({
  bench: 'idcard',
  quick: QUICK,
  runs: RUNS,
  target_ms: 50,
  sdk_termb: pick(termbSummary),
  sdk_sdtapi: pick(sdtapiSummary),
  bridge: pick(bridgeSummary),
  bridge_bare_fetch: pick(fetchSummary),
  bmp_to_png: { p50_ms: pngSummary.p50_ms, p95_ms: pngSummary.p95_ms },
  validate: { p50_ms: round(checkSummary.p50_ms, 4), p95_ms: round(checkSummary.p95_ms, 4) },
});
