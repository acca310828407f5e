import { describe, expect, it } from 'vitest';
import { calendarData } from '../../seeds/calendar.js';
import { createCalendar } from '../../shared/calendar.js';
import {
  centralStateColumn,
  deadlineProblem,
  ESCALATION_DEFAULT_WORKDAYS,
  ESCALATION_TRANSITIONS,
  escalationEventPayloads,
  escalationOpenInputSchema,
  fromCentralStateColumn,
  isEscalationOverdue,
  nextEscalationState,
  openProblems,
  type EscalationEventType,
  type EscalationState,
} from '../../shared/escalation.js';
import { eventPayloads } from '../../shared/events.js';
import { deriveFacts } from '../../shared/reports/facts.js';
import { judgeEvent, type CentralCase, type DeviceScope } from '../../shared/sync-rules.js';
import type { WireEvent } from '../../shared/sync.js';

// 办不成事: the state table, the deadline rule, the input checks, and how the central service
// judges the events (allowed from the owning hall, refused from another, refused out of order).

const ID = '110101199003071233'; // a valid resident number (check digit 3)

const opened = {
  number: 'BBCS-H1-20261123-ABCD-0001',
  hallCode: 'H1',
  applicant: { name: '刘建国', phone: '13904571234', idNumber: ID },
  problem: '父亲去世后房产继承过户，不动产登记中心要求公证，公证处要求先办亲属关系证明，派出所说不出具。',
  triedWhere: [
    { place: '不动产登记中心', when: '2026-11-10', result: '需继承公证' },
    { place: '城西派出所', when: null, result: '不出具亲属关系证明' },
  ],
  category: 'cross_department',
};
const assigned = { staff: [{ clerkId: 'c-zb01', name: '赵值班' }, { clerkId: null, name: '孙协调' }], departments: ['gaj'], deadline: '2026-11-30' };
const resolved = { outcome: 'solved', detail: '协调派出所出具户籍证明，公证处已受理。', resolvedOn: '2026-11-27' };
const feedback = { satisfied: 'unsatisfied', comment: '等了太久' };
const PAYLOADS: Record<EscalationEventType, unknown> = {
  'escalation.opened': opened,
  'escalation.assigned': assigned,
  'escalation.progressed': { note: '已电话联系派出所户籍科。' },
  'escalation.resolved': resolved,
  'escalation.feedback': feedback,
  'escalation.reopened': { reason: '申请人不满意，复核办理时长', deadline: '2026-12-04' },
};

describe('the 办不成事 state table', () => {
  it('walks open → in_progress → resolved → closed, with notes and a reopen', () => {
    let s: EscalationState | null = null;
    const path: [EscalationEventType, EscalationState][] = [
      ['escalation.opened', 'open'],
      ['escalation.assigned', 'in_progress'],
      ['escalation.progressed', 'in_progress'],
      ['escalation.assigned', 'in_progress'], // a change of staff or deadline while in progress
      ['escalation.resolved', 'resolved'],
      ['escalation.progressed', 'resolved'], // a call-back that did not reach the applicant
      ['escalation.feedback', 'closed'],
      ['escalation.reopened', 'in_progress'],
      ['escalation.resolved', 'resolved'],
    ];
    for (const [type, to] of path) {
      const step = nextEscalationState(s, type);
      expect(step, `${type} from ${s}`).toEqual({ ok: true, to });
      s = to;
    }
  });

  it('refuses everything else in Chinese, saying what can be done now', () => {
    const states: (EscalationState | null)[] = [null, 'open', 'in_progress', 'resolved', 'closed'];
    let refused = 0;
    for (const from of states) {
      for (const type of Object.keys(ESCALATION_TRANSITIONS) as EscalationEventType[]) {
        const allowed = (ESCALATION_TRANSITIONS[type].from as readonly (EscalationState | null)[]).includes(from);
        const step = nextEscalationState(from, type);
        expect(step.ok).toBe(allowed);
        if (!step.ok) {
          refused++;
          expect(step.message).toMatch(/[\u4e00-\u9fff]/);
        }
      }
    }
    expect(refused).toBeGreaterThan(15);
    expect(nextEscalationState('open', 'escalation.resolved')).toEqual({ ok: false, message: '该记录当前为“待分派”，不能登记办理结果：请先分派承办人和办理时限。' });
    expect(nextEscalationState('resolved', 'escalation.resolved')).toMatchObject({ ok: false, message: expect.stringContaining('请回访申请人并登记评价') });
    expect(nextEscalationState('in_progress', 'escalation.opened')).toMatchObject({ ok: false, message: '该办不成事记录已登记，不能重复登记。' });
  });

  it('is overdue only while not resolved and past its deadline', () => {
    expect(isEscalationOverdue('in_progress', '2026-11-30', '2026-11-30')).toBe(false);
    expect(isEscalationOverdue('in_progress', '2026-11-30', '2026-12-01')).toBe(true);
    expect(isEscalationOverdue('open', '2026-11-30', '2026-12-01')).toBe(true);
    expect(isEscalationOverdue('open', null, '2026-12-01')).toBe(false);
    expect(isEscalationOverdue('resolved', '2026-11-30', '2026-12-01')).toBe(false);
    expect(isEscalationOverdue('closed', '2026-11-30', '2026-12-01')).toBe(false);
  });
});

