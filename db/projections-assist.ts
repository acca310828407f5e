import type { Kysely, Transaction } from 'kysely';
import { CASE_STATE_LABELS, type CaseState } from '../shared/case-machine.js';
import { AppError } from '../shared/errors.js';
import type { EventPayload, StoredEvent } from '../shared/events.js';
import { touchCase } from './projections-touch.js';
import type { ClientDatabase } from './schema.js';

// Projection of 帮办代办 and 上门服务: one case_assists row per record, called from applyEvent in
// the same transaction (a rebuild from the log gives the same rows).

type Tx = Transaction<ClientDatabase> | Kysely<ClientDatabase>;

/** A home intake belongs to the counter's side of the case: before it is delivered or ended. */
const HOME_INTAKE_STATES: readonly CaseState[] = ['draft', 'correction_requested', 'accepted', 'in_review', 'ready'];

export async function applyAssistEvent(tx: Tx, event: StoredEvent, current: CaseState | null): Promise<void> {
  const caseId = event.caseId!;
  if (current === null) throw new AppError('INVALID_TRANSITION', '办件不存在，不能记录帮办代办或上门服务。', { type: event.type, caseId });
  const row = { id: event.id, case_id: caseId, actor_id: event.actorId, created_at: event.createdAt };
  switch (event.type) {
    case 'assist.recorded': {
      const p = event.payload as EventPayload<'assist.recorded'>;
      await tx.insertInto('case_assists').values({ ...row, kind: 'assist', mode: p.mode, detail: JSON.stringify(p) }).onConflict((oc) => oc.column('id').doNothing()).execute();
      break;
    }
    case 'assist.home_intake': {
      if (!HOME_INTAKE_STATES.includes(current)) {
        throw new AppError('INVALID_TRANSITION', `办件当前状态为“${CASE_STATE_LABELS[current]}”，不能再登记上门收件。`, { caseId, from: current });
      }
      const p = event.payload as EventPayload<'assist.home_intake'>;
      await tx.insertInto('case_assists').values({ ...row, kind: 'intake', mode: null, detail: JSON.stringify(p) }).onConflict((oc) => oc.column('id').doNothing()).execute();
      break;
    }
    default:
      throw new AppError('INVALID_INPUT', `未知的帮办代办事件：${event.type}`);
  }
  await touchCase(tx, event, current);
}

/** A result handed over at the applicant's home is also a home visit (after the delivery projection ran). */
export async function applyHomeDelivery(tx: Tx, event: StoredEvent): Promise<void> {
  const p = event.payload as EventPayload<'delivery.handed_over'>;
  if (p.channel !== 'home') return;
  if (!p.home) throw new AppError('INVALID_INPUT', '上门送达须登记地址、上门人员和日期。', { caseId: event.caseId });
  await tx
    .insertInto('case_assists')
    .values({ id: event.id, case_id: event.caseId!, kind: 'delivery', mode: null, detail: JSON.stringify(p.home), actor_id: event.actorId, created_at: event.createdAt })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}
