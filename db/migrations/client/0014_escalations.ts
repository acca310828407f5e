import { sql, type Kysely } from 'kysely';
import { inOneCommit } from '../one-commit.js';

// Never edit after it has landed: add a new migration instead.
// 办不成事 反映窗口: one row per record (its current state, for the list and the board) and one row
// per event on it (the timeline). Both are projections of escalation.* events.

export async function up(db: Kysely<any>): Promise<void> {
  return inOneCommit(db, body);
}

async function body(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('escalations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('hall_code', 'text', (c) => c.notNull())
    /** open | in_progress | resolved | closed */
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('applicant_name', 'text', (c) => c.notNull())
    .addColumn('applicant_phone', 'text', (c) => c.notNull())
    /** Full number as given (views mask it); null when the applicant gave none. */
    .addColumn('applicant_id_number', 'text')
    .addColumn('problem', 'text', (c) => c.notNull())
    /** JSON [{ place, when, result }] */
    .addColumn('tried_where', 'text', (c) => c.notNull())
    .addColumn('category', 'text')
    /** JSON [{ clerkId, name }], the lead first; '[]' until assigned. */
    .addColumn('staff', 'text', (c) => c.notNull().defaultTo('[]'))
    /** JSON department ids. */
    .addColumn('departments', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('deadline', 'text')
    .addColumn('outcome', 'text')
    .addColumn('outcome_detail', 'text')
    .addColumn('resolved_on', 'text')
    /** When the resolution was recorded (event time): the board's "resolved today". */
    .addColumn('resolved_at', 'text')
    .addColumn('feedback', 'text')
    .addColumn('feedback_comment', 'text')
    .addColumn('opened_by', 'text')
    .addColumn('opened_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('last_event_seq', 'integer', (c) => c.notNull())
    .execute();
  // The board's open and overdue figures: one range over (state, deadline).
  await sql`create index escalations_state on escalations (state, deadline)`.execute(db);
  await sql`create index escalations_resolved on escalations (resolved_at)`.execute(db);
  await sql`create index escalations_updated on escalations (updated_at)`.execute(db);

  await db.schema
    .createTable('escalation_steps')
    /** The id of the event. */
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('escalation_id', 'text', (c) => c.notNull())
    /** The event type without its prefix: opened, assigned, progressed, resolved, feedback, reopened. */
    .addColumn('kind', 'text', (c) => c.notNull())
    /** JSON: the event payload. */
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .execute();
  await sql`create index escalation_steps_record on escalation_steps (escalation_id, seq)`.execute(db);
}
