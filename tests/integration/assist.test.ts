import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseAssists } from '../../shared/api/assist.js';
import type { Board } from '../../shared/api/board.js';
import type { DeliveryView } from '../../shared/api/delivery.js';
import type { CaseView } from '../../shared/api/intake.js';
import type { ReportResult } from '../../shared/api/reports.js';
import type { SubApplication } from '../../shared/api/routing.js';
import { manifestSchema } from '../../shared/archive.js';
import { DEMO_PASSWORD } from '../../seeds/demo.js';
import { testHost } from '../helpers/host.js';
import { completeFields, idNumber, receiveMaterials } from '../helpers/intake.js';

// 帮办代办 · 上门服务 · 绿色通道 through a real host: records on a real case, read back after a
// restart, in the archive package; the priority case first in the department and handover queues
// although its deadline is later; a home delivery counts as no trip; reports and the board count it all.

type TH = Awaited<ReturnType<typeof testHost>>;
const BIRTH = 'hlj.newborn.birth-certificate';
const HUKOU = 'hlj.newborn.hukou';
const C = 'counter';
const WJW = 'sp02';
const GAJ = 'sp03';
const CJ = 'cj01';
const SUP = 'zb01';
const DAY = 24 * 3600_000;
const ELDER = idNumber('19400202', 135);
const YOUNG = idNumber('19920304', 456);
const GUARDIAN = idNumber('19650101', 789);

let h: TH;
let dir: string;
const ids = { normal: '', elder: '' };

async function signIn(t: TH) {
  for (const [client, staffNo] of [[C, 'sj01'], [WJW, WJW], [GAJ, GAJ], [CJ, CJ], [SUP, SUP]] as const) {
    await t.ok(client, 'auth.signIn', { staffNo, password: DEMO_PASSWORD });
  }
}

async function stored(t: TH, bytes: Buffer, mime: string): Promise<string> {
  const b = await t.host.services.blobFiles.put(bytes, mime);
  await t.host.services.store.blobs.record(b, new Date(t.clock.now).toISOString());
  return b.sha256;
}
const png = (seed: number) =>
  sharp({ create: { width: 200, height: 80, channels: 3, background: { r: 255, g: 255, b: seed } } })
    .png()
    .toBuffer();

async function accept(name: string, id: string, priority: string | null): Promise<CaseView> {
  let v = await h.ok<CaseView>(C, 'intake.start', { bundleId: 'hlj.newborn', itemIds: [BIRTH, HUKOU], applicantKind: 'person' });
  v = await h.ok<CaseView>(C, 'intake.update', {
    id: v.id,
    expectedSeq: v.lastEventSeq,
    patch: { fields: completeFields(v, { 'applicant.name': name, 'applicant.idNumber': id, 'applicant.phone': '13904571234' }), ...(priority ? { priority } : {}) },
  });
  v = await h.ok<CaseView>(C, 'intake.update', { id: v.id, expectedSeq: v.lastEventSeq, patch: { materials: receiveMaterials(v) } });
  return h.ok<CaseView>(C, 'intake.accept', { id: v.id, expectedSeq: v.lastEventSeq, delivery: { method: 'window', address: null } });
}

async function decide(who: string, caseId: string, itemId: string) {
  let s = await h.ok<SubApplication>(who, 'review.open', { caseId, itemId });
  s = await h.ok<SubApplication>(who, 'review.receive', { caseId, itemId, expectedVersion: s.version });
  await h.ok(who, 'review.approve', { caseId, itemId, expectedVersion: s.version, result: { number: `No.${itemId.slice(-4)}`, elicenseId: `EL-${itemId.slice(-4)}`, documentBlobs: [], note: null } });
}

