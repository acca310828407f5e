import type { Kysely, Selectable } from 'kysely';
import type { IntakeData } from '../../shared/intake.js';
import type { CasesTable, ClientDatabase } from '../schema.js';

// Read side of the case projections, and the per-device sequences that number cases.

export interface CaseRecord {
  id: string;
  caseNumber: string | null;
  bundleId: string;
  state: string;
  hallCode: string;
  catalogVersion: string;
  applicantKind: 'person' | 'enterprise';
  applicantName: string;
  applicantIdNumber: string | null;
  applicantPhone: string | null;
  creditCode: string | null;
  enterpriseName: string | null;
  priority: string | null;
  ticketRef: string | null;
  data: IntakeData;
  itemIds: string[];
  pendingMaterials: { key: string; name: string; deadline: string }[];
  commitmentDeadline: string | null;
  expectedDate: string | null;
  closingReason: string | null;
  deliveryChannel: string | null;
  createdAt: string;
  updatedAt: string;
  acceptedAt: string | null;
  lastEventSeq: number;
  /** A decided result waits to be handed over (the delivery queue). */
  handoverDue: boolean;
  readyAt: string | null;
  notifiedAt: string | null;
  partialDelivery: boolean;
}

/** A row of a case list: enough to recognise the case, without the form data. */
export type CaseSummaryRecord = Omit<CaseRecord, 'data' | 'itemIds' | 'pendingMaterials'>;

export const SEARCH_KEYS = ['caseNumber', 'idNumber', 'phone', 'creditCode', 'name', 'enterpriseName'] as const;
export type SearchKey = (typeof SEARCH_KEYS)[number];

const COLUMN: Record<SearchKey, 'case_number' | 'applicant_id_number' | 'applicant_phone' | 'credit_code' | 'applicant_name' | 'enterprise_name'> = {
  caseNumber: 'case_number',
  idNumber: 'applicant_id_number',
  phone: 'applicant_phone',
  creditCode: 'credit_code',
  name: 'applicant_name',
  enterpriseName: 'enterprise_name',
};

export interface CaseStore {
  get(id: string): Promise<CaseRecord | undefined>;
  byNumber(caseNumber: string): Promise<CaseRecord | undefined>;
  /** Exact match by key; names also match by prefix. Newest first. */
  search(key: SearchKey, value: string, limit: number): Promise<CaseSummaryRecord[]>;
  /** Several cases without their form data (a list page), in the order of `ids`. */
  summaries(ids: readonly string[]): Promise<CaseSummaryRecord[]>;
  /** Drafts and cases waiting for the applicant's correction, newest first. */
  /** Cases of this hall in these states, newest first (proxy cases pulled from other halls are theirs). */
  open(states: readonly string[], limit: number, hallCode: string): Promise<CaseSummaryRecord[]>;
  /** Takes the next number of a sequence (its own transaction: a failed save leaves a gap, never a duplicate). */
  nextSequence(name: string): Promise<number>;
}

// Typed by the columns lists select, so that new projection columns need no change here.
function summary(r: Pick<Selectable<CasesTable>, (typeof SUMMARY_COLUMNS)[number]>): CaseSummaryRecord {
  return {
    id: r.id,
    caseNumber: r.case_number,
    bundleId: r.bundle_id,
    state: r.state,
    hallCode: r.hall_code,
    catalogVersion: r.catalog_version,
    applicantKind: r.applicant_kind as 'person' | 'enterprise',
    applicantName: r.applicant_name,
    applicantIdNumber: r.applicant_id_number,
    applicantPhone: r.applicant_phone,
    creditCode: r.credit_code,
    enterpriseName: r.enterprise_name,
    priority: r.priority,
    ticketRef: r.ticket_ref,
    commitmentDeadline: r.commitment_deadline,
    expectedDate: r.expected_date,
    closingReason: r.closing_reason,
    deliveryChannel: r.delivery_channel,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    acceptedAt: r.accepted_at,
    lastEventSeq: r.last_event_seq,
    handoverDue: r.handover_due === 1,
    readyAt: r.ready_at,
    notifiedAt: r.notified_at,
    partialDelivery: r.partial_delivery === 1,
  };
}

const SUMMARY_COLUMNS = [
  'id',
  'case_number',
  'bundle_id',
  'state',
  'hall_code',
  'catalog_version',
  'applicant_kind',
  'applicant_name',
  'applicant_id_number',
  'applicant_phone',
  'credit_code',
  'enterprise_name',
  'priority',
  'ticket_ref',
  'commitment_deadline',
  'expected_date',
  'closing_reason',
  'delivery_channel',
  'created_at',
  'updated_at',
  'accepted_at',
  'last_event_seq',
  'handover_due',
  'ready_at',
  'notified_at',
  'partial_delivery',
] as const;

export function createCaseStore(db: Kysely<ClientDatabase>): CaseStore {
  async function full(row: Selectable<CasesTable> | undefined): Promise<CaseRecord | undefined> {
    if (!row) return undefined;
    const items = await db.selectFrom('case_items').select('item_id').where('case_id', '=', row.id).orderBy('position').execute();
    return {
      ...summary(row),
      // Cases drafted before the language was recorded are Chinese.
      data: { lang: 'zh', ...(JSON.parse(row.data) as Partial<IntakeData>) } as IntakeData,
      itemIds: items.map((i) => i.item_id),
      pendingMaterials: JSON.parse(row.pending_materials) as CaseRecord['pendingMaterials'],
    };
  }

  return {
    async get(id) {
      return full(await db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst());
    },
    async byNumber(caseNumber) {
      return full(await db.selectFrom('cases').selectAll().where('case_number', '=', caseNumber).executeTakeFirst());
    },
    async search(key, value, limit) {
      const col = COLUMN[key];
      let q = db.selectFrom('cases').select(SUMMARY_COLUMNS);
      // A range instead of LIKE: it uses the index whatever the collation.
      q = key === 'name' || key === 'enterpriseName' ? q.where(col, '>=', value).where(col, '<', `${value}\uffff`) : q.where(col, '=', value);
      const rows = await q.orderBy(col).orderBy('updated_at', 'desc').limit(limit).execute();
      return rows.map(summary);
    },
    async summaries(ids) {
      if (ids.length === 0) return [];
      const rows = await db.selectFrom('cases').select(SUMMARY_COLUMNS).where('id', 'in', [...ids]).execute();
      const byId = new Map(rows.map((r) => [r.id, summary(r)]));
      return ids.flatMap((id) => byId.get(id) ?? []);
    },
    async open(states, limit, hallCode) {
      const rows = await db
        .selectFrom('cases')
        .select(SUMMARY_COLUMNS)
        .where('state', 'in', states)
        .where('hall_code', '=', hallCode)
        .orderBy('updated_at', 'desc')
        .limit(limit)
        .execute();
      return rows.map(summary);
    },
    async nextSequence(name) {
      const row = await db
        .insertInto('sequences')
        .values({ name, value: 1 })
        .onConflict((oc) => oc.column('name').doUpdateSet((eb) => ({ value: eb('sequences.value', '+', 1) })))
        .returning('value')
        .executeTakeFirstOrThrow();
      return row.value;
    },
  };
}
