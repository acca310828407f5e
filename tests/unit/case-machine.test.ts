import { describe, expect, it } from 'vitest';
import { CASE_TRANSITIONS, itemTransitionAllowed, nextCaseState } from '../../shared/case-machine.js';

describe('case state machine', () => {
  it('follows the main path from draft to closed', () => {
    let s = nextCaseState(null, 'case.drafted');
    expect(s).toBe('draft');
    for (const [type, want] of [
      ['case.accepted', 'accepted'],
      ['case.routed', 'in_review'],
      ['case.ready', 'ready'],
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
    expect([...reachable].sort()).toEqual(
      ['accepted', 'closed', 'correction_requested', 'delivered', 'draft', 'in_review', 'ready', 'refused', 'withdrawn'].sort(),
    );
  });

  it('sub-items only move along their table', () => {
    expect(itemTransitionAllowed(null, 'blocked')).toBe(true);
    expect(itemTransitionAllowed('blocked', 'queued')).toBe(true);
    expect(itemTransitionAllowed('queued', 'approved')).toBe(false);
    expect(itemTransitionAllowed('received', 'approved')).toBe(true);
    expect(itemTransitionAllowed('approved', 'received')).toBe(false);
  });
});
