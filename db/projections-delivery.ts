import type { Insertable, Kysely, Transaction } from 'kysely';
import type { CaseState, ItemState } from '../shared/case-machine.js';
import {
  HANDED_OVER_STATES,
  isBadRating,
  rectificationStateAfter,
  rectificationStepProblem,
  type RectificationEntry,
  type RectificationRecord,
  type RectificationState,
} from '../shared/delivery.js';
import { AppError } from '../shared/errors.js';
import type { EventPayload, StoredEvent } from '../shared/events.js';
import type { ClientDatabase, DeliveriesTable } from './schema.js';

// Projections of 综合出件 and 好差评: items handed over or in the post, the visits, the ratings
// and the rectifications of bad ones. Called from applyEvent, in the same transaction.

type Tx = Transaction<ClientDatabase> | Kysely<ClientDatabase>;

const refuse = (message: string, details?: Record<string, unknown>): never => {
  throw new AppError('INVALID_TRANSITION', message, details);
};

/** States in which results may go out: the whole case decided, or any time for a bundle that allows partial delivery. */
function mayHandOver(state: CaseState, partial: boolean): boolean {
  return state === 'ready' || (partial && (state === 'in_review' || state === 'correction_requested'));
}

/** Keeps `cases.handover_due` (the delivery queue) and `ready_at` in step with the items. */
export async function refreshHandover(tx: Tx, caseId: string, at: string): Promise<void> {
  const c = await tx.selectFrom('cases').select(['state', 'partial_delivery', 'ready_at', 'handover_due']).where('id', '=', caseId).executeTakeFirst();
  if (!c) return;
  const items = await tx.selectFrom('case_items').select(['state', 'handover']).where('case_id', '=', caseId).execute();
  const waiting = items.some((i) => HANDED_OVER_STATES.includes(i.state as ItemState) && i.handover === null);
  const due = waiting && mayHandOver(c.state as CaseState, c.partial_delivery === 1) ? 1 : 0;
  const readyAt = due && !c.ready_at ? at : c.ready_at;
  if (due === c.handover_due && readyAt === c.ready_at) return;
  await tx.updateTable('cases').set({ handover_due: due, ready_at: readyAt }).where('id', '=', caseId).execute();
}

async function handOut(tx: Tx, event: StoredEvent, itemIds: readonly string[], handover: 'delivered' | 'mailed'): Promise<void> {
  const caseId = event.caseId!;
  const c = await tx.selectFrom('cases').select(['state', 'partial_delivery']).where('id', '=', caseId).executeTakeFirstOrThrow();
  if (!mayHandOver(c.state as CaseState, c.partial_delivery === 1)) {
    refuse('该办件尚未全部办结，本“一件事”不允许先行出件。', { caseId, state: c.state });
  }
  const rows = await tx.selectFrom('case_items').select(['item_id', 'state', 'handover']).where('case_id', '=', caseId).where('item_id', 'in', [...itemIds]).execute();
  for (const id of itemIds) {
    const r = rows.find((x) => x.item_id === id);
    if (!r) refuse('该办件不包含此事项。', { itemId: id });
    if (!HANDED_OVER_STATES.includes(r!.state as ItemState)) refuse('该事项尚未作出审批决定，不能出件。', { itemId: id });
    if (r!.handover !== null) refuse('该事项的结果已经出件或已经寄出。', { itemId: id });
  }
  await tx.updateTable('case_items').set({ handover, handover_visit: event.id }).where('case_id', '=', caseId).where('item_id', 'in', [...itemIds]).execute();
}

