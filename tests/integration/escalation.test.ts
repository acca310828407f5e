import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventHash } from '../../db/stores/events.js';
import type { Board } from '../../shared/api/board.js';
import type { EscalationDetail, EscalationList } from '../../shared/api/escalation.js';
import { ESCALATION_NUMBER_RE } from '../../shared/escalation.js';
import type { EventType } from '../../shared/events.js';
import { newId } from '../../shared/ids.js';
import type { Ack, WireEvent } from '../../shared/sync.js';
import { DEMO_PASSWORD } from '../../seeds/demo.js';
import { startCentral, type RunningCentral } from '../helpers/central.js';
import { startCounter, type TestCounter } from '../helpers/counter.js';
import { testHost } from '../helpers/host.js';
import { idNumber } from '../helpers/intake.js';

// 办不成事 through a real host: opened at the counter with two places tried, assigned, followed,
// resolved and closed with the applicant's feedback; out-of-order steps and wrong people refused in
// Chinese; the board's figures as the clock moves past a deadline; the same rows after a rebuild
// and a restart. Then through the real central service: another counter of the hall picks the record
// up and carries on; another hall is refused.

type TH = Awaited<ReturnType<typeof testHost>>;
type Defaults = { today: string; defaultDeadline: string; workdays: number; clerks: { id: string; name: string }[] };

const C = 'counter'; // sj01, intake
const SUP = 'zb01';
const REVIEW = 'sp03';
const DAY = 24 * 3600_000;
const APPLICANT_ID = idNumber('19650312', 417);

let h: TH;
let dir: string;
let clerks: Defaults['clerks'];
const ids = { main: '', second: '', unassigned: '' };

async function signIn(t: TH) {
  for (const [client, staffNo] of [[C, 'sj01'], [SUP, SUP], [REVIEW, REVIEW]] as const) await t.ok(client, 'auth.signIn', { staffNo, password: DEMO_PASSWORD });
}

const clerkId = (name: string) => clerks.find((c) => c.name === name)!.id;

function openInput(over: Record<string, unknown> = {}) {
  return {
    applicant: { name: '刘建国', phone: '13904571234', idNumber: APPLICANT_ID },
    problem: '父亲去世后办理房产继承过户：不动产登记中心要求继承公证，公证处要求亲属关系证明，派出所称不出具。',
    category: 'cross_department',
    triedWhere: [
      { place: '不动产登记中心', when: '2026-11-10', result: '须先办继承公证' },
      { place: '城西派出所', when: null, result: '不出具亲属关系证明' },
    ],
    assignment: { staff: [{ clerkId: clerkId('王晓燕'), name: '王晓燕' }, { clerkId: null, name: '孙协调' }], departments: ['gaj', 'zrzyj'], deadline: '2026-11-30' },
    ...over,
  };
}

async function refused(client: string, method: string, input: unknown) {
  const r = await h.call(client, method, input);
  if (r.ok) throw new Error(`${method} was not refused`);
  return r.error;
}

beforeAll(async () => {
  h = await testHost();
  dir = h.dir;
  await signIn(h);
}, 120_000);

