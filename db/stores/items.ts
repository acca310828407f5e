import type { Expression, ExpressionBuilder, Kysely, Selectable, SqlBool } from 'kysely';
import type { ItemState } from '../../shared/case-machine.js';
import type { ClockPause } from '../../shared/deadlines.js';
import type { HandoverState } from '../../shared/delivery.js';
import type { CorrectionEntry } from '../../shared/intake.js';
import type { ItemResultRecord } from '../../shared/routing.js';
import type { CaseItemsTable, ClientDatabase } from '../schema.js';

// Read side of the sub-applications (case_items after routing): a department's queue, one
// item with its clock, and the hall's warnings. Every list is an index range scan.

export interface ItemRecord {
  caseId: string;
  itemId: string;
  position: number;
  state: ItemState | null;
  reason: string | null;
  departmentId: string | null;
  dependsOn: string[];
  lane: boolean;
  start: string | null;
  promisedDays: number | null;
  statutoryDays: number | null;
  dueDate: string | null;
  statutoryDueDate: string | null;
  warnDate: string | null;
  pauses: ClockPause[];
  result: ItemResultRecord | null;
  corrections: CorrectionEntry[] | null;
  legalBasis: string | null;
  receivedBy: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  version: number;
  updatedAt: string;
  handover: HandoverState | null;
  /** The visit (or mailing) that handed the result over. */
  handoverVisit: string | null;
}

/** A queue row: the item and what identifies its case, without the form data. */
export interface QueueRecord extends ItemRecord {
  caseNumber: string | null;
  bundleId: string;
  catalogVersion: string;
  caseState: string;
  applicantName: string;
  enterpriseName: string | null;
  priority: string | null;
  acceptedAt: string | null;
  /** 代收代办: the deciding division and the hall that took the case in; null for the hall's own cases. */
  decidingCode: string | null;
  decidingName: string | null;
  takenInName: string | null;
}

export interface QueueQuery {
  departments: readonly string[] | 'all';
  /** 'active': queued or received, priority lane first; else exactly this state. */
  state: ItemState | 'active';
  itemId?: string;
  /** This hall's 区划代码: items of proxy cases decided by another division stay out of its queue. */
  hallCode?: string;
  offset: number;
  limit: number;
}

export interface ItemStore {
  ofCase(caseId: string): Promise<ItemRecord[]>;
  /** The items of several cases at once (a list page), in case order. */
  ofCases(caseIds: readonly string[]): Promise<ItemRecord[]>;
  get(caseId: string, itemId: string): Promise<ItemRecord | undefined>;
  /** `total` stops at COUNT_CAP (`capped`). */
  queue(q: QueueQuery): Promise<{ rows: QueueRecord[]; total: number; capped: boolean }>;
  /** Active items that are yellow or red by their stored dates on `today`, earliest due first. */
  warnings(today: string, limit: number): Promise<QueueRecord[]>;
  /** Blocked items of cases where some item was rejected or ended: candidates to end. */
  strandedCandidates(limit: number): Promise<QueueRecord[]>;
}

const ITEM_COLUMNS = [
  'case_items.case_id',
  'case_items.item_id',
  'case_items.position',
  'case_items.state',
  'case_items.reason',
  'case_items.department_id',
  'case_items.depends_on',
  'case_items.lane',
  'case_items.start_date',
  'case_items.promised_days',
  'case_items.statutory_days',
  'case_items.due_date',
  'case_items.statutory_due_date',
  'case_items.warn_date',
  'case_items.pauses',
  'case_items.result',
  'case_items.corrections',
  'case_items.legal_basis',
  'case_items.received_by',
  'case_items.decided_by',
  'case_items.decided_at',
  'case_items.version',
  'case_items.updated_at',
  'case_items.handover',
  'case_items.handover_visit',
] as const;

const CASE_COLUMNS = [
  'cases.case_number',
  'cases.bundle_id',
  'cases.catalog_version',
  'cases.state as case_state',
  'cases.applicant_name',
  'cases.enterprise_name',
  'cases.priority',
  'cases.accepted_at',
  'cases.deciding_code',
  'cases.deciding_name',
  'cases.taken_in_name',
] as const;

