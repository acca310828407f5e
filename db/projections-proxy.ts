import type { Kysely, Transaction } from 'kysely';
import { CASE_STATE_LABELS, type CaseState, type ItemState } from '../shared/case-machine.js';
import { AppError } from '../shared/errors.js';
import type { EventPayload, StoredEvent } from '../shared/events.js';
import { transferSendAllowed, type ProxyMark } from '../shared/proxy.js';
import { touchCase } from './projections-touch.js';
import type { ClientDatabase } from './schema.js';

// Projection of 代收代办 (the proxy columns of `cases`) and 材料流转 (`transfers`), called from
// applyEvent in the same transaction; a rebuild from the log gives the same rows.

type Tx = Transaction<ClientDatabase> | Kysely<ClientDatabase>;

/** The case columns a `case.draft_updated` sets for its proxy mark; nothing when it carries none. */
export function proxyColumns(event: StoredEvent, current: CaseState | null, mark: ProxyMark | null | undefined) {
  if (mark === undefined) return {};
  if (current !== 'draft') {
    throw new AppError('INVALID_TRANSITION', '代收代办只能在收件草稿阶段设置或取消，该办件已作出受理决定。', { caseId: event.caseId, from: current });
  }
  return { deciding_code: mark?.decidingCode ?? null, deciding_name: mark?.decidingName ?? null, taken_in_name: mark?.takenInName ?? null };
}

export async function applyTransferEvent(tx: Tx, event: StoredEvent, current: CaseState | null): Promise<void> {
  const caseId = event.caseId!;
  if (current === null) throw new AppError('INVALID_TRANSITION', '办件不存在，不能登记材料流转。', { type: event.type, caseId });
  const c = await tx.selectFrom('cases').select(['deciding_code']).where('id', '=', caseId).executeTakeFirstOrThrow();
  if (!c.deciding_code) throw new AppError('INVALID_TRANSITION', '该办件不是代收代办，没有需要流转的材料。', { caseId });
  switch (event.type) {
    case 'transfer.sent': {
      const p = event.payload as EventPayload<'transfer.sent'>;
      const items = await tx.selectFrom('case_items').select('state').where('case_id', '=', caseId).execute();
      if (!transferSendAllowed(current, items.map((i) => i.state as ItemState | null))) {
        throw new AppError('INVALID_TRANSITION', `办件当前状态为“${CASE_STATE_LABELS[current]}”，不能登记寄出材料（受理并分送后、审批完毕前可寄出）。`, { caseId, from: current });
      }
      const existing = await tx.selectFrom('transfers').select('id').where('id', '=', p.transferId).executeTakeFirst();
      if (existing) throw new AppError('CONFLICT', '这批材料已经登记过寄出。', { transferId: p.transferId });
      await tx
        .insertInto('transfers')
        .values({
          id: p.transferId,
          case_id: caseId,
          lines: JSON.stringify(p.lines),
          courier: p.courier,
          tracking_no: p.trackingNo,
          sent_on: p.sentOn,
          due_on: p.dueOn,
          sent_actor: event.actorId,
          sent_at: event.createdAt,
        })
        .execute();
      break;
    }
    case 'transfer.received': {
      const p = event.payload as EventPayload<'transfer.received'>;
      const t = await tx.selectFrom('transfers').select(['case_id', 'received_on']).where('id', '=', p.transferId).executeTakeFirst();
      if (!t || t.case_id !== caseId) throw new AppError('NOT_FOUND', '没有这批材料的寄出记录，不能确认收到。', { transferId: p.transferId });
      if (t.received_on !== null) throw new AppError('CONFLICT', '这批材料已经确认收到，无需重复确认。', { transferId: p.transferId });
      await tx
        .updateTable('transfers')
        .set({ received_on: p.receivedOn, received_by: p.receivedBy, received_actor: event.actorId, discrepancy: p.discrepancy, received_at: event.createdAt })
        .where('id', '=', p.transferId)
        .execute();
      break;
    }
    default:
      throw new AppError('INVALID_INPUT', `未知的材料流转事件：${event.type}`);
  }
  await touchCase(tx, event, current);
}
