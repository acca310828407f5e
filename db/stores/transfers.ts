import { sql, type Kysely, type Selectable } from 'kysely';
import type { ProxyMark, TransferLine } from '../../shared/proxy.js';
import type { ClientDatabase, TransfersTable } from '../schema.js';

// Read side of 代收代办 and 材料流转: a case's proxy mark, its transfers, and the open transfers
// of a hall (taking-in or deciding side) with the overdue count for the board.

export interface CaseProxyRecord extends ProxyMark {
  caseId: string;
  /** The hall that took the case in (its 区划代码). */
  hallCode: string;
  state: string;
}

export interface TransferRecord {
  id: string;
  caseId: string;
  lines: TransferLine[];
  courier: string;
  trackingNo: string;
  sentOn: string;
  dueOn: string;
  sentActor: string | null;
  sentAt: string;
  receivedOn: string | null;
  receivedBy: string | null;
  receivedActor: string | null;
  discrepancy: string | null;
  receivedAt: string | null;
}

/** An open transfer with what identifies its case in a list. */
export interface OpenTransferRecord extends TransferRecord {
  caseNumber: string | null;
  bundleId: string;
  catalogVersion: string;
  hallCode: string;
  decidingCode: string;
  decidingName: string;
  takenInName: string;
}

function toTransfer(r: Selectable<TransfersTable>): TransferRecord {
  return {
    id: r.id,
    caseId: r.case_id,
    lines: JSON.parse(r.lines) as TransferLine[],
    courier: r.courier,
    trackingNo: r.tracking_no,
    sentOn: r.sent_on,
    dueOn: r.due_on,
    sentActor: r.sent_actor,
    sentAt: r.sent_at,
    receivedOn: r.received_on,
    receivedBy: r.received_by,
    receivedActor: r.received_actor,
    discrepancy: r.discrepancy,
    receivedAt: r.received_at,
  };
}

export function createTransferStore(db: Kysely<ClientDatabase>) {
  /** Open transfers that concern this hall: sent from here, or to be decided here. */
  const openOf = (hallCode: string) =>
    db
      .selectFrom('transfers')
      .innerJoin('cases', 'cases.id', 'transfers.case_id')
      .where('transfers.received_on', 'is', null)
      .where((eb) => eb.or([eb('cases.hall_code', '=', hallCode), eb('cases.deciding_code', '=', hallCode)]));

  return {
    async proxyOf(caseId: string): Promise<CaseProxyRecord | null> {
      const r = await db
        .selectFrom('cases')
        .select(['id', 'hall_code', 'state', 'deciding_code', 'deciding_name', 'taken_in_name'])
        .where('id', '=', caseId)
        .executeTakeFirst();
      if (!r?.deciding_code) return null;
      return { caseId: r.id, hallCode: r.hall_code, state: r.state, decidingCode: r.deciding_code, decidingName: r.deciding_name ?? r.deciding_code, takenInName: r.taken_in_name ?? r.hall_code };
    },

    async get(id: string): Promise<TransferRecord | undefined> {
      const r = await db.selectFrom('transfers').selectAll().where('id', '=', id).executeTakeFirst();
      return r ? toTransfer(r) : undefined;
    },

    /** Oldest first. */
    async ofCase(caseId: string): Promise<TransferRecord[]> {
      const rows = await db.selectFrom('transfers').selectAll().where('case_id', '=', caseId).orderBy('sent_at').orderBy('id').execute();
      return rows.map(toTransfer);
    },

    /** Not yet received, earliest promised day first. */
    async open(hallCode: string, limit: number): Promise<OpenTransferRecord[]> {
      const rows = await openOf(hallCode)
        .selectAll('transfers')
        .select(['cases.case_number', 'cases.bundle_id', 'cases.catalog_version', 'cases.hall_code', 'cases.deciding_code', 'cases.deciding_name', 'cases.taken_in_name'])
        .orderBy('transfers.due_on')
        .orderBy('transfers.id')
        .limit(limit)
        .execute();
      return rows.map((r) => ({
        ...toTransfer(r),
        caseNumber: r.case_number,
        bundleId: r.bundle_id,
        catalogVersion: r.catalog_version,
        hallCode: r.hall_code,
        decidingCode: r.deciding_code ?? '',
        decidingName: r.deciding_name ?? r.deciding_code ?? '',
        takenInName: r.taken_in_name ?? r.hall_code,
      }));
    },

    /** Open transfers of this hall whose promised day is before `today`. */
    async overdueCount(hallCode: string, today: string): Promise<number> {
      const r = await openOf(hallCode).where('transfers.due_on', '<', today).select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
      return Number(r.n);
    },
  };
}

export type TransferStore = ReturnType<typeof createTransferStore>;
