import { sql, type Kysely, type Transaction } from 'kysely';
import type { CaseState } from '../shared/case-machine.js';
import { DUPLICATE_OPEN_STATES, duplicateMatch, flagPair, isOpenState, maskSubject, orderedPair, subjectOf, type CaseFacts } from '../shared/duplicates.js';
import { AppError } from '../shared/errors.js';
import type { EventPayload, StoredEvent } from '../shared/events.js';
import { touchCase } from './projections-touch.js';
import type { ClientDatabase } from './schema.js';

// Projection of 重复办件: duplicate_pairs. Detection runs in applyEvent after a case event that can
// give a case its subject or items or move it on at the counter, so live appends, sync pulls and
// rebuilds find the same pairs; the supervisor's decision (duplicate.decided) marks a pair decided.

type Tx = Transaction<ClientDatabase> | Kysely<ClientDatabase>;

/** Case events after which the case's pairs are looked at again: those that can change its subject, items or state at the counter. */
export function triggersDuplicateCheck(event: StoredEvent): boolean {
  if (event.caseId === null) return false;
  if (event.type === 'case.draft_updated') {
    // Most autosaves carry materials only: the applicant and the items stay as they were.
    const p = event.payload as EventPayload<'case.draft_updated'>;
    return p.fields !== undefined || p.itemIds !== undefined;
  }
  return event.type === 'case.drafted' || event.type === 'case.accepted' || event.type === 'case.correction_notified';
}

interface Facts extends CaseFacts {
  /** The device the case was drafted on. */
  deviceId: string | null;
}

async function factsOf(tx: Tx, caseId: string): Promise<Facts | null> {
  const row = await tx
    .selectFrom('cases')
    .select(['id', 'state', 'bundle_id', 'applicant_kind', 'applicant_id_number', 'credit_code'])
    .where('id', '=', caseId)
    .executeTakeFirst();
  if (!row) return null;
  const items = await tx.selectFrom('case_items').select('item_id').where('case_id', '=', caseId).orderBy('position').execute();
  const drafted = await tx.selectFrom('events').select('device_id').where('case_id', '=', caseId).where('type', '=', 'case.drafted').limit(1).executeTakeFirst();
  return {
    id: row.id,
    state: row.state,
    bundleId: row.bundle_id,
    itemIds: items.map((i) => i.item_id),
    subject: subjectOf({ applicantKind: row.applicant_kind, applicantIdNumber: row.applicant_id_number, creditCode: row.credit_code }),
    deviceId: drafted?.device_id ?? null,
  };
}

/** Pairs the case with every open case of the same applicant from another counter; drops undecided pairs that no longer hold. */
export async function detectDuplicates(tx: Tx, event: StoredEvent): Promise<void> {
  const me = await factsOf(tx, event.caseId!);
  if (!me) return;
  const matched: string[] = [];
  if (me.subject && isOpenState(me.state)) {
    const column = me.subject.kind === 'enterprise' ? 'credit_code' : 'applicant_id_number';
    const others = await tx
      .selectFrom('cases')
      .select('id')
      .where(column, '=', me.subject.key)
      .where('applicant_kind', '=', me.subject.kind)
      .where('id', '!=', me.id)
      .where('state', 'in', DUPLICATE_OPEN_STATES)
      .execute();
    for (const o of others) {
      const other = await factsOf(tx, o.id);
      if (other && duplicateMatch(me, other) && flagPair(me.deviceId, other.deviceId)) matched.push(other.id);
    }
  }
  // A corrected ID number or changed items can end a pair nobody has decided on yet.
  const existing = await tx
    .selectFrom('duplicate_pairs')
    .select(['case_a', 'case_b'])
    .where('status', '=', 'open')
    .where((eb) => eb.or([eb('case_a', '=', me.id), eb('case_b', '=', me.id)]))
    .execute();
  for (const p of existing) {
    const other = p.case_a === me.id ? p.case_b : p.case_a;
    if (!matched.includes(other)) await tx.deleteFrom('duplicate_pairs').where('case_a', '=', p.case_a).where('case_b', '=', p.case_b).execute();
  }
  if (matched.length === 0) return;
  await tx
    .insertInto('duplicate_pairs')
    .values(
      matched.map((other) => {
        const [case_a, case_b] = orderedPair(me.id, other);
        return { case_a, case_b, subject_kind: me.subject!.kind, subject_masked: maskSubject(me.subject!), detected_at: event.createdAt, status: 'open' };
      }),
    )
    .onConflict((oc) => oc.columns(['case_a', 'case_b']).doNothing())
    .execute();
}

/** duplicate.decided: the pair is decided; the earliest decision by clock wins wherever the events meet. */
export async function applyDuplicateEvent(tx: Tx, event: StoredEvent, current: CaseState | null): Promise<void> {
  if (event.type !== 'duplicate.decided') throw new AppError('INVALID_INPUT', `未知的重复办件事件：${event.type}`);
  const caseId = event.caseId!;
  if (current === null) throw new AppError('INVALID_TRANSITION', '办件不存在，不能记录重复办件的处理决定。', { type: event.type, caseId });
  const p = event.payload as EventPayload<'duplicate.decided'>;
  if (p.otherCaseId === caseId) throw new AppError('INVALID_INPUT', '重复办件的两件不能是同一办件。', { caseId });
  const [case_a, case_b] = orderedPair(caseId, p.otherCaseId);
  const me = await factsOf(tx, caseId);
  const subject = me?.subject ?? null;
  const decided = {
    status: 'decided',
    decision: p.decision,
    keep_case_id: p.keepCaseId,
    note: p.note,
    decided_by: event.actorId,
    decided_at: event.createdAt,
    decision_event_id: event.id,
    decision_hlc: event.hlc,
  };
  await tx
    .insertInto('duplicate_pairs')
    .values({ case_a, case_b, subject_kind: subject?.kind ?? 'person', subject_masked: subject ? maskSubject(subject) : '—', detected_at: event.createdAt, ...decided })
    .onConflict((oc) =>
      oc
        .columns(['case_a', 'case_b'])
        .doUpdateSet(decided)
        .where(sql<boolean>`duplicate_pairs.decision_hlc is null or duplicate_pairs.decision_hlc > ${event.hlc}`),
    )
    .execute();
  await touchCase(tx, event, current);
}
