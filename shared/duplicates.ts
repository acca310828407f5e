import { z } from 'zod';
import type { CaseState } from './case-machine.js';
import type { ApplicantKind } from './intake.js';
import { checkCreditCode, checkIdNumber, maskIdNumber } from './validators.js';

// 重复办件: the same person (ID number) or enterprise (credit code) with two open cases of the same
// bundle or of a shared item. Pure: who the subject of a case is, when two cases are duplicates,
// the supervisor's decision and its labels. The counter is told at intake (informational); items
// the catalog marks `singleApplication` are refused; pairs that only meet after sync are flagged.

/** Cases still in progress: a second application next to one of these is a duplicate. */
export const DUPLICATE_OPEN_STATES = ['draft', 'correction_requested', 'accepted', 'in_review', 'ready'] as const satisfies readonly CaseState[];

export function isOpenState(state: string): boolean {
  return (DUPLICATE_OPEN_STATES as readonly string[]).includes(state);
}

/**
 * Open cases that block a `singleApplication` item at acceptance: a draft does not (it has no
 * number yet and nobody can withdraw an abandoned draft), every case past the counter's decision does.
 */
export const BLOCKING_STATES = ['correction_requested', 'accepted', 'in_review', 'ready'] as const satisfies readonly CaseState[];

export type SubjectKind = 'person' | 'enterprise';

export interface Subject {
  kind: SubjectKind;
  /** The ID number or credit code, upper case. */
  key: string;
}

/** Who a case is for: the enterprise's credit code, else the applicant's ID number; null until it is valid. */
export function subjectOf(c: { applicantKind: ApplicantKind | string; applicantIdNumber: string | null; creditCode: string | null }): Subject | null {
  if (c.applicantKind === 'enterprise') {
    // The person on an enterprise case is only its contact: two enterprises may share one.
    const code = c.creditCode?.trim().toUpperCase() ?? '';
    return code && checkCreditCode(code).ok ? { kind: 'enterprise', key: code } : null;
  }
  const id = c.applicantIdNumber?.trim().toUpperCase() ?? '';
  return id && checkIdNumber(id).ok ? { kind: 'person', key: id } : null;
}

/** What the supervisor sees of the subject: the ID number masked; a credit code is public. */
export function maskSubject(s: Subject): string {
  return s.kind === 'person' ? maskIdNumber(s.key) : s.key;
}

export interface CaseFacts {
  id: string;
  state: string;
  bundleId: string;
  itemIds: readonly string[];
  subject: Subject | null;
}

export interface DuplicateMatch {
  sameBundle: boolean;
  /** Items in both cases, in the order of `a`. */
  sharedItemIds: string[];
}

/** Two different open cases of one subject with the same bundle or a shared item; else null. */
export function duplicateMatch(a: CaseFacts, b: CaseFacts): DuplicateMatch | null {
  if (a.id === b.id || !a.subject || !b.subject) return null;
  if (a.subject.kind !== b.subject.kind || a.subject.key !== b.subject.key) return null;
  if (!isOpenState(a.state) || !isOpenState(b.state)) return null;
  const other = new Set(b.itemIds);
  const sharedItemIds = [...new Set(a.itemIds)].filter((i) => other.has(i));
  const sameBundle = a.bundleId === b.bundleId;
  return sameBundle || sharedItemIds.length > 0 ? { sameBundle, sharedItemIds } : null;
}

/**
 * Whether a pair is flagged to the supervisor. Only cases drafted on different devices: on one
 * device the clerk was shown the other case when the applicant was identified and chose to go on
 * (twins of one mother, a second enterprise change), so only the pairs nobody could see are news.
 */
export function flagPair(deviceA: string | null, deviceB: string | null): boolean {
  return deviceA !== null && deviceB !== null && deviceA !== deviceB;
}

/** A pair is stored once, lower id first. */
export function orderedPair(x: string, y: string): [string, string] {
  return x < y ? [x, y] : [y, x];
}

export const DUPLICATE_DECISIONS = ['merge', 'distinct'] as const;
export type DuplicateDecision = (typeof DUPLICATE_DECISIONS)[number];
export const DUPLICATE_DECISION_LABELS: Record<DuplicateDecision, string> = {
  merge: '保留一件，撤回另一件',
  distinct: '不是重复',
};

/** The supervisor's decision, as recorded in the `duplicate.decided` event on one case of the pair. */
export const duplicateDecisionSchema = z
  .object({
    otherCaseId: z.string().trim().min(1).max(64),
    decision: z.enum(DUPLICATE_DECISIONS),
    /** merge: the case that goes on (the other is withdrawn in the same append); null for distinct. */
    keepCaseId: z.string().trim().min(1).max(64).nullable(),
    note: z.string().trim().min(1, '请填写处理说明').max(500, '处理说明不能超过 500 个字'),
  })
  .refine((d) => (d.decision === 'merge') === (d.keepCaseId !== null), { message: '保留一件时须指明保留哪一件；不是重复时不指明', path: ['keepCaseId'] });
export type DuplicateDecisionInput = z.infer<typeof duplicateDecisionSchema>;

/** The withdrawal reason written on the case given up. */
export function mergeWithdrawReason(keptNumber: string | null): string {
  return `与办件 ${keptNumber ?? '（草稿，尚未编号）'} 重复，经监察决定保留该件、撤回本件。`;
}

/** The refusal of an item that must not be applied for twice. */
export function singleApplicationMessage(itemName: string, existingNumber: string | null): string {
  return `“${itemName}”不能重复申请：该申请人已有未办结的办件 ${existingNumber ?? '（尚未编号）'}，请打开该办件继续办理，或先撤回。`;
}

export const PAIR_STATUSES = ['awaiting', 'lapsed', 'decided'] as const;
export type PairStatus = (typeof PAIR_STATUSES)[number];
export const PAIR_STATUS_LABELS: Record<PairStatus, string> = {
  awaiting: '待决定',
  lapsed: '已无需决定',
  decided: '已决定',
};

/** awaiting: both still open and undecided; lapsed: one ended meanwhile (withdrawn, refused, delivered). */
export function pairStatus(decided: boolean, stateA: string | null, stateB: string | null): PairStatus {
  if (decided) return 'decided';
  return stateA !== null && stateB !== null && isOpenState(stateA) && isOpenState(stateB) ? 'awaiting' : 'lapsed';
}
