import type { Kysely, Transaction, UpdateObject } from 'kysely';
import { AppError } from '../shared/errors.js';
import type { EventPayload, StoredEvent } from '../shared/events.js';
import { isEscalationEventType, nextEscalationState, type EscalationState } from '../shared/escalation.js';
import type { ClientDatabase } from './schema.js';

// Projection of 办不成事 records: the escalations row (current state, for lists and the board) and
// one escalation_steps row per event (the timeline). Called from applyEvent in the same transaction,
// before any case lookup: the record is not a case. A rebuild from the log gives the same rows.

type Tx = Transaction<ClientDatabase> | Kysely<ClientDatabase>;

export async function applyEscalationEvent(tx: Tx, event: StoredEvent): Promise<void> {
  const id = event.caseId!;
  if (!isEscalationEventType(event.type)) throw new AppError('INVALID_INPUT', `未知的办不成事事件：${event.type}`);
  const row = await tx.selectFrom('escalations').select(['state']).where('id', '=', id).executeTakeFirst();
  const current = (row?.state ?? null) as EscalationState | null;
  const step = nextEscalationState(current, event.type);
  if (!step.ok) throw new AppError('INVALID_TRANSITION', step.message, { type: event.type, id, from: current });
  const at = event.createdAt;
  const changes: UpdateObject<ClientDatabase, 'escalations'> = { state: step.to, updated_at: at, last_event_seq: event.seq };

  switch (event.type) {
    case 'escalation.opened': {
      const p = event.payload as EventPayload<'escalation.opened'>;
      const other = await tx.selectFrom('escalations').select('id').where('number', '=', p.number).executeTakeFirst();
      if (other) throw new AppError('CONFLICT', `办不成事编号 ${p.number} 已被另一条记录使用，未保存。`, { number: p.number });
      await tx
        .insertInto('escalations')
        .values({
          id,
          number: p.number,
          hall_code: p.hallCode,
          state: step.to,
          applicant_name: p.applicant.name,
          applicant_phone: p.applicant.phone,
          applicant_id_number: p.applicant.idNumber,
          problem: p.problem,
          tried_where: JSON.stringify(p.triedWhere),
          category: p.category,
          deadline: null,
          outcome: null,
          outcome_detail: null,
          resolved_on: null,
          resolved_at: null,
          feedback: null,
          feedback_comment: null,
          opened_by: event.actorId,
          opened_at: at,
          updated_at: at,
          last_event_seq: event.seq,
        })
        .execute();
      break;
    }
    case 'escalation.assigned': {
      const p = event.payload as EventPayload<'escalation.assigned'>;
      Object.assign(changes, { staff: JSON.stringify(p.staff), departments: JSON.stringify(p.departments), deadline: p.deadline });
      break;
    }
    case 'escalation.progressed':
      break;
    case 'escalation.resolved': {
      const p = event.payload as EventPayload<'escalation.resolved'>;
      Object.assign(changes, { outcome: p.outcome, outcome_detail: p.detail, resolved_on: p.resolvedOn, resolved_at: at });
      break;
    }
    case 'escalation.feedback': {
      const p = event.payload as EventPayload<'escalation.feedback'>;
      Object.assign(changes, { feedback: p.satisfied, feedback_comment: p.comment });
      break;
    }
    case 'escalation.reopened': {
      // The row shows the attempt under way; the earlier outcome and feedback stay in the timeline.
      const p = event.payload as EventPayload<'escalation.reopened'>;
      Object.assign(changes, { deadline: p.deadline, outcome: null, outcome_detail: null, resolved_on: null, resolved_at: null, feedback: null, feedback_comment: null });
      break;
    }
  }
  if (event.type !== 'escalation.opened') await tx.updateTable('escalations').set(changes).where('id', '=', id).execute();
  await tx
    .insertInto('escalation_steps')
    .values({ id: event.id, escalation_id: id, kind: event.type.slice('escalation.'.length), detail: JSON.stringify(event.payload), actor_id: event.actorId, created_at: at, seq: event.seq })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}
