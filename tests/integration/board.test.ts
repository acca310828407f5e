import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, demoInstallation } from '../../seeds/demo.js';
import type { Board } from '../../shared/api/board.js';
import type { DeliveryView } from '../../shared/api/delivery.js';
import type { CaseView } from '../../shared/api/intake.js';
import type { MethodOutput } from '../../shared/api/contract.js';
import type { SubApplication } from '../../shared/api/routing.js';
import { startCentral, type RunningCentral } from '../helpers/central.js';
import { testHost } from '../helpers/host.js';
import { completeFields, creditCode, idNumber, receiveMaterials } from '../helpers/intake.js';

// 电子监察 · 今日看板 through the real host: known cases give known figures today; a week later
// the overdue item is red and the 容缺 case past its commitment deadline is listed; the hall's
// devices come from a real central service, and its absence is said on the board.

type TH = Awaited<ReturnType<typeof testHost>>;
type Warnings = MethodOutput<'supervision.warnings'>;

const BIRTH_CERT = 'hlj.newborn.birth-certificate';
const HUKOU = 'hlj.newborn.hukou';
const C = 'counter';
const WJW = 'sp02';
const GAJ = 'sp03';
const CJ = 'cj01';
const SUP = 'zb01';

/** Mondays to Fridays in (from, to]: the working days of a week without holidays. */
function weekdaysAfter(from: string, to: string): number {
  let n = 0;
  for (let d = Date.parse(`${from}T00:00:00Z`) + 86_400_000; d <= Date.parse(`${to}T00:00:00Z`); d += 86_400_000) {
    const wd = new Date(d).getUTCDay();
    if (wd !== 0 && wd !== 6) n++;
  }
  return n;
}

