import { describe, expect, it } from 'vitest';
import { catalog } from '../../seeds/catalog/index.js';
import { calendarData } from '../../seeds/calendar.js';
import { createCalendar } from '../../shared/calendar.js';
import { catalogSchema, validateCatalog, type Jurisdiction } from '../../shared/catalog.js';
import { eventPayloads } from '../../shared/events.js';
import {
  decidingChoices,
  decidingScope,
  jurisdictionErrors,
  proxyScope,
  transferDueOn,
  transferSendAllowed,
  transferStatus,
} from '../../shared/proxy.js';
import { judgeEvent, type CentralCase, type DeviceScope } from '../../shared/sync-rules.js';
import type { WireEvent } from '../../shared/sync.js';

// 代收代办 · 材料流转: the division list, the derived scope, the promised arrival, and the central
// service's rules for proxy cases (who may decide, who may send and receive originals).

const sha = (c: string) => c.repeat(64);

describe('jurisdictions', () => {
  it('ships a valid list with unique 6-digit codes, and the catalog validates with it', () => {
    expect(catalog.jurisdictions.length).toBeGreaterThanOrEqual(10);
    expect(jurisdictionErrors(catalog.jurisdictions)).toEqual([]);
    expect(validateCatalog(catalog)).toEqual([]);
    expect(catalog.jurisdictions.find((j) => j.code === '232701')?.name).toBe('漠河市');
  });

  it('reports duplicate codes, codes that are not 6 digits, a wrong province and a wrong level', () => {
    const list: Jurisdiction[] = [
      { code: '230100', name: '哈尔滨市', province: 'heilongjiang', level: 'city' },
      { code: '230100', name: '哈尔滨市（重复）', province: 'heilongjiang', level: 'city' },
      { code: '21010', name: '五位代码', province: 'liaoning', level: 'city' },
      { code: '210200', name: '大连市', province: 'heilongjiang', level: 'city' },
      { code: '232701', name: '漠河市', province: 'heilongjiang', level: 'city' },
    ];
    const errors = jurisdictionErrors(list);
    expect(errors).toContain('区划代码“230100”重复');
    expect(errors.some((e) => e.includes('21010') && e.includes('6 位数字'))).toBe(true);
    expect(errors.some((e) => e.includes('大连市') && e.includes('不属于黑龙江省'))).toBe(true);
    expect(errors.some((e) => e.includes('漠河市') && e.includes('层级'))).toBe(true);
    // The catalog's own validation carries the same messages.
    const broken = { ...structuredClone(catalog), jurisdictions: [catalog.jurisdictions[1]!, catalog.jurisdictions[1]!] };
    expect(validateCatalog(broken)).toContain(`区划代码“${catalog.jurisdictions[1]!.code}”重复`);
    expect(validateCatalog({ ...structuredClone(catalog), jurisdictions: [{ code: 'ABCDEF', name: 'x', province: 'liaoning', level: 'city' }] })[0]).toContain('6 位数字');
  });

  it('parses an older catalog without the list as an empty list', () => {
    const { jurisdictions: _dropped, ...old } = structuredClone(catalog);
    expect(catalogSchema.parse(old).jurisdictions).toEqual([]);
  });

  it('derives 全省通办 from the same province prefix and 跨省通办 otherwise; offers every division but its own', () => {
    expect(proxyScope('232701', '230100')).toBe('province');
    expect(proxyScope('232701', '210100')).toBe('cross_province');
    expect(proxyScope('210200', '210100')).toBe('province');
    const choices = decidingChoices(catalog.jurisdictions, '232701');
    expect(choices.some((c) => c.code === '232701')).toBe(false);
    expect(choices).toHaveLength(catalog.jurisdictions.length - 1);
    // Own province first.
    const firstCross = choices.findIndex((c) => c.scope === 'cross_province');
    expect(firstCross).toBeGreaterThan(0);
    expect(choices.slice(firstCross).every((c) => c.scope === 'cross_province')).toBe(true);
    expect(choices.find((c) => c.code === '210100')?.scope).toBe('cross_province');
  });
});

