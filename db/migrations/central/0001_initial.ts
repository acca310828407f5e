import type { ColumnDefinitionBuilder, Kysely } from 'kysely';
import type { CentralDialect } from './index.js';

// The central schema, one set for SQLite and PostgreSQL: TEXT for ids, JSON and ISO
// timestamps, BIGINT for sequences. Only the identity columns differ per dialect.
// Never edit after it has landed: add a new migration instead.

export function initial(dialect: CentralDialect) {
  const identity = (c: ColumnDefinitionBuilder) =>
    dialect === 'postgres' ? c.primaryKey().generatedAlwaysAsIdentity() : c.primaryKey().autoIncrement();
  const seqType = dialect === 'postgres' ? 'bigint' : 'integer';

  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('meta')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('devices')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('hall_code', 'text')
        .addColumn('departments', 'text', (c) => c.notNull())
        .addColumn('label', 'text', (c) => c.notNull())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('enrolled_at', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'text')
        .addColumn('last_seen_at', 'text')
        .addColumn('last_cursor', 'bigint')
        .execute();

      await db.schema
        .createTable('enrolment_codes')
        .addColumn('code_hash', 'text', (c) => c.primaryKey())
        .addColumn('hall_code', 'text')
        .addColumn('departments', 'text', (c) => c.notNull())
        .addColumn('label', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('used_at', 'text')
        .addColumn('used_by', 'text')
        .execute();

      await db.schema
        .createTable('events')
        .addColumn('server_seq', seqType, identity)
        .addColumn('id', 'text', (c) => c.notNull().unique())
        .addColumn('case_id', 'text')
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('actor_id', 'text')
        .addColumn('device_id', 'text', (c) => c.notNull())
        .addColumn('hlc', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('prev_hash', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .addColumn('received_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('events_case').on('events').columns(['case_id', 'server_seq']).execute();

      await db.schema
        .createTable('rejections')
        .addColumn('event_id', 'text', (c) => c.primaryKey())
        .addColumn('device_id', 'text', (c) => c.notNull())
        .addColumn('case_id', 'text')
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('event', 'text', (c) => c.notNull())
        .addColumn('rejected_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('rejections_device').on('rejections').columns(['device_id', 'rejected_at']).execute();

      await db.schema
        .createTable('cases')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('hall_code', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('items', 'text', (c) => c.notNull())
        .addColumn('departments', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('cases_hall').on('cases').columns(['hall_code', 'updated_at']).execute();

      await db.schema
        .createTable('case_departments')
        .addColumn('case_id', 'text', (c) => c.notNull())
        .addColumn('department_id', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('case_departments_pk', ['case_id', 'department_id'])
        .execute();
      await db.schema.createIndex('case_departments_dept').on('case_departments').columns(['department_id', 'case_id']).execute();

      // What each scope ("hall:<code>", "dept:<id>") may pull, in order. A case that becomes
      // visible to a department later gets its earlier events appended to that scope again.
      await db.schema
        .createTable('feed')
        .addColumn('feed_seq', seqType, identity)
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('event_seq', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('feed_scope').on('feed').columns(['scope', 'feed_seq']).execute();

      await db.schema
        .createTable('blobs')
        .addColumn('sha256', 'text', (c) => c.primaryKey())
        .addColumn('size', 'bigint', (c) => c.notNull())
        .addColumn('mime', 'text', (c) => c.notNull())
        .addColumn('uploaded_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('blob_cases')
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('case_id', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('blob_cases_pk', ['sha256', 'case_id'])
        .execute();

      await db.schema
        .createTable('publications')
        .addColumn('pub_seq', seqType, identity)
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('version', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('published_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('publications_kind_version', ['kind', 'version'])
        .execute();
    },
  };
}
