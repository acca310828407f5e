import type { MethodOutput, MethodParsedInput } from '../../../shared/api/contract.js';
import type { SyncStatus } from '../../../shared/api/sync.js';
import { AppError } from '../../../shared/errors.js';
import type { Publication } from '../../../shared/sync.js';
import type { Deps } from '../auth.js';
import type { BlobFiles } from '../blob-files.js';
import { createSyncEngine, TOKEN_SECRET, type EngineDeps } from './engine.js';
import type { SecretStore } from './secret-store.js';
import { syncLabel } from './status.js';

export { fileSecretStore, type SecretStore } from './secret-store.js';
export { createSyncEngine, type SyncEngine } from './engine.js';

// The host's sync service: the engine plus what the header and the sync page show.

export interface SyncServiceOptions extends Deps {
  blobFiles: BlobFiles;
  secrets: SecretStore;
  deviceId: string;
  onPublication?: (p: Publication) => Promise<void>;
  publishedVersion?: EngineDeps['publishedVersion'];
  log?: EngineDeps['log'];
  onPulled?: EngineDeps['onPulled'];
  intervalMs?: number;
}

export function createSyncService(opts: SyncServiceOptions) {
  const { store, settings, now } = opts;
  const engine = createSyncEngine({
    store,
    blobFiles: opts.blobFiles,
    settings,
    secrets: opts.secrets,
    now,
    onPublication: opts.onPublication,
    publishedVersion: opts.publishedVersion,
    intervalMs: opts.intervalMs,
    log: opts.log,
    onPulled: opts.onPulled,
  });

  async function status(): Promise<SyncStatus> {
    const [events, blobs, problems, enrolment] = await Promise.all([
      store.sync.pendingSummary(),
      store.blobs.pending(),
      store.sync.problemCounts(),
      engine.enrolment(),
    ]);
    const get = (k: 'last_success_at' | 'offline_since' | 'last_error') => store.sync.getState(k);
    const [lastSuccessAt, offlineSince, lastError] = await Promise.all([get('last_success_at'), get('offline_since'), get('last_error')]);
    const centralUrl = settings.read().centralUrl;
    const engineState = engine.state();
    const pendingBytes = events.bytes + blobs.bytes;
    const { state, label } = syncLabel({
      centralUrl,
      enrolled: enrolment !== null,
      engineState,
      lastError,
      offlineSince,
      pendingEvents: events.count,
      pendingBlobs: blobs.count,
      pendingBytes,
      now: now(),
    });
    const next = engine.nextAttemptAt();
    return {
      state,
      label,
      pendingEvents: events.count,
      pendingBytes,
      pendingBlobs: blobs.count,
      rejected: problems.rejected,
      conflicts: problems.conflicts,
      deferred: problems.deferred,
      lastSuccessAt,
      offlineSince,
      lastError,
      nextAttemptAt: next === null ? null : new Date(next).toISOString(),
      centralUrl,
      enrolment,
      secretStorage: opts.secrets.kind,
    };
  }

  return {
    engine,
    status,
    start: () => engine.start(),
    stop: () => engine.stop(),
    async syncNow(): Promise<SyncStatus> {
      await engine.syncNow();
      return status();
    },
    async details(): Promise<MethodOutput<'sync.details'>> {
      const [problems, cases] = await Promise.all([store.sync.problems(), store.sync.caseStates()]);
      const numbers = new Map<string, string | null>();
      for (const c of cases) {
        const rec = await store.cases.get(c.caseId).catch(() => undefined);
        // A 办不成事 record syncs under its own id: it has a number from the start.
        numbers.set(c.caseId, rec ? rec.caseNumber : ((await store.escalations.get(c.caseId))?.number ?? null));
      }
      return { problems, cases: cases.map((c) => ({ ...c, caseNumber: numbers.get(c.caseId) ?? null })) };
    },
    async configure(input: MethodParsedInput<'admin.syncConfigure'>): Promise<SyncStatus> {
      const before = settings.read().centralUrl;
      settings.update({ centralUrl: input.centralUrl, ...(input.centralCaFile !== undefined ? { centralCaFile: input.centralCaFile || null } : {}) });
      if (before !== input.centralUrl) {
        // Another service means another device registration and another event stream.
        opts.secrets.delete(TOKEN_SECRET);
        await store.sync.setState('enrolment', null);
        await store.sync.setState('pull_cursor', null);
        await store.sync.setState('offline_since', null);
        await store.sync.setState('last_error', null);
      }
      return status();
    },
    async enrol(code: string): Promise<SyncStatus> {
      const inst = settings.read().installation;
      if (!inst) throw new AppError('NOT_SET_UP', '本机尚未完成初始设置。');
      await engine.enrol(code, opts.deviceId, `${inst.hallName} ${inst.counterName}`);
      return status();
    },
    fetchBlob: (sha256: string) => engine.fetchBlob(sha256),
  };
}

export type SyncService = ReturnType<typeof createSyncService>;