afterAll(async () => {
  await h?.host.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('办不成事 at the counter', () => {
  it('offers today, a default deadline five working days ahead and the staff accounts', async () => {
    const d = await h.ok<Defaults>(C, 'escalation.defaults');
    // Monday 2026-11-23 → Monday 2026-11-30.
    expect(d).toMatchObject({ today: '2026-11-23', defaultDeadline: '2026-11-30', workdays: 5 });
    clerks = d.clerks;
    expect(clerks.map((c) => c.name)).toEqual(expect.arrayContaining(['王晓燕', '刘海涛']));
    expect(clerks.map((c) => c.name)).not.toContain('系统管理员');
    expect(await refused(REVIEW, 'escalation.list', {})).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('opens one with two places tried and its staff at once, refusing bad input in Chinese at the field', async () => {
    const past = await refused(C, 'escalation.open', openInput({ assignment: { ...openInput().assignment, deadline: '2026-11-20' } }));
    expect(past).toMatchObject({ code: 'INVALID_INPUT', message: '办理时限 2026-11-20 早于今天（2026-11-23），请选择今天或以后的日期。', details: { field: 'assignment.deadline' } });
    const dept = await refused(C, 'escalation.open', openInput({ assignment: { ...openInput().assignment, departments: ['no-such'] } }));
    expect(dept).toMatchObject({ code: 'INVALID_INPUT', details: { field: 'assignment.departments' } });
    expect(dept.message).toContain('不在事项库的部门中');
    const badId = await refused(C, 'escalation.open', openInput({ applicant: { name: '刘建国', phone: '13904571234', idNumber: APPLICANT_ID.slice(0, 17) + (APPLICANT_ID.endsWith('1') ? '2' : '1') } }));
    expect(badId.code).toBe('INVALID_INPUT');
    expect(JSON.stringify(badId.details)).toContain('applicant.idNumber');
    const noPlace = await refused(C, 'escalation.open', openInput({ triedWhere: [] }));
    expect(JSON.stringify(noPlace.details)).toContain('请至少填写一处申请人已去办理过的地方');
    // Nothing was recorded by the refusals.
    expect((await h.ok<EscalationList>(C, 'escalation.list', {})).rows).toEqual([]);

    const v = await h.ok<EscalationDetail>(C, 'escalation.open', openInput());
    ids.main = v.id;
    expect(v.number).toMatch(ESCALATION_NUMBER_RE);
    expect(v).toMatchObject({
      state: 'in_progress',
      applicant: { name: '刘建国', phone: '13904571234', idNumberMasked: expect.stringMatching(/^\d{4}\*+\d{4}$/) },
      triedWhere: [
        { place: '不动产登记中心', when: '2026-11-10', result: '须先办继承公证' },
        { place: '城西派出所', when: null, result: '不出具亲属关系证明' },
      ],
      staff: [{ name: '王晓燕' }, { clerkId: null, name: '孙协调' }],
      departments: [
        { id: 'gaj', name: '公安局' },
        { id: 'zrzyj', name: '自然资源局' },
      ],
      deadline: '2026-11-30',
      overdue: false,
      openedBy: '王晓燕',
      allowed: { assign: true, progress: true, resolve: true, feedback: false, reopen: false },
    });
    expect(v.timeline.map((s) => s.kind)).toEqual(['opened', 'assigned']);
    expect(v.timeline[1]!.summary).toBe('承办人：王晓燕（牵头）、孙协调；协调部门：公安局、自然资源局；办理时限 2026-11-30');
    expect(JSON.stringify(v)).not.toContain(APPLICANT_ID);

    const list = await h.ok<EscalationList>(C, 'escalation.list', {});
    expect(list.rows).toEqual([expect.objectContaining({ id: v.id, number: v.number, state: 'in_progress', applicantName: '刘建国', leadStaff: '王晓燕', deadline: '2026-11-30', overdue: false })]);
    expect(JSON.stringify(list)).not.toContain(APPLICANT_ID);
    expect((await h.ok<EscalationList>(SUP, 'escalation.list', { status: 'in_progress' })).rows).toHaveLength(1);
    expect((await h.ok<EscalationList>(SUP, 'escalation.list', { status: 'closed' })).rows).toHaveLength(0);
  });

  it('refuses steps out of order and people who may not take them, in Chinese', async () => {
    const early = await refused(C, 'escalation.feedback', { id: ids.main, feedback: { satisfied: 'satisfied', comment: null } });
    expect(early).toMatchObject({ code: 'INVALID_TRANSITION', message: '该记录当前为“办理中”，不能登记申请人评价：可登记进展或登记办理结果。' });
    expect(await refused(C, 'escalation.reopen', { id: ids.main, reopen: { reason: 'x', deadline: '2026-12-10' } })).toMatchObject({ code: 'FORBIDDEN' });

    // A record the supervisor leads: the intake clerk may note progress but not resolve it.
    const led = await h.ok<EscalationDetail>(C, 'escalation.open', openInput({ assignment: { staff: [{ clerkId: clerkId('刘海涛'), name: '刘海涛' }], departments: [], deadline: '2026-11-25' } }));
    ids.second = led.id;
    expect(led.allowed).toMatchObject({ assign: false, resolve: false, progress: true });
    const resolve = { id: led.id, resolution: { outcome: 'partly', detail: '已协调公安局出具户籍证明。', resolvedOn: '2026-11-23' } };
    expect(await refused(C, 'escalation.resolve', resolve)).toMatchObject({ code: 'FORBIDDEN', message: '只有值班长或本记录的承办人可以登记办理结果；请联系承办人或值班长。' });
    expect(await refused(C, 'escalation.assign', { id: led.id, assignment: { staff: [{ clerkId: null, name: '王晓燕' }], departments: [], deadline: '2026-11-25' } })).toMatchObject({ code: 'FORBIDDEN' });
    await h.ok(C, 'escalation.progress', { id: led.id, note: '已告知申请人由值班长牵头协调。' });
    // A resolution dated in the future is refused.
    expect(await refused(SUP, 'escalation.resolve', { ...resolve, resolution: { ...resolve.resolution, resolvedOn: '2026-11-24' } })).toMatchObject({ code: 'INVALID_INPUT', details: { field: 'resolution.resolvedOn' } });

    // Opened without staff: 待分派, no deadline yet; only the supervisor or the clerk who opened it assigns.
    const bare = await h.ok<EscalationDetail>(C, 'escalation.open', openInput({ assignment: null, applicant: { name: '周玉芬', phone: '0457-2822345' } }));
    ids.unassigned = bare.id;
    expect(bare).toMatchObject({ state: 'open', deadline: null, overdue: false, staff: [], applicant: { idNumberMasked: null }, allowed: { assign: true, progress: false, resolve: false } });
    expect(await refused(C, 'escalation.progress', { id: bare.id, note: '已联系' })).toMatchObject({ code: 'INVALID_TRANSITION', message: '该记录当前为“待分派”，不能登记进展：请先分派承办人和办理时限。' });
  });

  it('follows one through progress, resolution and feedback, and reopens it when the applicant is unsatisfied', async () => {
    await h.ok(C, 'escalation.progress', { id: ids.main, note: '已与公安局户籍科电话沟通，同意出具户籍档案证明。' });
    let v = await h.ok<EscalationDetail>(C, 'escalation.resolve', { id: ids.main, resolution: { outcome: 'solved', detail: '公安局出具户籍档案证明，公证处已受理继承公证。', resolvedOn: '2026-11-23' } });
    expect(v).toMatchObject({ state: 'resolved', outcome: 'solved', resolvedOn: '2026-11-23', allowed: { resolve: false, feedback: true, progress: true } });

    const noComment = await refused(C, 'escalation.feedback', { id: ids.main, feedback: { satisfied: 'unsatisfied', comment: null } });
    expect(noComment).toMatchObject({ code: 'INVALID_INPUT', details: { field: 'feedback.comment' } });
    v = await h.ok<EscalationDetail>(C, 'escalation.feedback', { id: ids.main, feedback: { satisfied: 'unsatisfied', comment: '前后跑了三趟' } });
    expect(v).toMatchObject({ state: 'closed', feedback: 'unsatisfied', feedbackComment: '前后跑了三趟', allowed: { reopen: false } });
    expect((await h.ok<EscalationDetail>(SUP, 'escalation.get', { id: ids.main })).allowed.reopen).toBe(true);

    expect(await refused(SUP, 'escalation.reopen', { id: ids.main, reopen: { reason: '复核', deadline: '2026-11-20' } })).toMatchObject({ code: 'INVALID_INPUT', details: { field: 'reopen.deadline' } });
    v = await h.ok<EscalationDetail>(SUP, 'escalation.reopen', { id: ids.main, reopen: { reason: '申请人反映多次往返，复核各环节用时', deadline: '2026-12-02' } });
    expect(v).toMatchObject({ state: 'in_progress', deadline: '2026-12-02', outcome: null, feedback: null });
    await h.ok(SUP, 'escalation.resolve', { id: ids.main, resolution: { outcome: 'solved', detail: '已向申请人说明各环节用时并致歉。', resolvedOn: '2026-11-23' } });
    v = await h.ok<EscalationDetail>(C, 'escalation.feedback', { id: ids.main, feedback: { satisfied: 'basic', comment: null } });
    expect(v.state).toBe('closed');
    expect(v.timeline.map((s) => s.kind)).toEqual(['opened', 'assigned', 'progressed', 'resolved', 'feedback', 'reopened', 'resolved', 'feedback']);
    expect(v.timeline.map((s) => s.by)).toEqual(['王晓燕', '王晓燕', '王晓燕', '王晓燕', '王晓燕', '刘海涛', '刘海涛', '王晓燕']);
    expect(await refused(SUP, 'escalation.reopen', { id: ids.main, reopen: { reason: '再查', deadline: '2026-12-02' } })).toMatchObject({
      code: 'INVALID_TRANSITION',
      message: '申请人对办理结果满意或基本满意，无需重新办理。',
    });
  });

  it('shows on the board: open, overdue after the deadline passes, resolved today', async () => {
    let b = await h.ok<Board>(SUP, 'supervision.board');
    // The main one was resolved (twice) today; the supervisor's and the unassigned one are open.
    expect(b.escalations).toEqual({ open: 2, overdue: 0, resolvedToday: 1, overdueRows: [] });

    // Thursday: the supervisor's record (deadline Wednesday) is overdue; nothing resolved today.
    h.clock.now += 3 * DAY;
    await signIn(h);
    b = await h.ok<Board>(SUP, 'supervision.board');
    const second = await h.ok<EscalationDetail>(SUP, 'escalation.get', { id: ids.second });
    expect(second.overdue).toBe(true);
    expect(b.escalations).toEqual({
      open: 2,
      overdue: 1,
      resolvedToday: 0,
      overdueRows: [{ id: ids.second, number: second.number, problem: expect.stringMatching(/^父亲去世后办理房产继承过户.*…$/), deadline: '2026-11-25', leadStaff: '刘海涛' }],
    });
    expect((await h.ok<EscalationList>(C, 'escalation.list', { status: 'overdue' })).rows.map((r) => [r.id, r.overdue])).toEqual([[ids.second, true]]);

    // A later deadline moves it off the overdue list; resolving it counts today.
    await h.ok(SUP, 'escalation.assign', { id: ids.second, assignment: { staff: [{ clerkId: clerkId('刘海涛'), name: '刘海涛' }], departments: ['gaj'], deadline: '2026-12-04' } });
    await h.ok(SUP, 'escalation.resolve', { id: ids.second, resolution: { outcome: 'partly', detail: '户籍证明已出具，公证另行预约。', resolvedOn: '2026-11-26' } });
    b = await h.ok<Board>(SUP, 'supervision.board');
    expect(b.escalations).toEqual({ open: 1, overdue: 0, resolvedToday: 1, overdueRows: [] });
    // Escalations are not cases: the case figures know nothing of them.
    expect(b.cases).toMatchObject({ acceptedToday: 0, inReview: 0, ready: 0 });
  });

  it('gives the same rows after a rebuild from the log and after a restart', { timeout: 120_000 }, async () => {
    const store = h.host.services.store;
    const live = await store.escalations.snapshot();
    expect(live.escalations).toHaveLength(3);
    expect(live.steps.length).toBeGreaterThanOrEqual(14);
    await store.events.rebuildProjections();
    expect(await store.escalations.snapshot()).toEqual(live);

    const before = await h.ok<EscalationDetail>(SUP, 'escalation.get', { id: ids.main });
    const list = await h.ok<EscalationList>(SUP, 'escalation.list', {});
    const now = h.clock.now;
    await h.host.close();
    h = await testHost({ dataDir: dir });
    h.clock.now = now;
    await signIn(h);
    expect(await h.ok<EscalationDetail>(SUP, 'escalation.get', { id: ids.main })).toEqual(before);
    expect(await h.ok<EscalationList>(SUP, 'escalation.list', {})).toEqual(list);
    // The number sequence carries on after the restart.
    const next = await h.ok<EscalationDetail>(C, 'escalation.open', openInput({ assignment: null }));
    expect(new Set((await h.ok<EscalationList>(SUP, 'escalation.list', {})).rows.map((r) => r.number)).size).toBe(4);
    expect(next.number).toMatch(ESCALATION_NUMBER_RE);
  });
});

describe('办不成事 through the central service', () => {
  let c: RunningCentral;
  let a1: TestCounter;
  let a2: TestCounter;
  let b1: TestCounter;

  beforeAll(async () => {
    c = await startCentral({ kind: 'sqlite' });
    a1 = await startCounter({ centralUrl: c.url, hallCode: 'H1' });
    a2 = await startCounter({ centralUrl: c.url, hallCode: 'H1' });
    b1 = await startCounter({ centralUrl: c.url, hallCode: 'H2' });
    await a1.enrol(await c.issueCode('H1'));
    await a2.enrol(await c.issueCode('H1'));
    await b1.enrol(await c.issueCode('H2'));
  }, 60_000);
  afterAll(async () => {
    await a1?.close();
    await a2?.close();
    await b1?.close();
    await c?.close();
  });

  it('another counter of the hall carries the record on; another hall is refused', async () => {
    const id = newId();
    const applicant = { name: '刘建国', phone: '13904571234', idNumber: null };
    await a1.store.events.append({ actorId: 'clerk-1' }, [
      {
        type: 'escalation.opened',
        caseId: id,
        payload: { number: 'BBCS-H1-20261123-AAAA-0001', hallCode: 'H1', applicant, problem: '继承过户办不成', triedWhere: [{ place: '不动产登记中心', when: null, result: null }], category: null },
      },
      { type: 'escalation.assigned', caseId: id, payload: { staff: [{ clerkId: null, name: '王晓燕' }], departments: ['gaj'], deadline: '2026-11-30' } },
    ]);
    expect(await a1.engine.syncNow()).toMatchObject({ accepted: 2, rejected: 0 });
    const row = await c.central.db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ hall_code: 'H1', state: 'escalation:in_progress', departments: '[]' });

    // The other counter pulls it and goes on: the service judges against the state it stored.
    await a2.engine.syncNow();
    expect(await a2.store.escalations.get(id)).toMatchObject({ state: 'in_progress', number: 'BBCS-H1-20261123-AAAA-0001', staff: [{ name: '王晓燕' }] });
    await a2.store.events.append({ actorId: 'clerk-2' }, [
      { type: 'escalation.progressed', caseId: id, payload: { note: '已联系公安局' } },
      { type: 'escalation.resolved', caseId: id, payload: { outcome: 'solved', detail: '已出具证明', resolvedOn: '2026-11-23' } },
    ]);
    expect(await a2.engine.syncNow()).toMatchObject({ accepted: 2, rejected: 0 });
    expect((await c.central.db.selectFrom('cases').select('state').where('id', '=', id).executeTakeFirstOrThrow()).state).toBe('escalation:resolved');
    await a1.engine.syncNow();
    expect(await a1.store.escalations.get(id)).toMatchObject({ state: 'resolved', outcome: 'solved' });
    expect((await a1.store.escalations.steps(id)).map((s) => s.kind)).toEqual(['opened', 'assigned', 'progressed', 'resolved']);

    // Another hall never receives it, and an event it forges for it is refused.
    await b1.engine.syncNow();
    expect(await b1.store.escalations.get(id)).toBeNull();
    const tokenB = await c.enrol('dev-forger', 'H2');
    const base = { id: newId(), caseId: id, type: 'escalation.feedback', payload: { satisfied: 'satisfied', comment: null }, actorId: 'x', deviceId: 'dev-forger', hlc: '000000000000001:000000:dev-forger', createdAt: new Date().toISOString(), prevHash: '0'.repeat(64) };
    const forged: WireEvent = { ...base, hash: eventHash({ ...base, type: base.type as EventType, payloadJson: JSON.stringify(base.payload) }) };
    const res = await fetch(`${c.url}/sync/push`, { method: 'POST', headers: { authorization: `Bearer ${tokenB}`, 'content-type': 'application/json' }, body: JSON.stringify({ events: [forged] }) });
    const acks = ((await res.json()) as { acks: Ack[] }).acks;
    expect(acks).toEqual([expect.objectContaining({ status: 'rejected', code: 'FORBIDDEN', reason: '本机不属于该记录所属的大厅，不能办理此记录。' })]);

    // Rebuilt from the log, each counter has the same rows as live.
    for (const d of [a1, a2]) {
      const live = await d.store.escalations.snapshot();
      await d.store.events.rebuildProjections();
      expect(await d.store.escalations.snapshot()).toEqual(live);
    }
  });
});
