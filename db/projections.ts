import { sql, type Kysely, type Transaction, type UpdateObject } from 'kysely';
import { nextCaseState, itemTransitionAllowed, CASE_STATE_LABELS, type CaseState, type ItemState } from '../shared/case-machine.js';
import { AppError } from '../shared/errors.js';
import { isCaseEventType, type EventPayload, type StoredEvent } from '../shared/events.js';
import { emptyIntake, type IntakeData } from '../shared/intake.js';
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
    return updateCase(tx, event, {});
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
          applicant_name: '',
          priority: null,
          pending_materials: '[]',
          commitment_deadline: null,
          closing_reason: null,
          delivery_channel: null,
          created_at: at,
          updated_at: at,
          accepted_at: null,
          last_event_seq: event.seq,
          hall_code: p.hallCode,
          catalog_version: p.catalogVersion,
          applicant_kind: p.applicantKind,
          ticket_ref: p.ticketRef,
          data: JSON.stringify(emptyIntake(p.applicantKind)),
        })
        .execute();
      await replaceItems(tx, caseId, p.itemIds, at);
      return;
    }
    case 'case.draft_updated': {
      const p = event.payload as EventPayload<'case.draft_updated'>;
      const data = await readData(tx, caseId);
      if (p.fields) {
        for (const [k, v] of Object.entries(p.fields)) {
          if (v === null || v === '') delete data.fields[k];
          else data.fields[k] = v;
        }
      }
      if (p.materials) {
        for (const [k, v] of Object.entries(p.materials)) {
          if (v === null) delete data.materials[k];
          else data.materials[k] = v;
        }
      }
      if (p.card !== undefined) data.card = p.card;
      if (p.agent !== undefined) data.agent = p.agent;
      if (p.priority !== undefined) data.priority = p.priority;
      if (p.reusedFromCaseId !== undefined) data.reusedFromCaseId = p.reusedFromCaseId;
      if (p.itemIds) await replaceItems(tx, caseId, p.itemIds, at);
      return updateCase(tx, event, { ...searchKeys(data), data: JSON.stringify(data), priority: data.priority });
    }
    case 'case.accepted': {
      const p = event.payload as EventPayload<'case.accepted'>;
      await claimCaseNumber(tx, event, p.caseNumber);
      return updateCase(tx, event, {
        state: next,
        case_number: p.caseNumber,
        pending_materials: JSON.stringify(p.pendingMaterials),
        commitment_deadline: p.commitmentDeadline,
        expected_date: p.expectedDate,
        delivery_channel: p.delivery.method,
        decided_by: event.actorId,
        closing_reason: null,
        accepted_at: sql<string>`coalesce(accepted_at, ${at})`,
      });
    }
    case 'case.correction_notified': {
      const p = event.payload as EventPayload<'case.correction_notified'>;
      await claimCaseNumber(tx, event, p.caseNumber);
      return updateCase(tx, event, { state: next, case_number: p.caseNumber, closing_reason: p.entries.map((e) => e.name).join('、'), decided_by: event.actorId });
    }
    case 'case.material_supplied': {
      const p = event.payload as EventPayload<'case.material_supplied'>;
      const row = await tx.selectFrom('cases').select(['pending_materials', 'data']).where('id', '=', caseId).executeTakeFirstOrThrow();
      const pending = (JSON.parse(row.pending_materials) as { key: string }[]).filter((m) => m.key !== p.key);
      const data = JSON.parse(row.data) as IntakeData;
      data.materials[p.key] = { status: p.status, pageBlobs: p.pageBlobs, licenceNo: p.licenceNo, problem: null };
      return updateCase(tx, event, {
        pending_materials: JSON.stringify(pending),
        commitment_deadline: pending.length ? sql<string>`commitment_deadline` : null,
        data: JSON.stringify(data),
      });
    }
    case 'case.refused': {
      const p = event.payload as EventPayload<'case.refused'>;
      await claimCaseNumber(tx, event, p.caseNumber);
      return updateCase(tx, event, { state: next, case_number: p.caseNumber, closing_reason: p.reason, decided_by: event.actorId });
    }
    case 'case.withdrawn':
    case 'case.correction_requested':
      return updateCase(tx, event, { state: next, closing_reason: (event.payload as { reason: string }).reason });
    case 'case.delivered':
      return updateCase(tx, event, { state: next, delivery_channel: (event.payload as EventPayload<'case.delivered'>).channel });
    default:
      return updateCase(tx, event, { state: next });
  }
}

/** Every case event stamps the case with its time and sequence, along with its own changes. */
async function updateCase(tx: Tx, event: StoredEvent, changes: UpdateObject<ClientDatabase, 'cases'>): Promise<void> {
  await tx
    .updateTable('cases')
    .set({ ...changes, updated_at: event.createdAt, last_event_seq: event.seq })
    .where('id', '=', event.caseId!)
    .execute();
}

/** Case numbers are unique: a number already given to another case is refused, not overwritten. */
async function claimCaseNumber(tx: Tx, event: StoredEvent, caseNumber: string): Promise<void> {
  const other = await tx.selectFrom('cases').select('id').where('case_number', '=', caseNumber).where('id', '!=', event.caseId!).executeTakeFirst();
  if (other) throw new AppError('CONFLICT', `办件编号 ${caseNumber} 已被另一办件使用，未保存。`, { caseNumber });
}

async function readData(tx: Tx, caseId: string): Promise<IntakeData> {
  const row = await tx.selectFrom('cases').select(['data']).where('id', '=', caseId).executeTakeFirstOrThrow();
  return JSON.parse(row.data) as IntakeData;
}

/** The columns the counter searches by, kept in step with the form. */
function searchKeys(d: IntakeData) {
  const f = (k: string) => d.fields[k]?.trim() || null;
  return {
    applicant_name: f('applicant.name') ?? '',
    applicant_id_number: f('applicant.idNumber')?.toUpperCase() ?? null,
    applicant_phone: f('applicant.phone') ?? f('enterprise.contactPhone'),
    credit_code: f('enterprise.creditCode')?.toUpperCase() ?? null,
    enterprise_name: f('enterprise.name'),
  };
}

async function replaceItems(tx: Tx, caseId: string, itemIds: readonly string[], at: string): Promise<void> {
  await tx.deleteFrom('case_items').where('case_id', '=', caseId).execute();
  const unique = [...new Set(itemIds)];
  await tx
    .insertInto('case_items')
    .values(unique.map((item_id, position) => ({ case_id: caseId, item_id, position, state: null, reason: null, updated_at: at })))
    .execute();
}