async function handOver(caseId: string, who: { name: string; idNumber: string }, home: unknown = null) {
  const d = await h.ok<DeliveryView>(CJ, 'delivery.open', { caseId });
  const ticked = [...d.items.flatMap((i) => i.entries.filter((e) => e.kind !== 'elicense').map((e) => e.key)), ...d.originals.map((e) => e.key)];
  const paper = await stored(h, Buffer.from(`%PDF-1.4 signed receipt ${caseId}`), 'application/pdf');
  return h.ok<{ visitId: string; view: DeliveryView }>(CJ, 'delivery.handOver', {
    caseId,
    expectedSeq: d.expectedSeq,
    itemIds: [BIRTH, HUKOU],
    ticked,
    recipient: { ...who, verification: 'manual' },
    signedPaperBlobs: [paper],
    home,
  });
}

beforeAll(async () => {
  h = await testHost();
  dir = h.dir;
  await signIn(h);
  // Monday: an ordinary case. Tuesday: an elderly applicant's case, so its deadlines are later.
  ids.normal = (await accept('王丽', YOUNG, null)).id;
  h.clock.now += DAY;
  await signIn(h); // the idle lock fell overnight
  ids.elder = (await accept('张桂兰', ELDER, 'elderly')).id;
}, 120_000);

afterAll(async () => {
  await h?.host.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('绿色通道 · 帮办代办 · 上门服务', () => {
  it('puts the priority case first in the department queue although its deadline is later', async () => {
    const q = await h.ok<{ rows: { caseId: string; itemId: string; priority: string | null; dueDate?: string | null }[] }>(WJW, 'review.queue', {});
    const rows = q.rows.filter((r) => r.itemId === BIRTH);
    expect(rows.map((r) => [r.caseId, r.priority])).toEqual([
      [ids.elder, 'elderly'],
      [ids.normal, null],
    ]);
  });

  it('records 帮办 and 代办, refuses incomplete ones with the reason, and reads them back masked', async () => {
    const signature = await stored(h, await png(10), 'image/png');
    const letter = await stored(h, Buffer.from('%PDF-1.4 授权委托书'), 'application/pdf');
    const fingerprint = await stored(h, await png(20), 'image/png');

    const noLetter = await h.call(C, 'assist.record', {
      caseId: ids.elder,
      record: { mode: 'proxy', staff: { clerkId: null, name: '赵敏' }, actions: ['submit'], authorization: { kind: 'present' }, confirmation: { by: 'applicant', name: '张桂兰', method: 'screen_signature', confirmationBlob: signature } },
    });
    expect(noLetter.ok ? null : noLetter.error).toMatchObject({ code: 'INVALID_INPUT' });
    expect(noLetter.ok ? '' : noLetter.error.message).toMatch(/代办须有申请人的授权委托书/);
    const unsaved = await h.call(C, 'assist.record', {
      caseId: ids.elder,
      record: { mode: 'help', staff: { clerkId: null, name: '赵敏' }, actions: ['scan'], authorization: { kind: 'present' }, confirmation: { by: 'applicant', name: '张桂兰', method: 'screen_signature', confirmationBlob: 'f'.repeat(64) } },
    });
    expect(unsaved.ok ? '' : unsaved.error.message).toBe('确认签名没有保存成功，请重新扫描或签名后再记录。');

    await h.ok(C, 'assist.record', {
      caseId: ids.elder,
      record: { mode: 'help', staff: { clerkId: null, name: '赵敏' }, actions: ['fill_form', 'read_aloud'], authorization: { kind: 'present' }, confirmation: { by: 'applicant', name: '张桂兰', method: 'screen_signature', confirmationBlob: signature } },
    });
    // The delivery clerk records the 代办 of the pickup; the guardian confirms by fingerprint.
    const list = await h.ok<CaseAssists>(CJ, 'assist.record', {
      caseId: ids.elder,
      record: {
        mode: 'proxy',
        staff: { clerkId: null, name: '钱进' },
        actions: ['collect'],
        authorization: { kind: 'letter', authorizationBlobs: [letter] },
        confirmation: { by: 'guardian', name: '李建国', idNumber: GUARDIAN, relation: '儿子', method: 'paper_fingerprint', confirmationBlob: fingerprint },
      },
    });
    expect(list.records.map((r) => [r.kind, r.mode, r.summary])).toEqual([
      ['assist', 'help', '帮办 · 赵敏 · 代填申请表、读表、读告知内容 · 申请人张桂兰签名确认'],
      ['assist', 'proxy', '代办 · 钱进 · 代为领取结果 · 监护人李建国（儿子）按手印确认'],
    ]);
    expect(list.priority).toBe('elderly');
    expect(JSON.stringify(list)).not.toContain(GUARDIAN);
    expect(list.records[1]!.confirmation!.idNumberMasked).toBe(`${GUARDIAN.slice(0, 4)}**********${GUARDIAN.slice(-4)}`);

    // Recording changes nothing the counter decides on: the case keeps its version.
    const seqBefore = (await h.host.services.store.cases.get(ids.elder))!.lastEventSeq;
    await h.ok(C, 'assist.homeIntake', { caseId: ids.elder, visit: { address: '漠河市北极镇北红村 12 号', staff: ['赵敏', '钱进'], date: '2026-11-24' } });
    expect((await h.host.services.store.cases.get(ids.elder))!.lastEventSeq).toBe(seqBefore);
    const twice = await h.call(C, 'assist.homeIntake', { caseId: ids.elder, visit: { address: '漠河市北极镇北红村 12 号', staff: ['赵敏'], date: '2026-11-24' } });
    expect(twice.ok ? null : twice.error.code).toBe('CONFLICT');
    const future = await h.call(C, 'assist.homeIntake', { caseId: ids.normal, visit: { address: '漠河市北极镇北红村 12 号', staff: ['赵敏'], date: '2026-12-24' } });
    expect(future.ok ? '' : future.error.message).toBe('上门日期 2026-12-24 晚于今天，请核对后重新填写。');
    // Anyone signed in reads them; an applicant-screen client cannot write.
    expect((await h.ok<CaseAssists>(GAJ, 'assist.list', { caseId: ids.elder })).homeIntake).toBe(true);
    expect((await h.call('nobody', 'assist.list', { caseId: ids.elder })).ok).toBe(false);
  });

  it('puts the priority case first in the handover queue, hands it over at home, and counts no trip', async () => {
    for (const id of [ids.normal, ids.elder]) {
      await decide(WJW, id, BIRTH);
      await decide(GAJ, id, HUKOU);
    }
    const q = await h.ok<{ rows: { caseId: string; priority: string | null }[] }>(CJ, 'delivery.queue', {});
    // Both ready today, the ordinary one first: the lane still wins.
    expect(q.rows.map((r) => r.caseId)).toEqual([ids.elder, ids.normal]);

    const seq = (await h.ok<DeliveryView>(CJ, 'delivery.open', { caseId: ids.elder })).expectedSeq;
    const future = await h.call(CJ, 'delivery.handOver', { caseId: ids.elder, expectedSeq: seq, itemIds: [BIRTH], ticked: [], recipient: { name: '张桂兰', idNumber: ELDER, verification: 'manual' }, home: { address: '漠河市北极镇北红村 12 号', staff: ['钱进'], date: '2026-12-01' } });
    expect(future.ok ? '' : future.error.message).toBe('上门日期 2026-12-01 晚于今天，请核对后重新填写。');
    const done = await handOver(ids.elder, { name: '张桂兰', idNumber: ELDER }, { address: '漠河市北极镇北红村 12 号', staff: ['钱进'], date: '2026-11-24' });
    expect(done.view.state).toBe('delivered');
    expect(done.view.visits.map((v) => v.channel)).toEqual(['home']);
    expect((await h.host.services.store.cases.get(ids.elder))!.deliveryChannel).toBe('home');
    await handOver(ids.normal, { name: '王丽', idNumber: YOUNG });
    // The receipt of a home delivery prints and says so.
    const html = await h.host.services.delivery.documentHtml({ caseId: ids.elder, visitId: done.visitId, kind: 'receipt' });
    expect(html.html).toContain('上门送达');

    const list = await h.ok<CaseAssists>(C, 'assist.list', { caseId: ids.elder });
    expect(list.records.map((r) => r.kind)).toEqual(['assist', 'assist', 'intake', 'delivery']);
    expect(list.records[3]!.home).toEqual({ address: '漠河市北极镇北红村 12 号', date: '2026-11-24' });
  });

  it('reports and the board count the priority, assisted and home cases', async () => {
    const r = await h.ok<ReportResult>(SUP, 'supervision.report', { period: { kind: 'month', month: '2026-11' }, groupBy: 'bundle' });
    expect(r.totals).toMatchObject({
      cases: 2,
      priorityCases: 1,
      priorityShare: 0.5,
      priorityElderly: 1,
      priorityDisabled: 0,
      assistedCases: 1,
      assistedShare: 0.5,
      proxyCases: 1,
      homeCases: 1,
      // Ordinary: intake Monday, pickup Tuesday; the elderly applicant never came.
      visitsMade: 2,
    });
    const byDept = await h.ok<ReportResult>(SUP, 'supervision.report', { period: { kind: 'month', month: '2026-11' }, groupBy: 'department' });
    for (const row of byDept.rows) expect(row).toMatchObject({ cases: 2, priorityCases: 1, assistedCases: 1, homeCases: 1 });

    const b = await h.ok<Board>(SUP, 'supervision.board');
    expect(b.assisted).toEqual({ accepted: { total: 1, priority: 1, byReason: { elderly: 1, disabled: 0, pregnant: 0, serviceman: 0, other: 0 } }, cases: 1, help: 1, proxy: 1, homeIntake: 1, homeDelivery: 1 });
    // The next day nothing of it is today's.
    h.clock.now += DAY;
    await signIn(h);
    expect((await h.ok<Board>(SUP, 'supervision.board')).assisted).toMatchObject({ cases: 0, homeIntake: 0, homeDelivery: 0, accepted: { total: 0 } });
  });

  it('keeps the records in the archive package and across a restart and a rebuild', { timeout: 120_000 }, async () => {
    const pkg = await h.ok<{ folder: string }>(SUP, 'archive.build', { caseId: ids.elder });
    const root = join(dir, 'archive', pkg.folder);
    const manifest = manifestSchema.parse(JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8')));
    const byPath = new Map(manifest.files.map((f) => [f.path, f]));
    expect(byPath.get('assistance.json')).toMatchObject({ role: 'assistance', title: '帮办代办及上门服务记录' });
    expect(manifest.files.filter((f) => f.role === 'assistance').map((f) => f.path).sort()).toEqual(['assistance.json', 'assistance/01.png', 'assistance/02.png']);
    expect(manifest.files.some((f) => f.role === 'authorization')).toBe(true);
    const json = JSON.parse(readFileSync(join(root, 'assistance.json'), 'utf8')) as { records: { kind: string; detail: { confirmation?: { idNumber?: string } } }[] };
    expect(json.records.map((r) => r.kind)).toEqual(['assist', 'assist', 'intake', 'delivery']);
    // The archive is the record: the guardian's number in full.
    expect(json.records[1]!.detail.confirmation!.idNumber).toBe(GUARDIAN);

    const live = await h.host.services.store.snapshotProjections();
    await h.host.services.store.events.rebuildProjections();
    expect(await h.host.services.store.snapshotProjections()).toEqual(live);

    const before = await h.ok<CaseAssists>(C, 'assist.list', { caseId: ids.elder });
    await h.host.close();
    h = await testHost({ dataDir: dir });
    await signIn(h);
    expect(await h.ok<CaseAssists>(C, 'assist.list', { caseId: ids.elder })).toEqual(before);
  });
});
