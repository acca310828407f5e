import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ArchivePackageRecord, CaseRecord } from '../../../db/index.js';
import type { ArchivePackageView, VerifyResult } from '../../../shared/api/archive.js';
import type { MethodOutput, MethodParsedInput } from '../../../shared/api/contract.js';
import {
  ARCHIVE_FINAL_STATES,
  ARCHIVE_FORMAT,
  ARCHIVE_FORMAT_VERSION,
  blobFiles as blobFilesOf,
  blobUses,
  documentPath,
  FINAL_EVENT_TYPES,
  inRange,
  isBenignForArchive,
  MANIFEST_FILE,
  manifestSchema,
  manifestText,
  packageFolderName,
  SIGNATURE_ALGORITHM,
  SIGNATURE_FILE,
  type Manifest,
  type ManifestFile,
} from '../../../shared/archive.js';
import { CASE_STATE_LABELS, type CaseState } from '../../../shared/case-machine.js';
import { DOCUMENT_TITLES } from '../../../shared/documents/titles.js';
import { AppError } from '../../../shared/errors.js';
import type { EventPayload, StoredEvent } from '../../../shared/events.js';
import type { NoticeKind } from '../../../shared/api/intake.js';
import { installationOf, type Deps } from '../auth.js';
import type { BlobFiles } from '../blob-files.js';
import { chinaDateTime } from '../calendar.js';
import { createCaseLocks } from '../case-locks.js';
import type { CatalogService, PdfRenderer } from '../catalog.js';
import type { SecretStore } from '../sync/secret-store.js';
import { archiveKeyRing } from './keys.js';
import { assistRowSummary } from '../assist.js';
import { exists, hmacHex, PackageExists, sha256Hex, stagePackage, storageError, verifyPackage, type PackageSource } from './package.js';

// 电子化归档: when a case is finished (delivered, refused, withdrawn or closed) its archive package
// is written to the hall's archive folder — every document re-rendered to PDF with the code the
// counter prints with, every scan and result, the form, the event history, a manifest and its
// HMAC. A background sweep does it; supervisors can build one, export a date range and verify.

export interface ArchiveDeps extends Deps {
  catalog: CatalogService;
  /** The counter's own document builders: the archive prints exactly what the counter prints. */
  intake: { documentHtml(id: string, kind: NoticeKind): Promise<string> };
  delivery: { documentHtml(input: { caseId: string; visitId: string; kind: 'receipt' | 'waybill' }): Promise<{ html: string; fileName: string }> };
  renderPdf: PdfRenderer;
  blobFiles: BlobFiles;
  /** Fetches a blob this device does not hold from the central service. */
  fetchBlob(sha256: string): Promise<unknown>;
  secrets: SecretStore;
  dataDir: string;
  version: string;
  log?: (msg: string, fields?: Record<string, string | number | boolean | null>) => void;
}

const FINAL: readonly string[] = ARCHIVE_FINAL_STATES;
const RETRY_MIN_MS = 5 * 60_000;
const RETRY_MAX_MS = 24 * 3600_000;
const EXPORTS = 'exports';

type Built = ArchivePackageView & { built: boolean };

