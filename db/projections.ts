import { sql, type Kysely, type Transaction } from 'kysely';
import { nextCaseState, itemTransitionAllowed, CASE_STATE_LABELS, type CaseState, type ItemState } from '../shared/case-machine.js';
import { AppError } from '../shared/errors.js';
import { isCaseEventType, type EventPayload, type StoredEvent } from '../shared/events.js';
import type { ClientDatabase } from './schema.js';

type Tx = Transaction<ClientDatabase> | Kysely<ClientDatabase>;

/** Projection tables, in the order they are cleared before a rebuild. */
export const PROJECTION_TABLES = ['case_items', 'cases'] as const;

function refuse(event: StoredEvent, current: CaseState | null): never {
  const from = current === null ? '不存在' : `“${CASE_STATE_LABELS[current]}”`;
  throw new AppError('INVALID_TRANSITION', `办件当前状态为${from}，不能执行此操作。`, { type: event.type, caseId: event.caseId, from: current });
}

/**
 * Applies one stored event to the projections. The same function serves live
 * appends, sync pulls and rebuilds, so rebuilt projections equal live ones.
 */
export async function applyEvent(tx: Tx, event: StoredEvent): Promise<void> {
  if (event.caseId === null) return; // session and audit events change no projection
  const caseId = event.caseId;
  const row = await tx.selectFrom('cases').select(['state']).where('id', '=', caseId).executeTakeFirst();
  const current = (row?.state ?? null) as CaseState | null;
  const at = event.createdAt;

  if (event.type === 'item.state_changed') {
    if (current === null) refuse(event, current);
    const p = event.payload as EventPayload<'item.state_changed'>;
    const item = await tx
      .selectFrom('case_items')
      .select(['state'])
      .where('case_id', '=', caseId)
      .where('item_id', '=', p.itemId)
      .executeTakeFirst();
    if (!item) throw new AppError('NOT_FOUND', '该办件不包含此事项。', { itemId: p.itemId });
    if (!itemTransitionAllowed(item.state as ItemState | null, p.to)) {
      throw new AppError('INVALID_TRANSITION', '事项当前状态不允许此操作。', { itemId: p.itemId, from: item.state, to: p.to });
    }
    await tx
      .updateTable('case_items')
      .set({ state: p.to, reason: p.reason ?? null, updated_at: at })
      .where('case_id', '=', caseId)
      .where('item_id', '=', p.itemId)
      .execute();
    await tx.updateTable('cases').set({ updated_at: at, last_event_seq: event.seq }).where('id', '=', caseId).execute();
    return;
  }

  if (!isCaseEventType(event.type)) return;
  const next = nextCaseState(current, event.type);
  if (next === null) refuse(event, current);

  switch (event.type) {
    case 'case.drafted': {
      const p = event.payload as EventPayload<'case.drafted'>;
      await tx
        .insertInto('cases')
        .values({
          id: caseId,
          case_number: null,
          bundle_id: p.bundleId,
          state: next,
          applicant_name: p.applicantName,
          priority: p.priority,
          pending_materials: '[]',
          commitment_deadline: null,
          closing_reason: null,
          delivery_channel: null,
          created_at: at,
          updated_at: at,
          accepted_at: null,
          last_event_seq: event.seq,
        })
        .execute();
      await replaceItems(tx, caseId, p.itemIds, at);
      return;
    }
    case 'case.draft_updated': {
      const p = event.payload as EventPayload<'case.draft_updated'>;
      await tx
        .updateTable('cases')
        .set({
          ...(p.applicantName !== undefined ? { applicant_name: p.applicantName } : {}),
          ...(p.priority !== undefined ? { priority: p.priority } : {}),
          updated_at: at,
          last_event_seq: event.seq,
        })
        .where('id', '=', caseId)
        .execute();
      if (p.itemIds) await replaceItems(tx, caseId, p.itemIds, at);
      return;
    }
    case 'case.accepted': {
      const p = event.payload as EventPayload<'case.accepted'>;
      await tx
        .updateTable('cases')
        .set({
          state: next,
          case_number: p.caseNumber,
          pending_materials: JSON.stringify(p.pendingMaterials),
          commitment_deadline: p.commitmentDeadline,
          accepted_at: sql<string>`coalesce(accepted_at, ${at})`,
          updated_at: at,
          last_event_seq: event.seq,
        })
        .where('id', '=', caseId)
        .execute();
      return;
    }
    case 'case.refused':
    case 'case.withdrawn':
    case 'case.correction_requested': {
      const p = event.payload as { reason: string };
      await tx
        .updateTable('cases')
        .set({ state: next, closing_reason: p.reason, updated_at: at, last_event_seq: event.seq })
        .where('id', '=', caseId)
        .execute();
      return;
    }
    case 'case.delivered': {
      const p = event.payload as EventPayload<'case.delivered'>;
      await tx
        .updateTable('cases')
        .set({ state: next, delivery_channel: p.channel, updated_at: at, last_event_seq: event.seq })
        .where('id', '=', caseId)
        .execute();
      return;
    }
    default:
      await tx.updateTable('cases').set({ state: next, updated_at: at, last_event_seq: event.seq }).where('id', '=', caseId).execute();
  }
}

async function replaceItems(tx: Tx, caseId: string, itemIds: readonly string[], at: string): Promise<void> {
  await tx.deleteFrom('case_items').where('case_id', '=', caseId).execute();
  const unique = [...new Set(itemIds)];
  await tx
    .insertInto('case_items')
    .values(unique.map((item_id, position) => ({ case_id: caseId, item_id, position, state: null, reason: null, updated_at: at })))
    .execute();
}
