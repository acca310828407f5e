import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MethodOutput } from '../../shared/api/contract.js';
import type { CaseView } from '../../shared/api/intake.js';
import type { CaseTransfers } from '../../shared/api/proxy.js';
import type { QueueRow, SubApplication } from '../../shared/api/routing.js';
import type { Board } from '../../shared/api/board.js';
import { DEMO_PASSWORD } from '../../seeds/demo.js';
import { startCentral, type RunningCentral } from '../helpers/central.js';
import { testHost } from '../helpers/host.js';
import { completeFields, idNumber, receiveMaterials } from '../helpers/intake.js';

// 代收代办 through the host methods the screens call, on two real hosts and the central service:
// hall A (the demo hall, 漠河市 232701) marks a newborn case for 哈尔滨市 (230100), accepts it and
// posts the originals; hall B's host pulls it, its reviewers decide and its counter confirms the
// originals; A gets the results back. Local refusals come with a clear Chinese message.

type TH = Awaited<ReturnType<typeof testHost>>;
type Queue = { rows: QueueRow[]; total: number };
const DAY = 24 * 3600_000;
const B = '230100';
const clients = [
  ['counter', 'sj01'],
  ['wjw', 'sp02'],
  ['gaj', 'sp03'],
  ['sup', 'zb01'],
  ['cj', 'cj01'],
  ['admin', 'admin'],
] as const;

async function signIn(h: TH) {
  for (const [client, staffNo] of clients) await h.ok(client, 'auth.signIn', { staffNo, password: DEMO_PASSWORD });
}

async function failure(h: TH, client: string, method: string, input: unknown): Promise<{ code: string; message: string }> {
  const r = await h.call(client, method, input);
  if (r.ok) throw new Error(`${method} should have failed`);
  return r.error;
}

