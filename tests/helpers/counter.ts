import { join } from 'node:path';
import { openClientStore, type ClientStore } from '../../db/index.js';
import { fileKeyStore } from '../../db/keys.js';
import { createBlobFiles, type BlobFiles } from '../../electron/services/blob-files.js';
import { unlockDataDir } from '../../electron/services/data-key.js';
import { openConfSettings } from '../../electron/host/settings.js';
import { createSyncEngine, type SyncEngine } from '../../electron/services/sync/engine.js';
import { fileSecretStore } from '../../electron/services/sync/secret-store.js';
import type { SettingsStore } from '../../shared/settings.js';
import { newId } from '../../shared/ids.js';
import { catalog } from '../../seeds/catalog/index.js';
import { tempDir } from './tmp.js';

// A counter device for sync tests: the real client store, blob files, settings file,
// secret file and sync engine in its own data directory — what the host wires up.

export interface TestCounter {
  deviceId: string;
  dir: string;
  store: ClientStore;
  blobFiles: BlobFiles;
  settings: SettingsStore;
  engine: SyncEngine;
  /** Enrols through the engine with a fresh code. */
  enrol(code: string): Promise<void>;
  close(): Promise<void>;
}

export async function startCounter(opts: { centralUrl: string; hallCode: string; caFile?: string; dir?: string; deviceId?: string }): Promise<TestCounter> {
  const t = opts.dir ? { dir: opts.dir, cleanup: () => undefined } : tempDir('yct-counter-');
  const settings = openConfSettings(t.dir);
  const deviceId = settings.read().deviceId ?? opts.deviceId ?? newId();
  settings.update({
    deviceId,
    installation: { deviceId, hallName: `大厅 ${opts.hallCode}`, hallCode: opts.hallCode, counterName: '1 号窗口' },
    centralUrl: opts.centralUrl,
    centralCaFile: opts.caFile ?? null,
  });
  const { ring } = await unlockDataDir({ dbFile: join(t.dir, 'yct.sqlite'), blobRoot: join(t.dir, 'blobs') }, fileKeyStore(t.dir));
  const store = await openClientStore(join(t.dir, 'yct.sqlite'), deviceId, { synchronous: 'NORMAL', key: ring });
  const blobFiles = createBlobFiles(join(t.dir, 'blobs'), { keys: ring });
  const engine = createSyncEngine({ store, blobFiles, settings, secrets: fileSecretStore(t.dir), now: Date.now, intervalMs: 60_000 });
  return {
    deviceId,
    dir: t.dir,
    store,
    blobFiles,
    settings,
    engine,
    async enrol(code) {
      await engine.enrol(code, deviceId, 'test counter');
      await engine.stop();
    },
    async close() {
      await engine.stop();
      await store.close();
      t.cleanup();
    },
  };
}

export const NEWBORN = (() => {
  const bundle = catalog.bundles.find((b) => b.id === 'hlj.newborn')!;
  const itemIds = bundle.items.map((i) => i.itemId);
  const departmentOf = (itemId: string) => catalog.items.find((i) => i.id === itemId)!.departmentId.value;
  return { bundleId: bundle.id, itemIds, departmentOf, catalogVersion: catalog.version };
})();

/** Drafts and accepts a newborn case on `store`; returns its id. */
export async function draftAndAccept(store: ClientStore, hallCode: string, caseNumber: string, commitmentBlob: string | null = null): Promise<string> {
  const caseId = newId();
  await store.events.append({ actorId: 'clerk-1' }, [
    {
      type: 'case.drafted',
      caseId,
      payload: { bundleId: NEWBORN.bundleId, itemIds: NEWBORN.itemIds, catalogVersion: NEWBORN.catalogVersion, hallCode, applicantKind: 'person', ticketRef: null },
    },
  ]);
  await store.events.append({ actorId: 'clerk-1' }, [
    {
      type: 'case.accepted',
      caseId,
      payload: { caseNumber, pendingMaterials: [], commitmentDeadline: null, commitmentBlob, expectedDate: null, delivery: { method: 'window', address: null } },
    },
  ]);
  return caseId;
}

/** Routes an accepted case: every item queued with its department. */
export async function route(store: ClientStore, caseId: string): Promise<void> {
  await store.events.append({ actorId: 'clerk-1' }, [
    { type: 'case.routed', caseId, payload: {} },
    ...NEWBORN.itemIds.map((itemId) => ({
      type: 'item.state_changed' as const,
      caseId,
      payload: { itemId, departmentId: NEWBORN.departmentOf(itemId), to: 'queued' as const },
    })),
  ]);
}
