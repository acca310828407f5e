import { sql, type Kysely, type Transaction, type UpdateObject } from 'kysely';
import {
  caseStateFromItems,
  CASE_STATE_LABELS,
  INTAKE_DECISIONS,
  isRouted,
  ITEM_DECIDED,
  ITEM_STATE_LABELS,
  itemEventsAllowed,
  itemTransitionAllowed,
  nextCaseState,
  type CaseState,
  type ItemState,
} from '../shared/case-machine.js';
import type { ClockPause } from '../shared/deadlines.js';
import { ACTIVE_ITEM_STATES, NO_DUE_DATE, type ItemClock } from '../shared/routing.js';
import { AppError } from '../shared/errors.js';
import { isCaseEventType, type EventPayload, type StoredEvent } from '../shared/events.js';
import { emptyIntake, type IntakeData } from '../shared/intake.js';
import { applyDeliveryEvent, refreshHandover } from './projections-delivery.js';
import { applyAssistEvent, applyHomeDelivery } from './projections-assist.js';
import { applyEscalationEvent } from './projections-escalation.js';
import { applyTransferEvent, proxyColumns } from './projections-proxy.js';
import { applyDuplicateEvent, detectDuplicates, triggersDuplicateCheck } from './projections-duplicates.js';
import type { ClientDatabase } from './schema.js';

type Tx = Transaction<ClientDatabase> | Kysely<ClientDatabase>;

/** Projection tables, in the order they are cleared before a rebuild. */
export const PROJECTION_TABLES = ['escalation_steps', 'escalations', 'transfers', 'duplicate_pairs', 'case_assists', 'rectifications', 'ratings', 'deliveries', 'case_items', 'cases'] as const;

function refuse(event: StoredEvent, current: CaseState | null): never {
  const from = current === null ? '不存在' : `“${CASE_STATE_LABELS[current]}”`;
  throw new AppError('INVALID_TRANSITION', `办件当前状态为${from}，不能执行此操作。`, { type: event.type, caseId: event.caseId, from: current });
}

/**
 * Applies one stored event to the projections. The same function serves live
 * appends, sync pulls and rebuilds, so rebuilt projections equal live ones.
 */
export async function applyEvent(tx: Tx, event: StoredEvent): Promise<void> {
  await applyOne(tx, event);
  // 重复办件 are found from what the event just projected: the same on appends, pulls and rebuilds.
  if (triggersDuplicateCheck(event)) await detectDuplicates(tx, event);
}

async function applyOne(tx: Tx, event: StoredEvent): Promise<void> {
  if (event.caseId === null) return; // session and audit events change no projection
  // 办不成事 records are not cases: their own table, before any case lookup.
  if (event.type.startsWith('escalation.')) return applyEscalationEvent(tx, event);
  const caseId = event.caseId;
  const row = await tx.selectFrom('cases').select(['state']).where('id', '=', caseId).executeTakeFirst();
  const current = (row?.state ?? null) as CaseState | null;
  const at = event.createdAt;

  if (event.type.startsWith('item.')) return applyItemEvent(tx, event, current);
  if (/^(delivery|rating|rectification)\./.test(event.type)) {
    if (current === null) refuse(event, current);
    await applyDeliveryEvent(tx, event);
    if (event.type === 'delivery.handed_over') await applyHomeDelivery(tx, event);
    return;
  }
  if (event.type.startsWith('assist.')) return applyAssistEvent(tx, event, current);
  if (event.type.startsWith('transfer.')) return applyTransferEvent(tx, event, current);
  if (event.type.startsWith('duplicate.')) return applyDuplicateEvent(tx, event, current);

  if (!isCaseEventType(event.type)) return;
  const next = nextCaseState(current, event.type);
  if (next === null) refuse(event, current);
  if (INTAKE_DECISIONS.includes(event.type) && isRouted(await itemStates(tx, caseId))) {
    throw new AppError('INVALID_TRANSITION', '该办件已分送部门审批，补正后请“重新提交”，不能再作受理决定。', { type: event.type, caseId });
  }

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
          ticket_lane: p.ticket?.lane ?? null,
          ticket_issued_at: p.ticket?.issuedAt ?? null,
          ticket_called_at: p.ticket?.calledAt ?? null,
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
      if (p.lang !== undefined) data.lang = p.lang;
      if (p.itemIds) await replaceItems(tx, caseId, p.itemIds, at);
      return updateCase(tx, event, { ...searchKeys(data), data: JSON.stringify(data), priority: data.priority, ...proxyColumns(event, current, p.proxy) });
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
      // A withdrawn case leaves every department's queue.
      await tx.updateTable('case_items').set({ active: 0 }).where('case_id', '=', caseId).execute();
      return updateCase(tx, event, { state: next, closing_reason: (event.payload as EventPayload<'case.withdrawn'>).reason });
    case 'case.routed':
      return updateCase(tx, event, { state: next, partial_delivery: (event.payload as EventPayload<'case.routed'>).partialDelivery ? 1 : 0 });
    case 'case.delivered':
      return updateCase(tx, event, { state: next, handover_due: 0, delivery_channel: (event.payload as EventPayload<'case.delivered'>).channel });
    default:
      return updateCase(tx, event, { state: next });
  }
}

async function itemStates(tx: Tx, caseId: string): Promise<(ItemState | null)[]> {
  const rows = await tx.selectFrom('case_items').select('state').where('case_id', '=', caseId).execute();
  return rows.map((r) => r.state as ItemState | null);
}

