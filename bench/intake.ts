import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { v7 } from 'uuid';
import { chromiumPdf, findChromium } from '../electron/host/chromium.js';
import { createHost, DB_FILE, type Host } from '../electron/host/host.js';
import { configureLog } from '../electron/host/log.js';
import { openConfSettings } from '../electron/host/settings.js';
import { DEMO_PASSWORD } from '../seeds/demo.js';
import type { CaseSummary, CaseView } from '../shared/api/intake.js';
import { formatCaseNumber } from '../shared/intake.js';
import { idCheckChar, usccCheckChar } from '../shared/validators.js';
import { emitResult, formatCount, printSummary, QUICK, round, summarize, tempDir } from './lib.js';
import { openRawDb } from '../db/sqlite.js';

// Intake at scale: with 1,000,000 cases in the counter's store, how fast the counter finds a case
// by each key, saves and accepts a case with 10 materials, and how long a card read takes to
// reach the form on screen (browser mode, headless Chromium).

const CASES = QUICK ? 20_000 : 1_000_000;
const QUERIES = QUICK ? 50 : 300;
const SAVES = QUICK ? 20 : 200;
const READS = QUICK ? 5 : 20;

configureLog({ quiet: true });
const tmp = tempDir('yct-bench-intake-');
const open = () => createHost({ dataDir: tmp.dir, shell: 'browser', openSettings: openConfSettings, renderPdf: chromiumPdf, demo: true });
const client = { clientId: 'bench' };
async function ok<T>(host: Host, method: string, input: unknown = {}): Promise<T> {
  const r = await host.call(client, method, input);
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
  return r.value as T;
}

// ---- prefill: projections written directly (the append path is measured by bench/append.ts) ----
let host = await open();
await host.close();
const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红梅鹏辉建国志宏海波';
const nameOf = (n: number) => SURNAMES[n % SURNAMES.length]! + GIVEN[(n >> 7) % GIVEN.length]! + GIVEN[(n >> 13) % GIVEN.length]!;
const idOf = (n: number) => {
  const birth = `19${String(40 + (n % 60)).padStart(2, '0')}${String(1 + (n % 12)).padStart(2, '0')}${String(1 + (n % 28)).padStart(2, '0')}`;
  const first17 = `2327${String(n % 100).padStart(2, '0')}${birth}${String(n % 1000).padStart(3, '0')}`;
  return first17 + idCheckChar(first17);
};
const phoneOf = (n: number) => `13${String(n).padStart(9, '0')}`;
const creditOf = (n: number) => {
  const body = `91232701${String(n).padStart(9, '0')}`;
  return body + usccCheckChar(body);
};
const numberOf = (n: number) => formatCaseNumber('232701', `2026-${String(1 + (n % 12)).padStart(2, '0')}-${String(1 + (n % 28)).padStart(2, '0')}`, 'B3NC', n);

