import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ArchivePackageView, VerifyResult } from '../../shared/api/archive.js';
import type { DeliveryView } from '../../shared/api/delivery.js';
import type { CaseView } from '../../shared/api/intake.js';
import type { SubApplication } from '../../shared/api/routing.js';
import { manifestSchema, type Manifest } from '../../shared/archive.js';
import { DEMO_PASSWORD } from '../../seeds/demo.js';
import { testHost } from '../helpers/host.js';
import { completeFields, idNumber, receiveMaterials } from '../helpers/intake.js';

// 电子化归档 through the real host: a newborn case with scans taken to delivery, its package on
// disk with every expected file, verification (host method and the CLI as a child process) passing
// and then failing for a changed byte, a removed file, an extra file and an edited manifest;
// idempotent builds, a new revision after a rating, the background sweep and a date-range export.

type TH = Awaited<ReturnType<typeof testHost>>;

const BIRTH_CERT = 'hlj.newborn.birth-certificate';
const HUKOU = 'hlj.newborn.hukou';
const C = 'counter';
const WJW = 'sp02';
const GAJ = 'sp03';
const CJ = 'cj01';
const SUP = 'zb01';
const ADMIN = 'admin';
const APPLICANT = 'applicant-window';
const MOTHER = idNumber('19920304', 456);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
// Bundled inside node_modules so that its external packages resolve from the repository.
const CLI_OUT = join(ROOT, 'node_modules', '.cache', `yct-archive-test-${process.pid}`, 'cli.mjs');

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function filesUnder(root: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else out.push(relative(root, join(d, e.name)).split(sep).join('/'));
    }
  };
  walk(root);
  return out.sort();
}

function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI_OUT, ...args], { timeout: 120_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? -1) : 0, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  await build({ entryPoints: [join(ROOT, 'electron/host/cli.ts')], bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile: CLI_OUT, logLevel: 'silent' });
});
afterAll(() => rmSync(join(CLI_OUT, '..'), { recursive: true, force: true }));