const isActive = (s: ItemState) => (ACTIVE_ITEM_STATES.includes(s) ? 1 : 0);

function clockColumns(c: ItemClock) {
  return {
    start_date: c.start,
    promised_days: c.promisedDays,
    statutory_days: c.statutoryDays,
    due_date: c.dueDate,
    statutory_due_date: c.statutoryDueDate,
    warn_date: c.warnDate,
    due_key: c.dueDate ?? c.statutoryDueDate ?? NO_DUE_DATE,
  };
}

/** Ends the open pause on `lastDay` (never before the day it began). */
function closePauses(pauses: ClockPause[], lastDay: string): ClockPause[] {
  return pauses.map((p) => (p.to === null ? { ...p, to: lastDay < p.from ? p.from : lastDay } : p));
}

/** Item events: the department's decisions and the clock. The case state then follows its items. */
async function applyItemEvent(tx: Tx, event: StoredEvent, current: CaseState | null): Promise<void> {
  const caseId = event.caseId!;
  const p = event.payload as { itemId: string; departmentId: string };
  const rows = await tx.selectFrom('case_items').select(['item_id', 'state', 'pauses']).where('case_id', '=', caseId).execute();
  if (!itemEventsAllowed(current, rows.map((r) => r.state as ItemState | null))) {
    if (current === null) refuse(event, current);
    throw new AppError('INVALID_TRANSITION', `办件当前状态为“${CASE_STATE_LABELS[current]}”，部门不能办理其中的事项。`, { caseId, from: current });
  }
  const row = rows.find((r) => r.item_id === p.itemId);
  if (!row) throw new AppError('NOT_FOUND', '该办件不包含此事项。', { itemId: p.itemId });
  const pauses = JSON.parse(row.pauses) as ClockPause[];
  let itemState = row.state as ItemState | null;
  const at = event.createdAt;
  const changes: UpdateObject<ClientDatabase, 'case_items'> = { updated_at: at, version: event.seq, department_id: p.departmentId };

  switch (event.type) {
    case 'item.state_changed': {
      const e = event.payload as EventPayload<'item.state_changed'>;
      const from = row.state as ItemState | null;
      if (!itemTransitionAllowed(from, e.to)) {
        throw new AppError('INVALID_TRANSITION', `事项当前状态为“${from === null ? '未分送' : ITEM_STATE_LABELS[from]}”，不能改为“${ITEM_STATE_LABELS[e.to]}”。`, {
          itemId: e.itemId,
          from,
          to: e.to,
        });
      }
      itemState = e.to;
      Object.assign(changes, { state: e.to, active: isActive(e.to), reason: e.reason ?? null });
      if (from === null) {
        const c = await tx.selectFrom('cases').select('priority').where('id', '=', caseId).executeTakeFirstOrThrow();
        changes.lane = c.priority ? 1 : 0;
      }
      if (e.dependsOn) changes.depends_on = JSON.stringify(e.dependsOn);
      if (e.clock) Object.assign(changes, clockColumns(e.clock));
      let nextPauses = pauses;
      if (e.resumeLastDay) nextPauses = closePauses(nextPauses, e.resumeLastDay);
      if (e.pause) nextPauses = [...nextPauses, { from: e.pause.from, to: null, reason: e.pause.reason, ...(e.pause.note ? { note: e.pause.note } : {}) }];
      if (nextPauses !== pauses) changes.pauses = JSON.stringify(nextPauses);
      if (e.to === 'received') changes.received_by = event.actorId;
      if (ITEM_DECIDED.includes(e.to)) Object.assign(changes, { decided_by: event.actorId, decided_at: at });
      if (e.result) changes.result = JSON.stringify(e.result);
      if (e.legalBasis !== undefined) changes.legal_basis = e.legalBasis;
      if (e.corrections) changes.corrections = JSON.stringify(e.corrections);
      break;
    }
    case 'item.clock_paused': {
      const e = event.payload as EventPayload<'item.clock_paused'>;
      if (pauses.some((x) => x.to === null)) throw new AppError('INVALID_TRANSITION', '该事项已经停表，请先恢复计时。', { itemId: e.itemId });
      changes.pauses = JSON.stringify([...pauses, { from: e.pause.from, to: null, reason: e.pause.reason, ...(e.pause.note ? { note: e.pause.note } : {}) }]);
      break;
    }
    case 'item.clock_resumed': {
      const e = event.payload as EventPayload<'item.clock_resumed'>;
      if (!pauses.some((x) => x.to === null)) throw new AppError('INVALID_TRANSITION', '该事项没有在停表，无需恢复计时。', { itemId: e.itemId });
      Object.assign(changes, clockColumns(e.clock), { pauses: JSON.stringify(closePauses(pauses, e.lastDay)) });
      break;
    }
    case 'item.noted':
      // A note changes nothing a decision depends on: the item keeps its version.
      delete changes.version;
      break;
    default:
      throw new AppError('INVALID_INPUT', `未知的事项事件：${event.type}`);
  }
  await tx.updateTable('case_items').set(changes).where('case_id', '=', caseId).where('item_id', '=', p.itemId).execute();
  const state = caseStateFromItems(current!, rows.map((r) => (r.item_id === p.itemId ? itemState : (r.state as ItemState | null))));
  await updateCase(tx, event, state === current ? {} : { state });
  return refreshHandover(tx, caseId, at);
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