type ItemRow = Pick<
  Selectable<CaseItemsTable>,
  | 'case_id'
  | 'item_id'
  | 'position'
  | 'state'
  | 'reason'
  | 'department_id'
  | 'depends_on'
  | 'lane'
  | 'start_date'
  | 'promised_days'
  | 'statutory_days'
  | 'due_date'
  | 'statutory_due_date'
  | 'warn_date'
  | 'pauses'
  | 'result'
  | 'corrections'
  | 'legal_basis'
  | 'received_by'
  | 'decided_by'
  | 'decided_at'
  | 'version'
  | 'updated_at'
  | 'handover'
  | 'handover_visit'
>;

function toItem(r: ItemRow): ItemRecord {
  return {
    caseId: r.case_id,
    itemId: r.item_id,
    position: r.position,
    state: r.state as ItemState | null,
    reason: r.reason,
    departmentId: r.department_id,
    dependsOn: JSON.parse(r.depends_on) as string[],
    lane: r.lane === 1,
    start: r.start_date,
    promisedDays: r.promised_days,
    statutoryDays: r.statutory_days,
    dueDate: r.due_date,
    statutoryDueDate: r.statutory_due_date,
    warnDate: r.warn_date,
    pauses: JSON.parse(r.pauses) as ClockPause[],
    result: r.result ? (JSON.parse(r.result) as ItemResultRecord) : null,
    corrections: r.corrections ? (JSON.parse(r.corrections) as CorrectionEntry[]) : null,
    legalBasis: r.legal_basis,
    receivedBy: r.received_by,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at,
    version: r.version,
    updatedAt: r.updated_at,
    handover: r.handover as HandoverState | null,
    handoverVisit: r.handover_visit,
  };
}

type QueueRow = ItemRow & {
  case_number: string | null;
  bundle_id: string;
  catalog_version: string;
  case_state: string;
  applicant_name: string;
  enterprise_name: string | null;
  priority: string | null;
  accepted_at: string | null;
  deciding_code: string | null;
  deciding_name: string | null;
  taken_in_name: string | null;
};

function toQueue(r: QueueRow): QueueRecord {
  return {
    ...toItem(r),
    caseNumber: r.case_number,
    bundleId: r.bundle_id,
    catalogVersion: r.catalog_version,
    caseState: r.case_state,
    applicantName: r.applicant_name,
    enterpriseName: r.enterprise_name,
    priority: r.priority,
    acceptedAt: r.accepted_at,
    decidingCode: r.deciding_code,
    decidingName: r.deciding_name,
    takenInName: r.taken_in_name,
  };
}

