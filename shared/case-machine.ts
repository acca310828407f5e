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

export const ITEM_STATES = ['blocked', 'queued', 'received', 'approved', 'rejected', 'needs_correction', 'cancelled'] as const;
export type ItemState = (typeof ITEM_STATES)[number];

export const ITEM_STATE_LABELS: Record<ItemState, string> = {
  blocked: '等待前置事项',
  queued: '待接件',
  received: '审批中',
  approved: '已批准',
  rejected: '不予批准',
  needs_correction: '需补正',
  cancelled: '终止办理',
};

/** Item states that end the item: a case whose items all ended is ready for delivery. */
export const ITEM_DECIDED: readonly ItemState[] = ['approved', 'rejected', 'cancelled'];

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
  // A blocked item whose prerequisite was refused can no longer be decided: the hall ends it.
  cancelled: ['blocked'],
};

/** Item transitions the hall makes when it routes, re-routes after a correction, or ends a blocked item. */
export const ROUTING_TARGETS: readonly ItemState[] = ['blocked', 'queued', 'cancelled'];

/**
 * After routing, the case state follows its items: 待补正 while any item waits for the applicant's
 * correction, 待出件 once every item is decided, else 审批中. Derived rather than sent as events so
 * departments deciding on different devices at the same time still agree once they sync.
 */
export function caseStateFromItems(current: CaseState, items: readonly (ItemState | null)[]): CaseState {
  if (current !== 'in_review' && current !== 'correction_requested') return current;
  if (items.some((s) => s === 'needs_correction')) return 'correction_requested';
  if (items.length > 0 && items.every((s) => s !== null && ITEM_DECIDED.includes(s))) return 'ready';
  return 'in_review';
}

/** A case is routed once any item has a state; before that a 待补正 case is still at the counter. */
export function isRouted(items: readonly (ItemState | null)[]): boolean {
  return items.some((s) => s !== null);
}

/** Item events need a routed case under review (or waiting for a correction it was routed with). */
export function itemEventsAllowed(current: CaseState | null, items: readonly (ItemState | null)[]): boolean {
  return current === 'in_review' || (current === 'correction_requested' && isRouted(items));
}

/** Counter decisions that only a case not yet routed can take (the 补正 after routing is re-submitted instead). */
export const INTAKE_DECISIONS: readonly CaseEventType[] = ['case.accepted', 'case.correction_notified', 'case.refused'];

/** Target state of a case event applied to `current`, or null when the transition is not allowed. */
export function nextCaseState(current: CaseState | null, type: CaseEventType): CaseState | null {
  const rule = CASE_TRANSITIONS[type];
  if (!(rule.from as readonly (CaseState | null)[]).includes(current)) return null;
  return (rule.to ?? current) as CaseState;
}

export function itemTransitionAllowed(current: ItemState | null, to: ItemState): boolean {
  return ITEM_TRANSITIONS[to].includes(current);
}
