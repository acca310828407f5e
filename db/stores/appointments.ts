import type { Kysely } from 'kysely';
import type { Appointment } from '../../shared/hall-queue.js';
import type { ClientDatabase } from '../schema.js';

// 预约 and 叫号 on this device: the booking system's appointments (upserted by booking number,
// never events: they are external data), the files already imported, and the counter's current
// queue ticket. A rebuild of the projections leaves all three alone.

export interface AppointmentRecord extends Appointment {
  source: string;
  importedAt: string;
  caseId: string | null;
  caseNumber: string | null;
  caseState: string | null;
}

export interface ImportedFileRecord {
  sha256: string;
  name: string;
  importedAt: string;
  imported: number;
  errors: string[];
}

export interface CurrentTicketRecord {
  number: string;
  lane: 'normal' | 'priority';
  bundleId: string | null;
  appointmentId: string | null;
  issuedAt: string;
  calledAt: string;
  recalls: number;
  caseId: string | null;
}

export function createAppointmentStore(db: Kysely<ClientDatabase>) {
  const withCase = () =>
    db
      .selectFrom('appointments as a')
      .leftJoin('cases as c', 'c.id', 'a.case_id')
      .select(['a.id', 'a.name', 'a.phone', 'a.id_number', 'a.bundle_id', 'a.date', 'a.slot', 'a.source', 'a.imported_at', 'a.case_id', 'c.case_number', 'c.state']);
  type Row = Awaited<ReturnType<ReturnType<typeof withCase>['executeTakeFirstOrThrow']>>;
  const toRecord = (r: Row): AppointmentRecord => ({
    id: r.id,
    name: r.name,
    phone: r.phone,
    idNumber: r.id_number,
    bundleId: r.bundle_id,
    date: r.date,
    slot: r.slot,
    source: r.source,
    importedAt: r.imported_at,
    caseId: r.case_id,
    caseNumber: r.case_number ?? null,
    caseState: r.state ?? null,
  });

  return {
    /** Inserts or replaces by booking number; the link to a case started from it is kept. */
    async upsert(list: readonly Appointment[], source: string, at: string): Promise<number> {
      if (list.length === 0) return 0;
      await db.transaction().execute(async (tx) => {
        for (const a of list) {
          const row = { name: a.name, phone: a.phone, id_number: a.idNumber, bundle_id: a.bundleId, date: a.date, slot: a.slot, source, imported_at: at };
          await tx
            .insertInto('appointments')
            .values({ id: a.id, ...row, case_id: null })
            .onConflict((oc) => oc.column('id').doUpdateSet(row))
            .execute();
        }
      });
      return list.length;
    },

    async ofDay(date: string): Promise<AppointmentRecord[]> {
      return (await withCase().where('a.date', '=', date).orderBy('a.slot').orderBy('a.id').execute()).map(toRecord);
    },

    async get(id: string): Promise<AppointmentRecord | undefined> {
      const r = await withCase().where('a.id', '=', id).executeTakeFirst();
      return r ? toRecord(r) : undefined;
    },

    async linkCase(id: string, caseId: string): Promise<void> {
      await db.updateTable('appointments').set({ case_id: caseId }).where('id', '=', id).execute();
    },

    async fileImported(sha256: string): Promise<boolean> {
      return (await db.selectFrom('appointment_files').select('sha256').where('sha256', '=', sha256).executeTakeFirst()) !== undefined;
    },

    async recordFile(f: ImportedFileRecord): Promise<void> {
      await db
        .insertInto('appointment_files')
        .values({ sha256: f.sha256, name: f.name, imported_at: f.importedAt, imported: f.imported, errors: JSON.stringify(f.errors) })
        .onConflict((oc) => oc.column('sha256').doNothing())
        .execute();
    },

    /** Files imported since `since` (ISO), newest first. */
    async filesSince(since: string): Promise<ImportedFileRecord[]> {
      const rows = await db.selectFrom('appointment_files').selectAll().where('imported_at', '>=', since).orderBy('imported_at', 'desc').limit(50).execute();
      return rows.map((r) => ({ sha256: r.sha256, name: r.name, importedAt: r.imported_at, imported: r.imported, errors: JSON.parse(r.errors) as string[] }));
    },

    async currentTicket(): Promise<CurrentTicketRecord | null> {
      const r = await db.selectFrom('queue_ticket').selectAll().where('slot', '=', 1).executeTakeFirst();
      if (!r) return null;
      return {
        number: r.number,
        lane: r.lane === 'priority' ? 'priority' : 'normal',
        bundleId: r.bundle_id,
        appointmentId: r.appointment_id,
        issuedAt: r.issued_at,
        calledAt: r.called_at,
        recalls: r.recalls,
        caseId: r.case_id,
      };
    },

    async setTicket(t: CurrentTicketRecord | null): Promise<void> {
      await db.transaction().execute(async (tx) => {
        await tx.deleteFrom('queue_ticket').execute();
        if (t) {
          await tx
            .insertInto('queue_ticket')
            .values({ slot: 1, number: t.number, lane: t.lane, bundle_id: t.bundleId, appointment_id: t.appointmentId, issued_at: t.issuedAt, called_at: t.calledAt, recalls: t.recalls, case_id: t.caseId })
            .execute();
        }
      });
    },
  };
}

export type AppointmentStore = ReturnType<typeof createAppointmentStore>;
