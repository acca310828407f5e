import { describe, expect, it } from 'vitest';
import { catalog } from '../../seeds/catalog/index.js';
import { catalogSchema } from '../../shared/catalog.js';
import {
  duplicateDecisionSchema,
  duplicateMatch,
  flagPair,
  maskSubject,
  orderedPair,
  pairStatus,
  subjectOf,
  type CaseFacts,
} from '../../shared/duplicates.js';
import { eventPayloads } from '../../shared/events.js';
import { judgeEvent, type CentralCase } from '../../shared/sync-rules.js';
import type { WireEvent } from '../../shared/sync.js';
import { creditCode, idNumber } from '../helpers/intake.js';

// 重复办件: who a case is for, when two cases are duplicates, which pairs go to the supervisor, the
// decision's schema, and that the central service takes the decision from the case's hall only.

const ID = idNumber('19600101', 222);
const OTHER_ID = idNumber('19600101', 333);
const USCC = creditCode();

const person = (id: string | null) => ({ applicantKind: 'person', applicantIdNumber: id, creditCode: null });
const facts = (over: Partial<CaseFacts>): CaseFacts => ({
  id: 'c1',
  state: 'draft',
  bundleId: 'hlj.retirement',
  itemIds: ['hlj.retirement.eligibility', 'hlj.retirement.pension'],
  subject: { kind: 'person', key: ID },
  ...over,
});

describe('subject of a case', () => {
  it('is the valid ID number of a person, upper-cased, and nothing while the number is incomplete or wrong', () => {
    expect(subjectOf(person(ID.toLowerCase()))).toEqual({ kind: 'person', key: ID });
    expect(subjectOf(person(ID.slice(0, 10)))).toBeNull();
    expect(subjectOf(person(`${ID.slice(0, 17)}${ID[17] === '0' ? '1' : '0'}`))).toBeNull(); // wrong check digit
    expect(subjectOf(person(null))).toBeNull();
  });

  it("is the enterprise's credit code, never the contact person's ID number", () => {
    expect(subjectOf({ applicantKind: 'enterprise', applicantIdNumber: ID, creditCode: USCC })).toEqual({ kind: 'enterprise', key: USCC });
    expect(subjectOf({ applicantKind: 'enterprise', applicantIdNumber: ID, creditCode: null })).toBeNull();
  });

  it('masks an ID number for the supervisor and shows a credit code as it is (public)', () => {
    expect(maskSubject({ kind: 'person', key: ID })).toBe(`${ID.slice(0, 4)}**********${ID.slice(-4)}`);
    expect(maskSubject({ kind: 'enterprise', key: USCC })).toBe(USCC);
  });
});

describe('duplicate match', () => {
  it('pairs two open cases of one person with the same bundle, naming the shared items', () => {
    const a = facts({ id: 'a' });
    const b = facts({ id: 'b', state: 'in_review', itemIds: ['hlj.retirement.pension', 'hlj.retirement.hukou'] });
    expect(duplicateMatch(a, b)).toEqual({ sameBundle: true, sharedItemIds: ['hlj.retirement.pension'] });
    // Same bundle, no item in common: still the same application (一件事).
    expect(duplicateMatch(a, facts({ id: 'b', itemIds: ['hlj.retirement.hukou'] }))).toEqual({ sameBundle: true, sharedItemIds: [] });
  });

  it('pairs different bundles only through a shared item', () => {
    const a = facts({ id: 'a', bundleId: 'ln.unemployment', itemIds: ['ln.social-security-card', 'ln.unemployment.benefit'] });
    const b = facts({ id: 'b', bundleId: 'ln.flexible-employment', itemIds: ['ln.employment-card', 'ln.social-security-card'] });
    expect(duplicateMatch(a, b)).toEqual({ sameBundle: false, sharedItemIds: ['ln.social-security-card'] });
    expect(duplicateMatch(a, { ...b, itemIds: ['ln.employment-card'] })).toBeNull();
  });

  it('does not pair another person, a case without a subject, the case with itself, or a case that has ended', () => {
    const a = facts({ id: 'a' });
    expect(duplicateMatch(a, facts({ id: 'b', subject: { kind: 'person', key: OTHER_ID } }))).toBeNull();
    expect(duplicateMatch(a, facts({ id: 'b', subject: null }))).toBeNull();
    expect(duplicateMatch(a, facts({ id: 'a' }))).toBeNull();
    expect(duplicateMatch(a, facts({ id: 'b', subject: { kind: 'enterprise', key: ID } }))).toBeNull();
    for (const state of ['delivered', 'closed', 'refused', 'withdrawn']) expect(duplicateMatch(a, facts({ id: 'b', state }))).toBeNull();
    for (const state of ['draft', 'correction_requested', 'accepted', 'in_review', 'ready']) expect(duplicateMatch(a, facts({ id: 'b', state }))).not.toBeNull();
  });

  it('flags only pairs drafted on two different devices, stored lower id first', () => {
    expect(flagPair('dev-1', 'dev-2')).toBe(true);
    expect(flagPair('dev-1', 'dev-1')).toBe(false);
    expect(flagPair(null, 'dev-1')).toBe(false);
    expect(orderedPair('b', 'a')).toEqual(['a', 'b']);
    expect(orderedPair('a', 'b')).toEqual(['a', 'b']);
  });

  it('tells awaiting, lapsed and decided pairs apart', () => {
    expect(pairStatus(false, 'draft', 'accepted')).toBe('awaiting');
    expect(pairStatus(false, 'draft', 'withdrawn')).toBe('lapsed');
    expect(pairStatus(false, 'draft', null)).toBe('lapsed');
    expect(pairStatus(true, 'draft', 'withdrawn')).toBe('decided');
  });
});

