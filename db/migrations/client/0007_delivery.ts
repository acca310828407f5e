import { sql, type Kysely } from 'kysely';

// Never edit after it has landed: add a new migration instead.
// 综合出件 · 好差评: what each item handed over, the visits at the delivery window and the mail,
// the applicant's ratings and the supervisor's rectifications (all projections of events), and the
// notifications this device sends (local state, not a projection: a rebuild must not send again).

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('case_items').addColumn('handover', 'text').execute();
  await db.schema.alterTable('case_items').addColumn('handover_visit', 'text').execute();
  // 1 while the case has a decided result not yet handed over (nor in the mail): the delivery queue.
  await db.schema.alterTable('cases').addColumn('handover_due', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('cases').addColumn('ready_at', 'text').execute();
  await db.schema.alterTable('cases').addColumn('notified_at', 'text').execute();
  // The bundle lets decided results go out before the whole case is decided (pinned at routing).
  await db.schema.alterTable('cases').addColumn('partial_delivery', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await sql`create index cases_handover on cases (handover_due, priority is null, ready_at, id)`.execute(db);

  await db.schema
    .createTable('deliveries')
    .addColumn('visit_id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('item_ids', 'text', (c) => c.notNull())
    .addColumn('receipt_no', 'text', (c) => c.notNull())
    .addColumn('recipient_name', 'text')
    .addColumn('recipient_role', 'text')
    .addColumn('carrier', 'text')
    .addColumn('tracking_no', 'text')
    .addColumn('rating_code', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await sql`create index deliveries_case on deliveries (case_id, created_at)`.execute(db);
  await sql`create unique index deliveries_rating_code on deliveries (rating_code)`.execute(db);
  await sql`create index deliveries_mail on deliveries (status, created_at) where channel = 'mail'`.execute(db);

  await db.schema
    .createTable('ratings')
    .addColumn('visit_id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('reasons', 'text', (c) => c.notNull())
    .addColumn('comment', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('rated_clerk_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await sql`create index ratings_case on ratings (case_id)`.execute(db);

  await db.schema
    .createTable('rectifications')
    .addColumn('visit_id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('due_date', 'text', (c) => c.notNull())
    .addColumn('steps', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await sql`create index rectifications_state on rectifications (state, due_date)`.execute(db);

  await db.schema
    .createTable('notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('provider_ref', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .execute();
  await sql`create index notifications_due on notifications (status, next_attempt_at)`.execute(db);
  await sql`create index notifications_case on notifications (case_id)`.execute(db);

  // The stand-in SMS provider: what a real gateway would have sent, one row per message id.
  await db.schema
    .createTable('sms_outbox')
    .addColumn('message_id', 'text', (c) => c.primaryKey())
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('accepted_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['sms_outbox', 'notifications', 'rectifications', 'ratings', 'deliveries']) await db.schema.dropTable(t).execute();
  await db.schema.dropIndex('cases_handover').execute();
  for (const c of ['partial_delivery', 'notified_at', 'ready_at', 'handover_due']) await db.schema.alterTable('cases').dropColumn(c).execute();
  for (const c of ['handover_visit', 'handover']) await db.schema.alterTable('case_items').dropColumn(c).execute();
}
