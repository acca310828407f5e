import { describe, expect, it } from 'vitest';
import { CASE_TRANSITIONS, caseStateFromItems, itemEventsAllowed, itemTransitionAllowed, nextCaseState } from '../../shared/case-machine.js';

describe('case state machine', () => {
  it('follows the main path from draft to closed', () => {
    let s = nextCaseState(null, 'case.drafted');
    expect(s).toBe('draft');
    for (const [type, want] of [
      ['case.accepted', 'accepted'],
      ['case.routed', 'in_review'],
    ] as const) {
      s = nextCaseState(s, type);
      expect(s).toBe(want);
    }
    // Under review the case follows its items (see below); once ready it is delivered and closed.
    s = caseStateFromItems(s!, ['approved', 'rejected']);
    expect(s).toBe('ready');
    for (const [type, want] of [
      ['case.delivered', 'delivered'],
      ['case.closed', 'closed'],
    ] as const) {
      s = nextCaseState(s, type);
      expect(s).toBe(want);
    }
  });

  it('refuses transitions that are not in the table', () => {
    expect(nextCaseState(null, 'case.accepted')).toBeNull();
    expect(nextCaseState('draft', 'case.delivered')).toBeNull();
    expect(nextCaseState('closed', 'case.drafted')).toBeNull();
    expect(nextCaseState('refused', 'case.accepted')).toBeNull();
  });

  it('keeps the state on a draft update and lets corrections come back to acceptance', () => {
    expect(nextCaseState('draft', 'case.draft_updated')).toBe('draft');
    expect(nextCaseState('correction_requested', 'case.accepted')).toBe('accepted');
  });

  it('derives the state under review from the items', () => {
    expect(caseStateFromItems('in_review', ['approved', 'received'])).toBe('in_review');
    expect(caseStateFromItems('in_review', ['approved', 'needs_correction', 'received'])).toBe('correction_requested');
    expect(caseStateFromItems('correction_requested', ['approved', 'queued'])).toBe('in_review');
    expect(caseStateFromItems('in_review', ['approved', 'rejected', 'cancelled'])).toBe('ready');
    // Outside review the items do not move the case.
    expect(caseStateFromItems('withdrawn', ['approved'])).toBe('withdrawn');
    expect(caseStateFromItems('draft', [null])).toBe('draft');
  });

  it('lets departments act only on a routed case under review', () => {
    expect(itemEventsAllowed('in_review', [null, null])).toBe(true);
    expect(itemEventsAllowed('correction_requested', ['needs_correction', 'queued'])).toBe(true);
    // 补正 before acceptance: the case is still at the counter.
    expect(itemEventsAllowed('correction_requested', [null, null])).toBe(false);
    expect(itemEventsAllowed('withdrawn', ['queued'])).toBe(false);
    expect(itemEventsAllowed('accepted', [null])).toBe(false);
  });

  it('every target state is reachable from draft', () => {
    const reachable = new Set<string>(['draft']);
    let grew = true;
    while (grew) {
      grew = false;
      for (const type of Object.keys(CASE_TRANSITIONS) as (keyof typeof CASE_TRANSITIONS)[]) {
        for (const from of [...reachable]) {
          const to = nextCaseState(from as never, type);
          if (to && !reachable.has(to)) {
            reachable.add(to);
            grew = true;
          }
        }
      }
    }
    // 待出件 (and delivery after it) follow from the items: reached through caseStateFromItems.
    expect([...reachable].sort()).toEqual(['accepted', 'closed', 'correction_requested', 'draft', 'in_review', 'refused', 'withdrawn'].sort());
    expect(nextCaseState(caseStateFromItems('in_review', ['approved']), 'case.delivered')).toBe('delivered');
  });

  it('sub-items only move along their table', () => {
    expect(itemTransitionAllowed(null, 'blocked')).toBe(true);
    expect(itemTransitionAllowed('blocked', 'queued')).toBe(true);
    expect(itemTransitionAllowed('queued', 'approved')).toBe(false);
    expect(itemTransitionAllowed('received', 'approved')).toBe(true);
    expect(itemTransitionAllowed('approved', 'received')).toBe(false);
    expect(itemTransitionAllowed('blocked', 'cancelled')).toBe(true);
    expect(itemTransitionAllowed('queued', 'cancelled')).toBe(false);
  });
});