describe('the deadline rule', () => {
  const cal = createCalendar(calendarData());

  it('defaults to five working days by the hall calendar, the start day not counted', () => {
    expect(ESCALATION_DEFAULT_WORKDAYS).toBe(5);
    // Monday → the next Monday.
    expect(cal.addWorkdays('2026-11-23', ESCALATION_DEFAULT_WORKDAYS).date).toBe('2026-11-30');
    // Opened the day before 国庆: the holiday week does not count.
    expect(cal.addWorkdays('2026-09-30', ESCALATION_DEFAULT_WORKDAYS).date).toBe('2026-10-13');
  });

  it('allows today or later, refuses the past and a year far ahead', () => {
    expect(deadlineProblem('2026-11-23', '2026-11-23')).toBeNull();
    expect(deadlineProblem('2026-12-31', '2026-11-23')).toBeNull();
    expect(deadlineProblem('2026-11-22', '2026-11-23')).toBe('办理时限 2026-11-22 早于今天（2026-11-23），请选择今天或以后的日期。');
    expect(deadlineProblem('2062-11-23', '2026-11-23')).toContain('请核对年份');
  });
});

describe('what the clerk types', () => {
  const input = {
    applicant: { name: '刘建国', phone: '13904571234', idNumber: ID },
    problem: '继承过户办不成',
    triedWhere: [{ place: '不动产登记中心' }],
  };

  it('accepts a record without ID number, category or assignment, filling the defaults', () => {
    const r = escalationOpenInputSchema.parse({ ...input, applicant: { name: '刘建国', phone: '0457-2822345' } });
    expect(r).toMatchObject({ applicant: { idNumber: null }, category: null, assignment: null, triedWhere: [{ place: '不动产登记中心', when: null, result: null }] });
  });

  it('refuses a wrong ID number, a wrong phone, no place tried and a future date, each at its field', () => {
    const bad = escalationOpenInputSchema.safeParse({ ...input, applicant: { name: '刘建国', phone: '1390457', idNumber: '110101199003071234' }, triedWhere: [] });
    expect(bad.success).toBe(false);
    const byPath = Object.fromEntries(bad.error!.issues.map((i) => [i.path.join('.'), i.message]));
    expect(byPath['applicant.idNumber']).toContain('证件号码有误');
    expect(byPath['applicant.phone']).toContain('手机号码应为 11 位');
    expect(byPath.triedWhere).toBe('请至少填写一处申请人已去办理过的地方');
    const future = openProblems({ ...escalationOpenInputSchema.parse(input), triedWhere: [{ place: 'x', when: '2026-12-01', result: null }] }, '2026-11-23');
    expect(future).toEqual([{ path: 'triedWhere.0.when', message: '第 1 处的办理日期 2026-12-01 晚于今天，请核对。' }]);
  });

  it('registers every event payload in the log schemas', () => {
    for (const [type, schema] of Object.entries(escalationEventPayloads)) {
      expect(eventPayloads[type as keyof typeof eventPayloads]).toBe(schema);
      expect(schema.safeParse(PAYLOADS[type as EscalationEventType]).success, type).toBe(true);
    }
  });
});