/** Counting stops here: a queue that long needs filtering, not an exact figure. */
export const COUNT_CAP = 2_000;

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function createItemStore(db: Kysely<ClientDatabase>): ItemStore {
  const joined = () => db.selectFrom('case_items').innerJoin('cases', 'cases.id', 'case_items.case_id');

  return {
    async ofCase(caseId) {
      const rows = await db.selectFrom('case_items').select(ITEM_COLUMNS).where('case_id', '=', caseId).orderBy('position').execute();
      return rows.map(toItem);
    },
    async ofCases(caseIds) {
      if (caseIds.length === 0) return [];
      const rows = await db.selectFrom('case_items').select(ITEM_COLUMNS).where('case_id', 'in', [...caseIds]).orderBy('case_id').orderBy('position').execute();
      return rows.map(toItem);
    },
    async get(caseId, itemId) {
      const r = await db.selectFrom('case_items').select(ITEM_COLUMNS).where('case_id', '=', caseId).where('item_id', '=', itemId).executeTakeFirst();
      return r ? toItem(r) : undefined;
    },
    async queue(q) {
      if (q.departments !== 'all' && q.departments.length === 0) return { rows: [], total: 0, capped: false };
      // One ordered index range per source (a department, an item, or the whole hall), read only as far
      // as the page needs and merged here: SQLite cannot keep index order across an IN list.
      type Cond = (eb: ExpressionBuilder<ClientDatabase, 'case_items'>) => Expression<SqlBool>;
      const byState = (eb: ExpressionBuilder<ClientDatabase, 'case_items'>) =>
        q.state === 'active' ? eb('case_items.active', '=', 1) : eb('case_items.state', '=', q.state);
      const inDepartments = (eb: ExpressionBuilder<ClientDatabase, 'case_items'>) =>
        q.departments === 'all' ? eb('case_items.department_id', 'is not', null) : eb('case_items.department_id', 'in', q.departments);
      // A proxy case decided by another division is that division's work, not this hall's.
      const decidedHere = (eb: ExpressionBuilder<ClientDatabase, 'case_items'>) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('cases as pc')
              .select('pc.id')
              .whereRef('pc.id', '=', 'case_items.case_id')
              .where('pc.deciding_code', 'is not', null)
              .where('pc.deciding_code', '!=', q.hallCode!),
          ),
        );
      const unfiltered: Cond[] = q.itemId
        ? [(eb) => eb.and([eb('case_items.item_id', '=', q.itemId!), byState(eb), inDepartments(eb)])]
        : q.departments === 'all'
          ? [(eb) => eb.and([byState(eb), inDepartments(eb)])]
          : q.departments.map((d): Cond => (eb) => eb.and([eb('case_items.department_id', '=', d), byState(eb)]));
      const sources: Cond[] = q.hallCode === undefined ? unfiltered : unfiltered.map((cond): Cond => (eb) => eb.and([cond(eb), decidedHere(eb)]));
      const wanted = q.offset + q.limit;
      const parts = await Promise.all(
        sources.map(async (cond) => {
          let page = joined().where(cond).select([...ITEM_COLUMNS, ...CASE_COLUMNS, 'case_items.due_key']);
          if (q.state === 'active') page = page.orderBy('case_items.lane', 'desc');
          const rows = await page.orderBy('case_items.due_key').orderBy('case_items.case_id').orderBy('case_items.item_id').limit(wanted).execute();
          const counted = await db
            .selectFrom(db.selectFrom('case_items').where(cond).select('case_items.item_id').limit(COUNT_CAP + 1).as('c'))
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow();
          return { rows, n: Number(counted.n) };
        }),
      );
      const order = (a: QueueRow & { due_key: string }, b: QueueRow & { due_key: string }) =>
        (q.state === 'active' ? b.lane - a.lane : 0) || cmp(a.due_key, b.due_key) || cmp(a.case_id, b.case_id) || cmp(a.item_id, b.item_id);
      const merged = parts.length === 1 ? parts[0]!.rows : parts.flatMap((p) => p.rows).sort(order);
      const total = parts.reduce((sum, p) => sum + Math.min(p.n, COUNT_CAP), 0);
      return { rows: merged.slice(q.offset, wanted).map(toQueue), total: Math.min(total, COUNT_CAP), capped: parts.some((p) => p.n > COUNT_CAP) || total > COUNT_CAP };
    },
    async warnings(today, limit) {
      const rows = await joined()
        .select([...ITEM_COLUMNS, ...CASE_COLUMNS])
        .where('case_items.active', '=', 1)
        .where('case_items.warn_date', '<=', today)
        .orderBy('case_items.due_key')
        .limit(limit)
        .execute();
      return rows.map(toQueue);
    },
    async strandedCandidates(limit) {
      const rows = await joined()
        .select([...ITEM_COLUMNS, ...CASE_COLUMNS])
        .where('case_items.state', '=', 'blocked')
        .where((eb) =>
          eb.exists(
            eb
              .selectFrom('case_items as other')
              .select('other.item_id')
              .whereRef('other.case_id', '=', 'case_items.case_id')
              .where('other.state', 'in', ['rejected', 'cancelled']),
          ),
        )
        .limit(limit)
        .execute();
      return rows.map(toQueue);
    },
  };
}
