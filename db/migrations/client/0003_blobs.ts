import type { Kysely } from 'kysely';

// Never edit after it has landed: add a new migration instead.
// Index of content-addressed files under <dataDir>/blobs; uploaded_at is set by sync.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('blobs')
    .addColumn('sha256', 'text', (c) => c.primaryKey())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('uploaded_at', 'text')
    .execute();
  await db.schema.createIndex('blobs_upload_queue').on('blobs').columns(['uploaded_at', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('blobs').execute();
}
