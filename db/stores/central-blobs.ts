import type { Insertable, Kysely } from 'kysely';
import type { CentralDatabase } from '../central-schema.js';

// Index of the blobs the central service holds; the bytes live in files (server/blob-files.ts).
// A row exists only once the whole blob arrived and its SHA-256 was verified.

type BlobRow = Insertable<CentralDatabase['blobs']>;

export function createCentralBlobStore(db: Kysely<CentralDatabase>, now: () => number = Date.now) {
  // Group commit: one statement at a time records every upload that finished meanwhile. A commit
  // per blob was the largest cost of an upload (on SQLite it waits for the disk on the service's
  // only thread, on PostgreSQL it is a round trip); each caller still returns only once its row
  // is committed.
  const waiting: { row: BlobRow; settle: (err?: unknown) => void }[] = [];
  let busy = false;
  function kick(): void {
    if (busy || waiting.length === 0) return;
    busy = true;
    setImmediate(flush);
  }
  function flush(): void {
    const batch = waiting.splice(0, 500);
    db.insertInto('blobs')
      .values(batch.map((w) => w.row))
      .onConflict((oc) => oc.column('sha256').doNothing())
      .execute()
      .then(
        () => batch.forEach((w) => w.settle()),
        (err: unknown) => batch.forEach((w) => w.settle(err ?? new Error('blob record failed'))),
      )
      .finally(() => {
        busy = false;
        kick();
      });
  }

  return {
    async get(sha256: string): Promise<{ size: number; mime: string; uploadedBy: string } | undefined> {
      const r = await db.selectFrom('blobs').select(['size', 'mime', 'uploaded_by']).where('sha256', '=', sha256).executeTakeFirst();
      return r && { size: Number(r.size), mime: r.mime, uploadedBy: r.uploaded_by };
    },
    record(sha256: string, size: number, mime: string, uploadedBy: string): Promise<void> {
      return new Promise((resolve, reject) => {
        waiting.push({ row: { sha256, size, mime, uploaded_by: uploadedBy, created_at: new Date(now()).toISOString() }, settle: (err) => (err ? reject(err) : resolve()) });
        kick();
      });
    },
    /** Cases whose events reference the blob. */
    async caseIds(sha256: string): Promise<string[]> {
      const rows = await db.selectFrom('blob_cases').select('case_id').where('sha256', '=', sha256).execute();
      return rows.map((r) => r.case_id);
    },
  };
}

export type CentralBlobStore = ReturnType<typeof createCentralBlobStore>;
