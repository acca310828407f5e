import sharp from 'sharp';
import { createHost } from '../../electron/host/host.js';
import { chromiumPdf } from '../../electron/host/chromium.js';
import { configureLog } from '../../electron/host/log.js';
import { openConfSettings } from '../../electron/host/settings.js';
import { DEMO_PASSWORD } from '../../seeds/demo.js';
import type { CaseView } from '../../shared/api/intake.js';
import type { SyncStatus } from '../../shared/api/sync.js';
import { completeFields, idNumber, receiveMaterials } from './intake.js';

// A real host in its own process for the SIGKILL loop (kill-loop.test.ts). Modes:
//   intake <dir> <seed>            loop: start, save fields, attach a page, save materials, accept
//   sync <dir> <seed>              the same, with a push to the central service after every case
//   enrol <dir> <centralUrl> <code> configure and enrol sync, then exit cleanly
//   drain <dir>                    sync until nothing is pending, then exit cleanly
// Lines on stdout: ACCEPTED <caseId> only after intake.accept returned; READY after the first one.

configureLog({ quiet: true });
const [mode, dir, arg3, arg4] = process.argv.slice(2) as [string, string, string?, string?];
const host = await createHost({ dataDir: dir, shell: 'browser', openSettings: openConfSettings, renderPdf: chromiumPdf, demo: true });

async function ok<T>(client: string, method: string, input: unknown = {}): Promise<T> {
  const r = await host.call({ clientId: client }, method, input);
  if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}
const say = (line: string) => process.stdout.write(`${line}\n`);
async function finish(code: number): Promise<never> {
  await host.close();
  process.exit(code);
}

if (mode === 'enrol') {
  await ok('a', 'auth.signIn', { staffNo: 'admin', password: DEMO_PASSWORD });
  await ok('a', 'admin.syncConfigure', { centralUrl: arg3 });
  await ok('a', 'admin.syncEnrol', { code: arg4 });
  say('ENROLLED');
  await finish(0);
}

await ok('k', 'auth.signIn', { staffNo: 'sj01', password: DEMO_PASSWORD });

if (mode === 'drain') {
  for (let i = 0; i < 100; i++) {
    const s = await ok<SyncStatus>('k', 'sync.now');
    say(`SYNC ${s.state} pending=${s.pendingEvents}+${s.pendingBlobs}`);
    if (s.lastError === null && s.pendingEvents + s.pendingBlobs === 0) {
      say('CLEAN');
      await finish(0);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await finish(3);
}

// Distinct applicants and page images per run and case: the seed comes from the parent.
let state = Number(arg3 ?? 1) >>> 0 || 1;
const next = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0);
const bundle = await ok<{ items: { id: string }[] }>('k', 'catalog.bundle', { id: 'hlj.newborn' });
// One whole case before READY: every run adds an accepted case that the later kills must not lose.
for (let i = 0; ; i++) {
  if (i === 1) say('READY');
  let v = await ok<CaseView>('k', 'intake.start', { bundleId: 'hlj.newborn', itemIds: bundle.items.map((x) => x.id), applicantKind: 'person' });
  const applicant = idNumber(`19${String(60 + (next() % 40))}0${1 + (next() % 9)}1${next() % 10}`, next() % 1000);
  v = await ok<CaseView>('k', 'intake.update', { id: v.id, expectedSeq: v.lastEventSeq, patch: { fields: completeFields(v, { 'applicant.name': '王丽', 'applicant.idNumber': applicant }) } });
  const rgb = next();
  const jpeg = await sharp({ create: { width: 48, height: 64, channels: 3, background: { r: rgb & 255, g: (rgb >> 8) & 255, b: (rgb >> 16) & 255 } } })
    .jpeg()
    .toBuffer();
  const { pages } = await ok<{ pages: { sha256: string }[] }>('k', 'scanner.attach', { name: '出生医学证明.jpg', dataBase64: jpeg.toString('base64') });
  const materials = receiveMaterials(v);
  const first = Object.keys(materials)[0]!;
  materials[first] = { ...materials[first]!, pageBlobs: [pages[0]!.sha256] };
  v = await ok<CaseView>('k', 'intake.update', { id: v.id, expectedSeq: v.lastEventSeq, patch: { materials } });
  v = await ok<CaseView>('k', 'intake.accept', { id: v.id, expectedSeq: v.lastEventSeq, delivery: { method: 'window', address: null } });
  say(`ACCEPTED ${v.id}`);
  if (mode === 'sync') await ok('k', 'sync.now');
}