const t0 = performance.now();
{
  const db = openRawDb(join(tmp.dir, DB_FILE));
  db.pragma('journal_mode = WAL');
  const insert = db.prepare(`insert into cases (id, case_number, bundle_id, state, applicant_name, priority, pending_materials, created_at, updated_at, accepted_at, last_event_seq,
    hall_code, catalog_version, applicant_kind, data, applicant_id_number, applicant_phone, credit_code, enterprise_name)
    values (?, ?, ?, 'accepted', ?, null, '[]', ?, ?, ?, 0, '232701', '2024.1', ?, '{}', ?, ?, ?, ?)`);
  const base = Date.parse('2025-01-01T00:00:00Z');
  db.exec('BEGIN');
  for (let n = 0; n < CASES; n++) {
    const at = new Date(base + n * 30_000).toISOString();
    const enterprise = n % 10 === 0;
    insert.run(
      v7({ msecs: base + n * 30_000 }),
      numberOf(n),
      enterprise ? 'hlj.enterprise-cancellation' : 'hlj.newborn',
      nameOf(n),
      at,
      at,
      at,
      enterprise ? 'enterprise' : 'person',
      idOf(n),
      phoneOf(n),
      enterprise ? creditOf(n) : null,
      enterprise ? `漠河${nameOf(n)}商贸有限公司` : null,
    );
  }
  db.exec('COMMIT');
  db.exec('ANALYZE');
  db.close();
}
console.log(`intake benchmark${QUICK ? ' (BENCH_QUICK: reduced sizes)' : ''}: ${formatCount(CASES)} cases prefilled in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

host = await open();
await ok(host, 'auth.signIn', { staffNo: 'sj01', password: DEMO_PASSWORD });

// ---- search p95 by key, through the host (validation, query, masking) ----
const keys: Record<string, (n: number) => string> = {
  caseNumber: numberOf,
  idNumber: idOf,
  phone: phoneOf,
  creditCode: (n) => creditOf(n - (n % 10)),
  name: nameOf,
  enterpriseName: (n) => `漠河${nameOf(n - (n % 10))}`,
};
const search: Record<string, ReturnType<typeof summarize>> = {};
for (const [key, make] of Object.entries(keys)) {
  const samples: number[] = [];
  let found = 0;
  for (let i = 0; i < QUERIES; i++) {
    const n = Math.floor(((i * 7919) % QUERIES) * (CASES / QUERIES));
    const s = performance.now();
    const r = await ok<CaseSummary[]>(host, 'intake.search', { query: make(n) });
    samples.push(performance.now() - s);
    if (r.length) found++;
  }
  if (found < QUERIES * 0.9) throw new Error(`search by ${key} found only ${found}/${QUERIES}`);
  search[key] = summarize(samples);
  printSummary(`search by ${key}`, search[key], '< 30 ms');
}

// ---- save and accept a case with 10 materials (网吧开办 has ten the applicant hands in) ----
const bundle = 'hlj.newborn';
const detail = await ok<{ items: { id: string }[] }>(host, 'catalog.bundle', { id: bundle });
const SAVE_BUNDLE = 'ln.internet-cafe';
const saveDetail = await ok<{ items: { id: string }[] }>(host, 'catalog.bundle', { id: SAVE_BUNDLE });
const saves: number[] = [];
const accepts: number[] = [];
let materialCount = 0;
for (let i = 0; i < SAVES; i++) {
  let v = await ok<CaseView>(host, 'intake.start', { bundleId: SAVE_BUNDLE, itemIds: saveDetail.items.map((x) => x.id), applicantKind: 'enterprise' });
  const fields: Record<string, string> = {};
  for (const f of v.evaluation.fields) {
    fields[f.key] =
      f.type === 'idNumber' ? idOf(i + 7) : f.type === 'creditCode' ? creditOf(i) : f.type === 'phone' ? phoneOf(i) : f.type === 'date' ? '2026-11-01' : f.type === 'number' ? '3' : f.type === 'select' ? f.options![0]! : `${f.label}${i}`;
  }
  // Ten materials, each received as scanned pages.
  const materials: Record<string, unknown> = {};
  for (const m of v.evaluation.materials.filter((x) => !x.exempt).slice(0, 10)) {
    materials[m.key] = { status: 'scanned', pageBlobs: ['a'.repeat(63) + (i % 10)], licenceNo: null, problem: null };
  }
  materialCount = Object.keys(materials).length;
  let s = performance.now();
  v = await ok<CaseView>(host, 'intake.update', { id: v.id, expectedSeq: v.lastEventSeq, patch: { fields, materials } });
  saves.push(performance.now() - s);
  s = performance.now();
  v = await ok<CaseView>(host, 'intake.accept', { id: v.id, expectedSeq: v.lastEventSeq, delivery: { method: 'window', address: null } });
  accepts.push(performance.now() - s);
  if (v.state !== 'accepted') throw new Error('not accepted');
}
const save = summarize(saves);
const accept = summarize(accepts);
printSummary(`save draft (${materialCount} materials, form)`, save, '< 20 ms');
printSummary('accept (number, event, view)', accept, '< 20 ms');
// The simulator imitates a reader's chip time (300 ms); without it the figure below is our own path.
await ok(host, 'auth.signIn', { staffNo: 'admin', password: DEMO_PASSWORD });
const reader = await ok<{ settings: { simulator: Record<string, unknown> } }>(host, 'admin.getIdcardSettings');
await ok(host, 'admin.updateIdcardSettings', { ...reader.settings, simulator: { ...reader.settings.simulator, readDelayMs: 0 } });
await host.close();

// ---- card read → form filled, in the real UI (browser mode) ----
let cardToForm: ReturnType<typeof summarize> | null = null;
const chromiumBin = findChromium();
if (chromiumBin) {
  const child = spawn(process.execPath, [join(process.cwd(), 'dist/host/browser.js'), '--data-dir', tmp.dir, '--no-open', '--quiet'], { stdio: 'pipe' });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /YCT_READY (\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`host exited ${code}`)));
  });
  const browser = await chromium.launch({ executablePath: chromiumBin, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'] });
  try {
    const page = await (await browser.newContext({ viewport: { width: 1366, height: 860 } })).newPage();
    await page.goto(url);
    await page.getByLabel('工号').fill('sj01');
    await page.getByLabel('密码').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByText('首页').first().waitFor();
    const call = (method: string, input: unknown) =>
      page.evaluate(
        async ([m, i]) => {
          const [ns, fn] = (m as string).split('.') as [string, string];
          return (window as unknown as { api: Record<string, Record<string, (x: unknown) => Promise<unknown>>> }).api[ns]![fn]!(i);
        },
        [method, input] as const,
      );
    const samples: number[] = [];
    for (let i = 0; i < READS; i++) {
      const v = (await call('intake.start', { bundleId: bundle, itemIds: [detail.items[0]!.id], applicantKind: 'person' })) as CaseView;
      await call('idcard.simulate', { card: i % 3 });
      await page.evaluate((id) => (window.location.hash = `#/intake/case/${id}`), v.id);
      // The new case's empty form, not the previous case's screen on its way out.
      await page.waitForFunction(() => document.querySelector<HTMLInputElement>('[data-field="applicant.name"]')?.value === '');
      // Timed inside the page: from just before the clerk presses 读卡 to the name on screen.
      const t0 = await page.evaluate(() => {
        const w = window as unknown as { filledAt?: number };
        delete w.filledAt;
        const tick = () =>
          document.querySelector<HTMLInputElement>('[data-field="applicant.name"]')?.value ? (w.filledAt = performance.now()) : requestAnimationFrame(tick);
        tick();
        return performance.now();
      });
      await page.getByTestId('idcard-read').click();
      const filledAt = (await (await page.waitForFunction(() => (window as unknown as { filledAt?: number }).filledAt, undefined, { timeout: 10_000 })).jsonValue()) as number;
      const ms = filledAt - t0;
      samples.push(ms);
    }
    cardToForm = summarize(samples);
    printSummary('读卡 click → form filled (UI)', cardToForm, '< 300 ms');
  } finally {
    await browser.close();
    child.kill('SIGTERM');
  }
} else console.log('  card read → form: skipped, no Chromium on this machine');
tmp.cleanup();

emitResult({
  bench: 'intake',
  quick: QUICK,
  cases: CASES,
  search_p95_ms: Object.fromEntries(Object.entries(search).map(([k, s]) => [k, s.p95_ms])),
  search_target_p95_ms: 30,
  save_draft: { materials: materialCount, p50_ms: save.p50_ms, p95_ms: save.p95_ms },
  accept: { p50_ms: accept.p50_ms, p95_ms: accept.p95_ms },
  save_target_p95_ms: 20,
  card_to_form: cardToForm ? { p50_ms: round(cardToForm.p50_ms, 1), p95_ms: round(cardToForm.p95_ms, 1), target_ms: 300 } : null,
});
