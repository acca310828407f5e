import { accessSync, constants, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openClientStore } from '../../db/index.js';
import { fileKeyStore, type DataKeyStore } from '../../db/keys.js';
import { catalog } from '../../seeds/catalog/index.js';
import { demoClerks, demoInstallation, demoSender, DEMO_PASSWORD } from '../../seeds/demo.js';
import { AppError } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import type { SettingsStore } from '../../shared/settings.js';
import type { CallContext } from '../services/auth.js';
import type { PdfRenderer } from '../services/catalog.js';
import { BLOB_DIR } from '../services/blob-files.js';
import { unlockDataDir } from '../services/data-key.js';
import type { SecretStore } from '../services/sync/index.js';
import { dispatch, type CallResult } from '../transport/dispatch.js';
import { acquireDataDirLock } from './instance-lock.js';
import { log } from './log.js';
import { createServices, type Services, type Shell } from './services.js';

export const DB_FILE = 'yct.sqlite';
export const VERSION = '0.1.0';

export interface HostOptions {
  dataDir: string;
  shell: Shell;
  /** Opens the settings store once the data directory is known to be usable. */
  openSettings: (dataDir: string) => SettingsStore;
  /** Prints an HTML document to PDF: Electron's printToPDF, or headless Chromium in browser mode. */
  renderPdf: PdfRenderer;
  /** Where the sync device token is kept: safeStorage in Electron; a 0600 file otherwise. */
  secrets?: SecretStore;
  /** Where the data key ring is kept: sealed by safeStorage in Electron; the 0600 key file otherwise. */
  dataKeys?: DataKeyStore;
  /** Load the demo hall and accounts into an empty installation. */
  demo?: boolean;
  now?: () => number;
}

export interface Host {
  services: Services;
  dataDir: string;
  call(ctx: CallContext, method: string, input: unknown): Promise<CallResult>;
  close(): Promise<void>;
}

/** Makes sure the data directory exists and can be written, before anything is opened. */
export function prepareDataDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
    const probe = join(dir, `.write-probe-${process.pid}`);
    writeFileSync(probe, 'ok');
    rmSync(probe);
  } catch (err) {
    const fsCode = (err as { code?: string }).code ?? null;
    if (fsCode === 'EROFS') {
      throw new AppError('STORAGE_FAILED', `数据目录只读：${dir}。一窗通要在这里保存办件，无法启动。请把数据目录放到可写的磁盘上，或请管理员解除只读后重新启动。`, { fsCode });
    }
    if (fsCode === 'ENOSPC' || fsCode === 'EDQUOT') {
      throw new AppError('STORAGE_FAILED', `数据目录所在磁盘已满：${dir}。请清理磁盘空间（或联系管理员）后重新启动。`, { fsCode });
    }
    throw new AppError('STORAGE_FAILED', `数据目录无法创建或写入：${dir}。请检查该路径是否存在、是否为文件夹、磁盘是否已满以及权限，然后重新启动。`, { fsCode });
  }
}

/** The data directory's key ring, a legacy unencrypted store encrypted first (counts logged, never the key). */
export async function openDataKeys(dataDir: string, keys: DataKeyStore) {
  const r = await unlockDataDir({ dbFile: join(dataDir, DB_FILE), blobRoot: join(dataDir, BLOB_DIR) }, keys);
  const { created, dbEncrypted, blobsEncrypted, rotationPending } = r.report;
  if (created) log.info('data key created', { store: keys.kind });
  if (dbEncrypted || blobsEncrypted > 0) log.info('unencrypted store encrypted', { database: dbEncrypted, blobs: blobsEncrypted });
  if (rotationPending) log.warn('data key rotation unfinished: run rotate-key again to complete it');
  return r;
}

export async function createHost(opts: HostOptions): Promise<Host> {
  const now = opts.now ?? Date.now;
  prepareDataDir(opts.dataDir);
  const release = acquireDataDirLock(opts.dataDir);
  let store;
  let settings;
  let ring;
  try {
    settings = opts.openSettings(opts.dataDir);
    if (!settings.read().deviceId) settings.update({ deviceId: newId() });
    ({ ring } = await openDataKeys(opts.dataDir, opts.dataKeys ?? fileKeyStore(opts.dataDir)));
    store = await openClientStore(join(opts.dataDir, DB_FILE), settings.read().deviceId!, { now, key: ring });
  } catch (err) {
    release();
    throw err;
  }
  const deviceId = settings.read().deviceId!;
  const services = createServices({ store, settings, now, shell: opts.shell, version: VERSION, catalog, renderPdf: opts.renderPdf, dataDir: opts.dataDir, secrets: opts.secrets, dataKeys: ring });
  services.sync.start();
  await services.catalog.ensureSeeded();
  services.notify.notifier.start();
  // Messages that fall due without a clerk's action: results ready, ratings not given.
  const sweep = () =>
    void services.delivery
      .sweep()
      .then((r) => (r.ready + r.reminders > 0 ? services.notify.notifier.kick() : undefined))
      .catch((err: unknown) => log.warn('delivery sweep failed', { error: err instanceof Error ? err.name : 'unknown' }));
  const sweeper = setInterval(sweep, 60_000);
  sweeper.unref();
  sweep();
  // Finished cases get their archive package in the background; a pass looks at ten cases.
  const archiveSweep = () => void services.archive.sweep().catch((err: unknown) => log.warn('archive sweep failed', { error: err instanceof Error ? err.name : 'unknown' }));
  const archiver = setInterval(archiveSweep, 60_000);
  archiver.unref();
  archiveSweep();

  // Missing fonts are logged and shown as a banner; printing still works, with boxes for what is missing.
  void services.fonts.report();

  if (opts.demo && !(await services.installation.isSetUp())) await loadDemo(services, deviceId);

  log.info('host ready', { shell: opts.shell, setUp: await services.installation.isSetUp() });
  return {
    services,
    dataDir: opts.dataDir,
    call: (ctx, method, input) => dispatch(services, ctx, method, input),
    async close() {
      clearInterval(sweeper);
      clearInterval(archiver);
      await services.archive.stop();
      await services.notify.notifier.stop();
      await services.sync.stop();
      // The reader's port is released before the process goes, or the next start finds it busy.
      await services.idcard.close();
      await store.close();
      release();
    },
  };
}

async function loadDemo(services: Services, deviceId: string): Promise<void> {
  for (const c of demoClerks) {
    if (await services.store.clerks.byStaffNo(c.staffNo)) continue;
    // The demo is a training install on embedded defaults (never a packaged build) whose shared
    // password is printed in the README; forcing each trainee to change it would lock the others
    // out. YCT_DEMO_FORCE_CHANGE=1 rehearses the forced change on the demo accounts.
    await services.clerks.create({ ...c, password: DEMO_PASSWORD }, { mustChangePassword: process.env.YCT_DEMO_FORCE_CHANGE === '1' });
  }
  if (!services.settings.read().installation) {
    const delivery = services.settings.read().delivery;
    services.settings.update({ installation: { deviceId, ...demoInstallation }, delivery: { ...delivery, ...demoSender } });
  }
  log.info('demo installation loaded', { clerks: demoClerks.length });
}
