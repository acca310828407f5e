import { openClientDb, type SqliteOptions } from './sqlite.js';
import { createCatalogStore, type CatalogStore } from './stores/catalog.js';
import { createClerkStore, type ClerkStore } from './stores/clerks.js';
import { createEventStore, type EventStore } from './stores/events.js';

export { storageError } from './sqlite.js';
export type { ClerkRecord, ClerkStore, ClerkPatch } from './stores/clerks.js';
export type { EventStore, AppendContext } from './stores/events.js';
export type { CatalogStore, CatalogVersionRecord } from './stores/catalog.js';

/** Everything the host's services need from the counter's database. */
export interface ClientStore {
  events: EventStore;
  clerks: ClerkStore;
  catalog: CatalogStore;
  /** Raw projection snapshot, for tests and diagnostics. */
  snapshotProjections(): Promise<{ cases: unknown[]; caseItems: unknown[] }>;
  close(): Promise<void>;
}

export async function openClientStore(
  file: string,
  deviceId: string,
  options: SqliteOptions & { now?: () => number } = {},
): Promise<ClientStore> {
  const { db, close } = await openClientDb(file, options);
  return {
    events: await createEventStore(db, deviceId, options.now),
    clerks: createClerkStore(db),
    catalog: createCatalogStore(db),
    async snapshotProjections() {
      const cases = await db.selectFrom('cases').selectAll().orderBy('id').execute();
      const caseItems = await db.selectFrom('case_items').selectAll().orderBy('case_id').orderBy('item_id').execute();
      return { cases, caseItems };
    },
    close,
  };
}