/** One visit at the window (or one posting): the row a rating and the receipt refer to. */
async function insertVisit(
  tx: Tx,
  event: StoredEvent,
  p: { itemIds: string[]; receiptNo: string; ratingCode: string },
  row: Pick<Insertable<DeliveriesTable>, 'channel' | 'status'> & Partial<Pick<Insertable<DeliveriesTable>, 'recipient_name' | 'recipient_role' | 'carrier' | 'tracking_no'>>,
): Promise<void> {
  await tx
    .insertInto('deliveries')
    .values({
      recipient_name: null,
      recipient_role: null,
      carrier: null,
      tracking_no: null,
      ...row,
      visit_id: event.id,
      case_id: event.caseId!,
      item_ids: JSON.stringify(p.itemIds),
      receipt_no: p.receiptNo,
      rating_code: p.ratingCode,
      detail: JSON.stringify(p),
      actor_id: event.actorId,
      created_at: event.createdAt,
      updated_at: event.createdAt,
    })
    .execute();
}

async function inTransit(tx: Tx, caseId: string, visitId: string) {
  const d = await tx.selectFrom('deliveries').select(['status', 'item_ids']).where('visit_id', '=', visitId).where('case_id', '=', caseId).where('channel', '=', 'mail').executeTakeFirst();
  if (!d) refuse('找不到这次邮寄记录。', { visitId });
  if (d!.status !== 'in_transit') refuse('这次邮寄已经确认送达或退回。', { visitId, status: d!.status });
  return JSON.parse(d!.item_ids) as string[];
}

async function stamp(tx: Tx, event: StoredEvent): Promise<void> {
  await tx.updateTable('cases').set({ updated_at: event.createdAt, last_event_seq: event.seq }).where('id', '=', event.caseId!).execute();
}

