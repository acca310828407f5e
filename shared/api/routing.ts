import { z } from 'zod';
import { CASE_STATES, ITEM_STATES } from '../case-machine.js';
import { PAUSE_REASONS } from '../deadlines.js';
import { correctionEntrySchema, PRIORITY_REASONS } from '../intake.js';
import { itemResultSchema } from '../routing.js';
import { method } from './method.js';

// 后台流转 · 分类审批 · 电子监察 of sub-applications. A reviewer acts on the item version they saw
// (`expectedVersion`): another department's decision on the same case is no conflict, a change to
// the same item is.

const REVIEW = ['review'] as const;
const READ = ['review', 'supervisor'] as const;
const id = z.string().min(1).max(64);
const ref = z.object({ caseId: id, itemId: id });
const versioned = ref.extend({ expectedVersion: z.number().int().nonnegative() });
const reasonText = (what: string) => z.string().trim().min(1, `请填写${what}`).max(500, `${what}不能超过 500 个字`);

export const deadlineLevelSchema = z.enum(['green', 'yellow', 'red']);

export const itemDeadlineSchema = z.object({
  start: z.string().nullable(),
  dueDate: z.string().nullable(),
  statutoryDueDate: z.string().nullable(),
  limitDays: z.number().nullable(),
  usedWorkdays: z.number(),
  remainingWorkdays: z.number().nullable(),
  overdueWorkdays: z.number(),
  level: deadlineLevelSchema,
  pausedNow: z.boolean(),
});
export type ItemDeadline = z.infer<typeof itemDeadlineSchema>;

export const queueRowSchema = z.object({
  caseId: z.string(),
  itemId: z.string(),
  caseNumber: z.string().nullable(),
  bundleName: z.string(),
  itemName: z.string(),
  department: z.string(),
  state: z.enum(ITEM_STATES),
  caseState: z.enum(CASE_STATES),
  /** Name of the person or enterprise; the ID number never appears in a list. */
  applicant: z.string(),
  priority: z.enum(PRIORITY_REASONS).nullable(),
  acceptedAt: z.string().nullable(),
  deadline: itemDeadlineSchema.nullable(),
  version: z.number(),
  /** 代收代办: taken in at another hall (代收地) for this division; null for the hall's own cases. */
  proxy: z.object({ takenInName: z.string(), decidingName: z.string() }).nullable(),
});
export type QueueRow = z.infer<typeof queueRowSchema>;

const timelineEntrySchema = z.object({
  at: z.string(),
  actor: z.string(),
  /** What happened, in Chinese. */
  action: z.string(),
  detail: z.string().nullable(),
  /** Item name when the entry concerns one item. */
  item: z.string().nullable(),
  /** Minutes since the previous entry: how long that step took. */
  minutesSincePrevious: z.number().nullable(),
});

// The sub-application is its queue row (without the list's applicant column) and everything a decision needs.
export const subApplicationSchema = queueRowSchema.omit({ applicant: true }).extend({
  departmentId: z.string(),
  pauses: z.array(z.object({ from: z.string(), to: z.string().nullable(), reason: z.string(), note: z.string().nullable() })),
  legalBasis: z.string().nullable(),
  resultName: z.string(),
  resultHint: z.string(),
  resultNeeds: z.object({ number: z.boolean(), elicense: z.boolean(), document: z.boolean() }),
  /** The item's own fields and who applies; nothing the item does not need. */
  fields: z.array(z.object({ key: z.string(), label: z.string(), value: z.string() })),
  materials: z.array(z.object({ key: z.string(), name: z.string(), status: z.string(), pageBlobs: z.array(z.string()), licenceNo: z.string().nullable() })),
  prerequisites: z.array(z.object({ itemId: z.string(), name: z.string(), department: z.string(), state: z.enum(ITEM_STATES).nullable(), result: itemResultSchema.nullable() })),
  result: itemResultSchema.nullable(),
  reason: z.string().nullable(),
  corrections: z.array(correctionEntrySchema).nullable(),
  notes: z.array(z.object({ at: z.string(), actor: z.string(), text: z.string() })),
  timeline: z.array(timelineEntrySchema),
  /** What the signed-in clerk may do now. */
  actions: z.array(z.enum(['receive', 'approve', 'reject', 'correction', 'pause', 'resume', 'note', 'cancel'])),
});
export type SubApplication = z.infer<typeof subApplicationSchema>;

