import { z } from 'zod';
import type { CaseState } from './case-machine.js';
import { checkIdNumber, checkPhone, maskIdNumber } from './validators.js';

// 办不成事 反映窗口: a request the applicant could not get handled elsewhere. Its own record (not a
// 一件事 case): the applicant's problem, where they already tried, the staff who take it on, the
// coordinating departments, a deadline, the outcome and the applicant's feedback. Pure: schemas,
// labels, the state table and the deadline rule; the host, the client projection and the central
// service all judge events with the same table.

const isoDate = z.string().date('日期应为 年-月-日');

export const ESCALATION_STATES = ['open', 'in_progress', 'resolved', 'closed'] as const;
export type EscalationState = (typeof ESCALATION_STATES)[number];
export const ESCALATION_STATE_LABELS: Record<EscalationState, string> = {
  open: '待分派',
  in_progress: '办理中',
  resolved: '已办结待回访',
  closed: '已回访',
};
/** States in which someone still has to act: they count as open and can be overdue. */
export const ESCALATION_ACTIVE_STATES: readonly EscalationState[] = ['open', 'in_progress'];

export const ESCALATION_CATEGORIES = ['policy', 'procedure', 'cross_department', 'system', 'legacy', 'other'] as const;
export type EscalationCategory = (typeof ESCALATION_CATEGORIES)[number];
export const ESCALATION_CATEGORY_LABELS: Record<EscalationCategory, string> = {
  policy: '政策不明确或无依据',
  procedure: '手续繁琐、反复跑',
  cross_department: '涉及多个部门、无人牵头',
  system: '系统或数据问题',
  legacy: '历史遗留问题',
  other: '其他',
};

export const ESCALATION_OUTCOMES = ['solved', 'partly', 'unsolvable'] as const;
export type EscalationOutcome = (typeof ESCALATION_OUTCOMES)[number];
export const ESCALATION_OUTCOME_LABELS: Record<EscalationOutcome, string> = {
  solved: '已解决',
  partly: '部分解决',
  unsolvable: '无法解决（已说明原因）',
};

export const FEEDBACK_VALUES = ['satisfied', 'basic', 'unsatisfied'] as const;
export type FeedbackValue = (typeof FEEDBACK_VALUES)[number];
export const FEEDBACK_LABELS: Record<FeedbackValue, string> = { satisfied: '满意', basic: '基本满意', unsatisfied: '不满意' };

// ---- state table ----

export type EscalationEventType = 'escalation.opened' | 'escalation.assigned' | 'escalation.progressed' | 'escalation.resolved' | 'escalation.feedback' | 'escalation.reopened';

/**
 * Event type → the states it may follow → the state after it (null: unchanged). Anything not listed
 * is refused. A note may still be added while waiting for the applicant's feedback; a record closed
 * with an unsatisfied applicant may be reopened (the supervisor decides).
 */
export const ESCALATION_TRANSITIONS = {
  'escalation.opened': { from: [null], to: 'open' },
  'escalation.assigned': { from: ['open', 'in_progress'], to: 'in_progress' },
  'escalation.progressed': { from: ['in_progress', 'resolved'], to: null },
  'escalation.resolved': { from: ['in_progress'], to: 'resolved' },
  'escalation.feedback': { from: ['resolved'], to: 'closed' },
  'escalation.reopened': { from: ['closed'], to: 'in_progress' },
} as const satisfies Record<EscalationEventType, { from: readonly (EscalationState | null)[]; to: EscalationState | null }>;

export const ESCALATION_ACTION_LABELS: Record<EscalationEventType, string> = {
  'escalation.opened': '登记',
  'escalation.assigned': '分派承办人',
  'escalation.progressed': '登记进展',
  'escalation.resolved': '登记办理结果',
  'escalation.feedback': '登记申请人评价',
  'escalation.reopened': '重新办理',
};

export function isEscalationEventType(type: string): type is EscalationEventType {
  return Object.hasOwn(ESCALATION_TRANSITIONS, type);
}

/** What follows the hint "现在可以：…" for a state. */
const NEXT_STEPS: Record<EscalationState, string> = {
  open: '请先分派承办人和办理时限',
  in_progress: '可登记进展或登记办理结果',
  resolved: '请回访申请人并登记评价',
  closed: '已回访结束；申请人不满意的，值班长可决定重新办理',
};

export type EscalationStep = { ok: true; to: EscalationState } | { ok: false; message: string };