describe('supervision board through the host', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  async function host(now?: number): Promise<TH> {
    const h = await testHost();
    cleanup.push(() => h.close());
    if (now !== undefined) h.clock.now = now;
    for (const [client, staffNo] of [[C, 'sj01'], [WJW, WJW], [GAJ, GAJ], [CJ, CJ], [SUP, SUP], ['admin', 'admin']] as const) {
      await h.ok(client, 'auth.signIn', { staffNo, password: DEMO_PASSWORD });
    }
    return h;
  }

  async function draft(h: TH, serial: number, priority: string | null = null): Promise<CaseView> {
    let v = await h.ok<CaseView>(C, 'intake.start', { bundleId: 'hlj.newborn', itemIds: [BIRTH_CERT, HUKOU], applicantKind: 'person' });
    v = await h.ok<CaseView>(C, 'intake.update', {
      id: v.id,
      expectedSeq: v.lastEventSeq,
      patch: { fields: completeFields(v, { 'applicant.name': '王丽', 'applicant.idNumber': idNumber('19920304', serial) }), ...(priority ? { priority } : {}) },
    });
    return h.ok<CaseView>(C, 'intake.update', { id: v.id, expectedSeq: v.lastEventSeq, patch: { materials: receiveMaterials(v) } });
  }

  async function accepted(h: TH, serial: number, priority: string | null = null): Promise<CaseView> {
    const v = await draft(h, serial, priority);
    return h.ok<CaseView>(C, 'intake.accept', { id: v.id, expectedSeq: v.lastEventSeq, delivery: { method: 'window', address: null } });
  }

  async function decide(h: TH, who: string, caseId: string, itemId: string): Promise<void> {
    let s = await h.ok<SubApplication>(who, 'review.open', { caseId, itemId });
    s = await h.ok<SubApplication>(who, 'review.receive', { caseId, itemId, expectedVersion: s.version });
    await h.ok(who, 'review.approve', { caseId, itemId, expectedVersion: s.version, result: { number: `No.${itemId.slice(-4)}`, elicenseId: `EL-${itemId.slice(-4)}`, documentBlobs: [], note: null } });
  }

  async function ready(h: TH, serial: number, priority: string | null = null): Promise<CaseView> {
    const v = await accepted(h, serial, priority);
    await decide(h, WJW, v.id, BIRTH_CERT);
    await decide(h, GAJ, v.id, HUKOU);
    return v;
  }

  async function handOver(h: TH, v: CaseView, serial: number): Promise<void> {
    const d = await h.ok<DeliveryView>(CJ, 'delivery.open', { caseId: v.id });
    const items = [BIRTH_CERT, HUKOU];
    const ticked = [...d.items.flatMap((i) => i.entries.filter((e) => e.kind !== 'elicense').map((e) => e.key)), ...d.originals.map((e) => e.key)];
    const paper = await h.host.services.blobFiles.put(Buffer.from('%PDF-1.4 signed receipt'), 'application/pdf');
    await h.host.services.store.blobs.record(paper, new Date(h.clock.now).toISOString());
    const recipient = { name: '王丽', idNumber: idNumber('19920304', serial), verification: 'reader' };
    const done = await h.ok<{ view: DeliveryView }>(CJ, 'delivery.handOver', { caseId: v.id, expectedSeq: d.expectedSeq, itemIds: items, ticked, recipient, signedPaperBlobs: [paper.sha256] });
    expect(done.view.state).toBe('delivered');
  }

  /** An enterprise cancellation accepted with one material pending against a signed commitment. */
  async function pendingCase(h: TH): Promise<{ v: CaseView; deadline: string; material: string }> {
    let v = await h.ok<CaseView>(C, 'intake.start', { bundleId: 'hlj.enterprise-cancellation', itemIds: ['hlj.cancel.registration', 'hlj.cancel.tax'], applicantKind: 'enterprise' });
    v = await h.ok<CaseView>(C, 'intake.update', {
      id: v.id,
      expectedSeq: v.lastEventSeq,
      patch: { fields: completeFields(v, { 'enterprise.creditCode': creditCode(), 'enterprise.name': '漠河北极光商贸有限公司' }) },
    });
    const tolerable = v.evaluation.materials.find((m) => m.required && m.tolerable)!;
    v = await h.ok<CaseView>(C, 'intake.update', { id: v.id, expectedSeq: v.lastEventSeq, patch: { materials: receiveMaterials(v, [tolerable.key]) } });
    const deadline = v.evaluation.pendingLatest[tolerable.key]!;
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');
    const sig = await h.host.services.blobFiles.put(png, 'image/png');
    await h.host.services.store.blobs.record(sig, new Date(h.clock.now).toISOString());
    v = await h.ok<CaseView>(C, 'intake.acceptPending', {
      id: v.id,
      expectedSeq: v.lastEventSeq,
      delivery: { method: 'window', address: null },
      pending: [{ key: tolerable.key, deadline }],
      commitmentBlob: sig.sha256,
    });
    expect(v.state).toBe('in_review');
    return { v, deadline, material: tolerable.name };
  }

  it('counts today’s cases, the waiting applicants by lane, overdue commitments, the red item and rejected sync events', async () => {
    const h = await host();
    // Monday 2026-11-23, 09:00 in the hall.
    const a = await accepted(h, 101); // in review: birth certificate queued, hukou waits for it
    const b = await ready(h, 102, 'elderly'); // ready, waiting at the delivery window in the priority lane
    const c = await ready(h, 103); // handed over today
    await handOver(h, c, 103);
    await ready(h, 104); // ready, normal lane
    await draft(h, 105, 'pregnant'); // at the intake counter, priority lane
    await draft(h, 106); // at the intake counter
    await draft(h, 107);
    const f = await pendingCase(h);
    expect(f.deadline > '2026-11-23').toBe(true);

    // An event of case A the central service refused (recorded the way the engine records it).
    const aEvents = await h.host.services.store.events.caseEvents(a.id);
    await h.host.services.store.sync.rejectLocally(aEvents.at(-1)!.id, 'INVALID_TRANSITION', '办件状态不允许此操作', new Date(h.clock.now).toISOString());

    let board = await h.ok<Board>(SUP, 'supervision.board');
    expect(board.today).toBe('2026-11-23');
    expect(board.cases).toEqual({ acceptedToday: 5, inReview: 2, correction: 0, ready: 2, deliveredToday: 1 });
    expect(board.waiting.intake).toMatchObject({ total: 3, priority: 1, byReason: { pregnant: 1, elderly: 0 } });
    expect(board.waiting.delivery).toMatchObject({ total: 2, priority: 1, byReason: { elderly: 1, pregnant: 0 } });
    expect(board.deadlines).toEqual({ red: 0, yellow: 0, capped: false });
    expect(board.overdueCommitments).toEqual({ total: 0, rows: [] });
    expect(board.sync.rejected).toBe(1);
    expect(board.sync.latestRejected[0]).toMatchObject({ caseId: a.id, caseNumber: a.caseNumber, code: 'INVALID_TRANSITION' });
    expect(board.devices.self).toMatchObject({ state: 'not_configured', offline: false });
    expect(board.devices.hall.reachable).toBe(false);
    if (!board.devices.hall.reachable) expect(board.devices.hall.reason).toContain('未设置中心服务');
    // Only the supervisor reads the board.
    expect((await h.call(C, 'supervision.board')).ok).toBe(false);
    expect((await h.call(WJW, 'supervision.board')).ok).toBe(false);
    expect(b.caseNumber).not.toBeNull();

    // Friday 2026-11-27: the birth certificate (one working day, due Tuesday) and the tax item
    // (three, due Thursday) are overdue, and so is the commitment (no holidays in this week).
    h.clock.now = Date.parse('2026-11-27T10:00:00+08:00');
    expect(f.deadline < '2026-11-27').toBe(true);
    // Four days idle lock every session: sign in again.
    await h.ok(SUP, 'auth.signIn', { staffNo: SUP, password: DEMO_PASSWORD });
    await h.ok(C, 'auth.signIn', { staffNo: 'sj01', password: DEMO_PASSWORD });

    board = await h.ok<Board>(SUP, 'supervision.board');
    expect(board.today).toBe('2026-11-27');
    // Nothing was taken in, started or handed over on the new day; the states are as they were.
    expect(board.cases).toEqual({ acceptedToday: 0, inReview: 2, correction: 0, ready: 2, deliveredToday: 0 });
    expect(board.waiting.intake.total).toBe(0);
    expect(board.waiting.delivery.total).toBe(2);
    expect(board.deadlines).toEqual({ red: 2, yellow: 0, capped: false });
    const warnings = await h.ok<Warnings>(SUP, 'supervision.warnings', {});
    expect(warnings.red.map((r) => `${r.caseId}/${r.itemId}`).sort()).toEqual([`${a.id}/${BIRTH_CERT}`, `${f.v.id}/hlj.cancel.tax`].sort());
    expect(board.overdueCommitments.total).toBe(1);
    expect(board.overdueCommitments.rows).toEqual([
      {
        caseId: f.v.id,
        caseNumber: f.v.caseNumber,
        bundleName: '企业注销登记',
        applicant: '漠河北极光商贸有限公司',
        commitmentDeadline: f.deadline,
        overdueWorkdays: weekdaysAfter(f.deadline, '2026-11-27'),
        materials: [f.material],
      },
    ]);

    // Supplied late: no longer owed, so no longer on the board.
    const supplied = await h.ok<CaseView>(C, 'intake.supply', { id: f.v.id, key: f.v.pendingMaterials[0]!.key, status: 'original' });
    expect(supplied.pendingMaterials).toEqual([]);
    expect((await h.ok<Board>(SUP, 'supervision.board')).overdueCommitments.total).toBe(0);
  });

  it('shows the hall’s devices from the central service, and says so when it cannot be reached', async () => {
    const central: RunningCentral = await startCentral({ kind: 'sqlite' });
    let open = true;
    cleanup.push(async () => {
      if (open) await central.close();
    });
    // Real time: the service stamps last-seen with its own clock.
    const h = await host(Date.now());
    await h.ok('admin', 'admin.syncConfigure', { centralUrl: central.url });
    let board = await h.ok<Board>(SUP, 'supervision.board');
    expect(board.devices.self.state).toBe('not_enrolled');
    if (!board.devices.hall.reachable) expect(board.devices.hall.reason).toContain('尚未在中心服务登记');
    else expect.fail('an unenrolled device cannot ask for the hall');

    await h.ok('admin', 'admin.syncEnrol', { code: await central.issueCode(demoInstallation.hallCode) });
    // Another counter of the hall, enrolled but never heard from; and a counter of another hall.
    await central.enrol('other-counter', demoInstallation.hallCode);
    await central.enrol('elsewhere', '230100');
    const deptToken = await central.enrol('dept-system', null, ['swj']);
    await h.ok(SUP, 'sync.now');

    board = await h.ok<Board>(SUP, 'supervision.board');
    expect(board.devices.self).toMatchObject({ state: 'synced', offline: false });
    const hall = board.devices.hall;
    if (!hall.reachable) expect.fail(`hall devices unreachable: ${hall.reason}`);
    else {
      const self = h.host.services.settings.read().deviceId!;
      expect(hall.offline).toBe(1);
      expect(hall.devices.map((d) => ({ id: d.id, offline: d.offline, self: d.self }))).toEqual([
        { id: 'other-counter', offline: true, self: false },
        { id: self, offline: false, self: true },
      ]);
    }
    // A department system's token belongs to no hall.
    const dept = await central.app.inject({ method: 'GET', url: '/sync/hall-devices', headers: { authorization: `Bearer ${deptToken}` } });
    expect(dept.statusCode).toBe(403);

    await central.close();
    open = false;
    board = await h.ok<Board>(SUP, 'supervision.board');
    if (board.devices.hall.reachable) expect.fail('the central service is down');
    else expect(board.devices.hall.reason).toContain('无法连接中心服务');
  });
});
