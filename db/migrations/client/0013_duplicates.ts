import { sql, type Kysely } from 'kysely';

// Never edit after it has landed: add a new migration instead.
// 重复办件: pairs of open cases of one applicant (same bundle or a shared item) drafted on different
// counters, found when the second one becomes known (usually by sync), and the supervisor's
// decision on them. A projection: cleared and refilled by a rebuild. Cases already on the device
// are paired on their next change or by a rebuild of the projections.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('duplicate_pairs')
    /** The two cases, lower id first. */
    .addColumn('case_a', 'text', (c) => c.notNull())
    .addColumn('case_b', 'text', (c) => c.notNull())
    /** person | enterprise */
    .addColumn('subject_kind', 'text', (c) => c.notNull())
    /** The ID number masked, or the credit code: the full number stays with the cases. */
    .addColumn('subject_masked', 'text', (c) => c.notNull())
    /** Time of the event that made the pair. */
    .addColumn('detected_at', 'text', (c) => c.notNull())
    /** open | decided */
    .addColumn('status', 'text', (c) => c.notNull())
    /** merge | distinct */
    .addColumn('decision', 'text')
    .addColumn('keep_case_id', 'text')
    .addColumn('note', 'text')
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    /** The deciding event: the earliest decision (by clock) wins on every device. */
    .addColumn('decision_event_id', 'text')
    .addColumn('decision_hlc', 'text')
    .addPrimaryKeyConstraint('duplicate_pairs_pk', ['case_a', 'case_b'])
    .execute();
  await sql`create index duplicate_pairs_b on duplicate_pairs (case_b)`.execute(db);
  // The supervisor's list and the board's count: one range.
  await sql`create index duplicate_pairs_status on duplicate_pairs (status, detected_at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('duplicate_pairs').execute();
}
