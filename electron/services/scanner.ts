import { randomUUID } from 'node:crypto';
import { appendFile, rm, writeFile } from 'node:fs/promises';
import type { ClientStore } from '../../db/index.js';
import type { MethodOutput, MethodParsedInput } from '../../shared/api/contract.js';
import { AppError, type WireError } from '../../shared/errors.js';
import { ATTACH_CHUNK_BYTES, SCANNER_DRIVER_LABELS, scannerSettingsSchema, type ScannedPage, type ScannerSettings } from '../../shared/scanner.js';
import type { SettingsStore } from '../../shared/settings.js';
import { createBridgeDriver } from '../devices/scanner/bridge.js';
import { createFolderDriver } from '../devices/scanner/folder.js';
import { describeStored, ingest, rotateStored, sniff, sourceBytes, thumbnailOf, type BlobSink, type IngestOptions } from '../devices/scanner/ingest.js';
import { createSaneDriver } from '../devices/scanner/sane.js';
import { createSimulatorDriver } from '../devices/scanner/simulator.js';
import type { ScanRequest, ScannerDriver } from '../devices/scanner/types.js';
import { log } from '../host/log.js';
import { tooLargeError, type BlobFiles } from './blob-files.js';

// The scanner as the intake screen uses it: one scan at a time with the driver chosen in
// settings, every page stored as a blob as it arrives (so a device failure keeps the pages
// already scanned), manual attach in chunks for files larger than one HTTP body, rotate,
// page images for display, and the last errors for the settings page.

export interface ScannerDeps {
  store: ClientStore;
  settings: SettingsStore;
  now: () => number;
  /** The host's one blob store (its size cap is the admin's). */
  files: BlobFiles;
}

type ErrorEntry = MethodOutput<'admin.getScannerSettings'>['errors'][number];
type PageView = MethodOutput<'scanner.page'>;

const MAX_ERRORS = 20;
const INGEST_PARALLEL = 2;
const MAX_UPLOADS = 4;
const UPLOAD_IDLE_MS = 10 * 60 * 1000;
const THUMB_CACHE = 300;
const MB = 1024 * 1024;

interface Upload {
  path: string;
  size: number;
  received: number;
  touched: number;
  busy: boolean;
}