export async function applyDeliveryEvent(tx: Tx, event: StoredEvent): Promise<void> {
  const caseId = event.caseId!;
  const at = event.createdAt;
  switch (event.type) {
    case 'delivery.handed_over': {
      const p = event.payload as EventPayload<'delivery.handed_over'>;
      await handOut(tx, event, p.itemIds, 'delivered');
      await insertVisit(tx, event, p, { channel: p.channel, recipient_name: p.recipient?.name ?? null, recipient_role: p.recipient?.role ?? null, status: 'delivered' });
      break;
    }
    case 'delivery.mailed': {
      const p = event.payload as EventPayload<'delivery.mailed'>;
      await handOut(tx, event, p.itemIds, 'mailed');
      await insertVisit(tx, event, p, { channel: 'mail', recipient_name: p.to.name, carrier: p.carrier, tracking_no: p.trackingNo, status: 'in_transit' });
      break;
    }
    case 'delivery.mail_delivered': {
      const p = event.payload as EventPayload<'delivery.mail_delivered'>;
      const items = await inTransit(tx, caseId, p.visitId);
      await tx.updateTable('deliveries').set({ status: 'delivered', updated_at: at }).where('visit_id', '=', p.visitId).execute();
      await tx.updateTable('case_items').set({ handover: 'delivered' }).where('case_id', '=', caseId).where('item_id', 'in', items).execute();
      break;
    }
    case 'delivery.mail_returned': {
      const p = event.payload as EventPayload<'delivery.mail_returned'>;
      const items = await inTransit(tx, caseId, p.visitId);
      await tx.updateTable('deliveries').set({ status: 'returned', updated_at: at }).where('visit_id', '=', p.visitId).execute();
      // Returned mail goes back to the delivery queue.
      await tx.updateTable('case_items').set({ handover: null, handover_visit: null }).where('case_id', '=', caseId).where('item_id', 'in', items).execute();
      break;
    }
    case 'delivery.notified': {
      const p = event.payload as EventPayload<'delivery.notified'>;
      if (p.kind === 'ready') await tx.updateTable('cases').set({ notified_at: at }).where('id', '=', caseId).execute();
      break;
    }
    case 'rating.submitted': {
      const p = event.payload as EventPayload<'rating.submitted'>;
      const visit = await tx.selectFrom('deliveries').select(['actor_id']).where('visit_id', '=', p.visitId).where('case_id', '=', caseId).executeTakeFirst();
      if (!visit) refuse('找不到这次出件记录，无法评价。', { visitId: p.visitId });
      // 一次一评: a second rating of the same visit (another device, a double tap) counts nothing.
      const inserted = await tx
        .insertInto('ratings')
        .values({
          visit_id: p.visitId,
          case_id: caseId,
          level: p.level,
          reasons: JSON.stringify(p.reasons),
          comment: p.comment,
          source: p.source,
          rated_clerk_id: visit!.actor_id,
          status: 'valid',
          created_at: at,
        })
        .onConflict((oc) => oc.column('visit_id').doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0 && isBadRating(p.level)) {
        if (!p.rectificationDue) refuse('差评须有整改期限。', { visitId: p.visitId });
        await tx
          .insertInto('rectifications')
          .values({ visit_id: p.visitId, case_id: caseId, state: 'open', due_date: p.rectificationDue!, steps: '[]', version: event.seq, created_at: at, updated_at: at })
          .execute();
      }
      break;
    }
    case 'rating.appealed': {
      const p = event.payload as EventPayload<'rating.appealed'>;
      const rect = await rectification(tx, p.visitId);
      const rating = await tx.selectFrom('ratings').select('status').where('visit_id', '=', p.visitId).executeTakeFirstOrThrow();
      if (rating.status !== 'valid') refuse('该评价已有申诉。', { visitId: p.visitId });
      if (rect.state === 'closed') refuse('该整改事项已经办结，不能再申诉。');
      await tx.updateTable('ratings').set({ status: 'appealed' }).where('visit_id', '=', p.visitId).execute();
      await addStep(tx, event, p.visitId, rect, { step: 'appeal', text: p.reason }, rect.state);
      break;
    }
    case 'rating.appeal_decided': {
      const p = event.payload as EventPayload<'rating.appeal_decided'>;
      const rect = await rectification(tx, p.visitId);
      const rating = await tx.selectFrom('ratings').select('status').where('visit_id', '=', p.visitId).executeTakeFirstOrThrow();
      if (rating.status !== 'appealed') refuse('该评价没有待裁定的申诉。', { visitId: p.visitId });
      // Upheld: the rating was a mistake; it no longer counts and the rectification ends.
      await tx.updateTable('ratings').set({ status: p.upheld ? 'voided' : 'valid' }).where('visit_id', '=', p.visitId).execute();
      await addStep(tx, event, p.visitId, rect, { step: 'appeal_decided', upheld: p.upheld, text: p.note }, p.upheld ? 'closed' : rect.state);
      break;
    }
    case 'rectification.recorded': {
      const p = event.payload as EventPayload<'rectification.recorded'>;
      const rect = await rectification(tx, p.visitId);
      const problem = rectificationStepProblem(rect.state, rect.steps, p.entry.step);
      if (problem) refuse(problem, { visitId: p.visitId, step: p.entry.step });
      await addStep(tx, event, p.visitId, rect, p.entry, rectificationStateAfter(rect.state, p.entry.step));
      break;
    }
    default:
      throw new AppError('INVALID_INPUT', `未知的出件事件：${event.type}`);
  }
  await stamp(tx, event);
  await refreshHandover(tx, caseId, at);
}

async function rectification(tx: Tx, visitId: string): Promise<{ state: RectificationState; steps: RectificationRecord[] }> {
  const r = await tx.selectFrom('rectifications').select(['state', 'steps']).where('visit_id', '=', visitId).executeTakeFirst();
  if (!r) refuse('该评价没有待整改的差评事项。', { visitId });
  return { state: r!.state as RectificationState, steps: JSON.parse(r!.steps) as RectificationRecord[] };
}

async function addStep(
  tx: Tx,
  event: StoredEvent,
  visitId: string,
  rect: { steps: RectificationRecord[] },
  entry: RectificationEntry,
  state: RectificationState,
): Promise<void> {
  const steps = [...rect.steps, { ...entry, at: event.createdAt, actorId: event.actorId } as RectificationRecord];
  await tx.updateTable('rectifications').set({ steps: JSON.stringify(steps), state, version: event.seq, updated_at: event.createdAt }).where('visit_id', '=', visitId).execute();
}