describe('decision', () => {
  it('needs a note, and a kept case exactly when one is kept', () => {
    const ok = (x: unknown) => duplicateDecisionSchema.safeParse(x).success;
    expect(ok({ otherCaseId: 'b', decision: 'merge', keepCaseId: 'a', note: '已电话核实' })).toBe(true);
    expect(ok({ otherCaseId: 'b', decision: 'distinct', keepCaseId: null, note: '双胞胎，各办一件' })).toBe(true);
    expect(ok({ otherCaseId: 'b', decision: 'merge', keepCaseId: null, note: '已核实' })).toBe(false);
    expect(ok({ otherCaseId: 'b', decision: 'distinct', keepCaseId: 'a', note: '已核实' })).toBe(false);
    expect(ok({ otherCaseId: 'b', decision: 'distinct', keepCaseId: null, note: '  ' })).toBe(false);
    expect(eventPayloads['duplicate.decided']).toBe(duplicateDecisionSchema);
  });
});

describe('catalog flag', () => {
  it('marks the items a second open application makes no sense for, as placeholders for the admin to confirm', () => {
    const parsed = catalogSchema.parse(catalog);
    const flagged = parsed.items.filter((i) => i.singleApplication?.value === true);
    expect(flagged.map((i) => i.id).sort()).toEqual(
      [
        'hlj.cancel.registration',
        'hlj.cancel.tax',
        'hlj.retirement.eligibility',
        'hlj.retirement.pension',
        'ln.marriage.registration',
        'ln.retirement.early',
        'ln.retirement.normal',
        'ln.simple-cancel.registration',
        'ln.simple-cancel.tax',
      ].sort(),
    );
    expect(flagged.every((i) => i.singleApplication!.source === 'placeholder' && !!i.singleApplication!.note)).toBe(true);
    // Twins are two children of one mother: the newborn items are not flagged.
    expect(parsed.items.filter((i) => i.id.includes('newborn') && i.singleApplication)).toEqual([]);
  });
});

describe('central service', () => {
  const hallCase: CentralCase = { id: 'case-1', hallCode: 'H1', state: 'accepted', items: {}, departments: ['rsj'] };
  const event = (deviceId: string): WireEvent => ({
    id: 'e1',
    caseId: 'case-1',
    type: 'duplicate.decided',
    payload: { otherCaseId: 'case-2', decision: 'distinct', keepCaseId: null, note: '已核实，不是重复' },
    actorId: 'zb01',
    deviceId,
    hlc: '000001700000000:000000:dev-1',
    createdAt: '2026-11-23T01:00:00.000Z',
    prevHash: '0'.repeat(64),
    hash: 'f'.repeat(64),
  });

  it("takes the decision from a counter of the case's hall, in any state, and leaves the case as it is", () => {
    for (const state of ['draft', 'accepted', 'in_review', 'withdrawn'] as const) {
      const v = judgeEvent(event('dev-1'), { id: 'dev-1', hallCode: 'H1', departments: [] }, { ...hallCase, state });
      expect(v).toEqual({ ok: true, next: { ...hallCase, state }, addedDepartments: [] });
    }
  });

  it('refuses it from another hall, from a department, and with a malformed payload', () => {
    const other = judgeEvent(event('dev-2'), { id: 'dev-2', hallCode: 'H2', departments: [] }, hallCase);
    expect(other).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    const dept = judgeEvent(event('dev-3'), { id: 'dev-3', hallCode: null, departments: ['rsj'] }, hallCase);
    expect(dept).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    const bad = judgeEvent({ ...event('dev-1'), payload: { otherCaseId: 'case-2', decision: 'merge', keepCaseId: null, note: 'x' } }, { id: 'dev-1', hallCode: 'H1', departments: [] }, hallCase);
    expect(bad).toMatchObject({ ok: false, code: 'INVALID_PAYLOAD' });
  });
});