/** The state after `type` from `current` (null: no record yet), or a Chinese refusal that says how to go on. */
export function nextEscalationState(current: EscalationState | null, type: EscalationEventType): EscalationStep {
  const t = ESCALATION_TRANSITIONS[type];
  if ((t.from as readonly (EscalationState | null)[]).includes(current)) return { ok: true, to: t.to ?? current! };
  const action = ESCALATION_ACTION_LABELS[type];
  if (current === null) return { ok: false, message: `找不到该办不成事记录，不能${action}。` };
  if (type === 'escalation.opened') return { ok: false, message: '该办不成事记录已登记，不能重复登记。' };
  return { ok: false, message: `该记录当前为“${ESCALATION_STATE_LABELS[current]}”，不能${action}：${NEXT_STEPS[current]}。` };
}

/** Not yet resolved and past its deadline (dates are China dates, compared as text). */
export function isEscalationOverdue(state: EscalationState, deadline: string | null, today: string): boolean {
  return ESCALATION_ACTIVE_STATES.includes(state) && deadline !== null && deadline < today;
}

// ---- deadline rule ----

/**
 * Default time limit in working days. Five: the 办不成事 windows' common rule is "简单问题当场解决，
 * 复杂问题 5 个工作日内办结或答复", and five working days is the span clerks already know from
 * 一次性告知 and most promised limits; the clerk may set another date.
 */
export const ESCALATION_DEFAULT_WORKDAYS = 5;
/** A deadline more than a year ahead is taken for a typo in the year. */
const MAX_DEADLINE_DAYS = 366;

function dayNumber(d: string): number {
  return Math.round(Date.parse(`${d}T00:00:00Z`) / 86_400_000);
}

/** The deadline a clerk set: today or later, and within a year. null when it is fine. */
export function deadlineProblem(deadline: string, today: string): string | null {
  if (deadline < today) return `办理时限 ${deadline} 早于今天（${today}），请选择今天或以后的日期。`;
  if (dayNumber(deadline) - dayNumber(today) > MAX_DEADLINE_DAYS) return `办理时限 ${deadline} 在一年以后，请核对年份。`;
  return null;
}

// ---- numbers ----

export const ESCALATION_NUMBER_PREFIX = 'BBCS';
export const ESCALATION_NUMBER_RE = /^BBCS-[0-9A-Z]{1,12}-\d{8}-[0-9A-Z]{4}-\d{4,8}$/;

// ---- payloads ----

const personName = z.string().trim().min(1, '请填写申请人姓名').max(50, '姓名不能超过 50 个字');

/** As stored in the event: the full ID number (views mask it). */
export const escalationApplicantSchema = z.object({
  name: personName,
  phone: z.string().trim().min(1, '请填写联系电话，以便告知办理结果').max(30, '联系电话不能超过 30 位'),
  idNumber: z.string().trim().toUpperCase().max(18).nullable().default(null),
});
export type EscalationApplicant = z.infer<typeof escalationApplicantSchema>;

export const triedPlaceSchema = z.object({
  place: z.string().trim().min(1, '请填写去过的部门、窗口或渠道').max(100, '地点不能超过 100 个字'),
  when: isoDate.nullable().default(null),
  result: z.string().trim().max(300, '当时的答复不能超过 300 个字').nullable().default(null),
});
export type TriedPlace = z.infer<typeof triedPlaceSchema>;

export const escalationStaffSchema = z.object({
  /** The clerk account when the staff member has one (lets them resolve); others may not. */
  clerkId: z.string().trim().max(64).nullable().default(null),
  name: z.string().trim().min(1, '请填写承办人姓名').max(30, '承办人姓名不能超过 30 个字'),
});
export type EscalationStaff = z.infer<typeof escalationStaffSchema>;

const openBase = z.object({
  applicant: escalationApplicantSchema,
  problem: z.string().trim().min(1, '请写明申请人反映的问题').max(1000, '问题描述不能超过 1000 个字'),
  triedWhere: z.array(triedPlaceSchema).min(1, '请至少填写一处申请人已去办理过的地方').max(10, '已办理过的地方最多填写 10 处'),
  category: z.enum(ESCALATION_CATEGORIES).nullable().default(null),
});

export const escalationAssignmentSchema = z.object({
  /** The lead first. */
  staff: z.array(escalationStaffSchema).min(1, '请至少指定一名承办人').max(10, '承办人最多 10 名'),
  /** Coordinating departments: ids from the catalog. */
  departments: z.array(z.string().trim().min(1).max(64)).max(20, '协调部门最多 20 个'),
  deadline: isoDate,
});
export type EscalationAssignment = z.infer<typeof escalationAssignmentSchema>;

