import { join } from 'node:path';
import type { ClientStore } from '../../db/index.js';
import type { SettingsStore } from '../../shared/settings.js';
import type { Catalog } from '../../shared/catalog.js';
import { createApplicantService } from '../services/applicant.js';
import { createAuthService } from '../services/auth.js';
import { createCatalogService, type PdfRenderer } from '../services/catalog.js';
import { createClerkService } from '../services/clerks.js';
import { createInstallationService } from '../services/installation.js';
import { createSyncService, fileSecretStore, type SecretStore } from '../services/sync/index.js';
import { publicationHandlers } from '../services/sync/publications.js';
import { log } from './log.js';
import { fontStatus } from './fonts.js';
import { createIdCardService } from '../services/idcard.js';
import { BLOB_DIR, createBlobFiles, type BlobKeys } from '../services/blob-files.js';
import { createCalendarService } from '../services/calendar.js';
import { createStandInELicense } from '../services/elicense.js';
import { createIntakeService } from '../services/intake.js';
import { createScannerService } from '../services/scanner.js';
import { createCaseLocks } from '../services/case-locks.js';
import { createRoutingService } from '../services/routing.js';
import { createDeliveryService } from '../services/delivery.js';
import { createNotifyService } from '../services/notify/index.js';
import { createReportService } from '../services/reports.js';
import { createArchiveService } from '../services/archive/index.js';
import { createBoardService } from '../services/board.js';
import { createAssistService } from '../services/assist.js';
import { createProxyService } from '../services/proxy.js';
import { createEscalationService } from '../services/escalation.js';
import { createDuplicateService } from '../services/duplicates.js';
import { createHallQueueService } from '../services/hall-queue/index.js';
import { checkChain } from '../services/chain-check.js';
import { createUpdateService } from '../services/updates.js';

export type Shell = 'electron' | 'browser';

