import type { Kysely } from 'kysely';
import { compareVersions } from '../../shared/catalog.js';
import type { ClientDatabase } from '../schema.js';

// Catalog versions as published: a case pins the version it was accepted under,
// so old versions are kept, never rewritten.

export interface CatalogVersionRecord {
  version: string;
  createdAt: string;
  createdBy: string | null;
  note: string | null;
  body: string;
}

export interface CatalogStore {
  /** The newest version number (versions sort as YYYY.N); cheap, the body is not read. */
  latestVersion(): Promise<string | undefined>;
  get(version: string): Promise<CatalogVersionRecord | undefined>;
  insert(r: CatalogVersionRecord): Promise<void>;
}

export function createCatalogStore(db: Kysely<ClientDatabase>): CatalogStore {
  const toRecord = (r: { version: string; created_at: string; created_by: string | null; note: string | null; body: string }) => ({
    version: r.version,
    createdAt: r.created_at,
    createdBy: r.created_by,
    note: r.note,
    body: r.body,
  });
  return {
    async latestVersion() {
      const rows = await db.selectFrom('catalog_versions').select(['version']).execute();
      return rows.map((r) => r.version).sort(compareVersions).at(-1);
    },
    async get(version) {
      const r = await db.selectFrom('catalog_versions').selectAll().where('version', '=', version).executeTakeFirst();
      return r && toRecord(r);
    },
    async insert(r) {
      await db
        .insertInto('catalog_versions')
        .values({ version: r.version, created_at: r.createdAt, created_by: r.createdBy, note: r.note, body: r.body })
        .execute();
    },
  };
}
