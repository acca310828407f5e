import type { Kysely, Selectable } from 'kysely';
import type { BlobsTable, ClientDatabase } from '../schema.js';

// Index of the content-addressed files under <dataDir>/blobs. The file is written first and
// recorded here after, so a row always names a complete file; a file without a row (crash in
// between) is recorded again by the next put of the same content.

export interface BlobRecord {
  sha256: string;
  size: number;
  mime: string;
  createdAt: string;
  uploadedAt: string | null;
}

export interface BlobIndex {
  /** Records a stored file; recording the same content again changes nothing. */
  record(b: { sha256: string; size: number; mime: string }, at: string): Promise<void>;
  get(sha256: string): Promise<BlobRecord | undefined>;
  /** Oldest first, for the sync engine's upload queue. */
  listNotUploaded(limit?: number): Promise<BlobRecord[]>;
  markUploaded(sha256s: readonly string[], at: string): Promise<void>;
  /** Count and total bytes still waiting for upload. */
  pending(): Promise<{ count: number; bytes: number }>;
}

const toRecord = (r: Selectable<BlobsTable>): BlobRecord => ({
  sha256: r.sha256,
  size: r.size,
  mime: r.mime,
  createdAt: r.created_at,
  uploadedAt: r.uploaded_at,
});

export function createBlobIndex(db: Kysely<ClientDatabase>): BlobIndex {
  return {
    async record(b, at) {
      await db
        .insertInto('blobs')
        .values({ sha256: b.sha256, size: b.size, mime: b.mime, created_at: at, uploaded_at: null })
        .onConflict((oc) => oc.column('sha256').doNothing())
        .execute();
    },
    async get(sha256) {
      const r = await db.selectFrom('blobs').selectAll().where('sha256', '=', sha256).executeTakeFirst();
      return r && toRecord(r);
    },
    async listNotUploaded(limit = 100) {
      const rows = await db.selectFrom('blobs').selectAll().where('uploaded_at', 'is', null).orderBy('created_at').orderBy('sha256').limit(limit).execute();
      return rows.map(toRecord);
    },
    async markUploaded(sha256s, at) {
      if (sha256s.length === 0) return;
      await db.updateTable('blobs').set({ uploaded_at: at }).where('sha256', 'in', [...sha256s]).where('uploaded_at', 'is', null).execute();
    },
    async pending() {
      const r = await db
        .selectFrom('blobs')
        .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.coalesce(eb.fn.sum<number>('size'), eb.lit(0)).as('bytes')])
        .where('uploaded_at', 'is', null)
        .executeTakeFirstOrThrow();
      return { count: Number(r.n), bytes: Number(r.bytes) };
    },
  };
}
