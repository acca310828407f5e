import type { Kysely, Selectable } from 'kysely';
import type { RectificationRecord, RectificationState } from '../../shared/delivery.js';
import type { ClientDatabase, DeliveriesTable } from '../schema.js';

// Read side of 综合出件 and 好差评: the delivery queue (cases with results waiting), the mail
// in transit, each case's visits, ratings and the rectifications of bad ones.

export interface DeliveryRecord {
  visitId: string;
  caseId: string;
  channel: 'window' | 'electronic' | 'mail' | 'home';
  itemIds: string[];
  receiptNo: string;
  recipientName: string | null;
  recipientRole: string | null;
  carrier: string | null;
  trackingNo: string | null;
  ratingCode: string | null;
  status: 'delivered' | 'in_transit' | 'returned';
  /** The event payload that made the visit. */
  detail: Record<string, unknown>;
  actorId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface RatingRecord {
  visitId: string;
  caseId: string;
  level: number;
  reasons: string[];
  comment: string | null;
  source: string;
  ratedClerkId: string | null;
  status: 'valid' | 'appealed' | 'voided';
  createdAt: string;
}

export interface RectificationRow {
  visitId: string;
  caseId: string;
  caseNumber: string | null;
  state: RectificationState;
  dueDate: string;
  steps: RectificationRecord[];
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface DeliveryStore {
  /**
   * This hall's cases with a result waiting at the window, priority lane first, then by the day it
   * became ready (a proxy case pulled by its deciding hall is delivered where it was taken in).
   */
  queue(offset: number, limit: number, hallCode: string): Promise<{ caseIds: string[]; total: number }>;
  /** Mail not yet confirmed delivered or returned, oldest first. */
  inTransit(offset: number, limit: number): Promise<{ rows: DeliveryRecord[]; total: number }>;
  ofCase(caseId: string): Promise<DeliveryRecord[]>;
  get(visitId: string): Promise<DeliveryRecord | undefined>;
  byRatingCode(code: string): Promise<DeliveryRecord | undefined>;
  /** Visits handed over before `before` that nobody rated yet, oldest first: rating reminders. */
  unrated(before: string, limit: number): Promise<DeliveryRecord[]>;
  ratingsOfCase(caseId: string): Promise<RatingRecord[]>;
  rating(visitId: string): Promise<RatingRecord | undefined>;
  rectifications(states: readonly RectificationState[], limit: number): Promise<RectificationRow[]>;
  rectification(visitId: string): Promise<RectificationRow | undefined>;
}

const COUNT_CAP = 2000;

function toDelivery(r: Selectable<DeliveriesTable>): DeliveryRecord {
  return {
    visitId: r.visit_id,
    caseId: r.case_id,
    channel: r.channel as DeliveryRecord['channel'],
    itemIds: JSON.parse(r.item_ids) as string[],
    receiptNo: r.receipt_no,
    recipientName: r.recipient_name,
    recipientRole: r.recipient_role,
    carrier: r.carrier,
    trackingNo: r.tracking_no,
    ratingCode: r.rating_code,
    status: r.status as DeliveryRecord['status'],
    detail: JSON.parse(r.detail) as Record<string, unknown>,
    actorId: r.actor_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function createDeliveryStore(db: Kysely<ClientDatabase>): DeliveryStore {
  const rect = db
    .selectFrom('rectifications')
    .innerJoin('cases', 'cases.id', 'rectifications.case_id')
    .select([
      'rectifications.visit_id',
      'rectifications.case_id',
      'cases.case_number',
      'rectifications.state',
      'rectifications.due_date',
      'rectifications.steps',
      'rectifications.version',
      'rectifications.created_at',
      'rectifications.updated_at',
    ]);
  type RectRow = Awaited<ReturnType<typeof rect.execute>>[number];
  const toRect = (r: RectRow): RectificationRow => ({
    visitId: r.visit_id,
    caseId: r.case_id,
    caseNumber: r.case_number,
    state: r.state as RectificationState,
    dueDate: r.due_date,
    steps: JSON.parse(r.steps) as RectificationRecord[],
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  });
  const toRating = (r: Selectable<ClientDatabase['ratings']>): RatingRecord => ({
    visitId: r.visit_id,
    caseId: r.case_id,
    level: r.level,
    reasons: JSON.parse(r.reasons) as string[],
    comment: r.comment,
    source: r.source,
    ratedClerkId: r.rated_clerk_id,
    status: r.status as RatingRecord['status'],
    createdAt: r.created_at,
  });

  return {
    async queue(offset, limit, hallCode) {
      // Ordered exactly as the cases_handover index: a page is read without sorting.
      const rows = await db
        .selectFrom('cases')
        .select('id')
        .where('handover_due', '=', 1)
        .where('hall_code', '=', hallCode)
        .orderBy('handover_due')
        .orderBy((eb) => eb('priority', 'is', null))
        .orderBy('ready_at')
        .orderBy('id')
        .offset(offset)
        .limit(limit)
        .execute();
      const counted = await db
        .selectFrom((eb) => eb.selectFrom('cases').select('id').where('handover_due', '=', 1).where('hall_code', '=', hallCode).limit(COUNT_CAP).as('c'))
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return { caseIds: rows.map((r) => r.id), total: Number(counted.n) };
    },
    async inTransit(offset, limit) {
      const base = db.selectFrom('deliveries').where('status', '=', 'in_transit').where('channel', '=', 'mail');
      const rows = await base.selectAll().orderBy('created_at').offset(offset).limit(limit).execute();
      const counted = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      return { rows: rows.map(toDelivery), total: Number(counted.n) };
    },
    async ofCase(caseId) {
      return (await db.selectFrom('deliveries').selectAll().where('case_id', '=', caseId).orderBy('created_at').execute()).map(toDelivery);
    },
    async get(visitId) {
      const r = await db.selectFrom('deliveries').selectAll().where('visit_id', '=', visitId).executeTakeFirst();
      return r && toDelivery(r);
    },
    async byRatingCode(code) {
      const r = await db.selectFrom('deliveries').selectAll().where('rating_code', '=', code).executeTakeFirst();
      return r && toDelivery(r);
    },
    async unrated(before, limit) {
      const rows = await db
        .selectFrom('deliveries')
        .leftJoin('ratings', 'ratings.visit_id', 'deliveries.visit_id')
        .selectAll('deliveries')
        .where('deliveries.status', '=', 'delivered')
        .where('deliveries.updated_at', '<', before)
        .where('ratings.visit_id', 'is', null)
        .orderBy('deliveries.updated_at')
        .limit(limit)
        .execute();
      return rows.map(toDelivery);
    },
    async ratingsOfCase(caseId) {
      return (await db.selectFrom('ratings').selectAll().where('case_id', '=', caseId).orderBy('created_at').execute()).map(toRating);
    },
    async rating(visitId) {
      const r = await db.selectFrom('ratings').selectAll().where('visit_id', '=', visitId).executeTakeFirst();
      return r && toRating(r);
    },
    async rectifications(states, limit) {
      return (await rect.where('rectifications.state', 'in', [...states]).orderBy('rectifications.due_date').limit(limit).execute()).map(toRect);
    },
    async rectification(visitId) {
      const r = await rect.where('rectifications.visit_id', '=', visitId).executeTakeFirst();
      return r && toRect(r);
    },
  };
}

