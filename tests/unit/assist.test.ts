import { describe, expect, it } from 'vitest';
import { calendarData } from '../../seeds/calendar.js';
import { catalog } from '../../seeds/catalog/index.js';
import { assistInputSchema, assistProblems, assistView, homeVisitProblem, homeVisitSchema } from '../../shared/assist.js';
import { createCalendar } from '../../shared/calendar.js';
import { indexCatalog } from '../../shared/catalog-builders.js';
import { eventPayloads } from '../../shared/events.js';
import { deriveFacts, type FactEvent } from '../../shared/reports/facts.js';
import { idNumber } from '../helpers/intake.js';

// 帮办代办 and 上门服务: the record's schema and its Chinese messages, and what they do to a case's
// report facts (assisted, 代办, home; a home visit is no trip to the hall).

const SHA = (c: string) => c.repeat(64);
const GUARDIAN = idNumber('19600101', 321);

const help = {
  mode: 'help',
  staff: { clerkId: null, name: '赵敏' },
  actions: ['fill_form', 'read_aloud'],
  authorization: { kind: 'present' },
  confirmation: { by: 'applicant', name: '王丽', method: 'screen_signature', confirmationBlob: SHA('a') },
};
const proxy = {
  mode: 'proxy',
  staff: { clerkId: 'c-1', name: '赵敏' },
  actions: ['submit', 'collect'],
  note: '申请人卧床，工作人员代为提交',
  authorization: { kind: 'letter', authorizationBlobs: [SHA('b')] },
  confirmation: { by: 'guardian', name: '王强', idNumber: GUARDIAN.toLowerCase(), relation: '儿子', method: 'paper_fingerprint', confirmationBlob: SHA('c') },
};