describe('transfers', () => {
  const cal = createCalendar({ ...calendarData(), overrides: [{ kind: 'holiday', date: '2026-11-24', name: '测试假日' }] });

  it('promises arrival on the next working day after sending, by the hall calendar', () => {
    expect(transferDueOn(cal, '2026-11-23')).toBe('2026-11-25'); // Monday; Tuesday is a holiday here
    expect(transferDueOn(cal, '2026-11-27')).toBe('2026-11-30'); // Friday → Monday
    expect(transferDueOn(cal, '2026-11-28')).toBe('2026-11-30'); // sent on a Saturday
  });

  it('is in transit until the promised day, overdue after it, received once confirmed', () => {
    expect(transferStatus({ receivedOn: null, dueOn: '2026-11-25' }, '2026-11-25')).toBe('in_transit');
    expect(transferStatus({ receivedOn: null, dueOn: '2026-11-25' }, '2026-11-26')).toBe('overdue');
    expect(transferStatus({ receivedOn: '2026-11-27', dueOn: '2026-11-25' }, '2026-11-30')).toBe('received');
  });

  it('checks the sent payload: at least one line, copies ≥ 1, arrival after sending', () => {
    const ok = { transferId: 't1', lines: [{ name: '出生医学证明', copies: 1, kind: 'original' }], courier: 'EMS', trackingNo: '1234567890123', sentOn: '2026-11-23', dueOn: '2026-11-24' };
    expect(eventPayloads['transfer.sent'].safeParse(ok).success).toBe(true);
    expect(eventPayloads['transfer.sent'].safeParse({ ...ok, lines: [] }).success).toBe(false);
    expect(eventPayloads['transfer.sent'].safeParse({ ...ok, lines: [{ ...ok.lines[0], copies: 0 }] }).success).toBe(false);
    expect(eventPayloads['transfer.sent'].safeParse({ ...ok, dueOn: '2026-11-23' }).success).toBe(false);
    expect(eventPayloads['transfer.sent'].safeParse({ ...ok, courier: 'x'.repeat(31) }).success).toBe(false);
  });

  it('lets originals travel only while the case is with the departments', () => {
    expect(transferSendAllowed('draft', [null])).toBe(false);
    expect(transferSendAllowed('accepted', [null])).toBe(true);
    expect(transferSendAllowed('in_review', ['queued'])).toBe(true);
    expect(transferSendAllowed('correction_requested', [null])).toBe(false);
    expect(transferSendAllowed('correction_requested', ['needs_correction'])).toBe(true);
    expect(transferSendAllowed('ready', ['approved'])).toBe(false);
  });
});

