import { copyFileSync, existsSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../seeds/demo.js';
import type { Board } from '../../shared/api/board.js';
import type { AppointmentList, ImportReport, QueueState } from '../../shared/api/hall-queue.js';
import type { CaseView } from '../../shared/api/intake.js';
import type { EventPayload } from '../../shared/events.js';
import { testHost } from '../helpers/host.js';
import { completeFields, idNumber, receiveMaterials } from '../helpers/intake.js';
import { startQueueStandIn, type QueueStandIn } from '../helpers/queue-standin.js';
import { tempDir } from '../helpers/tmp.js';

// 预约 and 叫号 through a real host and a real HTTP stand-in of the hall's queue and booking
// systems: dropped files become the day's list (bad rows reported, good rows kept, each file once),
// the pull adapter, priority tickets first, recall / no-show / transfer as the stand-in received
// them, a queue system that is down, a ticket kept across a restart, a case started from the
// ticket with its appointment's applicant, and the wait on the supervision board.

type TH = Awaited<ReturnType<typeof testHost>>;
const C = 'counter';
const SUP = 'zb01';
const ADMIN = 'admin';
const BIRTH = 'hlj.newborn.birth-certificate';
const HUKOU = 'hlj.newborn.hukou';
const MIN = 60_000;
const ID = idNumber('19900215', 246);

let h: TH;
let q: QueueStandIn;
const drop = tempDir('yct-drop-');
const dir = tempDir('yct-hq-');

async function signIn(t: TH) {
  for (const [client, staffNo] of [[C, 'sj01'], [SUP, SUP], [ADMIN, 'admin'], ['cj01', 'cj01']] as const) await t.ok(client, 'auth.signIn', { staffNo, password: DEMO_PASSWORD });
}

/** A file as the booking system leaves it: written a while ago (newer ones are left for the next pass). */
function dropFile(name: string, content: string | Buffer, ageMs = 60_000) {
  const path = join(drop.dir, name);
  writeFileSync(path, content);
  const t = (Date.now() - ageMs) / 1000;
  utimesSync(path, t, t);
  return path;
}

async function error(client: string, method: string, input: unknown = {}) {
  const r = await h.call(client, method, input);
  if (r.ok) throw new Error(`${method} should have failed`);
  return r.error;
}

const at = (minutesBefore: number) => new Date(h.clock.now - minutesBefore * MIN).toISOString();

beforeAll(async () => {
  h = await testHost({ dataDir: dir.dir });
  q = await startQueueStandIn();
  await signIn(h);
}, 60_000);

afterAll(async () => {
  await h?.host.close();
  await q?.close();
  drop.cleanup();
  dir.cleanup();
});

describe('预约 and 叫号 at the counter', () => {
  it('says how to set the adapters up while they are not, without inventing data', async () => {
    const state = await h.ok<QueueState>(C, 'hallQueue.current');
    expect(state).toMatchObject({ configured: false, ticket: null });
    expect(state.hint).toContain('设置 → 叫号与预约');
    expect(await error(C, 'hallQueue.callNext')).toMatchObject({ code: 'DEVICE_ERROR', message: state.hint });
    const list = await h.ok<AppointmentList>(C, 'hallQueue.appointments');
    expect(list).toMatchObject({ date: '2026-11-23', configured: false, rows: [] });
    expect(list.hint).toContain('预约文件夹');
    expect(await error(C, 'hallQueue.importNow')).toMatchObject({ code: 'INVALID_INPUT' });
    // The counter's roles only; the settings are the admin's.
    expect(await error('cj01', 'hallQueue.callNext')).toMatchObject({ code: 'FORBIDDEN' });
    expect(await error(C, 'admin.hallQueueConfigure', { queue: { url: q.url, windowNo: '5' } })).toMatchObject({ code: 'FORBIDDEN' });
    expect(await error(ADMIN, 'admin.hallQueueConfigure', { queue: { url: 'ftp://x/queue', windowNo: '5' } })).toMatchObject({ code: 'INVALID_INPUT' });

    const saved = await h.ok(ADMIN, 'admin.hallQueueConfigure', {
      appointments: { dropDir: drop.dir, pullUrl: `${q.url}/appointments` },
      queue: { url: q.url, windowNo: '5', timeoutMs: 1000 },
    });
    expect(saved).toEqual({ appointments: { dropDir: drop.dir, pullUrl: `${q.url}/appointments` }, queue: { url: q.url, windowNo: '5', timeoutMs: 1000 } });
    expect(await h.ok(ADMIN, 'admin.hallQueueSettings')).toEqual(saved);
  });

  it('imports dropped CSV and JSON files into the day list, reporting bad rows and keeping good ones', async () => {
    dropFile(
      'booking-1123.csv',
      '\uFEFF预约号,姓名,手机号码,证件号码,一件事,日期,时段\r\n' +
        `B001,张三,13904571234,${ID},新生儿出生,2026-11-23,09:00-09:30\r\n` +
        'B002,李四,1390457,,新生儿出生,2026-11-23,09:30-10:00\r\n' +
        'B003,王五,13904571236,,hlj.newborn,2026-11-23,10:30-11:00\r\n' +
        'B004,赵六,13904571237,,hlj.newborn,2026-11-24,09:00-09:30\r\n',
    );
    dropFile('booking-1123.json', JSON.stringify({ appointments: [{ id: 'J001', name: '钱七', phone: '13904571238', bundleId: 'hlj.newborn', date: '2026-11-23', slot: '10:00-10:30' }] }));
    dropFile('notes.txt', 'not an appointment file');

    const list = await h.ok<AppointmentList>(C, 'hallQueue.appointments');
    expect(list.configured).toBe(true);
    expect(list.rows.map((r) => [r.slot, r.id, r.name, r.bundleName, r.caseId])).toEqual([
      ['09:00-09:30', 'B001', '张三', '新生儿出生', null],
      ['10:00-10:30', 'J001', '钱七', '新生儿出生', null],
      ['10:30-11:00', 'B003', '王五', '新生儿出生', null],
    ]);
    // Phone and ID number masked in the list.
    expect(list.rows[0]).toMatchObject({ phoneMasked: '139****1234', idNumberMasked: `${ID.slice(0, 4)}**********${ID.slice(-4)}` });
    expect(JSON.stringify(list)).not.toContain(ID);
    expect(list.problems).toHaveLength(1);
    expect(list.problems[0]!.file).toBe('booking-1123.csv');
    expect(list.problems[0]!.errors).toHaveLength(1);
    expect(list.problems[0]!.errors[0]).toMatch(/^第 3 行：手机号码格式不正确/);
    // Tomorrow's appointment is kept for tomorrow.
    expect((await h.ok<AppointmentList>(C, 'hallQueue.appointments', { date: '2026-11-24' })).rows.map((r) => r.id)).toEqual(['B004']);

    // Both files moved to 已导入; the other file is left alone.
    expect(readdirSync(drop.dir).sort()).toEqual(['notes.txt', '已导入']);
    const done = readdirSync(join(drop.dir, '已导入'));
    expect(done.filter((n) => n.endsWith('-booking-1123.csv'))).toHaveLength(1);
    expect(done.filter((n) => n.endsWith('-booking-1123.json'))).toHaveLength(1);
  });

  it('imports a file once by its content, and leaves a file still being written for the next pass', async () => {
    const done = readdirSync(join(drop.dir, '已导入'));
    // The booking system drops the same export again under another name: not imported twice.
    copyFileSync(join(drop.dir, '已导入', done.find((n) => n.endsWith('.csv'))!), join(drop.dir, 'again.csv'));
    utimesSync(join(drop.dir, 'again.csv'), (Date.now() - 60_000) / 1000, (Date.now() - 60_000) / 1000);
    dropFile('late.csv', '预约号,姓名,手机号码,一件事,日期,时段\nB010,孙八,13904571239,新生儿出生,2026-11-23,11:00-11:30\n', 0);
    const r = await h.ok<{ report: ImportReport; list: AppointmentList }>(C, 'hallQueue.importNow');
    expect(r.report.files).toEqual([]);
    expect(r.report.waiting).toEqual(['late.csv']);
    expect(existsSync(join(drop.dir, 'again.csv'))).toBe(false);
    expect(r.list.rows).toHaveLength(3);

    utimesSync(join(drop.dir, 'late.csv'), (Date.now() - 60_000) / 1000, (Date.now() - 60_000) / 1000);
    const after = await h.ok<AppointmentList>(C, 'hallQueue.appointments');
    expect(after.rows.map((x) => x.id)).toEqual(['B001', 'J001', 'B003', 'B010']);
  });

  it('pulls the day list over HTTP from the booking system, upserting by booking number', async () => {
    q.setAppointments([
      { id: 'P001', name: '周九', phone: '13904571240', bundleId: 'hlj.newborn', date: '2026-11-23', slot: '13:00-13:30' },
      // The booking system moved 王五 to the afternoon.
      { 预约号: 'B003', 姓名: '王五', 手机号码: '13904571236', 一件事: '新生儿出生', 日期: '2026-11-23', 时段: '14:00-14:30' },
      { id: 'P002', name: '吴十', phone: '13904571241', bundleId: 'no.such', date: '2026-11-23', slot: '15:00-15:30' },
      { id: 'P003', name: '郑一', phone: '13904571242', bundleId: 'hlj.newborn', date: '2026-11-25', slot: '09:00-09:30' },
    ]);
    const r = await h.ok<{ report: ImportReport; list: AppointmentList }>(C, 'hallQueue.importNow');
    const pulls = q.calls.filter((c) => c.path === '/appointments');
    expect(pulls.at(-1)).toMatchObject({ method: 'GET', query: { date: '2026-11-23' } });
    // The stand-in answers by date: the 25th is not in today's answer.
    expect(r.report.pull).toEqual({ imported: 2, errors: ['第 3 条：事项目录中没有“no.such”这件“一件事”，请核对名称或编号'] });
    expect(r.list.rows.map((x) => [x.slot, x.id])).toEqual([
      ['09:00-09:30', 'B001'],
      ['10:00-10:30', 'J001'],
      ['11:00-11:30', 'B010'],
      ['13:00-13:30', 'P001'],
      ['14:00-14:30', 'B003'],
    ]);
  });

  it('calls the priority-lane ticket first, and the rest in the order they were drawn', async () => {
    q.issue({ number: 'A001', issuedAt: at(30) });
    q.issue({ number: 'A002', issuedAt: at(25) });
    q.issue({ number: 'Y001', lane: 'priority', issuedAt: at(5) });
    let r = await h.ok<{ state: QueueState; empty: boolean }>(C, 'hallQueue.callNext');
    expect(r.empty).toBe(false);
    expect(r.state.ticket).toMatchObject({ number: 'Y001', lane: 'priority', issuedAt: at(5), calledAt: at(0), recalls: 0, caseId: null });
    expect(q.calls.at(-1)).toMatchObject({ method: 'POST', path: '/call', body: { windowNo: '5' } });
    r = await h.ok(C, 'hallQueue.callNext');
    expect(r.state.ticket!.number).toBe('A001');
    r = await h.ok(C, 'hallQueue.callNext');
    expect(r.state.ticket!.number).toBe('A002');
    // Nobody waits: the answer says so and the ticket being served stays.
    r = await h.ok(C, 'hallQueue.callNext');
    expect(r.empty).toBe(true);
    expect(r.state.ticket!.number).toBe('A002');
  });

  it('sends recall, no-show and transfer to the queue system', async () => {
    let s = await h.ok<QueueState>(C, 'hallQueue.recall');
    expect(s.ticket).toMatchObject({ number: 'A002', recalls: 1 });
    expect(q.calls.at(-1)).toMatchObject({ path: '/recall', body: { number: 'A002', windowNo: '5' } });

    s = await h.ok<QueueState>(C, 'hallQueue.noShow');
    expect(s.ticket).toBeNull();
    expect(q.calls.at(-1)).toMatchObject({ path: '/no-show', body: { number: 'A002' } });
    expect(q.noShows()).toEqual(['A002']);
    expect(await error(C, 'hallQueue.recall')).toMatchObject({ code: 'NOT_FOUND' });

    q.issue({ number: 'A003', issuedAt: at(3) });
    await h.ok(C, 'hallQueue.callNext');
    expect(await error(C, 'hallQueue.transfer', { toWindow: '5' })).toMatchObject({ code: 'INVALID_INPUT' });
    s = await h.ok<QueueState>(C, 'hallQueue.transfer', { toWindow: '7' });
    expect(s.ticket).toBeNull();
    expect(q.calls.at(-1)).toMatchObject({ path: '/transfer', body: { number: 'A003', toWindow: '7' } });
    // It now waits for window 7, not for this one.
    expect(q.waiting('7').map((t) => t.number)).toEqual(['A003']);
    expect(q.waiting('5')).toEqual([]);
  });

  it('keeps the current ticket when the queue system is down or slow, and across a restart', async () => {
    q.issue({ number: 'A004', bundleId: 'hlj.newborn', appointmentId: 'B001', issuedAt: at(20) });
    const called = await h.ok<{ state: QueueState }>(C, 'hallQueue.callNext');
    expect(called.state.ticket).toMatchObject({ number: 'A004', bundleName: '新生儿出生', appointment: { id: 'B001', name: '张三', phoneMasked: '139****1234', slot: '09:00-09:30' } });

    await q.down();
    const e = await error(C, 'hallQueue.callNext');
    expect(e.code).toBe('DEVICE_ERROR');
    expect(e.message).toMatch(/^叫号系统连接失败（无法连接），呼叫下一位未完成。请检查网络后重试，或改用手工叫号/);
    expect((await error(C, 'hallQueue.recall')).message).toMatch(/叫号系统连接失败.*重呼未完成/);
    expect((await h.ok<QueueState>(C, 'hallQueue.current')).ticket).toMatchObject({ number: 'A004', recalls: 0 });
    await q.up();

    q.setDelay(1500); // longer than the configured 1 s
    expect((await error(C, 'hallQueue.noShow')).message).toMatch(/^叫号系统连接失败（响应超时），过号未完成/);
    q.setDelay(0);
    expect((await h.ok<QueueState>(C, 'hallQueue.current')).ticket!.number).toBe('A004');

    // A restart of the counter keeps the ticket being served.
    const clock = h.clock.now;
    await h.host.close();
    h = await testHost({ dataDir: dir.dir });
    h.clock.now = clock;
    await signIn(h);
    expect((await h.ok<QueueState>(C, 'hallQueue.current')).ticket).toMatchObject({ number: 'A004', appointmentId: 'B001', issuedAt: at(20), calledAt: at(0) });
  }, 30_000);

  it('starts the case from the ticket with the bundle and the appointment applicant, once', async () => {
    const v = await h.ok<CaseView>(C, 'intake.start', { bundleId: 'hlj.newborn', itemIds: [BIRTH, HUKOU], applicantKind: 'person', source: { kind: 'ticket' } });
    expect(v.ticketRef).toBe('A004');
    expect(v.bundle.id).toBe('hlj.newborn');
    expect(v.data.fields).toMatchObject({ 'applicant.name': '张三', 'applicant.phone': '13904571234', 'applicant.idNumber': ID });
    const events = await h.host.services.store.events.caseEvents(v.id);
    expect(events.map((e) => e.type)).toEqual(['case.drafted', 'case.draft_updated']);
    expect((events[0]!.payload as EventPayload<'case.drafted'>).ticket).toEqual({ number: 'A004', lane: 'normal', issuedAt: at(20), calledAt: at(0) });

    expect((await h.ok<QueueState>(C, 'hallQueue.current')).ticket).toMatchObject({ number: 'A004', caseId: v.id });
    const list = await h.ok<AppointmentList>(C, 'hallQueue.appointments');
    expect(list.rows.find((r) => r.id === 'B001')).toMatchObject({ caseId: v.id, caseState: 'draft' });
    // A second start (a double click, the other panel) is refused and names where to go on.
    const again = await error(C, 'intake.start', { bundleId: 'hlj.newborn', itemIds: [BIRTH], applicantKind: 'person', source: { kind: 'ticket' } });
    expect(again).toMatchObject({ code: 'CONFLICT', message: 'A004 号已开始收件，请在“草稿与待补正”中继续该办件。' });
    expect(await error(C, 'intake.start', { bundleId: 'hlj.newborn', itemIds: [BIRTH], applicantKind: 'person', source: { kind: 'appointment', appointmentId: 'B001' } })).toMatchObject({
      code: 'CONFLICT',
    });
    expect(await error(C, 'intake.start', { bundleId: 'hlj.newborn', itemIds: [BIRTH], applicantKind: 'person', source: { kind: 'appointment', appointmentId: 'NOPE' } })).toMatchObject({
      code: 'NOT_FOUND',
    });

    // Accepted 8 minutes after the call: the board shows both waits.
    h.clock.now += 8 * MIN;
    let c = await h.ok<CaseView>(C, 'intake.update', { id: v.id, expectedSeq: v.lastEventSeq, patch: { fields: completeFields(v) } });
    c = await h.ok<CaseView>(C, 'intake.update', { id: c.id, expectedSeq: c.lastEventSeq, patch: { materials: receiveMaterials(c) } });
    expect(c.data.fields['applicant.name']).toBe('张三');
    c = await h.ok<CaseView>(C, 'intake.accept', { id: c.id, expectedSeq: c.lastEventSeq, delivery: { method: 'window', address: null } });
    expect(c.state).toBe('in_review');

    // An appointment without a ticket: the booking number is the reference, no wait is counted.
    const b = await h.ok<CaseView>(C, 'intake.start', { bundleId: 'hlj.newborn', itemIds: [BIRTH], applicantKind: 'person', source: { kind: 'appointment', appointmentId: 'J001' } });
    expect(b.ticketRef).toBe('J001');
    expect(b.data.fields).toMatchObject({ 'applicant.name': '钱七', 'applicant.phone': '13904571238' });
    expect(b.data.fields['applicant.idNumber']).toBeUndefined();
    expect(((await h.host.services.store.events.caseEvents(b.id))[0]!.payload as EventPayload<'case.drafted'>).ticket).toBeUndefined();

    const board = await h.ok<Board>(SUP, 'supervision.board');
    expect(board.queueWaits).toEqual({ cases: 1, issuedToCalled: { avgSeconds: 20 * 60, maxSeconds: 20 * 60 }, calledToAccepted: { avgSeconds: 8 * 60, maxSeconds: 8 * 60 } });
    const rows = (await h.ok<AppointmentList>(C, 'hallQueue.appointments')).rows;
    expect(rows.find((r) => r.id === 'B001')).toMatchObject({ caseNumber: c.caseNumber, caseState: 'in_review' });
  });

  it('rebuilds the ticket times from the log exactly as they were projected', async () => {
    const before = await h.host.services.store.snapshotProjections();
    const withTicket = (before.cases as { ticket_ref: string | null; ticket_issued_at: string | null; ticket_called_at: string | null; ticket_lane: string | null }[]).filter((x) => x.ticket_issued_at);
    expect(withTicket).toEqual([expect.objectContaining({ ticket_ref: 'A004', ticket_lane: 'normal', ticket_issued_at: at(28), ticket_called_at: at(8) })]);
    await h.ok(ADMIN, 'admin.rebuildProjections');
    expect(await h.host.services.store.snapshotProjections()).toEqual(before);
    // The appointments are device-local data, untouched by a rebuild.
    expect((await h.ok<AppointmentList>(C, 'hallQueue.appointments')).rows.find((r) => r.id === 'B001')!.caseId).not.toBeNull();
  });
});
