import { sql, type Kysely } from 'kysely';
import type { CentralDialect } from './index.js';

// Never edit after it has landed: add a new migration instead.
// 监察统计: facts of each accepted case and of its items, derived from the event log and caught up
// lazily (report_cursor holds the last event folded in). The same tables as on the counter
// (client/0008_reports), for every hall; both fact tables are keyed by the
// period first (clustered on SQLite) so a month or a year is one range scan.

export function reports(dialect: CentralDialect) {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('report_cases')
        .addColumn('case_id', 'text', (c) => c.notNull())
        .addColumn('hall_code', 'text', (c) => c.notNull())
        .addColumn('bundle_id', 'text', (c) => c.notNull())
        .addColumn('catalog_version', 'text', (c) => c.notNull())
        .addColumn('device_id', 'text', (c) => c.notNull())
        .addColumn('clerk_id', 'text')
        .addColumn('priority', 'text')
        .addColumn('accepted_date', 'text', (c) => c.notNull())
        .addColumn('ready_date', 'text')
        .addColumn('delivered_date', 'text')
        .addColumn('ready_days', 'integer')
        .addColumn('delivery_days', 'integer')
        .addColumn('on_time', 'integer')
        .addColumn('corrections', 'integer', (c) => c.notNull())
        .addColumn('item_count', 'integer', (c) => c.notNull())
        .addColumn('withdrawn', 'integer', (c) => c.notNull())
        .addColumn('pending_count', 'integer', (c) => c.notNull())
        .addColumn('commitment_kept', 'integer')
        .addColumn('commitment_due', 'text')
        .addColumn('rating', 'integer')
        .addColumn('rectification', 'text')
        .addColumn('fields_merged', 'integer', (c) => c.notNull())
        .addColumn('fields_separate', 'integer', (c) => c.notNull())
        .addColumn('materials_submitted', 'integer', (c) => c.notNull())
        .addColumn('materials_separate', 'integer', (c) => c.notNull())
        .addColumn('materials_elicense', 'integer', (c) => c.notNull())
        .addColumn('visits_made', 'integer', (c) => c.notNull())
        .addColumn('visits_separate', 'integer', (c) => c.notNull())
        .addColumn('promised_days', 'integer', (c) => c.notNull())
        .addColumn('statutory_days', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('report_cases_pk', ['accepted_date', 'hall_code', 'case_id'])
        // SQLite: clustered by period, a month or a year is one contiguous range; PostgreSQL scans the primary key.
        .$call((b) => (dialect === 'sqlite' ? b.modifyEnd(sql`without rowid`) : b))
        .execute();
      await sql`create unique index report_cases_case on report_cases (case_id)`.execute(db);

      await db.schema
        .createTable('report_items')
        .addColumn('case_id', 'text', (c) => c.notNull())
        .addColumn('item_id', 'text', (c) => c.notNull())
        .addColumn('hall_code', 'text', (c) => c.notNull())
        .addColumn('accepted_date', 'text', (c) => c.notNull())
        .addColumn('department_id', 'text', (c) => c.notNull())
        .addColumn('state', 'text')
        .addColumn('decided_date', 'text')
        .addColumn('workdays', 'integer')
        .addColumn('delivery_days', 'integer')
        .addColumn('promised_days', 'integer')
        .addColumn('statutory_days', 'integer')
        .addColumn('on_time', 'integer')
        .addColumn('corrections', 'integer', (c) => c.notNull())
        // 1 on the case's first item of this department: counts cases per department without count(distinct).
        .addColumn('dept_first', 'integer', (c) => c.notNull())
        // Case figures repeated so item and department rows need no join.
        .addColumn('pending_count', 'integer', (c) => c.notNull())
        .addColumn('commitment_kept', 'integer')
        .addColumn('commitment_due', 'text')
        .addColumn('rating', 'integer')
        .addColumn('rectification', 'text')
        .addPrimaryKeyConstraint('report_items_pk', ['accepted_date', 'hall_code', 'case_id', 'item_id'])
        .$call((b) => (dialect === 'sqlite' ? b.modifyEnd(sql`without rowid`) : b))
        .execute();
      await sql`create index report_items_case on report_items (case_id)`.execute(db);

      await db.schema
        .createTable('report_cursor')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('value', dialect === 'postgres' ? 'bigint' : 'integer', (c) => c.notNull())
        .execute();
    },
  };
}
