import {
  CASE_STATE_LABELS,
  CASE_TRANSITIONS,
  caseStateFromItems,
  INTAKE_DECISIONS,
  isRouted,
  itemEventsAllowed,
  itemTransitionAllowed,
  nextCaseState,
  ROUTING_TARGETS,
  type CaseState,
  type ItemState,
} from './case-machine.js';
import { eventNeedsCase, eventPayloads, isCaseEventType, type EventType } from './events.js';
import type { RejectCode, WireEvent } from './sync.js';
import { ESCALATION_HELD_CASE_STATE, isEscalationEventType, nextEscalationState, type EscalationEventType, type EscalationState } from './escalation.js';
import { atDecidingSide, judgeTransfer, proxyItemRefusal, proxyMarkChange, type ProxyMark } from './proxy.js';

// What the central service checks for each pushed event besides its hash:
// schema, ownership and the state machine, against its own case-state table.

export interface DeviceScope {
  id: string;
  /** Hall the device is enrolled with; null for department systems. */
  hallCode: string | null;
  departments: readonly string[];
}

export interface CentralCase {
  id: string;
  hallCode: string;
  state: CaseState;
  items: Record<string, { state: ItemState | null; departmentId: string | null }>;
  departments: string[];
  /** 代收代办: the division whose departments decide the case (absent or null: the hall's own). */
  decidingCode?: string | null;
  decidingName?: string | null;
  /** 材料流转 of a proxy case, by transfer id. */
  transfers?: Record<string, 'sent' | 'received'>;
  /** Set for a 办不成事 record (shared/escalation.ts): its own state; `state` is then held at 'closed'. */
  escalation?: EscalationState;
}

export type Verdict =
  | { ok: true; next: CentralCase | null; addedDepartments: string[] }
  | { ok: false; code: RejectCode; reason: string };

const no = (code: RejectCode, reason: string): Verdict => ({ ok: false, code, reason });

function strField(payload: unknown, key: string): string | null {
  const v = (payload as Record<string, unknown> | null)?.[key];
  return typeof v === 'string' && v.length > 0 ? v : null;
}

function clone(c: CentralCase): CentralCase {
  return { ...c, items: Object.fromEntries(Object.entries(c.items).map(([k, v]) => [k, { ...v }])), departments: [...c.departments] };
}