describe('proxy intake through the host', () => {
  let c: RunningCentral;
  let a: TH;
  let b: TH;

  beforeAll(async () => {
    c = await startCentral({ kind: 'sqlite' });
    a = await testHost();
    b = await testHost();
    await signIn(a);
    await signIn(b);
    await b.ok('admin', 'admin.updateSettings', { hallCode: B, hallName: '哈尔滨市政务服务中心' });
    await a.ok('admin', 'admin.syncConfigure', { centralUrl: c.url });
    await a.ok('admin', 'admin.syncEnrol', { code: await c.issueCode('232701') });
    await b.ok('admin', 'admin.syncConfigure', { centralUrl: c.url });
    await b.ok('admin', 'admin.syncEnrol', { code: await c.issueCode(B, ['wjw', 'jkzx', 'gaj', 'ybj', 'rsj', 'scjgj']) });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await c?.close();
  });

  it('marks, routes to hall B, tracks the originals and brings the results back to hall A', async () => {
    // The division list: everything but the hall's own, with the scope it would be.
    const j = await a.ok<MethodOutput<'proxy.jurisdictions'>>('counter', 'proxy.jurisdictions', {});
    expect(j).toMatchObject({ ownCode: '232701', ownName: '漠河市' });
    expect(j.choices.some((x) => x.code === '232701')).toBe(false);
    expect(j.choices.find((x) => x.code === B)).toMatchObject({ name: '哈尔滨市', scope: 'province' });
    expect(j.choices.find((x) => x.code === '210100')).toMatchObject({ name: '沈阳市', scope: 'cross_province' });

    // Draft, marked for 哈尔滨市 on the first step.
    const bundle = await a.ok<{ items: { id: string }[] }>('counter', 'catalog.bundle', { id: 'hlj.newborn' });
    let v = await a.ok<CaseView>('counter', 'intake.start', { bundleId: 'hlj.newborn', itemIds: bundle.items.map((i) => i.id), applicantKind: 'person' });
    expect(v.proxy).toBeNull();
    expect((await failure(a, 'counter', 'proxy.set', { caseId: v.id, decidingCode: '232701' })).message).toContain('不能是本大厅所在地');
    expect((await failure(a, 'counter', 'proxy.set', { caseId: v.id, decidingCode: '999999' })).message).toContain('不在服务目录的通办地区清单中');
    v = await a.ok<CaseView>('counter', 'proxy.set', { caseId: v.id, expectedSeq: v.lastEventSeq, decidingCode: '210100' });
    expect(v.proxy).toMatchObject({ decidingCode: '210100', decidingName: '沈阳市', scope: 'cross_province', takenInCode: '232701', takenInName: '漠河市政务服务中心' });
    v = await a.ok<CaseView>('counter', 'proxy.set', { caseId: v.id, expectedSeq: v.lastEventSeq, decidingCode: B });
    expect(v.proxy).toMatchObject({ decidingCode: B, decidingName: '哈尔滨市', scope: 'province' });
    // The autosave cannot carry a mark of its own: it is dropped, the catalog-checked one stays.
    v = await a.ok<CaseView>('counter', 'intake.update', { id: v.id, patch: { proxy: { decidingCode: '210200', decidingName: '伪造', takenInName: 'x' } } });
    expect(v.proxy?.decidingCode).toBe(B);
    expect((await failure(a, 'counter', 'transfer.send', { caseId: v.id, lines: [{ name: '户口簿', copies: 1, kind: 'original' }], courier: 'EMS', trackingNo: 'E1' })).code).toBe('INVALID_TRANSITION');

    v = await a.ok<CaseView>('counter', 'intake.update', { id: v.id, expectedSeq: v.lastEventSeq, patch: { fields: completeFields(v, { 'applicant.name': '王丽', 'applicant.idNumber': idNumber() }) } });
    v = await a.ok<CaseView>('counter', 'intake.update', { id: v.id, expectedSeq: v.lastEventSeq, patch: { materials: receiveMaterials(v) } });
    v = await a.ok<CaseView>('counter', 'intake.accept', { id: v.id, expectedSeq: v.lastEventSeq, delivery: { method: 'window', address: null } });
    expect(v.state).toBe('in_review');
    expect(v.proxy?.decidingCode).toBe(B);
    expect((await failure(a, 'counter', 'proxy.set', { caseId: v.id, decidingCode: null })).message).toContain('只能在收件草稿阶段');
    const caseId = v.id;

    // Hall A's reviewers do not get the items as work, and cannot decide them.
    const queueA = await a.ok<Queue>('wjw', 'review.queue', {});
    expect(queueA.rows.some((r) => r.caseId === caseId)).toBe(false);
    const birth = 'hlj.newborn.birth-certificate';
    const seen = await a.ok<SubApplication>('wjw', 'review.open', { caseId, itemId: birth });
    expect(seen.actions).toEqual([]);
    expect(seen.proxy).toEqual({ takenInName: '漠河市政务服务中心', decidingName: '哈尔滨市' });
    const refused = await failure(a, 'wjw', 'review.receive', { caseId, itemId: birth, expectedVersion: seen.version });
    expect(refused.code).toBe('FORBIDDEN');
    expect(refused.message).toContain('须由作出决定地（哈尔滨市）的部门办理');

    // The originals go out: due the next working day; a second registration of the same waybill is refused.
    let t = await a.ok<CaseTransfers>('counter', 'transfer.list', { caseId });
    expect(t).toMatchObject({ canSend: true, canReceive: false, transfers: [] });
    const lines = [
      { name: '出生医学证明', copies: 1, kind: 'original' },
      { name: '户口簿', copies: 1, kind: 'copy' },
    ];
    expect((await failure(a, 'gaj', 'transfer.send', { caseId, lines, courier: 'EMS', trackingNo: '1187654321098' })).code).toBe('FORBIDDEN');
    expect((await failure(a, 'counter', 'transfer.send', { caseId, lines: [], courier: 'EMS', trackingNo: '1187654321098' })).message).toContain('至少列出一份');
    t = await a.ok<CaseTransfers>('counter', 'transfer.send', { caseId, lines, courier: 'EMS', trackingNo: '1187654321098' });
    expect(t.transfers).toHaveLength(1);
    expect(t.transfers[0]).toMatchObject({ sentOn: '2026-11-23', dueOn: '2026-11-24', status: 'in_transit', sentBy: '王晓燕', lines });
    expect((await failure(a, 'counter', 'transfer.send', { caseId, lines, courier: 'EMS', trackingNo: '1187654321098' })).code).toBe('CONFLICT');
    expect((await failure(a, 'counter', 'transfer.receive', { caseId, transferId: t.transfers[0]!.id })).message).toContain('只有作出决定地（哈尔滨市）');
    const transferId = t.transfers[0]!.id;
    await a.ok('counter', 'sync.now');

    // Two days on, nobody confirmed: overdue on A's list and board.
    a.clock.now += 2 * DAY;
    for (const [client] of clients) await a.ok(client, 'auth.unlock', { password: DEMO_PASSWORD });
    t = await a.ok<CaseTransfers>('counter', 'transfer.list', { caseId });
    expect(t.transfers[0]!.status).toBe('overdue');
    expect((await a.ok<Board>('sup', 'supervision.board', {})).transfersOverdue).toBe(1);
    const pendingA = await a.ok<MethodOutput<'transfer.pending'>>('counter', 'transfer.pending', {});
    expect(pendingA).toMatchObject({ overdue: 1, incoming: [] });
    expect(pendingA.outgoing.map((r) => [r.caseId, r.decidingName, r.status])).toEqual([[caseId, '哈尔滨市', 'overdue']]);

    // Hall B pulls it: in its reviewers' queues, taken in at A.
    await b.ok('counter', 'sync.now');
    const queueB = await b.ok<Queue>('wjw', 'review.queue', {});
    const rowB = queueB.rows.find((r) => r.caseId === caseId && r.itemId === birth);
    expect(rowB?.proxy).toEqual({ takenInName: '漠河市政务服务中心', decidingName: '哈尔滨市' });
    const pendingB = await b.ok<MethodOutput<'transfer.pending'>>('counter', 'transfer.pending', {});
    expect(pendingB.incoming.map((r) => [r.id, r.takenInName])).toEqual([[transferId, '漠河市政务服务中心']]);

    // B's counter opens the case and confirms the originals, noting a difference.
    const atB = await b.ok<CaseView>('counter', 'intake.open', { id: caseId });
    expect(atB.proxy).toMatchObject({ decidingCode: B, takenInName: '漠河市政务服务中心' });
    expect((await failure(b, 'counter', 'transfer.send', { caseId, lines, courier: 'EMS', trackingNo: 'X2' })).code).toBe('FORBIDDEN');
    t = await b.ok<CaseTransfers>('counter', 'transfer.receive', { caseId, transferId, discrepancy: '户口簿为复印件，原件由申请人自留' });
    expect(t.canReceive).toBe(false);
    expect(t.transfers[0]).toMatchObject({ status: 'received', receivedBy: '王晓燕', discrepancy: '户口簿为复印件，原件由申请人自留' });
    expect((await failure(b, 'counter', 'transfer.receive', { caseId, transferId })).code).toBe('CONFLICT');

    // B's reviewers decide every item (prerequisites release the others as they go).
    const scan = await b.host.services.blobFiles.put(Buffer.from('%PDF-1.4 result'), 'application/pdf');
    await b.host.services.store.blobs.record({ sha256: scan.sha256, size: scan.size, mime: 'application/pdf' }, new Date().toISOString());
    for (let round = 0; round < 6; round++) {
      let acted = false;
      for (const who of ['wjw', 'gaj']) {
        for (const r of (await b.ok<Queue>(who, 'review.queue', {})).rows.filter((x) => x.caseId === caseId)) {
          let s = await b.ok<SubApplication>(who, 'review.open', { caseId, itemId: r.itemId });
          if (s.state === 'queued') s = await b.ok<SubApplication>(who, 'review.receive', { caseId, itemId: r.itemId, expectedVersion: s.version });
          const result = { number: `No.${r.itemId.slice(-6)}`, elicenseId: `EL-${r.itemId.slice(-6)}`, documentBlobs: s.resultNeeds.document ? [scan.sha256] : [], note: '已办结' };
          s = await b.ok<SubApplication>(who, 'review.approve', { caseId, itemId: r.itemId, expectedVersion: s.version, result });
          expect(s.state).toBe('approved');
          acted = true;
        }
      }
      if (!acted) break;
    }
    const statesB = (await b.host.services.store.items.ofCase(caseId)).map((i) => i.state);
    expect(statesB.every((s) => s === 'approved')).toBe(true);
    await b.ok('counter', 'sync.now');
    expect((await b.ok<{ problems: unknown[] }>('admin', 'sync.details')).problems).toEqual([]);

    // Back at A: ready for delivery at the counter, the originals confirmed, nothing overdue.
    await a.ok('counter', 'sync.now');
    expect((await a.ok<{ problems: unknown[] }>('admin', 'sync.details')).problems).toEqual([]);
    const backAtA = await a.ok<CaseView>('counter', 'intake.open', { id: caseId });
    expect(backAtA.state).toBe('ready');
    t = await a.ok<CaseTransfers>('counter', 'transfer.list', { caseId });
    expect(t.transfers[0]).toMatchObject({ status: 'received', late: false, receivedOn: '2026-11-23' });
    expect((await a.ok<Board>('sup', 'supervision.board', {})).transfersOverdue).toBe(0);

    // Results go out where the case was taken in: A's handover queue has it, B's does not, and B may not deliver.
    const waiting = async (h: TH) => (await h.ok<{ rows: { caseId: string }[] }>('cj', 'delivery.queue', {})).rows.map((r) => r.caseId);
    expect(await waiting(a)).toContain(caseId);
    expect(await b.ok<CaseView>('counter', 'intake.open', { id: caseId })).toMatchObject({ state: 'ready' });
    expect(await waiting(b)).not.toContain(caseId);
    const notB = await failure(b, 'cj', 'delivery.notify', { caseId });
    expect(notB.code).toBe('FORBIDDEN');
    expect(notB.message).toContain('须在受理大厅出件');
    expect((await failure(b, 'counter', 'intake.update', { id: caseId, patch: { fields: { 'applicant.phone': '13900000000' } } })).code).toBe('FORBIDDEN');
  });
});
