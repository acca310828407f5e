import type { Kysely } from 'kysely';
import type { Publication } from '../../shared/sync.js';
import type { CentralDatabase } from '../central-schema.js';

// Catalog and calendar versions published by the central admin. Versions are never
// rewritten: cases pin the version they were accepted under.

export type PublicationKind = Publication['kind'];

export function createCentralPublicationStore(db: Kysely<CentralDatabase>, now: () => number = Date.now) {
  const toPub = (r: { kind: string; version: string; body: string; published_at: string }): Publication => ({
    kind: r.kind as PublicationKind,
    version: r.version,
    publishedAt: r.published_at,
    body: JSON.parse(r.body) as unknown,
  });
  return {
    /** False when this version of this kind was already published. */
    async publish(kind: PublicationKind, version: string, body: unknown): Promise<boolean> {
      const r = await db
        .insertInto('publications')
        .values({ kind, version, body: JSON.stringify(body), published_at: new Date(now()).toISOString() })
        .onConflict((oc) => oc.columns(['kind', 'version']).doNothing())
        .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
    },
    async latest(kind: PublicationKind): Promise<Publication | undefined> {
      const r = await db.selectFrom('publications').selectAll().where('kind', '=', kind).orderBy('pub_seq', 'desc').limit(1).executeTakeFirst();
      return r && toPub(r);
    },
    async get(kind: PublicationKind, version: string): Promise<Publication | undefined> {
      const r = await db.selectFrom('publications').selectAll().where('kind', '=', kind).where('version', '=', version).executeTakeFirst();
      return r && toPub(r);
    },
    async versions(kind: PublicationKind): Promise<{ version: string; publishedAt: string }[]> {
      const rows = await db.selectFrom('publications').select(['version', 'published_at']).where('kind', '=', kind).orderBy('pub_seq').execute();
      return rows.map((r) => ({ version: r.version, publishedAt: r.published_at }));
    },
  };
}

export type CentralPublicationStore = ReturnType<typeof createCentralPublicationStore>;