describe('archive packages through the host', () => {
  const dirs: string[] = [];
  const hosts: TH[] = [];
  afterEach(async () => {
    for (const h of hosts.splice(0)) await h.host.close().catch(() => undefined);
    for (const d of dirs.splice(0)) {
      rmSync(d, { recursive: true, force: true });
      rmSync(`${d}.key`, { force: true }); // the data key file beside the folder
    }
  });

  async function host(): Promise<TH> {
    const dir = mkdtempSync(join(tmpdir(), 'yct-archive-'));
    dirs.push(dir);
    const h = await testHost({ dataDir: dir });
    hosts.push(h);
    for (const staffNo of ['sj01', WJW, GAJ, CJ, SUP, 'admin']) await h.ok(staffNo === 'sj01' ? C : staffNo, 'auth.signIn', { staffNo, password: DEMO_PASSWORD });
    return h;
  }

  async function stored(h: TH, bytes: Buffer, mime: string): Promise<string> {
    const b = await h.host.services.blobFiles.put(bytes, mime);
    await h.host.services.store.blobs.record(b, new Date().toISOString());
    return b.sha256;
  }

  const page = (n: number) =>
    sharp({ create: { width: 320, height: 400, channels: 3, background: { r: 250 - n * 20, g: 250, b: 240 } } })
      .jpeg()
      .toBuffer();

  /** A newborn case: one material scanned (two pages), accepted, both items approved (one with a result PDF). */
  async function ready(h: TH): Promise<{ v: CaseView; pages: string[]; resultDoc: string; scannedKey: string }> {
    const pages = [await stored(h, await page(1), 'image/jpeg'), await stored(h, await page(2), 'image/jpeg')];
    const resultDoc = await stored(h, Buffer.from('%PDF-1.4 birth certificate result'), 'application/pdf');
    let v = await h.ok<CaseView>(C, 'intake.start', { bundleId: 'hlj.newborn', itemIds: [BIRTH_CERT, HUKOU], applicantKind: 'person' });
    v = await h.ok<CaseView>(C, 'intake.update', {
      id: v.id,
      expectedSeq: v.lastEventSeq,
      patch: { fields: completeFields(v, { 'applicant.name': '王丽', 'applicant.idNumber': MOTHER, 'applicant.phone': '13904571234' }) },
    });
    const materials = receiveMaterials(v);
    const scannedKey = Object.keys(materials)[0]!;
    v = await h.ok<CaseView>(C, 'intake.update', {
      id: v.id,
      expectedSeq: v.lastEventSeq,
      patch: { materials: { ...materials, [scannedKey]: { status: 'scanned', pageBlobs: pages, licenceNo: null, problem: null } } },
    });
    v = await h.ok<CaseView>(C, 'intake.accept', { id: v.id, expectedSeq: v.lastEventSeq, delivery: { method: 'window', address: null } });
    for (const [who, item, docs] of [
      [WJW, BIRTH_CERT, [resultDoc]],
      [GAJ, HUKOU, []],
    ] as const) {
      let s = await h.ok<SubApplication>(who, 'review.open', { caseId: v.id, itemId: item });
      s = await h.ok<SubApplication>(who, 'review.receive', { caseId: v.id, itemId: item, expectedVersion: s.version });
      await h.ok(who, 'review.approve', { caseId: v.id, itemId: item, expectedVersion: s.version, result: { number: `No.${item.slice(-4)}`, elicenseId: `EL-${item.slice(-4)}`, documentBlobs: docs, note: null } });
    }
    return { v, pages, resultDoc, scannedKey };
  }

  async function deliver(h: TH, caseId: string): Promise<{ visitId: string; signatureBlob: string }> {
    const d = await h.ok<DeliveryView>(CJ, 'delivery.open', { caseId });
    const items = [BIRTH_CERT, HUKOU];
    const ticked = [...d.items.flatMap((i) => i.entries.filter((e) => e.kind !== 'elicense').map((e) => e.key)), ...d.originals.map((e) => e.key)];
    const { promptId } = await h.ok<{ promptId: string }>(CJ, 'delivery.signaturePrompt', { caseId, itemIds: items });
    const png = await sharp({ create: { width: 600, height: 200, channels: 3, background: '#ffffff' } })
      .composite([{ input: Buffer.from('<svg width="600" height="200"><path d="M20 150 C 120 20, 220 180, 320 60" stroke="black" stroke-width="6" fill="none"/></svg>') }])
      .png()
      .toBuffer();
    await h.ok(APPLICANT, 'applicant.sign', { promptId, pngBase64: png.toString('base64') });
    const { signatureBlob } = await h.ok<{ signatureBlob: string }>(CJ, 'delivery.promptResult', { promptId });
    const done = await h.ok<{ visitId: string; view: DeliveryView }>(CJ, 'delivery.handOver', {
      caseId,
      expectedSeq: d.expectedSeq,
      itemIds: items,
      ticked,
      recipient: { name: '王丽', idNumber: MOTHER, verification: 'reader' },
      signatureBlob,
    });
    expect(done.view.state).toBe('delivered');
    return { visitId: done.visitId, signatureBlob };
  }

  /** A case refused at the counter: final at once, one notice. */
  async function refused(h: TH): Promise<CaseView> {
    let v = await h.ok<CaseView>(C, 'intake.start', { bundleId: 'hlj.newborn', itemIds: [BIRTH_CERT, HUKOU], applicantKind: 'person' });
    v = await h.ok<CaseView>(C, 'intake.update', { id: v.id, expectedSeq: v.lastEventSeq, patch: { fields: completeFields(v, { 'applicant.name': '李梅', 'applicant.idNumber': idNumber('19880101', 222) }) } });
    return h.ok<CaseView>(C, 'intake.refuse', { id: v.id, expectedSeq: v.lastEventSeq, reason: '申请事项不属于本中心受理范围', legalBasis: null });
  }

  it('packages a delivered case with every document, scan, result, signature, the form and the events; verify passes, then names each tampering', { timeout: 120_000 }, async () => {
    const h = await host();
    const { v, pages, resultDoc, scannedKey } = await ready(h);

    // Not finished yet: refused with the reason, nothing written.
    const early = await h.call(SUP, 'archive.build', { caseId: v.id });
    expect(early.ok ? null : early.error).toMatchObject({ code: 'INVALID_TRANSITION' });
    expect(early.ok ? '' : early.error.message).toMatch(/尚未办结/);

    const { signatureBlob } = await deliver(h, v.id);
    // The counter clerk may not archive; the supervisor may.
    const denied = await h.call(C, 'archive.build', { caseId: v.id });
    expect(denied.ok ? null : denied.error.code).toBe('FORBIDDEN');
    const pkg = await h.ok<ArchivePackageView & { built: boolean }>(SUP, 'archive.build', { caseId: v.id });
    expect(pkg).toMatchObject({ caseId: v.id, caseNumber: v.caseNumber, revision: 1, folder: v.caseNumber, finalState: 'delivered', endedOn: '2026-11-23' });

    const root = join(h.dir, 'archive', pkg.folder);
    const files = filesUnder(root);
    const matKey = scannedKey.replace(/[^A-Za-z0-9._-]/g, '_');
    expect(files).toEqual(
      [
        'documents/01-受理通知书.pdf',
        'documents/02-出件回执-C1.pdf',
        `materials/${matKey}/01.jpg`,
        `materials/${matKey}/02.jpg`,
        `results/${BIRTH_CERT}/01.pdf`,
        'signatures/01.png',
        'form.json',
        'events.jsonl',
        'manifest.json',
        'manifest.sig.json',
      ].sort(),
    );
    for (const f of files.filter((x) => x.endsWith('.pdf') && x.startsWith('documents/'))) expect(readFileSync(join(root, f)).subarray(0, 5).toString()).toBe('%PDF-');
    // Scans, result and signature are the stored bytes themselves.
    expect(sha(readFileSync(join(root, `materials/${matKey}/01.jpg`)))).toBe(pages[0]);
    expect(sha(readFileSync(join(root, `materials/${matKey}/02.jpg`)))).toBe(pages[1]);
    expect(sha(readFileSync(join(root, `results/${BIRTH_CERT}/01.pdf`)))).toBe(resultDoc);
    expect(sha(readFileSync(join(root, 'signatures/01.png')))).toBe(signatureBlob);

    const manifestBytes = readFileSync(join(root, 'manifest.json'));
    const manifest: Manifest = manifestSchema.parse(JSON.parse(manifestBytes.toString('utf8')));
    expect(manifest).toMatchObject({ caseId: v.id, caseNumber: v.caseNumber, revision: 1, supersedes: null, catalogVersion: v.catalogVersion, finalState: 'delivered', signatureAlgorithm: 'HMAC-SHA-256' });
    expect(manifest.generatedBy.deviceId).toBe(h.host.services.settings.read().deviceId);
    expect(manifest.hall.code).toBe(h.host.services.settings.read().installation!.hallCode);
    expect(manifest.files.map((f) => f.path).sort()).toEqual(files.filter((f) => !f.startsWith('manifest')));
    for (const f of manifest.files) {
      const bytes = readFileSync(join(root, f.path));
      expect([f.path, f.size, f.sha256]).toEqual([f.path, bytes.length, sha(bytes)]);
    }
    expect(Object.fromEntries(manifest.files.map((f) => [f.path, f.role]))).toMatchObject({
      'documents/01-受理通知书.pdf': 'document',
      [`materials/${matKey}/01.jpg`]: 'material',
      [`results/${BIRTH_CERT}/01.pdf`]: 'result',
      'signatures/01.png': 'signature',
      'form.json': 'form',
      'events.jsonl': 'events',
    });
    const sig = JSON.parse(readFileSync(join(root, 'manifest.sig.json'), 'utf8'));
    expect(sig).toMatchObject({ algorithm: 'HMAC-SHA-256', keyId: manifest.keyId, manifestSha256: sha(manifestBytes) });
    expect(pkg.manifestSha256).toBe(sha(manifestBytes));
    // The key lives with the device's secrets, never in the package.
    const key = JSON.parse(JSON.parse(readFileSync(join(h.dir, 'secrets.json'), 'utf8')).archiveKeys).keys[manifest.keyId] as string;
    expect(key).toBeTruthy();
    expect(createHash('sha256').update(manifestBytes).digest('hex')).toBe(sig.manifestSha256);
    for (const f of files) expect(readFileSync(join(root, f)).toString('latin1')).not.toContain(key);

    // Form and history: the merged form as entered, every event of the case in order.
    const form = JSON.parse(readFileSync(join(root, 'form.json'), 'utf8'));
    expect(form.form.fields['applicant.idNumber']).toBe(MOTHER);
    expect(form.items.map((i: { itemId: string; state: string }) => [i.itemId, i.state])).toEqual([
      [BIRTH_CERT, 'approved'],
      [HUKOU, 'approved'],
    ]);
    const events = readFileSync(join(root, 'events.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const logged = await h.host.services.store.events.caseEvents(v.id);
    expect(events.map((e) => e.id)).toEqual(logged.map((e) => e.id));
    expect(manifest.events).toEqual({ count: logged.length, lastId: logged.at(-1)!.id, lastHash: logged.at(-1)!.hash });

    // Building again writes nothing new.
    const again = await h.ok<ArchivePackageView & { built: boolean }>(SUP, 'archive.build', { caseId: v.id });
    expect(again).toMatchObject({ built: false, revision: 1, manifestSha256: pkg.manifestSha256 });
    expect(readdirSync(join(h.dir, 'archive')).filter((f) => !f.startsWith('.'))).toEqual([pkg.folder]);

    const verify = () => h.ok<VerifyResult>(SUP, 'archive.verify', { folder: pkg.folder });
    expect(await verify()).toMatchObject({ ok: true, signature: 'valid', caseNumber: v.caseNumber, checkedFiles: manifest.files.length, problems: [] });
    expect((await verify()).summary).toMatch(/校验通过/);

    // One byte of one scan changed.
    const scan = join(root, `materials/${matKey}/02.jpg`);
    const original = readFileSync(scan);
    const changed = Buffer.from(original);
    changed[changed.length - 10] = changed[changed.length - 10]! ^ 0x01;
    writeFileSync(scan, changed);
    let r = await verify();
    expect(r.ok).toBe(false);
    expect(r.signature).toBe('valid');
    expect(r.problems).toEqual([{ kind: 'altered', path: `materials/${matKey}/02.jpg`, message: expect.stringContaining(`文件已被改动：materials/${matKey}/02.jpg`) }]);
    expect(r.summary).toMatch(/校验未通过，发现 1 处问题/);
    writeFileSync(scan, original);

    // A file removed, and a file slipped in.
    const doc = join(root, 'documents/02-出件回执-C1.pdf');
    renameSync(doc, join(h.dir, 'receipt.pdf'));
    writeFileSync(join(root, 'documents/03-补充.pdf'), '%PDF-1.4 not from the hall');
    r = await verify();
    expect(r.problems.map((p) => [p.kind, p.path])).toEqual([
      ['missing', 'documents/02-出件回执-C1.pdf'],
      ['extra', 'documents/03-补充.pdf'],
    ]);
    expect(r.problems[0]!.message).toBe('文件缺失：documents/02-出件回执-C1.pdf');
    renameSync(join(h.dir, 'receipt.pdf'), doc);
    rmSync(join(root, 'documents/03-补充.pdf'));
    expect((await verify()).ok).toBe(true);

    // The manifest edited to match a changed file: the signature no longer holds.
    const forged = manifestBytes.toString('utf8').replace(pages[1]!, sha(changed));
    writeFileSync(join(root, 'manifest.json'), forged);
    writeFileSync(scan, changed);
    r = await verify();
    expect(r.signature).toBe('invalid');
    expect(r.problems).toEqual([{ kind: 'signature', path: 'manifest.json', message: '签名不符：清单 manifest.json 在签名后被改动。' }]);
    writeFileSync(scan, original);
    writeFileSync(join(root, 'manifest.json'), manifestBytes);

    // The CLI, as its own process: exit 0 when it passes, 1 naming the file when not.
    const okRun = await runCli(['archive', 'verify', root, '--data-dir', h.dir]);
    expect(okRun.code).toBe(0);
    expect(okRun.stdout).toMatch(/校验通过/);
    appendFileSync(join(root, 'form.json'), ' ');
    const badRun = await runCli(['archive', 'verify', root, '--data-dir', h.dir]);
    expect(badRun.code).toBe(1);
    expect(badRun.stdout).toContain('文件已被改动：form.json');
    // Without the hall's key the signature cannot be trusted: it fails too.
    const keyless = mkdtempSync(join(tmpdir(), 'yct-archive-nokey-'));
    dirs.push(keyless);
    writeFileSync(join(root, 'form.json'), readFileSync(join(root, 'form.json')).subarray(0, -1));
    const noKey = await runCli(['archive', 'verify', root, '--data-dir', keyless]);
    expect(noKey.code).toBe(1);
    expect(noKey.stdout).toContain(`签名密钥 ${manifest.keyId} 不在本机`);
    expect((await runCli(['archive', 'verify', root, '--data-dir', h.dir])).code).toBe(0);
    expect((await runCli(['archive', 'verify'])).code).toBe(2);
  });

  it('makes a new revision only for events that change the record, exports a date range, and the sweep archives on its own', { timeout: 120_000 }, async () => {
    const h = await host();
    const { v } = await ready(h);
    const { visitId } = await deliver(h, v.id);
    const first = await h.ok<ArchivePackageView & { built: boolean }>(SUP, 'archive.build', { caseId: v.id });
    expect(first.built).toBe(true);

    // Somebody looking at the case changes nothing on record.
    await h.ok(SUP, 'delivery.open', { caseId: v.id });
    expect(await h.ok(SUP, 'archive.build', { caseId: v.id })).toMatchObject({ built: false, revision: 1 });

    // A rating after the visit does: revision 2 in its own folder, pointing at the first.
    const { promptId } = await h.ok<{ promptId: string }>(CJ, 'delivery.ratingPrompt', { caseId: v.id, visitId });
    await h.ok(APPLICANT, 'applicant.rate', { promptId, level: 5 });
    const second = await h.ok<ArchivePackageView & { built: boolean }>(SUP, 'archive.build', { caseId: v.id });
    expect(second).toMatchObject({ built: true, revision: 2, folder: `${v.caseNumber}.r2` });
    const m2 = manifestSchema.parse(JSON.parse(readFileSync(join(h.dir, 'archive', second.folder, 'manifest.json'), 'utf8')));
    expect(m2.supersedes).toEqual({ folder: first.folder, manifestSha256: first.manifestSha256 });
    expect(readFileSync(join(h.dir, 'archive', second.folder, 'events.jsonl'), 'utf8')).toContain('rating.submitted');
    expect((await h.ok<VerifyResult>(SUP, 'archive.verify', { folder: first.folder })).ok).toBe(true);

    // The sweep finds a case refused at the counter by itself, once.
    const r = await refused(h);
    expect(await h.host.services.archive.sweep()).toMatchObject({ built: 1, failed: 0 });
    expect(await h.host.services.archive.sweep()).toMatchObject({ built: 0, failed: 0 });
    const refusedRoot = join(h.dir, 'archive', r.caseNumber!);
    expect(filesUnder(refusedRoot)).toEqual(['documents/01-不予受理通知书.pdf', 'events.jsonl', 'form.json', 'manifest.json', 'manifest.sig.json']);
    const status = await h.ok<{ packages: number; waiting: number; failures: unknown[]; recent: ArchivePackageView[]; keyId: string }>(ADMIN, 'archive.status', {});
    expect(status).toMatchObject({ packages: 3, waiting: 0, failures: [] });
    expect(status.recent.map((p) => p.folder).sort()).toEqual([first.folder, second.folder, r.caseNumber].sort());
    expect(status.keyId).toBe(m2.keyId);

    // Export of the day: the latest revision of each case, each verifiable where it lies.
    const ex = await h.ok<{ folder: string; location: string; packages: number; built: number; damaged: unknown[]; failed: unknown[] }>(SUP, 'archive.export', { from: '2026-11-23', to: '2026-11-23' });
    expect(ex).toMatchObject({ packages: 2, built: 0, damaged: [], failed: [] });
    expect(readdirSync(ex.location).sort()).toEqual([second.folder, r.caseNumber!, 'export.json'].sort());
    const index = JSON.parse(readFileSync(join(ex.location, 'export.json'), 'utf8'));
    expect(index.packages.map((p: { folder: string }) => p.folder).sort()).toEqual([second.folder, r.caseNumber].sort());
    expect(await h.ok(SUP, 'archive.verify', { exportFolder: ex.folder, folder: second.folder })).toMatchObject({ ok: true, signature: 'valid' });
    // Another day has nothing; a reversed range is refused.
    expect(await h.ok(SUP, 'archive.export', { from: '2026-11-24', to: '2026-11-30' })).toMatchObject({ packages: 0 });
    const reversed = await h.call(SUP, 'archive.export', { from: '2026-11-30', to: '2026-11-01' });
    expect(reversed.ok ? null : reversed.error.code).toBe('INVALID_INPUT');

    // A damaged package is left out of an export and said so.
    writeFileSync(join(refusedRoot, 'form.json'), '{}');
    const ex2 = await h.ok<{ packages: number; damaged: { caseNumber: string; summary: string }[] }>(SUP, 'archive.export', { from: '2026-11-01', to: '2026-11-30' });
    expect(ex2.packages).toBe(1);
    expect(ex2.damaged).toEqual([{ caseNumber: r.caseNumber, folder: r.caseNumber, summary: expect.stringMatching(/校验未通过/) }]);
  });

  it('exports from the CLI while the host is stopped, building what is missing; a folder outside the archive cannot be named', { timeout: 120_000 }, async () => {
    const h = await host();
    const r = await refused(h);
    const bad = await h.call(SUP, 'archive.verify', { folder: '../secrets.json' });
    expect(bad.ok ? null : bad.error.code).toBe('INVALID_INPUT');
    const missing = await h.call(SUP, 'archive.verify', { folder: 'NO-SUCH-CASE' });
    expect(missing.ok ? null : missing.error.code).toBe('NOT_FOUND');
    await h.host.close();
    hosts.splice(0);

    const day = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const refusedOn = '2026-11-23';
    const run = await runCli(['archive', 'export', '--from', refusedOn, '--to', day > refusedOn ? day : refusedOn, '--data-dir', h.dir]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/已导出 1 个归档包（本次新生成 1 个）/);
    expect(existsSync(join(h.dir, 'archive', r.caseNumber!, 'manifest.json'))).toBe(true);
    const exportDir = readdirSync(join(h.dir, 'archive', 'exports')).filter((f) => !f.startsWith('.'));
    expect(exportDir).toHaveLength(1);
    const exported = join(h.dir, 'archive', 'exports', exportDir[0]!, r.caseNumber!);
    expect(statSync(exported).isDirectory()).toBe(true);
    expect((await runCli(['archive', 'verify', exported, '--data-dir', h.dir])).code).toBe(0);
    const usage = await runCli(['archive', 'export', '--from', '2026-11-30', '--to', '2026-11-01', '--data-dir', h.dir]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/--from 和 --to/);
  });
});