const messages = (input: unknown) => {
  const r = assistInputSchema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('assistance record schema', () => {
  it('accepts a 帮办 with the applicant present and a 代办 with a letter confirmed by the guardian', () => {
    expect(messages(help)).toEqual([]);
    const p = assistInputSchema.parse(proxy);
    // The guardian's number is kept upper-cased and in full on record; the view masks it.
    expect(p.confirmation.idNumber).toBe(GUARDIAN);
    const v = assistView('e1', '2026-11-23T01:00:00.000Z', '刘海涛', p);
    expect(v.confirmation!.idNumberMasked).toBe(`${GUARDIAN.slice(0, 4)}**********${GUARDIAN.slice(-4)}`);
    expect(JSON.stringify(v)).not.toContain(GUARDIAN);
    expect(v.summary).toBe('代办 · 赵敏 · 代为提交申请、代为领取结果 · 监护人王强（儿子）按手印确认');
    expect(v.authorizationBlobs).toEqual([SHA('b')]);
    // The event payload schema is the same one: the central service checks the same rules.
    expect(eventPayloads['assist.recorded'].safeParse(proxy).success).toBe(true);
  });

  it('refuses a 代办 without a letter, a guardian without relation or number, and 其他 without a note, saying how to go on', () => {
    expect(messages({ ...proxy, authorization: { kind: 'present' } })).toEqual([
      'authorization: 代办须有申请人的授权委托书：请扫描或附加授权委托书；申请人在场的请改选“帮办”。',
    ]);
    expect(messages({ ...proxy, authorization: { kind: 'letter', authorizationBlobs: [] } })).toEqual(['authorization.authorizationBlobs: 请扫描或附加授权委托书']);
    expect(messages({ ...proxy, confirmation: { ...proxy.confirmation, relation: null, idNumber: null } })).toEqual([
      'confirmation.relation: 由监护人确认的，请填写监护人与申请人的关系。',
      'confirmation.idNumber: 由监护人确认的，请读取或填写监护人的证件号码。',
    ]);
    expect(messages({ ...proxy, confirmation: { ...proxy.confirmation, idNumber: '230101196001013210' } })[0]).toMatch(/^confirmation\.idNumber: 监护人证件号码有误：/);
    expect(messages({ ...help, actions: ['other'] })).toEqual(['note: 选择了“其他”，请在说明中写明代为办理的内容。']);
    expect(messages({ ...help, actions: [] })).toEqual(['actions: 请至少选择一项帮办代办内容']);
    expect(messages({ ...help, staff: { clerkId: null, name: ' ' } })).toEqual(['staff.name: 请填写提供帮办代办的工作人员姓名']);
    expect(messages({ ...help, confirmation: { ...help.confirmation, relation: '本人' } })).toEqual([
      'confirmation.by: 申请人本人确认时不填关系和证件号码；由监护人确认的，请选择“监护人”。',
    ]);
    // The same rules as a list, for the host to report the first.
    expect(assistProblems(assistInputSchema.parse(help))).toEqual([]);
  });

  it('checks a home visit: address, at least one staff member, not dated after today', () => {
    const ok = homeVisitSchema.parse({ address: '漠河市北极镇北红村 12 号', staff: ['赵敏', '李想'], date: '2026-11-20' });
    expect(homeVisitProblem(ok, '2026-11-23')).toBeNull();
    expect(homeVisitProblem(ok, '2026-11-19')).toBe('上门日期 2026-11-20 晚于今天，请核对后重新填写。');
    const bad = homeVisitSchema.safeParse({ address: '北红村', staff: [], date: '2026-11-20' });
    expect(bad.success ? [] : bad.error.issues.map((i) => i.message)).toEqual(['请填写上门服务的详细地址（区县、街道、门牌）', '请至少填写一名上门工作人员']);
  });
});

describe('report facts of assisted and home cases', () => {
  const ix = indexCatalog(catalog);
  const ctx = { catalog: (v: string) => (v === catalog.version ? ix : null), calendar: createCalendar(calendarData()) };
  const BIRTH = 'hlj.newborn.birth-certificate';
  let n = 0;
  const ev = (type: string, payload: unknown, day: string): FactEvent => ({ id: `e${++n}`, type, payload, actorId: 'clerk-1', deviceId: 'dev-a', createdAt: `${day}T10:00:00+08:00` });
  const handed = (channel: string, day: string) =>
    ev('delivery.handed_over', { receiptNo: 'X-1-C1', itemIds: [BIRTH], channel, recipient: null, authorizationBlobs: [], entries: [], signatureBlob: null, signedPaperBlobs: [], ratingCode: 'ABCDEFGH' }, day);

  function caseEvents(opts: { homeIntake?: string; channel: string; assists?: unknown[] }): FactEvent[] {
    return [
      ev('case.drafted', { bundleId: 'hlj.newborn', itemIds: [BIRTH], catalogVersion: catalog.version, hallCode: '232701', applicantKind: 'person', ticketRef: null }, '2026-11-23'),
      ev('case.draft_updated', { priority: 'disabled' }, '2026-11-23'),
      ...(opts.homeIntake ? [ev('assist.home_intake', { address: '漠河市北极镇北红村 12 号', staff: ['赵敏'], date: opts.homeIntake, note: null }, '2026-11-23')] : []),
      ...(opts.assists ?? []).map((a) => ev('assist.recorded', a, '2026-11-23')),
      ev('case.accepted', { caseNumber: 'X-1', pendingMaterials: [], commitmentDeadline: null, commitmentBlob: null, expectedDate: null, delivery: { method: 'window', address: null } }, '2026-11-23'),
      ev('item.state_changed', { itemId: BIRTH, departmentId: 'wjw', to: 'queued' }, '2026-11-23'),
      ev('item.state_changed', { itemId: BIRTH, departmentId: 'wjw', to: 'received' }, '2026-11-24'),
      ev('item.state_changed', { itemId: BIRTH, departmentId: 'wjw', to: 'approved' }, '2026-11-24'),
      handed(opts.channel, '2026-11-26'),
      ev('case.delivered', { channel: opts.channel }, '2026-11-26'),
    ];
  }

  it('counts the window trips: intake and pickup; none for a case taken in and handed over at home', () => {
    const atHall = deriveFacts('c1', caseEvents({ channel: 'window' }), ctx)!.case;
    expect(atHall).toMatchObject({ visitsMade: 2, assisted: 0, proxy: false, home: false, priority: 'disabled' });
    const atHome = deriveFacts('c2', caseEvents({ channel: 'home', homeIntake: '2026-11-23', assists: [help, proxy] }), ctx)!.case;
    expect(atHome).toMatchObject({ visitsMade: 0, assisted: 2, proxy: true, home: true, deliveredDate: '2026-11-26' });
    // Handed over at home only: the intake day still was a trip.
    const homeDelivery = deriveFacts('c3', caseEvents({ channel: 'home', assists: [help] }), ctx)!.case;
    expect(homeDelivery).toMatchObject({ visitsMade: 1, assisted: 1, proxy: false, home: true });
    // Taken in at home on an earlier day and recorded at the counter later: neither day is a trip.
    const late = deriveFacts('c4', caseEvents({ channel: 'window', homeIntake: '2026-11-20' }), ctx)!.case;
    expect(late).toMatchObject({ visitsMade: 1, home: true });
  });
});