export function createArchiveService(deps: ArchiveDeps) {
  const { store, settings, catalog } = deps;
  const keys = archiveKeyRing(deps.secrets, () => installationOf(settings).hallCode, deps.now);
  const locks = createCaseLocks();
  let sweeping: Promise<unknown> | null = null;
  let stopped = false;

  const iso = () => new Date(deps.now()).toISOString();
  const archiveDir = () => settings.read().archive.dir ?? join(deps.dataDir, 'archive');

  function view(p: ArchivePackageRecord): ArchivePackageView {
    return {
      caseId: p.caseId,
      caseNumber: p.caseNumber,
      revision: p.revision,
      folder: p.folder,
      finalState: p.finalState as ArchivePackageView['finalState'],
      endedOn: p.endedOn,
      builtAt: p.builtAt,
      files: p.files,
      bytes: p.bytes,
      keyId: p.keyId,
      manifestSha256: p.manifestSha256,
    };
  }

  /** Why a case gets no package (yet); null when it should have one. */
  function notArchivable(rec: CaseRecord): { code: 'INVALID_TRANSITION' | 'FORBIDDEN'; message: string } | null {
    if (!FINAL.includes(rec.state)) {
      return { code: 'INVALID_TRANSITION', message: `办件当前为“${CASE_STATE_LABELS[rec.state as CaseState] ?? rec.state}”，尚未办结：出件、不予受理或撤回后才能归档。` };
    }
    // A draft withdrawn before any decision was never an application: nothing to file.
    if (!rec.caseNumber) return { code: 'INVALID_TRANSITION', message: '该办件未作出受理决定（没有办件编号），不需要归档。' };
    if (rec.hallCode !== installationOf(settings).hallCode) return { code: 'FORBIDDEN', message: '该办件由其他大厅受理，由受理大厅归档。' };
    return null;
  }

  const safe = (get: () => string, fallback: string) => {
    try {
      return get();
    } catch {
      return fallback;
    }
  };

  /** The documents as issued, in order, each re-rendered to PDF; the ones that cannot be, with why. */
  async function documents(rec: CaseRecord, events: readonly StoredEvent[]) {
    const out: { title: string; kind: string; ref: string | null; html: () => Promise<string> }[] = [];
    const omitted: Manifest['omitted'] = [];
    const decisions = events.filter((e) => e.type === 'case.accepted' || e.type === 'case.correction_notified' || e.type === 'case.refused');
    const kindOf = (e: StoredEvent): NoticeKind =>
      e.type === 'case.accepted' ? ((e.payload as EventPayload<'case.accepted'>).pendingMaterials.length ? 'pending' : 'acceptance') : e.type === 'case.refused' ? 'refusal' : 'correction';
    decisions.forEach((e, i) => {
      const kind = kindOf(e);
      // The counter reprints the latest notice of each kind; earlier ones live on in events.jsonl.
      if (decisions.slice(i + 1).some((later) => kindOf(later) === kind)) {
        omitted.push({ title: `${DOCUMENT_TITLES[kind]}（${chinaDateTime(Date.parse(e.createdAt))}）`, reason: '同类文书只能重印最后一份；这份的内容记录在 events.jsonl 中。' });
        return;
      }
      out.push({ title: DOCUMENT_TITLES[kind], kind, ref: e.id, html: () => deps.intake.documentHtml(rec.id, kind) });
      if (kind === 'pending') out.push({ title: DOCUMENT_TITLES.commitment, kind: 'commitment', ref: e.id, html: () => deps.intake.documentHtml(rec.id, 'commitment') });
    });
    for (const v of await store.deliveries.ofCase(rec.id)) {
      const suffix = v.receiptNo.split('-').at(-1) ?? v.receiptNo;
      out.push({ title: `${DOCUMENT_TITLES.receipt}-${suffix}`, kind: 'receipt', ref: v.visitId, html: async () => (await deps.delivery.documentHtml({ caseId: rec.id, visitId: v.visitId, kind: 'receipt' })).html });
      if (v.channel === 'mail') {
        out.push({ title: `${DOCUMENT_TITLES.waybill}-${suffix}`, kind: 'waybill', ref: v.visitId, html: async () => (await deps.delivery.documentHtml({ caseId: rec.id, visitId: v.visitId, kind: 'waybill' })).html });
      }
    }
    const rendered: { title: string; ref: string | null; pdf: Buffer }[] = [];
    for (const d of out) {
      let html: string;
      try {
        html = await d.html();
      } catch (err) {
        // A document whose input is incomplete (e.g. no sender address for the waybill) is noted, not fatal.
        if (err instanceof AppError && (err.code === 'INVALID_INPUT' || err.code === 'NOT_FOUND')) {
          omitted.push({ title: d.title, reason: err.message });
          continue;
        }
        throw err;
      }
      rendered.push({ title: d.title, ref: d.ref, pdf: await deps.renderPdf(html) });
    }
    return { rendered, omitted };
  }

  /** A stored blob (its decrypted stream), fetched from the central service when this device lacks it. */
  async function blobSource(sha: string): Promise<{ stream: () => AsyncIterable<Uint8Array>; mime: string } | null> {
    if (!(await deps.blobFiles.has(sha))) await Promise.resolve(deps.fetchBlob(sha)).catch(() => undefined);
    const rec = await store.blobs.get(sha);
    if (!(await deps.blobFiles.has(sha))) return null;
    return { stream: () => deps.blobFiles.stream(sha), mime: rec?.mime ?? 'application/octet-stream' };
  }

  async function formJson(rec: CaseRecord): Promise<string> {
    const { ix } = await catalog.indexOf(rec.catalogVersion);
    const items = await store.items.ofCase(rec.id);
    return (
      JSON.stringify(
        {
          caseId: rec.id,
          caseNumber: rec.caseNumber,
          state: rec.state,
          bundle: { id: rec.bundleId, name: safe(() => ix.bundle(rec.bundleId).name, rec.bundleId) },
          catalogVersion: rec.catalogVersion,
          hallCode: rec.hallCode,
          applicantKind: rec.applicantKind,
          acceptedAt: rec.acceptedAt,
          expectedDate: rec.expectedDate,
          deliveryChannel: rec.deliveryChannel,
          pendingMaterials: rec.pendingMaterials,
          commitmentDeadline: rec.commitmentDeadline,
          closingReason: rec.closingReason,
          form: rec.data,
          items: items.map((i) => ({
            itemId: i.itemId,
            name: safe(() => ix.item(i.itemId).name, i.itemId),
            department: ix.departmentName(i.departmentId ?? ''),
            state: i.state,
            reason: i.reason,
            legalBasis: i.legalBasis,
            result: i.result,
            decidedAt: i.decidedAt,
            dueDate: i.dueDate,
            handover: i.handover,
          })),
        },
        null,
        2,
      ) + '\n'
    );
  }

  /** 帮办代办 and 上门服务 records in full (the guardian's number unmasked, as form.json keeps the applicant's); null when none. */
  async function assistanceJson(rec: CaseRecord): Promise<string | null> {
    const rows = await store.assists.ofCase(rec.id);
    if (rows.length === 0) return null;
    const records = [];
    for (const r of rows) {
      const recordedBy = r.actorId ? ((await store.clerks.byId(r.actorId))?.name ?? null) : null;
      records.push({ id: r.id, kind: r.kind, at: r.createdAt, recordedById: r.actorId, recordedBy, summary: assistRowSummary(r), detail: r.detail });
    }
    return JSON.stringify({ caseId: rec.id, caseNumber: rec.caseNumber, records }, null, 2) + '\n';
  }

  function endOf(rec: CaseRecord, events: readonly StoredEvent[]): { endedAt: string; endedOn: string } {
    const last = events.filter((e) => (FINAL_EVENT_TYPES as readonly string[]).includes(e.type)).at(-1);
    const endedAt = last?.createdAt ?? rec.updatedAt;
    return { endedAt, endedOn: chinaDateTime(Date.parse(endedAt)).slice(0, 10) };
  }

  /** A folder of that name already there (a crash after the rename, before the record): adopt it if it is this package. */
  async function adopt(path: string, rec: CaseRecord, revision: number, events: readonly StoredEvent[]): Promise<ArchivePackageRecord> {
    const refuse = () =>
      new AppError('STORAGE_FAILED', `归档文件夹中已有同名文件夹 ${packageFolderName(rec.caseNumber!, revision)}，但它不是本办件完好的归档包：请管理员核对并移走该文件夹后重试。`);
    const check = await verifyPackage(path, keys.get);
    if (!check.ok) throw refuse();
    const bytes = await readFile(join(path, MANIFEST_FILE));
    const m = manifestSchema.parse(JSON.parse(bytes.toString('utf8')));
    const last = events.find((e) => e.id === m.events.lastId);
    if (m.caseId !== rec.id || m.revision !== revision || !last) throw refuse();
    const ended = endOf(rec, events);
    return {
      caseId: rec.id,
      revision,
      caseNumber: m.caseNumber,
      folder: packageFolderName(rec.caseNumber!, revision),
      dir: dirname(path),
      eventSeq: last.seq,
      finalState: m.finalState,
      endedAt: m.endedAt,
      endedOn: ended.endedOn,
      manifestSha256: sha256Hex(bytes),
      keyId: m.keyId,
      files: m.files.length,
      bytes: m.files.reduce((s, f) => s + f.size, 0),
      builtAt: m.generatedAt,
    };
  }

  async function write(rec: CaseRecord, events: readonly StoredEvent[], previous: ArchivePackageRecord | undefined): Promise<ArchivePackageRecord> {
    const revision = (previous?.revision ?? 0) + 1;
    const folder = packageFolderName(rec.caseNumber!, revision);
    const dir = archiveDir();
    try {
      await mkdir(dir, { recursive: true });
    } catch (err) {
      throw storageError(err, '创建归档文件夹');
    }
    const target = join(dir, folder);
    if (await exists(target)) {
      const adopted = await adopt(target, rec, revision, events);
      await store.archive.record(adopted);
      return adopted;
    }

    const inst = installationOf(settings);
    const { ix } = await catalog.indexOf(rec.catalogVersion);
    const docs = await documents(rec, events);
    const uses = blobUses(events);
    const sources: (typeof uses[number] & { mime: string; stream: () => AsyncIterable<Uint8Array> })[] = [];
    for (const u of uses) {
      const s = await blobSource(u.sha256);
      if (!s) {
        throw new AppError('NOT_FOUND', '归档需要的一份扫描件或附件不在本机，也无法从中心服务取回：请连接中心服务后重试（系统会自动再试）。', { sha256: u.sha256, role: u.role });
      }
      sources.push({ ...u, mime: s.mime, stream: s.stream });
    }
    const placed = blobFilesOf(sources, {
      material: (key) => ix.catalog.materials.find((m) => m.key === key)?.name ?? key,
      item: (id) => safe(() => ix.item(id).name, id),
    });

    const stage = await stagePackage(dir, folder);
    try {
      const files: ManifestFile[] = [];
      const put = async (path: string, source: PackageSource, meta: Omit<ManifestFile, 'path' | 'sha256' | 'size'>) => {
        const w = await stage.add(path, source);
        files.push({ path, sha256: w.sha256, size: w.size, ...meta });
      };
      let n = 0;
      for (const d of docs.rendered) await put(documentPath(++n, d.title), { bytes: d.pdf }, { role: 'document', mime: 'application/pdf', title: d.title, ref: d.ref });
      for (const b of placed) await put(b.path, { stream: sources.find((s) => s.sha256 === b.sha256)!.stream, sha256: b.sha256 }, { role: b.role, mime: b.mime, title: b.title, ref: b.ref });
      await put('form.json', { bytes: Buffer.from(await formJson(rec)) }, { role: 'form', mime: 'application/json', title: '申请表数据（一表申请合并表单）', ref: null });
      const assistance = await assistanceJson(rec);
      if (assistance) await put('assistance.json', { bytes: Buffer.from(assistance) }, { role: 'assistance', mime: 'application/json', title: '帮办代办及上门服务记录', ref: null });
      const jsonl = events.map((e) => JSON.stringify(e)).join('\n') + '\n';
      await put('events.jsonl', { bytes: Buffer.from(jsonl) }, { role: 'events', mime: 'application/x-ndjson', title: '办理过程记录（全部事件）', ref: null });

      const { keyId, key } = keys.current();
      const last = events.at(-1)!;
      const ended = endOf(rec, events);
      const manifest: Manifest = {
        format: ARCHIVE_FORMAT,
        formatVersion: ARCHIVE_FORMAT_VERSION,
        caseId: rec.id,
        caseNumber: rec.caseNumber!,
        revision,
        supersedes: previous ? { folder: previous.folder, manifestSha256: previous.manifestSha256 } : null,
        hall: { code: inst.hallCode, name: inst.hallName },
        bundle: { id: rec.bundleId, name: safe(() => ix.bundle(rec.bundleId).name, rec.bundleId) },
        catalogVersion: rec.catalogVersion,
        finalState: rec.state as Manifest['finalState'],
        endedAt: ended.endedAt,
        events: { count: events.length, lastId: last.id, lastHash: last.hash },
        generatedAt: iso(),
        generatedBy: { deviceId: settings.read().deviceId ?? inst.deviceId, counterName: inst.counterName, software: `一窗通 ${deps.version}` },
        keyId,
        signatureAlgorithm: SIGNATURE_ALGORITHM,
        files,
        omitted: docs.omitted,
      };
      const manifestBytes = Buffer.from(manifestText(manifest));
      const manifestSha256 = sha256Hex(manifestBytes);
      await stage.add(MANIFEST_FILE, { bytes: manifestBytes });
      const signature = { algorithm: SIGNATURE_ALGORITHM, keyId, manifestSha256, hmac: hmacHex(key, manifestBytes) };
      await stage.add(SIGNATURE_FILE, { bytes: Buffer.from(JSON.stringify(signature, null, 2) + '\n') });
      await stage.commit();
      const record: ArchivePackageRecord = {
        caseId: rec.id,
        revision,
        caseNumber: rec.caseNumber!,
        folder,
        dir,
        eventSeq: last.seq,
        finalState: rec.state,
        endedAt: ended.endedAt,
        endedOn: ended.endedOn,
        manifestSha256,
        keyId,
        files: files.length,
        bytes: files.reduce((s, f) => s + f.size, 0),
        builtAt: manifest.generatedAt,
      };
      await store.archive.record(record);
      return record;
    } catch (err) {
      await stage.abort();
      if (err instanceof PackageExists) {
        const adopted = await adopt(err.path, rec, revision, events);
        await store.archive.record(adopted);
        return adopted;
      }
      throw err;
    }
  }

  /** The package of a finished case, written if it is missing or older than the case's last substantive event. */
  async function ensure(caseId: string): Promise<Built> {
    return locks(caseId, async () => {
      const rec = await store.cases.get(caseId);
      if (!rec) throw new AppError('NOT_FOUND', '找不到该办件，请核对后重试。');
      const why = notArchivable(rec);
      if (why) throw new AppError(why.code, why.message);
      const events = await store.events.caseEvents(caseId);
      // Projection rows without a log (imported or hand-made data) cannot be filed as a record.
      if (events.length === 0) throw new AppError('NOT_FOUND', '该办件没有办理过程记录（事件日志），无法归档：请重建投影或联系管理员核对数据。');
      const previous = await store.archive.latest(caseId);
      if (previous && !events.some((e) => e.seq > previous.eventSeq && !isBenignForArchive(e.type))) return { ...view(previous), built: false };
      const p = await write(rec, events, previous);
      return { ...view(p), built: true };
    });
  }

  /** Like ensure, but a failure is recorded with its next try instead of thrown. */
  async function attempt(caseId: string): Promise<{ built: boolean; error: string | null }> {
    try {
      const r = await ensure(caseId);
      return { built: r.built, error: null };
    } catch (err) {
      const message = err instanceof AppError ? err.message : '归档包生成失败（未预期的错误），系统会自动再试。';
      const prev = await store.archive.attempts(caseId);
      const wait = Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** prev);
      await store.archive.failed(caseId, message, new Date(deps.now() + wait).toISOString(), iso());
      deps.log?.('archive build failed', { caseId, code: err instanceof AppError ? err.code : 'unknown', attempts: prev + 1 });
      return { built: false, error: message };
    }
  }

  /** Looks at finished cases past the mark; `limit` bounds the cases looked at in one pass. */
  async function pass(limit: number, retryAll: boolean): Promise<{ built: number; failed: number; looked: number }> {
    let built = 0;
    let failed = 0;
    let looked = 0;
    const retry = retryAll ? (await store.archive.failures(1000)).map((f) => f.caseId) : await store.archive.dueFailures(iso(), 5);
    for (const id of retry) {
      if (stopped) break;
      const r = await attempt(id);
      if (r.built) built++;
      else if (r.error) failed++;
    }
    for (const c of await store.archive.candidates(limit)) {
      if (stopped) break;
      looked++;
      const rec = await store.cases.get(c.caseId);
      if (rec && !notArchivable(rec)) {
        const r = await attempt(c.caseId);
        if (r.built) built++;
        else if (r.error) failed++;
      }
      await store.archive.advance(c.lastEventSeq);
    }
    return { built, failed, looked };
  }

  async function sweepOnce(limit: number) {
    if (!settings.read().installation) return { built: 0, failed: 0, looked: 0 };
    return pass(limit, false);
  }

  /** Everything finished so far gets its package (export and the CLI wait for it). */
  async function catchUp(): Promise<number> {
    let built = 0;
    let first = true;
    for (;;) {
      const r = await pass(200, first);
      first = false;
      built += r.built;
      if (r.looked === 0 || stopped) return built;
    }
  }

  /** Runs after any pass in progress: export and explicit catch-up queue behind the sweep. */
  function one<T>(run: () => Promise<T>): Promise<T> {
    const next = (sweeping ?? Promise.resolve()).catch(() => undefined).then(run);
    const tracked: Promise<unknown> = next.catch(() => undefined);
    sweeping = tracked;
    void tracked.then(() => {
      if (sweeping === tracked) sweeping = null;
    });
    return next;
  }

  async function copyPackage(from: string, to: string): Promise<void> {
    const m = manifestSchema.parse(JSON.parse(await readFile(join(from, MANIFEST_FILE), 'utf8')));
    for (const rel of [...m.files.map((f) => f.path), MANIFEST_FILE, SIGNATURE_FILE]) {
      const dst = join(to, ...rel.split('/'));
      await mkdir(dirname(dst), { recursive: true });
      await copyFile(join(from, ...rel.split('/')), dst);
      const fh = await open(dst, 'r+');
      await fh.sync();
      await fh.close();
    }
  }

  return {
    archiveDir,
    keyId: () => keys.currentId(),

    build(input: MethodParsedInput<'archive.build'>): Promise<Built> {
      return ensure(input.caseId);
    },

    /** One pass of the background sweep; passes never overlap. */
    sweep(limit = 10) {
      // A tick while a pass (or an export) runs is skipped, not queued.
      if (stopped || sweeping) return Promise.resolve({ built: 0, failed: 0, looked: 0 });
      return one(() => sweepOnce(limit));
    },

    async export(input: MethodParsedInput<'archive.export'>): Promise<MethodOutput<'archive.export'>> {
      installationOf(settings);
      const built = await one(catchUp);
      const rows = await store.archive.endedBetween(input.from, input.to);
      const failed: MethodOutput<'archive.export'>['failed'] = [];
      for (const f of await store.archive.failures(1000)) {
        const rec = await store.cases.get(f.caseId);
        if (!rec) continue;
        if (inRange(endOf(rec, await store.events.caseEvents(rec.id)).endedOn, input.from, input.to)) failed.push({ caseNumber: rec.caseNumber ?? rec.id, message: f.message });
      }
      const stamp = chinaDateTime(deps.now()).replace(/[-: ]/g, '').slice(0, 12);
      const folder = `${input.from}_${input.to}_${stamp}-${randomBytes(2).toString('hex')}`;
      const exportsDir = join(archiveDir(), EXPORTS);
      const tmp = join(exportsDir, `.tmp-${folder}`);
      const final = join(exportsDir, folder);
      const damaged: MethodOutput<'archive.export'>['damaged'] = [];
      const listed: { caseNumber: string; revision: number; folder: string; endedOn: string; finalState: string; manifestSha256: string }[] = [];
      try {
        await mkdir(tmp, { recursive: true });
        for (const r of rows) {
          const src = join(r.dir, r.folder);
          const check = (await exists(src)) ? await verifyPackage(src, keys.get) : null;
          if (!check || !check.ok) {
            damaged.push({ caseNumber: r.caseNumber, folder: r.folder, summary: check ? check.summary : `归档包 ${r.caseNumber} 已不在归档文件夹中（${r.folder}）：请从备份恢复。` });
            continue;
          }
          await copyPackage(src, join(tmp, r.folder));
          listed.push({ caseNumber: r.caseNumber, revision: r.revision, folder: r.folder, endedOn: r.endedOn, finalState: r.finalState, manifestSha256: r.manifestSha256 });
        }
        const inst = installationOf(settings);
        const index = { format: `${ARCHIVE_FORMAT}-export`, formatVersion: ARCHIVE_FORMAT_VERSION, hall: { code: inst.hallCode, name: inst.hallName }, from: input.from, to: input.to, generatedAt: iso(), packages: listed, damaged, failed };
        await writeFile(join(tmp, 'export.json'), JSON.stringify(index, null, 2) + '\n');
        await rename(tmp, final);
      } catch (err) {
        await rm(tmp, { recursive: true, force: true }).catch(() => undefined);
        throw storageError(err, '导出归档包');
      }
      return { folder, location: final, packages: listed.length, built, damaged, failed };
    },

    /** Checks a package folder anywhere (the CLI passes any path). */
    verifyPath(path: string): Promise<VerifyResult> {
      return verifyPackage(path, keys.get);
    },

    verify(input: MethodParsedInput<'archive.verify'>): Promise<VerifyResult> {
      const base = input.exportFolder ? join(archiveDir(), EXPORTS, input.exportFolder) : archiveDir();
      return verifyPackage(join(base, input.folder), keys.get);
    },

    async status(input: MethodParsedInput<'archive.status'>): Promise<MethodOutput<'archive.status'>> {
      return {
        location: archiveDir(),
        keyId: keys.currentId(),
        packages: await store.archive.count(),
        waiting: await store.archive.waiting(),
        failures: await store.archive.failures(50),
        recent: (await store.archive.recent(input.limit)).map(view),
      };
    },

    /** Waits for a running pass and refuses new ones (host shutdown). */
    async stop(): Promise<void> {
      stopped = true;
      await sweeping?.catch(() => undefined);
    },
  };
}

export type ArchiveService = ReturnType<typeof createArchiveService>;
