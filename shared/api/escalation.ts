import { z } from 'zod';
import {
  ESCALATION_CATEGORIES,
  ESCALATION_OUTCOMES,
  ESCALATION_STATES,
  escalationAssignmentSchema,
  escalationFeedbackSchema,
  escalationOpenInputSchema,
  escalationReopenSchema,
  escalationResolutionSchema,
  FEEDBACK_VALUES,
} from '../escalation.js';
import { method } from './method.js';

// 办不成事 反映窗口: the intake clerks and the supervisor open and record; the supervisor or an
// assigned staff member resolves; only the supervisor reopens after an unsatisfied applicant.

const ACTORS = ['intake', 'supervisor'] as const;
const id = z.string().min(1).max(64);

export const ESCALATION_FILTERS = [...ESCALATION_STATES, 'overdue'] as const;
export type EscalationFilter = (typeof ESCALATION_FILTERS)[number];

export const escalationRowSchema = z.object({
  id: z.string(),
  number: z.string(),
  state: z.enum(ESCALATION_STATES),
  applicantName: z.string(),
  /** 2301**********1234; null when none was given. */
  idNumberMasked: z.string().nullable(),
  problem: z.string(),
  leadStaff: z.string().nullable(),
  deadline: z.string().nullable(),
  overdue: z.boolean(),
  openedAt: z.string(),
});
export type EscalationRow = z.infer<typeof escalationRowSchema>;

export const escalationListSchema = z.object({
  today: z.string(),
  rows: z.array(escalationRowSchema),
  /** More matched than the rows listed. */
  truncated: z.boolean(),
});
export type EscalationList = z.infer<typeof escalationListSchema>;

export const ESCALATION_STEP_KINDS = ['opened', 'assigned', 'progressed', 'resolved', 'feedback', 'reopened'] as const;

export const escalationDetailSchema = z.object({
  id: z.string(),
  number: z.string(),
  state: z.enum(ESCALATION_STATES),
  applicant: z.object({ name: z.string(), phone: z.string(), idNumberMasked: z.string().nullable() }),
  problem: z.string(),
  triedWhere: z.array(z.object({ place: z.string(), when: z.string().nullable(), result: z.string().nullable() })),
  category: z.enum(ESCALATION_CATEGORIES).nullable(),
  staff: z.array(z.object({ clerkId: z.string().nullable(), name: z.string() })),
  departments: z.array(z.object({ id: z.string(), name: z.string() })),
  deadline: z.string().nullable(),
  overdue: z.boolean(),
  outcome: z.enum(ESCALATION_OUTCOMES).nullable(),
  outcomeDetail: z.string().nullable(),
  resolvedOn: z.string().nullable(),
  feedback: z.enum(FEEDBACK_VALUES).nullable(),
  feedbackComment: z.string().nullable(),
  openedAt: z.string(),
  openedBy: z.string(),
  /** Oldest first; `summary` is one Chinese line. */
  timeline: z.array(z.object({ id: z.string(), kind: z.enum(ESCALATION_STEP_KINDS), at: z.string(), by: z.string(), summary: z.string() })),
  /** What the signed-in clerk may do now (the host checks again on every call). */
  allowed: z.object({ assign: z.boolean(), progress: z.boolean(), resolve: z.boolean(), feedback: z.boolean(), reopen: z.boolean() }),
  today: z.string(),
});
export type EscalationDetail = z.infer<typeof escalationDetailSchema>;

export const escalationMethods = {
  'escalation.list': method(z.object({ status: z.enum(ESCALATION_FILTERS).optional() }).strict(), escalationListSchema, ACTORS),
  /** Today, the default deadline (working days by the hall calendar) and the staff to pick from, for the form. */
  'escalation.defaults': method(
    z.object({}).strict(),
    z.object({
      today: z.string(),
      defaultDeadline: z.string(),
      workdays: z.number().int(),
      calendarWarning: z.string().nullable(),
      /** This device's staff accounts, to pick as 承办人 (an account lets them resolve). */
      clerks: z.array(z.object({ id: z.string(), name: z.string() })),
    }),
    ACTORS,
  ),
  'escalation.open': method(escalationOpenInputSchema, escalationDetailSchema, ACTORS),
  'escalation.get': method(z.object({ id }).strict(), escalationDetailSchema, ACTORS),
  /** The first assignment, or a change of staff, departments or deadline while in progress. */
  'escalation.assign': method(z.object({ id, assignment: escalationAssignmentSchema }).strict(), escalationDetailSchema, ACTORS),
  'escalation.progress': method(z.object({ id, note: z.string().trim().min(1, '请填写进展情况').max(1000, '进展情况不能超过 1000 个字') }).strict(), escalationDetailSchema, ACTORS),
  'escalation.resolve': method(z.object({ id, resolution: escalationResolutionSchema }).strict(), escalationDetailSchema, ACTORS),
  /** The applicant's feedback on the outcome (told at the window or on a call-back). */
  'escalation.feedback': method(z.object({ id, feedback: escalationFeedbackSchema }).strict(), escalationDetailSchema, ACTORS),
  'escalation.reopen': method(z.object({ id, reopen: escalationReopenSchema }).strict(), escalationDetailSchema, ['supervisor']),
} as const;