export const caseTimelineSchema = z.object({
  caseId: z.string(),
  caseNumber: z.string().nullable(),
  bundleName: z.string(),
  state: z.enum(CASE_STATES),
  entries: z.array(timelineEntrySchema),
  /** Who the case waits on now, item by item. */
  waiting: z.array(z.object({ item: z.string(), department: z.string(), state: z.enum(ITEM_STATES).nullable(), on: z.string(), since: z.string().nullable() })),
});

const warningRowSchema = queueRowSchema.extend({ deadline: itemDeadlineSchema });

export const routingMethods = {
  'review.queue': method(
    z.object({
      /** Limit to these of the clerk's departments; the supervisor may name any. */
      departmentIds: z.array(id).max(50).optional(),
      state: z.union([z.literal('active'), z.enum(ITEM_STATES)]).default('active'),
      itemId: id.optional(),
      page: z.number().int().min(1).max(100_000).default(1),
      pageSize: z.number().int().min(1).max(100).default(50),
    }),
    z.object({
      rows: z.array(queueRowSchema),
      total: z.number(),
      /** The count stopped at its cap: there are more than `total`. */
      totalCapped: z.boolean(),
      departments: z.array(z.object({ id: z.string(), name: z.string() })),
      items: z.array(z.object({ id: z.string(), name: z.string() })),
      calendarWarning: z.string().nullable(),
    }),
    READ,
  ),
  'review.open': method(ref, subApplicationSchema, READ),
  'review.receive': method(versioned, subApplicationSchema, REVIEW),
  'review.approve': method(versioned.extend({ result: itemResultSchema }), subApplicationSchema, REVIEW),
  'review.reject': method(
    versioned.extend({
      reason: reasonText('不予批准的理由'),
      legalBasis: z.string().trim().min(1, '请填写不予批准所依据的法律法规').max(300),
    }),
    subApplicationSchema,
    REVIEW,
  ),
  'review.requestCorrection': method(
    versioned.extend({
      entries: z
        .array(z.object({ kind: z.enum(['material', 'field']), name: z.string().trim().min(1, '请填写需补正的材料或内容').max(120), detail: z.string().trim().max(300).default('') }))
        .min(1, '请至少列出一项需要补正的材料或内容')
        .max(50),
    }),
    subApplicationSchema,
    REVIEW,
  ),
  'review.pause': method(versioned.extend({ reason: z.enum(PAUSE_REASONS), note: z.string().trim().max(300).default('') }), subApplicationSchema, REVIEW),
  'review.resume': method(versioned, subApplicationSchema, REVIEW),
  'review.note': method(ref.extend({ text: z.string().trim().min(1, '请填写备注内容').max(1000) }), subApplicationSchema, REVIEW),
  /** The supervisor ends a blocked item whose prerequisite was refused. */
  'routing.cancelItem': method(versioned.extend({ reason: reasonText('终止办理的理由') }), subApplicationSchema, ['supervisor']),
  /** The counter sends a case back to its departments once the applicant has corrected it. */
  'routing.resubmit': method(z.object({ caseId: id, expectedSeq: z.number().int().nonnegative() }), z.object({ requeued: z.array(z.string()) }), ['intake', 'supervisor']),
  'supervision.warnings': method(
    z.object({ limit: z.number().int().min(1).max(500).default(200) }),
    z.object({
      red: z.array(warningRowSchema),
      yellow: z.array(warningRowSchema),
      stranded: z.array(queueRowSchema.extend({ blockedBy: z.array(z.string()) })),
      calendarWarning: z.string().nullable(),
      today: z.string(),
    }),
    ['supervisor'],
  ),
  'supervision.timeline': method(z.object({ caseId: id }), caseTimelineSchema, READ),
};