export function createScannerService({ store, settings, now, files }: ScannerDeps) {
  const config = (): ScannerSettings => settings.read().scanner;
  const maxBytes = () => config().maxFileMB * MB;
  void files.sweep().catch(() => undefined);
  const iso = () => new Date(now()).toISOString();
  const errors: ErrorEntry[] = [];
  const uploads = new Map<string, Upload>();
  const thumbs = new Map<string, PageView>();
  let running: ScannerDriver | null = null;

  const putBlob: BlobSink = async (bytes, mime) => {
    const b = await files.put(bytes, mime);
    await store.blobs.record(b, iso());
    return b;
  };

  const ingestOptions = (): IngestOptions => ({ jpegQuality: config().jpegQuality, maxLongSide: config().maxLongSide });

  function remember(e: AppError): void {
    errors.unshift({ at: iso(), driver: config().driver, code: e.code, message: e.message });
    errors.length = Math.min(errors.length, MAX_ERRORS);
    log.warn('scanner failure', { driver: config().driver, code: e.code, reason: (e.details?.reason as string | undefined) ?? null });
  }

  function asAppError(err: unknown): AppError {
    if (err instanceof AppError) {
      // A page the device produced that cannot be read is the device's failure, not the clerk's input.
      return err.code === 'INVALID_INPUT' ? new AppError('DEVICE_ERROR', `扫描得到的图像无法使用：${err.message}`, err.details) : err;
    }
    log.error('scanner driver threw', { driver: config().driver, error: (err as Error)?.name });
    return new AppError('DEVICE_ERROR', '扫描时发生未预期的错误：请重新扫描，仍不成功请联系管理员检查扫描设置。');
  }

  function driverFor(cfg: ScannerSettings): ScannerDriver {
    switch (cfg.driver) {
      case 'simulator':
        return createSimulatorDriver({ now });
      case 'sane':
        return createSaneDriver({ scanimagePath: cfg.sane.scanimagePath, device: cfg.sane.device, feeder: cfg.sane.feeder, pageTimeoutMs: cfg.sane.pageTimeoutSeconds * 1000, options: cfg.sane.options });
      case 'folder':
        return createFolderDriver({ path: cfg.folder.path, settleMs: cfg.folder.settleMs, waitMs: cfg.folder.waitSeconds * 1000 });
      case 'bridge':
        return createBridgeDriver({ ...cfg.bridge, timeoutMs: cfg.bridge.timeoutSeconds * 1000 });
    }
  }

  async function runScan(req: ScanRequest): Promise<{ pages: ScannedPage[]; cancelled: boolean; error: AppError | null; ms: number }> {
    if (running) throw new AppError('CONFLICT', '正在扫描，请等待当前扫描完成，或点击“取消扫描”后再试。');
    const driver = driverFor(config());
    running = driver;
    const t0 = performance.now();
    const ms = () => Math.round(performance.now() - t0);
    // A feeder delivers pages faster than one core compresses them: two pages are ingested at
    // a time. The folder and bridge drivers need each page's verdict before they go on.
    const parallel = driver.name === 'sane' ? INGEST_PARALLEL : 1;
    const results: ScannedPage[][] = [];
    const inflight = new Set<Promise<void>>();
    let pageError: unknown = null;
    const opts = ingestOptions();
    try {
      const r = await driver.scan(req, async (src) => {
        if (pageError) throw pageError;
        if (parallel === 1) {
          results.push(await ingest(src, opts, putBlob));
          return;
        }
        // The driver may delete its file once this returns: take the bytes first.
        const owned = 'path' in src ? { bytes: await sourceBytes(src) } : src;
        const slot = results.push([]) - 1;
        const job: Promise<void> = ingest(owned, opts, putBlob).then(
          (p) => void (results[slot] = p),
          (err: unknown) => void (pageError ??= err),
        );
        inflight.add(job);
        void job.finally(() => inflight.delete(job));
        while (inflight.size >= parallel) await Promise.race(inflight);
        if (pageError) throw pageError;
      });
      await Promise.all(inflight);
      if (pageError) throw pageError;
      return { pages: results.flat(), cancelled: r.cancelled, error: null, ms: ms() };
    } catch (err) {
      await Promise.all(inflight);
      const e = asAppError(pageError ?? err);
      remember(e);
      return { pages: results.flat(), cancelled: false, error: e, ms: ms() };
    } finally {
      running = null;
    }
  }

  function request(input: MethodParsedInput<'scanner.scan'>): ScanRequest {
    const cfg = config();
    const feeder = cfg.driver === 'sane' && cfg.sane.feeder;
    return {
      resolution: input.resolution ?? cfg.resolution,
      colour: input.colour ?? cfg.colour,
      duplex: input.duplex ?? cfg.duplex,
      pages: input.pages ?? (feeder || cfg.driver === 'simulator' ? 0 : 1),
    };
  }

  function expireUploads(): void {
    const t = Date.now();
    for (const [id, u] of uploads) {
      if (!u.busy && t - u.touched > UPLOAD_IDLE_MS) {
        uploads.delete(id);
        void rm(u.path, { force: true });
      }
    }
  }

  function uploadOf(id: string): Upload {
    const u = uploads.get(id);
    if (!u) throw new AppError('NOT_FOUND', '上传已过期或不存在（超过 10 分钟未继续）：请重新点击“附加文件”。');
    return u;
  }

  async function attachFile(path: string): Promise<ScannedPage[]> {
    return ingest({ path }, { ...ingestOptions(), maxInputBytes: maxBytes() }, putBlob);
  }

  async function mimeOf(sha256: string, bytes: Buffer): Promise<string> {
    return (await store.blobs.get(sha256))?.mime ?? (sniff(bytes) === 'pdf' ? 'application/pdf' : 'image/jpeg');
  }

  return {
    files,
    /** Stores bytes as a blob and records it (signatures, result documents). */
    putBlob,

    async scan(input: MethodParsedInput<'scanner.scan'>): Promise<MethodOutput<'scanner.scan'>> {
      const r = await runScan(request(input));
      // Nothing came through: the failure is the whole answer. Otherwise the pages are kept and the error rides along.
      if (r.error && r.pages.length === 0) throw r.error;
      return { pages: r.pages, cancelled: r.cancelled, error: r.error && wire(r.error, r.pages.length), ms: r.ms };
    },

    cancel(): { cancelled: boolean } {
      if (!running) return { cancelled: false };
      running.cancel();
      return { cancelled: true };
    },

    status(): MethodOutput<'scanner.status'> {
      const cfg = config();
      return { driver: cfg.driver, driverLabel: SCANNER_DRIVER_LABELS[cfg.driver], busy: running !== null, simulated: cfg.driver === 'simulator', maxFileMB: cfg.maxFileMB, lastError: errors[0] ?? null };
    },

    async test(): Promise<MethodOutput<'scanner.test'>> {
      const cfg = config();
      const r = await runScan({ resolution: cfg.resolution, colour: cfg.colour, duplex: false, pages: 1 });
      return { ok: r.error === null && r.pages.length > 0, driver: cfg.driver, ms: r.ms, pages: r.pages, error: r.error && { code: r.error.code, message: r.error.message } };
    },

    async devices(): Promise<MethodOutput<'scanner.devices'>> {
      const t0 = performance.now();
      try {
        const devices = await driverFor(config()).list();
        return { devices, error: null, ms: Math.round(performance.now() - t0) };
      } catch (err) {
        const e = asAppError(err);
        remember(e);
        return { devices: [], error: { code: e.code, message: e.message }, ms: Math.round(performance.now() - t0) };
      }
    },

    async attach(input: MethodParsedInput<'scanner.attach'>): Promise<{ pages: ScannedPage[] }> {
      const bytes = Buffer.from(input.dataBase64, 'base64');
      if (bytes.length > maxBytes()) throw tooLargeError(bytes.length, maxBytes());
      return { pages: await ingest({ bytes }, ingestOptions(), putBlob) };
    },

    async attachBegin(input: MethodParsedInput<'scanner.attachBegin'>): Promise<{ uploadId: string; chunkBytes: number }> {
      // Refused before a single byte is sent: a 200 MB file costs the clerk no waiting.
      if (input.size > maxBytes()) throw tooLargeError(input.size, maxBytes());
      expireUploads();
      if (uploads.size >= MAX_UPLOADS) throw new AppError('CONFLICT', '同时附加的文件过多：请等待正在附加的文件完成后再试。');
      const uploadId = randomUUID();
      const path = files.tempPath();
      await writeFile(path, Buffer.alloc(0));
      uploads.set(uploadId, { path, size: input.size, received: 0, touched: Date.now(), busy: false });
      return { uploadId, chunkBytes: ATTACH_CHUNK_BYTES };
    },

    async attachChunk(input: MethodParsedInput<'scanner.attachChunk'>): Promise<{ received: number }> {
      const u = uploadOf(input.uploadId);
      if (u.busy || input.offset !== u.received) {
        throw new AppError('CONFLICT', '文件分段上传的顺序错乱：请重新附加该文件。', { expectedOffset: u.received });
      }
      const data = Buffer.from(input.dataBase64, 'base64');
      if (u.received + data.length > u.size) throw new AppError('INVALID_INPUT', '上传的内容比声明的文件大小多：请重新附加该文件。');
      u.busy = true;
      try {
        await appendFile(u.path, data);
        u.received += data.length;
        u.touched = Date.now();
        return { received: u.received };
      } finally {
        u.busy = false;
      }
    },

    async attachEnd(input: MethodParsedInput<'scanner.attachEnd'>): Promise<{ pages: ScannedPage[] }> {
      const u = uploadOf(input.uploadId);
      if (u.busy) throw new AppError('CONFLICT', '文件仍在上传中，请稍候。');
      if (u.received !== u.size) throw new AppError('INVALID_INPUT', `文件未传完整（已收到 ${u.received} / ${u.size} 字节）：请重新附加该文件。`);
      uploads.delete(input.uploadId);
      try {
        return { pages: await attachFile(u.path) };
      } finally {
        await rm(u.path, { force: true });
      }
    },

    async rotate(input: MethodParsedInput<'scanner.rotate'>): Promise<ScannedPage> {
      const bytes = await files.read(input.sha256);
      return rotateStored(bytes, await mimeOf(input.sha256, bytes), input.degrees, ingestOptions(), putBlob);
    },

    async page(input: MethodParsedInput<'scanner.page'>): Promise<PageView> {
      const key = `${input.sha256}:${input.maxSide ?? 0}`;
      const hit = thumbs.get(key);
      if (hit) return hit;
      const bytes = await files.read(input.sha256);
      const mime = await mimeOf(input.sha256, bytes);
      const info = await describeStored(bytes, mime).catch(() => {
        throw new AppError('STORAGE_FAILED', '本地保存的图像已损坏，无法显示：请删除该页后重新扫描或附加。', { sha256: input.sha256 });
      });
      let view: PageView;
      if (mime === 'application/pdf') view = { mime, dataBase64: input.maxSide ? null : bytes.toString('base64'), ...info };
      else if (!input.maxSide) view = { mime, dataBase64: bytes.toString('base64'), ...info };
      else {
        const t = await thumbnailOf(bytes, input.maxSide);
        view = { mime: 'image/jpeg', dataBase64: t.data.toString('base64'), width: t.width, height: t.height, pageCount: 1 };
      }
      // Only thumbnails are cached: full pages are large and opened rarely.
      if (input.maxSide) {
        thumbs.set(key, view);
        if (thumbs.size > THUMB_CACHE) thumbs.delete(thumbs.keys().next().value!);
      }
      return view;
    },

    settingsView(): MethodOutput<'admin.getScannerSettings'> {
      return { settings: config(), errors: [...errors] };
    },

    updateSettings(input: ScannerSettings): MethodOutput<'admin.getScannerSettings'> {
      if (running) throw new AppError('CONFLICT', '正在扫描，请等扫描结束后再保存扫描设置。');
      settings.update({ scanner: scannerSettingsSchema.parse(input) });
      return { settings: config(), errors: [...errors] };
    },
  };
}

function wire(e: AppError, kept: number): WireError {
  return { code: e.code, message: `${e.message}（已保留前 ${kept} 页）` };
}

export type ScannerService = ReturnType<typeof createScannerService>;
