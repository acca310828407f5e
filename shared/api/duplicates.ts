import { z } from 'zod';
import { CASE_STATES } from '../case-machine.js';
import { DUPLICATE_DECISIONS, PAIR_STATUSES } from '../duplicates.js';
import { method } from './method.js';

// 重复办件: the counter's hint on the case view (another open case of the same applicant) and the
// supervisor's list of pairs flagged after sync, with the decision recorded as events.

const caseId = z.string().min(1).max(64);

/** Another open case of the applicant on the case view: the clerk may open it instead. */
export const caseDuplicateSchema = z.object({
  caseId: z.string(),
  caseNumber: z.string().nullable(),
  state: z.enum(CASE_STATES),
  bundleName: z.string(),
  createdAt: z.string(),
  sameBundle: z.boolean(),
  /** Items of this case that the other one also has. */
  sharedItems: z.array(z.string()),
  /** Of those, the ones that cannot be accepted while the other case is open (catalog: singleApplication). */
  refusedItems: z.array(z.string()),
});
export type CaseDuplicate = z.infer<typeof caseDuplicateSchema>;

/** One case of a pair, as the supervisor compares them. */
export const pairSideSchema = z.object({
  caseId: z.string(),
  /** false: the case is not (or no longer) on this device. */
  known: z.boolean(),
  caseNumber: z.string().nullable(),
  state: z.enum(CASE_STATES).nullable(),
  bundleName: z.string(),
  items: z.array(z.string()),
  applicantName: z.string(),
  /** The applicant's ID number masked (person), or the enterprise and its credit code. */
  idMasked: z.string().nullable(),
  enterpriseName: z.string().nullable(),
  creditCode: z.string().nullable(),
  /** Where it was taken in: this counter, or another one by its tag (the tag in its case number). */
  counter: z.string(),
  clerkName: z.string(),
  createdAt: z.string().nullable(),
  /** Materials recorded as received. */
  materials: z.number().int(),
});
export type PairSide = z.infer<typeof pairSideSchema>;

export const duplicatePairSchema = z.object({
  left: pairSideSchema,
  right: pairSideSchema,
  subjectKind: z.enum(['person', 'enterprise']),
  subjectMasked: z.string(),
  detectedAt: z.string(),
  status: z.enum(PAIR_STATUSES),
  sameBundle: z.boolean(),
  sharedItems: z.array(z.string()),
  decision: z.enum(DUPLICATE_DECISIONS).nullable(),
  keepCaseId: z.string().nullable(),
  note: z.string().nullable(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
});
export type DuplicatePair = z.infer<typeof duplicatePairSchema>;

export const duplicatesViewSchema = z.object({
  /** Pairs waiting for a decision. */
  awaiting: z.number().int(),
  /** Waiting pairs first (oldest first), then the latest decided or lapsed ones. */
  pairs: z.array(duplicatePairSchema),
});
export type DuplicatesView = z.infer<typeof duplicatesViewSchema>;

export const duplicateMethods = {
  'supervision.duplicates': method(z.object({}).strict(), duplicatesViewSchema, ['supervisor']),
  /** merge: keep `keepCaseId`, withdraw the other; distinct: not duplicates. A note is required. */
  'supervision.decideDuplicate': method(
    z
      .object({
        caseA: caseId,
        caseB: caseId,
        decision: z.enum(DUPLICATE_DECISIONS),
        keepCaseId: caseId.nullable().default(null),
        note: z.string().trim().min(1, '请填写处理说明').max(500, '处理说明不能超过 500 个字'),
      })
      .strict(),
    duplicatesViewSchema,
    ['supervisor'],
  ),
} as const;