describe('judgeEvent on proxy cases', () => {
  const A = '232701';
  const B = '230100';
  const counterA: DeviceScope = { id: 'dev-a', hallCode: A, departments: [] };
  const reviewA: DeviceScope = { id: 'dev-ra', hallCode: A, departments: ['gaj'] };
  const reviewB: DeviceScope = { id: 'dev-rb', hallCode: B, departments: ['gaj'] };
  const counterB: DeviceScope = { id: 'dev-b', hallCode: B, departments: [] };
  const deptSystem: DeviceScope = { id: 'dev-d', hallCode: null, departments: ['gaj'] };
  let n = 0;
  const ev = (device: DeviceScope, type: string, payload: unknown): WireEvent => ({
    id: `e${++n}`,
    caseId: 'c1',
    type,
    payload,
    actorId: null,
    deviceId: device.id,
    hlc: `00000000000000${n}:000000:${device.id}`,
    createdAt: '2026-11-23T00:00:00.000Z',
    prevHash: sha('0'),
    hash: sha('1'),
  });
  const mark = { decidingCode: B, decidingName: '哈尔滨市', takenInName: '漠河市政务服务中心' };
  const draft: CentralCase = { id: 'c1', hallCode: A, state: 'draft', items: { i1: { state: null, departmentId: null } }, departments: [] };
  const inReview: CentralCase = { ...draft, state: 'in_review', items: { i1: { state: 'queued', departmentId: 'gaj' } }, departments: ['gaj'], decidingCode: B, decidingName: '哈尔滨市' };
  const next = (v: ReturnType<typeof judgeEvent>) => {
    if (!v.ok) throw new Error(`refused: ${v.reason}`);
    return v.next!;
  };

  it('sets and clears the deciding division on a draft only, never the hall itself', () => {
    const marked = next(judgeEvent(ev(counterA, 'case.draft_updated', { proxy: mark }), counterA, draft));
    expect(marked).toMatchObject({ decidingCode: B, decidingName: '哈尔滨市', state: 'draft' });
    expect(next(judgeEvent(ev(counterA, 'case.draft_updated', { proxy: null }), counterA, marked)).decidingCode).toBeNull();
    // A plain autosave keeps the mark.
    expect(next(judgeEvent(ev(counterA, 'case.draft_updated', { fields: { x: '1' } }), counterA, marked)).decidingCode).toBe(B);
    expect(judgeEvent(ev(counterA, 'case.draft_updated', { proxy: { ...mark, decidingCode: A } }), counterA, draft)).toMatchObject({ ok: false, code: 'INVALID_PAYLOAD' });
    const corr = judgeEvent(ev(counterA, 'case.draft_updated', { proxy: mark }), counterA, { ...draft, state: 'correction_requested' });
    expect(corr).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
    // Hall B cannot mark hall A's draft.
    expect(judgeEvent(ev(counterB, 'case.draft_updated', { proxy: mark }), counterB, draft)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });

  it('accepts decisions only from the deciding side; the taking-in hall keeps its routing moves', () => {
    const receive = { itemId: 'i1', departmentId: 'gaj', to: 'received' };
    const refused = judgeEvent(ev(reviewA, 'item.state_changed', receive), reviewA, inReview);
    expect(refused).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(!refused.ok && refused.reason).toBe('该办件为代收代办，须由作出决定地（哈尔滨市）的部门办理。');
    expect(judgeEvent(ev(reviewA, 'item.noted', { itemId: 'i1', departmentId: 'gaj', text: '备注' }), reviewA, inReview)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(next(judgeEvent(ev(reviewB, 'item.state_changed', receive), reviewB, inReview)).items.i1!.state).toBe('received');
    expect(judgeEvent(ev(deptSystem, 'item.state_changed', receive), deptSystem, inReview)).toMatchObject({ ok: true });
    // The same device on a case of its own hall is unaffected.
    expect(judgeEvent(ev(reviewA, 'item.state_changed', receive), reviewA, { ...inReview, decidingCode: null })).toMatchObject({ ok: true });
    // Routing at hall A (re-queue after a correction) stays allowed; hall B's plain counter is not bound.
    const back: CentralCase = { ...inReview, state: 'correction_requested', items: { i1: { state: 'needs_correction', departmentId: 'gaj' } } };
    expect(judgeEvent(ev(counterA, 'item.state_changed', { itemId: 'i1', departmentId: 'gaj', to: 'queued' }), counterA, back)).toMatchObject({ ok: true });
    expect(judgeEvent(ev(counterB, 'item.state_changed', receive), counterB, inReview)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    // The deciding hall may read (audit) the case; a third hall may not.
    expect(judgeEvent(ev(counterB, 'audit.case_viewed', { purpose: 'open' }), counterB, inReview)).toMatchObject({ ok: true });
    const third: DeviceScope = { id: 'dev-c', hallCode: '210100', departments: [] };
    expect(judgeEvent(ev(third, 'audit.case_viewed', { purpose: 'open' }), third, inReview)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });

  it('takes transfers sent by the taking-in hall and received once by the deciding side, in that order', () => {
    const sent = { transferId: 't1', lines: [{ name: '出生医学证明', copies: 1, kind: 'original' }], courier: 'EMS', trackingNo: 'E1', sentOn: '2026-11-23', dueOn: '2026-11-24' };
    const received = { transferId: 't1', receivedOn: '2026-11-24', receivedBy: '张三', discrepancy: null };
    expect(judgeEvent(ev(reviewB, 'transfer.received', received), reviewB, inReview)).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
    expect(judgeEvent(ev(counterB, 'transfer.sent', sent), counterB, inReview)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(judgeEvent(ev(counterA, 'transfer.sent', sent), counterA, { ...inReview, decidingCode: null })).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
    expect(judgeEvent(ev(counterA, 'transfer.sent', sent), counterA, { ...draft, decidingCode: B })).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
    const afterSent = next(judgeEvent(ev(counterA, 'transfer.sent', sent), counterA, inReview));
    expect(afterSent.transfers).toEqual({ t1: 'sent' });
    expect(judgeEvent(ev(counterA, 'transfer.sent', sent), counterA, afterSent)).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
    // Hall A's reviewer of the same department is not the deciding side.
    expect(judgeEvent(ev(reviewA, 'transfer.received', received), reviewA, afterSent)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    const done = next(judgeEvent(ev(counterB, 'transfer.received', received), counterB, afterSent));
    expect(done.transfers).toEqual({ t1: 'received' });
    expect(judgeEvent(ev(reviewB, 'transfer.received', received), reviewB, done)).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
    expect(judgeEvent(ev(deptSystem, 'transfer.received', received), deptSystem, afterSent)).toMatchObject({ ok: true });
  });

  it('shows the case to the deciding hall once it is routed', () => {
    expect(decidingScope({ ...draft, decidingCode: B })).toBeNull();
    expect(decidingScope(inReview)).toBe(`hall:${B}`);
    expect(decidingScope({ ...inReview, decidingCode: null })).toBeNull();
  });
});