export function createServices(opts: { store: ClientStore; settings: SettingsStore; now: () => number; shell: Shell; version: string; catalog: Catalog; renderPdf: PdfRenderer; dataDir: string; secrets?: SecretStore; dataKeys: BlobKeys }) {
  const deps = { store: opts.store, settings: opts.settings, now: opts.now };
  const auth = createAuthService(deps);
  const catalog = createCatalogService(deps, opts.catalog, opts.renderPdf);
  const clerks = createClerkService(deps, auth, async () => new Set((await catalog.indexOf()).ix.catalog.departments.map((d) => d.id)));
  const calendar = createCalendarService(deps);
  // One blob store for the host: the size cap is the admin's, read on every write.
  const blobFiles = createBlobFiles(join(opts.dataDir, BLOB_DIR), { keys: opts.dataKeys, maxBytes: () => opts.settings.read().scanner.maxFileMB * 1024 * 1024 });
  const sync = createSyncService({
    ...deps,
    blobFiles,
    secrets: opts.secrets ?? fileSecretStore(opts.dataDir),
    deviceId: opts.settings.read().deviceId!,
    log: (msg, fields) => log.info(msg, fields),
    // Bound late: routing is created below, and pulls only start once the host runs.
    onPulled: async (caseIds) => void (await routing.sweepUnblocked(caseIds)),
    ...(() => {
      const pub = publicationHandlers({ store: opts.store, settings: opts.settings, importCatalog: (text) => catalog.importFile(null, text) });
      return { onPublication: pub.apply, publishedVersion: pub.publishedVersion };
    })(),
  });
  const hasBlob = async (sha: string) => (await opts.store.blobs.get(sha)) !== undefined && (await blobFiles.has(sha));
  const withCaseLock = createCaseLocks();
  const routing = createRoutingService({ ...deps, catalog, calendar, withCaseLock, hasBlob, deviceId: opts.settings.read().deviceId! });
  const hallQueue = createHallQueueService({ ...deps, catalog, calendar });
  const intake = createIntakeService({
    ...deps,
    catalog,
    calendar,
    withCaseLock,
    routeOnAcceptance: routing.routeOnAcceptance,
    hallQueue,
    renderPdf: opts.renderPdf,
    elicense: createStandInELicense(() => opts.catalog),
    hasBlob,
    async readBlob(sha) {
      // Pulled cases reference scans made elsewhere: fetched from the central service on first use.
      if (!(await blobFiles.has(sha))) await sync.fetchBlob(sha).catch(() => undefined);
      const rec = await opts.store.blobs.get(sha);
      return rec && (await blobFiles.has(sha)) ? { mime: rec.mime, bytes: await blobFiles.read(sha) } : null;
    },
  });
  const applicant = createApplicantService(deps, catalog);
  const proxy = createProxyService({ ...deps, catalog, calendar, withCaseLock, caseView: (id) => intake.viewOf(id) });
  const notify = createNotifyService({
    store: opts.store.notifications,
    settings: opts.settings,
    now: opts.now,
    log,
    // The log keeps that the applicant was told (the text stays in this device's outbox).
    onSent: async (row) => {
      await opts.store.events.append({ actorId: null }, [{ type: 'delivery.notified', caseId: row.caseId, payload: { notificationId: row.id, kind: row.kind } }]);
    },
  });
  const delivery = createDeliveryService({
    ...deps,
    catalog,
    calendar,
    withCaseLock,
    renderPdf: opts.renderPdf,
    hasBlob,
    async putBlob(bytes, mime) {
      const b = await blobFiles.put(bytes, mime);
      await opts.store.blobs.record(b, new Date(opts.now()).toISOString());
      return b.sha256;
    },
    async readBlob(sha) {
      const rec = await opts.store.blobs.get(sha);
      return rec && (await blobFiles.has(sha)) ? { mime: rec.mime, bytes: await blobFiles.read(sha) } : null;
    },
    showApplicant: (v) => applicant.set(v),
    notifier: {
      enqueue: (req) => notify.notify(req),
      ofCases: async (caseIds) =>
        (await opts.store.notifications.ofCases(caseIds)).map((n) => ({ caseId: n.caseId, id: n.id, kind: n.kind, status: n.status, attempts: n.attempts, lastError: n.lastError, sentAt: n.sentAt })),
      retry: (id) => notify.resend(id),
    },
  });
  return {
    shell: opts.shell,
    version: opts.version,
    store: opts.store,
    settings: opts.settings,
    auth,
    clerks,
    installation: createInstallationService(deps, auth, clerks),
    sync,
    catalog,
    applicant,
    notify,
    delivery,
    idcard: createIdCardService(deps),
    calendar,
    blobFiles,
    intake,
    routing,
    scanner: createScannerService({ ...deps, files: blobFiles }),
    reports: createReportService({ ...deps, catalog, calendar }),
    archive: createArchiveService({
      ...deps,
      catalog,
      intake,
      delivery,
      renderPdf: opts.renderPdf,
      blobFiles,
      fetchBlob: (sha) => sync.fetchBlob(sha),
      secrets: opts.secrets ?? fileSecretStore(opts.dataDir),
      dataDir: opts.dataDir,
      version: opts.version,
      log: (msg, fields) => log.warn(msg, fields),
    }),
    board: createBoardService({ store: opts.store, now: opts.now, calendar, catalog, routing, sync, deviceId: opts.settings.read().deviceId!, transfersOverdue: () => proxy.overdueCount() }),
    assist: createAssistService({ ...deps, calendar, withCaseLock, hasBlob }),
    proxy,
    escalation: createEscalationService({ ...deps, calendar, catalog, withCaseLock }),
    duplicates: createDuplicateService({ ...deps, catalog, withCaseLock, deviceId: opts.settings.read().deviceId! }),
    hallQueue,
    /** Offline updates from the central service's release area; the Electron shell attaches the installer. */
    updates: createUpdateService({
      settings: opts.settings,
      now: opts.now,
      shell: opts.shell,
      version: opts.version,
      applicantBusy: () => ['form', 'signature', 'rating'].includes(applicant.view().kind),
    }),
    /** The audit chain check (local log, and the central copy of this device's chain when reachable). */
    verifyChain: () => checkChain({ store: opts.store, now: opts.now, client: () => sync.engine.client(), enrolled: async () => (await sync.engine.enrolment()) !== null }),
    // Checked once, when the host starts (not by the CLI tools); the result (scripts only, nothing personal) goes to the log.
    fonts: fontStatus((r) =>
      r.ok ? log.info('fonts checked', { ok: true, checked: r.checked }) : log.warn('fonts missing', { ok: false, missing: r.missing.map((m) => m.script) }),
    ),
  };
}

export type Services = ReturnType<typeof createServices>;