describe('judgeEvent with 办不成事 events', () => {
  const hall: DeviceScope = { id: 'dev-a', hallCode: 'H1', departments: [] };
  const otherHall: DeviceScope = { id: 'dev-b', hallCode: 'H2', departments: [] };
  const department: DeviceScope = { id: 'dev-d', hallCode: null, departments: ['gaj'] };
  const wire = (type: EscalationEventType, deviceId = 'dev-a', over: Partial<WireEvent> = {}): WireEvent => ({
    id: `e-${type}`,
    caseId: 'x1',
    type,
    payload: PAYLOADS[type],
    actorId: 'clerk',
    deviceId,
    hlc: `000000000000001:000000:${deviceId}`,
    createdAt: '2026-11-23T01:00:00.000Z',
    prevHash: '0'.repeat(64),
    hash: 'f'.repeat(64),
    ...over,
  });

  /** Runs events through judgeEvent in order, as the central ingest does. */
  function run(types: EscalationEventType[], device = hall): CentralCase {
    let c: CentralCase | null = null;
    for (const type of types) {
      const v = judgeEvent(wire(type, device.id), device, c);
      if (!v.ok) throw new Error(`${type}: ${v.reason}`);
      c = v.next;
    }
    return c!;
  }

  it('creates the record for its own hall and follows the table there', () => {
    const open = judgeEvent(wire('escalation.opened'), hall, null);
    expect(open).toEqual({ ok: true, addedDepartments: [], next: { id: 'x1', hallCode: 'H1', state: 'closed', items: {}, departments: [], escalation: 'open' } });
    const c = run(['escalation.opened', 'escalation.assigned', 'escalation.progressed', 'escalation.resolved', 'escalation.feedback', 'escalation.reopened']);
    expect(c.escalation).toBe('in_progress');
    // The coordinating departments do not join the record's scope: it stays the hall's.
    expect(c.departments).toEqual([]);
  });

  it('refuses another hall and department devices', () => {
    expect(judgeEvent(wire('escalation.opened', 'dev-b'), otherHall, null)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    const mine = run(['escalation.opened']);
    expect(judgeEvent(wire('escalation.assigned', 'dev-b'), otherHall, mine)).toMatchObject({ ok: false, code: 'FORBIDDEN', reason: '本机不属于该记录所属的大厅，不能办理此记录。' });
    expect(judgeEvent(wire('escalation.assigned', 'dev-d'), department, mine)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });

  it('refuses events out of order, a second opening, and an unknown record', () => {
    const mine = run(['escalation.opened']);
    const early = judgeEvent(wire('escalation.resolved'), hall, mine);
    expect(early).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
    expect((early as { reason: string }).reason).toContain('待分派');
    expect(judgeEvent(wire('escalation.opened'), hall, mine)).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
    expect(judgeEvent(wire('escalation.feedback'), hall, run(['escalation.opened', 'escalation.assigned']))).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
    expect(judgeEvent(wire('escalation.assigned'), hall, null)).toMatchObject({ ok: false, code: 'UNKNOWN_CASE' });
    // A payload that does not fit its schema never reaches the table.
    expect(judgeEvent(wire('escalation.assigned', 'dev-a', { payload: { staff: [], departments: [], deadline: '2026-11-30' } }), hall, mine)).toMatchObject({ ok: false, code: 'INVALID_PAYLOAD' });
  });

  it('keeps cases and escalations apart', () => {
    const record = run(['escalation.opened', 'escalation.assigned']);
    for (const [type, payload] of [
      ['case.routed', {}],
      ['case.withdrawn', { reason: 'x' }],
      ['audit.case_viewed', { purpose: 'open' }],
    ] as const) {
      expect(judgeEvent({ ...wire('escalation.progressed'), type, payload }, hall, record), type).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
    }
    const aCase: CentralCase = { id: 'x1', hallCode: 'H1', state: 'accepted', items: {}, departments: [] };
    expect(judgeEvent(wire('escalation.progressed'), hall, aCase)).toMatchObject({ ok: false, code: 'INVALID_TRANSITION', reason: '该编号是办件，不是办不成事记录，不能执行此操作。' });
    expect(judgeEvent(wire('escalation.opened'), hall, aCase)).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
  });

  it('stores the state in the central column so that no reader takes it for a case state', () => {
    const record = run(['escalation.opened', 'escalation.assigned']);
    expect(centralStateColumn(record)).toBe('escalation:in_progress');
    expect(fromCentralStateColumn('escalation:in_progress')).toEqual({ state: 'closed', escalation: 'in_progress' });
    expect(centralStateColumn({ state: 'accepted' })).toBe('accepted');
    expect(fromCentralStateColumn('accepted')).toEqual({ state: 'accepted' });
    expect(() => fromCentralStateColumn('escalation:bogus')).toThrow();
  });

  it('gives no report facts: an escalation is not a case', () => {
    const events = (Object.keys(PAYLOADS) as EscalationEventType[]).map((type, i) => ({ id: `e${i}`, type, payload: PAYLOADS[type], actorId: 'c', deviceId: 'dev-a', createdAt: `2026-11-2${3 + i}T01:00:00.000Z` }));
    expect(deriveFacts('x1', events, { catalog: () => null, calendar: createCalendar(calendarData()) })).toBeNull();
  });
});
