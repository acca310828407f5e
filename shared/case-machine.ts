// The one table of case and sub-item transitions. Every service and the central
// service check events against it; anything not listed is refused.

export const CASE_STATES = [
  'draft',
  'accepted',
  'in_review',
  'ready',
  'delivered',
  'closed',
  'refused',
  'withdrawn',
  'correction_requested',
] as const;
export type CaseState = (typeof CASE_STATES)[number];

export const CASE_STATE_LABELS: Record<CaseState, string> = {
  draft: '草稿',
  accepted: '已受理',
  in_review: '审批中',
  ready: '待出件',
  delivered: '已出件',
  closed: '已办结',
  refused: '不予受理',
  withdrawn: '已撤回',
  correction_requested: '待补正',
};

export const ITEM_STATES = ['blocked', 'queued', 'received', 'approved', 'rejected', 'needs_correction'] as const;
export type ItemState = (typeof ITEM_STATES)[number];

export const ITEM_STATE_LABELS: Record<ItemState, string> = {
  blocked: '等待前置事项',
  queued: '待接件',
  received: '审批中',
  approved: '已批准',
  rejected: '不予批准',
  needs_correction: '需补正',
};

/** Case event type → allowed source states → target state. */
export const CASE_TRANSITIONS = {
  'case.drafted': { from: [null], to: 'draft' },
  'case.draft_updated': { from: ['draft', 'correction_requested'], to: null },
  'case.accepted': { from: ['draft', 'correction_requested'], to: 'accepted' },
  'case.correction_notified': { from: ['draft', 'correction_requested'], to: 'correction_requested' },
  'case.refused': { from: ['draft', 'correction_requested'], to: 'refused' },
  'case.material_supplied': { from: ['accepted', 'in_review', 'ready'], to: null },
  'case.withdrawn': { from: ['draft', 'accepted', 'in_review', 'correction_requested'], to: 'withdrawn' },
  'case.routed': { from: ['accepted'], to: 'in_review' },
  'case.correction_requested': { from: ['in_review'], to: 'correction_requested' },
  'case.ready': { from: ['in_review'], to: 'ready' },
  'case.delivered': { from: ['ready'], to: 'delivered' },
  'case.closed': { from: ['delivered', 'refused', 'withdrawn'], to: 'closed' },
} as const satisfies Record<string, { from: readonly (CaseState | null)[]; to: CaseState | null }>;

export type CaseEventType = keyof typeof CASE_TRANSITIONS;

/** Sub-item transitions, keyed by the target state. */
export const ITEM_TRANSITIONS: Record<ItemState, readonly (ItemState | null)[]> = {
  blocked: [null],
  queued: [null, 'blocked', 'needs_correction'],
  received: ['queued'],
  approved: ['received'],
  rejected: ['received'],
  needs_correction: ['received'],
};

/** Target state of a case event applied to `current`, or null when the transition is not allowed. */
export function nextCaseState(current: CaseState | null, type: CaseEventType): CaseState | null {
  const rule = CASE_TRANSITIONS[type];
  if (!(rule.from as readonly (CaseState | null)[]).includes(current)) return null;
  return (rule.to ?? current) as CaseState;
}

export function itemTransitionAllowed(current: ItemState | null, to: ItemState): boolean {
  return ITEM_TRANSITIONS[to].includes(current);
}