export const escalationResolutionSchema = z.object({
  outcome: z.enum(ESCALATION_OUTCOMES),
  detail: z.string().trim().min(1, '请写明办理情况：做了什么，或为什么无法解决').max(1000, '办理情况不能超过 1000 个字'),
  resolvedOn: isoDate,
});

export const escalationFeedbackSchema = z.object({
  satisfied: z.enum(FEEDBACK_VALUES),
  comment: z.string().trim().max(300, '评价说明不能超过 300 个字').nullable().default(null),
});

export const escalationReopenSchema = z.object({
  reason: z.string().trim().min(1, '请写明重新办理的原因').max(500, '原因不能超过 500 个字'),
  deadline: isoDate,
});

/** Event payloads (structural: date-dependent checks run in the host before the event is made). */
export const escalationEventPayloads = {
  'escalation.opened': openBase.extend({
    number: z.string().trim().min(1).max(40),
    /** The hall that owns the record: only its devices may act on it. */
    hallCode: z.string().trim().max(32),
  }),
  'escalation.assigned': escalationAssignmentSchema,
  'escalation.progressed': z.object({ note: z.string().trim().min(1, '请填写进展情况').max(1000, '进展情况不能超过 1000 个字') }),
  'escalation.resolved': escalationResolutionSchema,
  'escalation.feedback': escalationFeedbackSchema,
  'escalation.reopened': escalationReopenSchema,
} as const satisfies Record<EscalationEventType, z.ZodType>;

// ---- input checks ----

export interface Problem {
  path: string;
  message: string;
}

/** What the clerk typed when opening, checked against today: phone, ID number, the dates tried. */
export function openProblems(r: z.infer<typeof openBase>, today?: string): Problem[] {
  const out: Problem[] = [];
  const phone = checkPhone(r.applicant.phone);
  if (!phone.ok) out.push({ path: 'applicant.phone', message: phone.message });
  if (r.applicant.idNumber) {
    const id = checkIdNumber(r.applicant.idNumber, today);
    if (!id.ok) out.push({ path: 'applicant.idNumber', message: `证件号码有误：${id.message}` });
  }
  r.triedWhere.forEach((p, i) => {
    if (today && p.when && p.when > today) out.push({ path: `triedWhere.${i}.when`, message: `第 ${i + 1} 处的办理日期 ${p.when} 晚于今天，请核对。` });
  });
  return out;
}

export const escalationOpenInputSchema = openBase
  .extend({
    /** The first assignment, made when opening (the usual case); null leaves the record 待分派. */
    assignment: escalationAssignmentSchema.nullable().default(null),
  })
  .superRefine((r, ctx) => {
    for (const p of openProblems(r)) ctx.addIssue({ code: 'custom', path: p.path.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s)), message: p.message });
  });
export type EscalationOpenInput = z.infer<typeof escalationOpenInputSchema>;

// ---- views ----

export interface EscalationListRow {
  id: string;
  number: string;
  state: EscalationState;
  applicantName: string;
  /** 2301**********1234, or null when none was given. */
  idNumberMasked: string | null;
  problem: string;
  leadStaff: string | null;
  deadline: string | null;
  overdue: boolean;
  openedAt: string;
}

export const maskedId = (id: string | null): string | null => (id ? maskIdNumber(id) : null);

/** The first characters of a problem, for lists and the board. */
export function problemExcerpt(problem: string, max = 40): string {
  const one = problem.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max)}…` : one;
}

// ---- the central service's record ----

/**
 * The central service keeps an escalation among its case records (same ingest, same hall scope) with
 * `escalation` set. Its stored `state` column reads 'escalation:<state>', which no reader takes for a
 * case state; in memory the case `state` is held at 'closed', which no case event leaves, so a case
 * rule that missed the escalation guard still refuses.
 */
export const ESCALATION_HELD_CASE_STATE = 'closed' satisfies CaseState;
const CENTRAL_PREFIX = 'escalation:';

/** The central `cases.state` column for a record. */
export function centralStateColumn(c: { state: CaseState; escalation?: EscalationState }): string {
  return c.escalation ? `${CENTRAL_PREFIX}${c.escalation}` : c.state;
}

/** The record's states from the central `cases.state` column. */
export function fromCentralStateColumn(column: string): { state: CaseState; escalation?: EscalationState } {
  if (!column.startsWith(CENTRAL_PREFIX)) return { state: column as CaseState };
  const s = column.slice(CENTRAL_PREFIX.length);
  if (!(ESCALATION_STATES as readonly string[]).includes(s)) throw new Error(`unknown escalation state in the central store: ${s}`);
  return { state: ESCALATION_HELD_CASE_STATE, escalation: s as EscalationState };
}
