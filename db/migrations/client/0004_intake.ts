import type { Kysely } from 'kysely';

// Never edit after it has landed: add a new migration instead.
// Intake: the current data of each case (for resuming drafts and printing), the keys the counter
// searches by, and per-device sequences for case numbers.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('cases').addColumn('hall_code', 'text', (c) => c.notNull().defaultTo('')).execute();
  await db.schema.alterTable('cases').addColumn('catalog_version', 'text', (c) => c.notNull().defaultTo('')).execute();
  await db.schema.alterTable('cases').addColumn('applicant_kind', 'text', (c) => c.notNull().defaultTo('person')).execute();
  await db.schema.alterTable('cases').addColumn('ticket_ref', 'text').execute();
  /** JSON of IntakeData (shared/intake.ts). */
  await db.schema.alterTable('cases').addColumn('data', 'text', (c) => c.notNull().defaultTo('{}')).execute();
  await db.schema.alterTable('cases').addColumn('applicant_id_number', 'text').execute();
  await db.schema.alterTable('cases').addColumn('applicant_phone', 'text').execute();
  await db.schema.alterTable('cases').addColumn('credit_code', 'text').execute();
  await db.schema.alterTable('cases').addColumn('enterprise_name', 'text').execute();
  await db.schema.alterTable('cases').addColumn('expected_date', 'text').execute();
  await db.schema.alterTable('cases').addColumn('decided_by', 'text').execute();
  for (const col of ['applicant_id_number', 'applicant_phone', 'credit_code', 'applicant_name', 'enterprise_name']) {
    await db.schema.createIndex(`cases_${col}`).on('cases').columns([col, 'updated_at']).execute();
  }

  await db.schema
    .createTable('sequences')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'integer', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('sequences').execute();
  for (const col of ['applicant_id_number', 'applicant_phone', 'credit_code', 'applicant_name', 'enterprise_name']) {
    await db.schema.dropIndex(`cases_${col}`).execute();
  }
  for (const col of ['decided_by', 'expected_date', 'enterprise_name', 'credit_code', 'applicant_phone', 'applicant_id_number', 'data', 'ticket_ref', 'applicant_kind', 'catalog_version', 'hall_code']) {
    await db.schema.alterTable('cases').dropColumn(col).execute();
  }
}
