import type { Kysely } from 'kysely';
import type { CentralDatabase } from '../central-schema.js';

// Index of the blobs the central service holds; the bytes live in files (server/blob-files.ts).
// A row exists only once the whole blob arrived and its SHA-256 was verified.

export function createCentralBlobStore(db: Kysely<CentralDatabase>, now: () => number = Date.now) {
  return {
    async get(sha256: string): Promise<{ size: number; mime: string; uploadedBy: string } | undefined> {
      const r = await db.selectFrom('blobs').select(['size', 'mime', 'uploaded_by']).where('sha256', '=', sha256).executeTakeFirst();
      return r && { size: Number(r.size), mime: r.mime, uploadedBy: r.uploaded_by };
    },
    async record(sha256: string, size: number, mime: string, uploadedBy: string): Promise<void> {
      await db
        .insertInto('blobs')
        .values({ sha256, size, mime, uploaded_by: uploadedBy, created_at: new Date(now()).toISOString() })
        .onConflict((oc) => oc.column('sha256').doNothing())
        .execute();
    },
    /** Cases whose events reference the blob. */
    async caseIds(sha256: string): Promise<string[]> {
      const rows = await db.selectFrom('blob_cases').select('case_id').where('sha256', '=', sha256).execute();
      return rows.map((r) => r.case_id);
    },
  };
}

export type CentralBlobStore = ReturnType<typeof createCentralBlobStore>;