/** Judges one event of `device` against the current case (null when unknown). Pure. */
export function judgeEvent(e: WireEvent, device: DeviceScope, current: CentralCase | null): Verdict {
  if (!Object.hasOwn(eventPayloads, e.type)) return no('UNKNOWN_TYPE', `未知的事件类型：${e.type}`);
  const type = e.type as EventType;
  const parsed = eventPayloads[type].safeParse(e.payload);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => i.path.join('.') || '(根)').slice(0, 5).join('、');
    return no('INVALID_PAYLOAD', `事件内容格式错误（${fields}），中心未接收。请联系管理员检查本机程序版本。`);
  }
  if (e.deviceId !== device.id) return no('DEVICE_MISMATCH', '事件不是本机产生的，中心未接收。');
  if (eventNeedsCase(type) !== (e.caseId !== null)) return no('INVALID_PAYLOAD', '事件缺少办件编号或不应带办件编号。');
  if (e.caseId === null) return { ok: true, next: null, addedDepartments: [] };

  // 办不成事 records follow their own table and take no case event.
  if (isEscalationEventType(type)) return judgeEscalation(e, type, device, current);
  if (current?.escalation) return no('INVALID_TRANSITION', '该编号是办不成事记录，不是办件，不能执行此操作。');
  if (type === 'case.drafted') {
    if (current) return no('INVALID_TRANSITION', '中心已有同一编号的办件，不能重复创建。');
    const hallCode = strField(e.payload, 'hallCode');
    if (!hallCode) return no('INVALID_PAYLOAD', '新建办件未注明所属大厅，中心未接收。');
    if (hallCode !== device.hallCode) return no('FORBIDDEN', '本机未登记在该办件所属的大厅，不能为其收件。');
    const itemIds = (e.payload as { itemIds?: unknown }).itemIds;
    const items: CentralCase['items'] = {};
    if (Array.isArray(itemIds)) for (const id of itemIds) if (typeof id === 'string') items[id] = { state: null, departmentId: null };
    return { ok: true, next: { id: e.caseId, hallCode, state: 'draft', items, departments: [] }, addedDepartments: [] };
  }
  if (!current) return no('UNKNOWN_CASE', '中心没有该办件的收件记录（可能是前面的事件未被接收），此事件未接收。');

  if (type.startsWith('item.')) {
    const departmentId = strField(e.payload, 'departmentId');
    if (!departmentId) return no('INVALID_PAYLOAD', '事项事件未注明责任部门，中心未接收。');
    const itemId = strField(e.payload, 'itemId');
    const to = strField(e.payload, 'to') as ItemState | null;
    const routing = to !== null && ROUTING_TARGETS.includes(to);
    // Routing moves (unblocking, re-queueing, ending) come from the hall or from a department of the
    // case whose approval unblocked another department's item.
    const routes = device.hallCode === current.hallCode || current.departments.some((d) => device.departments.includes(d));
    const allowed = device.departments.includes(departmentId) || (routing && routes);
    if (!allowed) return no('FORBIDDEN', '本机未绑定该事项的责任部门，不能办理此事项。');
    const proxyRefusal = proxyItemRefusal(current, device, routing);
    if (proxyRefusal) return no(proxyRefusal.code, proxyRefusal.reason);
    const states = Object.values(current.items).map((i) => i.state);
    if (!itemEventsAllowed(current.state, states)) {
      return no('INVALID_TRANSITION', `办件在中心的当前状态为“${CASE_STATE_LABELS[current.state]}”，部门不能办理其中的事项（可能已撤回或尚未分送）。`);
    }
    const next = clone(current);
    if (itemId !== null && !next.items[itemId]) return no('INVALID_TRANSITION', '该办件不包含此事项。');
    if (itemId !== null && to !== null) {
      const item = next.items[itemId]!;
      if (!itemTransitionAllowed(item.state, to)) return no('INVALID_TRANSITION', '事项在中心的当前状态不允许此操作（可能已被其他窗口或部门办理）。');
      item.state = to;
      item.departmentId = departmentId;
      next.state = caseStateFromItems(current.state, Object.values(next.items).map((i) => i.state));
    }
    const addedDepartments = next.departments.includes(departmentId) ? [] : [departmentId];
    next.departments.push(...addedDepartments);
    return { ok: true, next, addedDepartments };
  }

  // 材料流转 of a proxy case: sent by the taking-in hall, received by the deciding side.
  if (type.startsWith('transfer.')) {
    const v = judgeTransfer(type, parsed.data, device, current);
    return 'code' in v ? no(v.code, v.reason) : { ok: true, next: v, addedDepartments: [] };
  }
  // Reading a case is audited wherever it happens: the hall's counters, the case's departments, the deciding hall.
  if (type.startsWith('audit.')) {
    const mine =
      device.hallCode === current.hallCode || current.departments.some((d) => device.departments.includes(d)) || (device.hallCode !== null && atDecidingSide(current, device));
    return mine ? { ok: true, next: current, addedDepartments: [] } : no('FORBIDDEN', '本机无权查看该办件。');
  }
  // Every other case event is intake-side: only the case's own hall may write it.
  if (device.hallCode !== current.hallCode) return no('FORBIDDEN', '本机不属于该办件的收件大厅，不能办理此操作。');
  if ((INTAKE_DECISIONS as readonly string[]).includes(type) && isRouted(Object.values(current.items).map((i) => i.state))) {
    return no('INVALID_TRANSITION', '该办件已分送部门审批，不能再作受理决定。');
  }
  // Intake events change the state (and a draft's items, replaced whole): a shallow copy will do.
  const next = { ...current };
  if (isCaseEventType(type)) {
    const to = nextCaseState(current.state, type);
    if (to === null) {
      return no('INVALID_TRANSITION', `办件在中心的当前状态为“${CASE_STATE_LABELS[current.state]}”，不能执行此操作（可能已被其他窗口办理）。`);
    }
    next.state = to;
    if (type === 'case.draft_updated') {
      const mark = proxyMarkChange(current, parsed.data as { proxy?: ProxyMark | null });
      if (mark && 'code' in mark) return no(mark.code, mark.reason);
      if (mark) Object.assign(next, mark);
      const itemIds = (e.payload as { itemIds?: unknown }).itemIds;
      if (Array.isArray(itemIds)) {
        next.items = {};
        for (const id of itemIds) if (typeof id === 'string') next.items[id] = { state: null, departmentId: null };
      }
    }
  }
  return { ok: true, next, addedDepartments: [] };
}

/** 办不成事: created by its own hall's device, then only that hall acts on it, in the order of the table. */
function judgeEscalation(e: WireEvent, type: EscalationEventType, device: DeviceScope, current: CentralCase | null): Verdict {
  if (type === 'escalation.opened') {
    if (current) return no('INVALID_TRANSITION', '中心已有同一编号的记录，不能重复登记。');
    const hallCode = strField(e.payload, 'hallCode');
    if (!hallCode) return no('INVALID_PAYLOAD', '办不成事记录未注明所属大厅，中心未接收。');
    if (hallCode !== device.hallCode) return no('FORBIDDEN', '本机未登记在该记录所属的大厅，不能为其登记办不成事。');
    return { ok: true, next: { id: e.caseId!, hallCode, state: ESCALATION_HELD_CASE_STATE, items: {}, departments: [], escalation: 'open' }, addedDepartments: [] };
  }
  if (!current) return no('UNKNOWN_CASE', '中心没有该办不成事记录的登记（可能是前面的事件未被接收），此事件未接收。');
  if (!current.escalation) return no('INVALID_TRANSITION', '该编号是办件，不是办不成事记录，不能执行此操作。');
  if (device.hallCode !== current.hallCode) return no('FORBIDDEN', '本机不属于该记录所属的大厅，不能办理此记录。');
  const step = nextEscalationState(current.escalation, type);
  if (!step.ok) return no('INVALID_TRANSITION', `${step.message}（可能已被其他窗口办理）`);
  return { ok: true, next: { ...current, escalation: step.to }, addedDepartments: [] };
}

/** Case event types whose transitions the central table knows (for documentation and tests). */
export const CENTRAL_CASE_TYPES = Object.keys(CASE_TRANSITIONS);
