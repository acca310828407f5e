import { afterEach, describe, expect, it } from 'vitest';
import type { CaseView } from '../../shared/api/intake.js';
import type { QueueRow, SubApplication } from '../../shared/api/routing.js';
import { DEMO_PASSWORD } from '../../seeds/demo.js';
import { testHost } from '../helpers/host.js';
import { completeFields, idNumber, receiveMaterials } from '../helpers/intake.js';

// 后台流转 · 分类审批 through the host: routing on acceptance, departments' queues and decisions,
// the clock, corrections back to the counter, and who may see and do what.

type TH = Awaited<ReturnType<typeof testHost>>;
type Queue = { rows: QueueRow[]; total: number; items: { id: string }[]; calendarWarning: string | null };

const BIRTH_CERT = 'hlj.newborn.birth-certificate';
const HUKOU = 'hlj.newborn.hukou';
const INSURANCE = 'hlj.newborn.medical-insurance';
const SS_CARD = 'hlj.newborn.social-security-card';
const MATERNITY = 'hlj.newborn.maternity-reimbursement';
const PARENTING = 'hlj.newborn.parenting-guidance';
const DAY = 24 * 3600_000;

// Clients: the counter, the health commission's reviewer (wjw, jkzx), police/insurance/social
// security (gaj, ybj, rsj), market regulation (scjgj), the supervisor.
const C = 'counter';
const WJW = 'sp02';
const GAJ = 'sp03';
const SCJ = 'sp01';
const SUP = 'zb01';

const result = (n: string) => ({ number: `No.${n}`, elicenseId: `EL-${n}`, documentBlobs: [], note: '已办结' });

describe('routing and review through the host', () => {
  const hosts: TH[] = [];
  afterEach(async () => {
    for (const h of hosts.splice(0)) await h.close();
  });

  async function host(): Promise<TH> {
    const h = await testHost();
    hosts.push(h);
    for (const [client, staffNo] of [
      [C, 'sj01'],
      [WJW, 'sp02'],
      [GAJ, 'sp03'],
      [SCJ, 'sp01'],
      [SUP, 'zb01'],
    ] as const) {
      await h.ok(client, 'auth.signIn', { staffNo, password: DEMO_PASSWORD });
    }
    return h;
  }

  /** Accepts a whole newborn case at the counter (Monday 2026-11-23) and returns its view. */
  async function acceptNewborn(h: TH, priority: string | null = null): Promise<CaseView> {
    const bundle = await h.ok<{ items: { id: string }[] }>(C, 'catalog.bundle', { id: 'hlj.newborn' });
    let v = await h.ok<CaseView>(C, 'intake.start', { bundleId: 'hlj.newborn', itemIds: bundle.items.map((i) => i.id), applicantKind: 'person' });
    v = await h.ok<CaseView>(C, 'intake.update', {
      id: v.id,
      expectedSeq: v.lastEventSeq,
      patch: { fields: completeFields(v, { 'applicant.name': '王丽', 'applicant.idNumber': idNumber() }), priority },
    });
    v = await h.ok<CaseView>(C, 'intake.update', { id: v.id, expectedSeq: v.lastEventSeq, patch: { materials: receiveMaterials(v) } });
    return h.ok<CaseView>(C, 'intake.accept', { id: v.id, expectedSeq: v.lastEventSeq, delivery: { method: 'window', address: null } });
  }

  /** Days pass: the clock moves on and every idle session, locked meanwhile, is unlocked. */
  async function advance(h: TH, days: number): Promise<void> {
    h.clock.now += days * DAY;
    for (const client of [C, WJW, GAJ, SCJ, SUP]) await h.ok(client, 'auth.unlock', { password: DEMO_PASSWORD });
  }

  const open = (h: TH, who: string, caseId: string, itemId: string) => h.ok<SubApplication>(who, 'review.open', { caseId, itemId });
  const states = async (h: TH, caseId: string) =>
    Object.fromEntries((await h.host.services.store.items.ofCase(caseId)).map((i) => [i.itemId, i.state]));

  async function decide(h: TH, who: string, caseId: string, itemId: string, how: 'approve' | 'reject' = 'approve'): Promise<SubApplication> {
    let s = await open(h, who, caseId, itemId);
    s = await h.ok<SubApplication>(who, 'review.receive', { caseId, itemId, expectedVersion: s.version });
    return how === 'approve'
      ? h.ok<SubApplication>(who, 'review.approve', { caseId, itemId, expectedVersion: s.version, result: result(itemId.slice(-6)) })
      : h.ok<SubApplication>(who, 'review.reject', { caseId, itemId, expectedVersion: s.version, reason: '不符合受理条件', legalBasis: '《中华人民共和国行政许可法》第三十八条' });
  }

  it('routes a newborn case and releases dependent items in order until the case is ready', async () => {
    const h = await host();
    const v = await acceptNewborn(h);
    expect(v.state).toBe('in_review');
    expect(await states(h, v.id)).toEqual({
      [BIRTH_CERT]: 'queued',
      'hlj.newborn.birth-registration': 'queued',
      'hlj.newborn.vaccination': 'queued',
      [HUKOU]: 'blocked',
      [INSURANCE]: 'blocked',
      [SS_CARD]: 'blocked',
      [MATERNITY]: 'blocked',
      [PARENTING]: 'queued',
    });

    // The health commission sees its own four items, due the next working day; police see nothing yet.
    const wjw = await h.ok<Queue>(WJW, 'review.queue', {});
    expect(wjw.rows.map((r) => r.itemId).sort()).toEqual([BIRTH_CERT, 'hlj.newborn.birth-registration', 'hlj.newborn.vaccination', PARENTING].sort());
    expect(wjw.rows.every((r) => r.deadline?.dueDate === '2026-11-24' && r.deadline.level === 'green')).toBe(true);
    expect((await h.ok<Queue>(GAJ, 'review.queue', {})).total).toBe(0);
    expect((await h.ok<Queue>(GAJ, 'review.queue', { state: 'blocked' })).total).toBe(4);

    // Approving needs the result the item issues: 出生医学证明 is a certificate and an e-license.
    let s = await open(h, WJW, v.id, BIRTH_CERT);
    expect(s.actions).toEqual(['receive', 'note']);
    s = await h.ok<SubApplication>(WJW, 'review.receive', { caseId: v.id, itemId: BIRTH_CERT, expectedVersion: s.version });
    const bare = await h.call(WJW, 'review.approve', { caseId: v.id, itemId: BIRTH_CERT, expectedVersion: s.version, result: { number: null, elicenseId: null, documentBlobs: [], note: null } });
    expect(bare.ok ? null : bare.error.message).toMatch(/证照（文书）编号.*电子证照标识/);
    // A result document that was never stored is refused too.
    const ghost = await h.call(WJW, 'review.approve', { caseId: v.id, itemId: BIRTH_CERT, expectedVersion: s.version, result: { ...result('1'), documentBlobs: ['a'.repeat(64)] } });
    expect(ghost.ok ? null : ghost.error.message).toMatch(/结果文书/);
    const scan = await h.host.services.blobFiles.put(Buffer.from('%PDF-1.4 result'), 'application/pdf');
    await h.host.services.store.blobs.record({ sha256: scan.sha256, size: scan.size, mime: 'application/pdf' }, new Date().toISOString());
    s = await h.ok<SubApplication>(WJW, 'review.approve', { caseId: v.id, itemId: BIRTH_CERT, expectedVersion: s.version, result: { ...result('BC01'), documentBlobs: [scan.sha256] } });
    expect(s.state).toBe('approved');

    // 户口登记 and 生育医疗费用报销 waited for it; their clocks start today.
    expect(await states(h, v.id)).toMatchObject({ [HUKOU]: 'queued', [MATERNITY]: 'queued', [INSURANCE]: 'blocked', [SS_CARD]: 'blocked' });
    const gaj = await h.ok<Queue>(GAJ, 'review.queue', {});
    expect(gaj.rows.map((r) => r.itemId).sort()).toEqual([HUKOU, MATERNITY].sort());
    // The police see the birth certificate's number with their item, and only their item's data.
    const hukou = await open(h, GAJ, v.id, HUKOU);
    expect(hukou.prerequisites).toEqual([expect.objectContaining({ itemId: BIRTH_CERT, state: 'approved', result: expect.objectContaining({ number: 'No.BC01' }) })]);
    expect(hukou.fields.map((f) => f.key)).toContain('household.hukouAddress');
    expect(hukou.fields.map((f) => f.key)).not.toContain('payee.bankAccount');
    expect(hukou.materials.map((m) => m.key)).toContain('marriageCert');
    expect(hukou.materials.map((m) => m.key)).not.toContain('bankCard');

    await decide(h, GAJ, v.id, HUKOU);
    expect(await states(h, v.id)).toMatchObject({ [INSURANCE]: 'queued', [SS_CARD]: 'blocked' });
    await decide(h, GAJ, v.id, INSURANCE);
    expect(await states(h, v.id)).toMatchObject({ [SS_CARD]: 'queued' });

    for (const [who, itemId] of [
      [WJW, 'hlj.newborn.birth-registration'],
      [WJW, 'hlj.newborn.vaccination'],
      [WJW, PARENTING],
      [GAJ, SS_CARD],
    ] as const) {
      expect((await h.ok<CaseView>(C, 'intake.open', { id: v.id })).state).toBe('in_review');
      await decide(h, who, v.id, itemId);
    }
    await decide(h, GAJ, v.id, MATERNITY, 'reject');
    // Every item decided (one refused): the case waits at the delivery window.
    expect((await h.ok<CaseView>(C, 'intake.open', { id: v.id })).state).toBe('ready');

    const live = await h.host.services.store.snapshotProjections();
    await h.host.services.store.events.rebuildProjections();
    expect(await h.host.services.store.snapshotProjections()).toEqual(live);
  });

  it('sends a correction back to the counter, stops the clock and restarts it on re-submission', async () => {
    const h = await host();
    const v = await acceptNewborn(h);
    let s = await open(h, WJW, v.id, BIRTH_CERT);
    s = await h.ok<SubApplication>(WJW, 'review.receive', { caseId: v.id, itemId: BIRTH_CERT, expectedVersion: s.version });

    const none = await h.call(WJW, 'review.requestCorrection', { caseId: v.id, itemId: BIRTH_CERT, expectedVersion: s.version, entries: [] });
    expect(none.ok ? null : none.error.message).toMatch(/至少列出一项/);
    s = await h.ok<SubApplication>(WJW, 'review.requestCorrection', {
      caseId: v.id,
      itemId: BIRTH_CERT,
      expectedVersion: s.version,
      entries: [{ kind: 'material', name: '新生儿父母居民身份证', detail: '父亲身份证复印件不清晰' }],
    });
    expect(s.state).toBe('needs_correction');
    expect(s.deadline).toMatchObject({ pausedNow: true });

    // The counter sees the list; it cannot decide on the case again, only re-submit.
    let c = await h.ok<CaseView>(C, 'intake.open', { id: v.id });
    expect(c.state).toBe('correction_requested');
    expect(c.routed).toBe(true);
    expect(c.departmentCorrections).toEqual([expect.objectContaining({ item: s.itemName, entries: [expect.objectContaining({ name: '新生儿父母居民身份证', detail: '父亲身份证复印件不清晰' })] })]);
    const again = await h.call(C, 'intake.accept', { id: v.id, expectedSeq: c.lastEventSeq, delivery: { method: 'window', address: null } });
    expect(again.ok ? null : again.error.code).toBe('INVALID_TRANSITION');

    // The applicant comes back on Wednesday; Monday to Wednesday do not count.
    await advance(h, 2);
    c = await h.ok<CaseView>(C, 'intake.update', { id: v.id, expectedSeq: c.lastEventSeq, patch: { fields: { 'father.name': '张伟' } } });
    const stale = await h.call(C, 'routing.resubmit', { caseId: v.id, expectedSeq: c.lastEventSeq - 1 });
    expect(stale.ok ? null : stale.error.code).toBe('CONFLICT');
    expect(await h.ok(C, 'routing.resubmit', { caseId: v.id, expectedSeq: c.lastEventSeq })).toEqual({ requeued: [s.itemName] });
    expect((await h.ok<CaseView>(C, 'intake.open', { id: v.id })).state).toBe('in_review');
    s = await open(h, WJW, v.id, BIRTH_CERT);
    expect(s.state).toBe('queued');
    expect(s.pauses).toEqual([{ from: '2026-11-23', to: '2026-11-25', reason: '等待申请人补正材料', note: null }]);
    // One promised working day, counted from Thursday (the day the materials came back is off the clock).
    expect(s.deadline).toMatchObject({ dueDate: '2026-11-26', usedWorkdays: 0, level: 'green' });
    await advance(h, 1);
    expect((await open(h, WJW, v.id, BIRTH_CERT)).deadline).toMatchObject({ dueDate: '2026-11-26', usedWorkdays: 1, pausedNow: false, level: 'yellow' });
    const nothing = await h.call(C, 'routing.resubmit', { caseId: v.id, expectedSeq: (await h.ok<CaseView>(C, 'intake.open', { id: v.id })).lastEventSeq });
    expect(nothing.ok ? null : nothing.error.code).toBe('INVALID_TRANSITION');
  });

  it('keeps each department to its own sub-applications', async () => {
    const h = await host();
    const v = await acceptNewborn(h);
    expect((await h.ok<Queue>(SCJ, 'review.queue', {})).total).toBe(0);
    // Another department's item: not found (it learns nothing), and no action on it.
    for (const [method, extra] of [
      ['review.open', {}],
      ['review.receive', { expectedVersion: 0 }],
      ['review.note', { text: '看看' }],
    ] as const) {
      const r = await h.call(SCJ, method, { caseId: v.id, itemId: BIRTH_CERT, ...extra });
      expect(r.ok ? null : r.error.code).toBe('NOT_FOUND');
    }
    expect(await h.call(SCJ, 'review.queue', { departmentIds: ['wjw'] })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await h.call(SCJ, 'supervision.timeline', { caseId: v.id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    // The counter clerk has no review role; the supervisor reads everything but decides nothing.
    expect(await h.call(C, 'review.queue', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await h.ok<Queue>(SUP, 'review.queue', {})).total).toBe(4);
    const sv = await open(h, SUP, v.id, BIRTH_CERT);
    expect(sv.actions).toEqual([]);
    expect(await h.call(SUP, 'review.receive', { caseId: v.id, itemId: BIRTH_CERT, expectedVersion: sv.version })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // Reading the full record is audited.
    const audits = (await h.host.services.store.events.caseEvents(v.id)).filter((e) => e.type === 'audit.case_viewed' && (e.payload as { purpose: string }).purpose === 'review');
    expect(audits.length).toBeGreaterThanOrEqual(1);
  });

  it('refuses a stale version, and repeats nothing on a double click', async () => {
    const h = await host();
    const v = await acceptNewborn(h);
    const s = await open(h, WJW, v.id, BIRTH_CERT);
    const input = { caseId: v.id, itemId: BIRTH_CERT, expectedVersion: s.version };
    const [a, b] = await Promise.all([h.call(WJW, 'review.receive', input), h.call(WJW, 'review.receive', input)]);
    expect(a.ok && b.ok).toBe(true);
    const received = (await h.host.services.store.events.caseEvents(v.id)).filter((e) => e.type === 'item.state_changed' && (e.payload as { to: string }).to === 'received');
    expect(received).toHaveLength(1);
    // Acting on the version before the receipt is a conflict, not a silent approval.
    const stale = await h.call(WJW, 'review.approve', { ...input, result: result('X') });
    expect(stale.ok ? null : stale.error.code).toBe('CONFLICT');
  });

  it('shows the supervisor red and yellow items, pauses that stop the clock and items that can no longer proceed', async () => {
    const h = await host();
    const v = await acceptNewborn(h, 'elderly');
    // The priority lane comes first in a department's queue.
    const w = await acceptNewborn(h);
    const q = await h.ok<Queue>(WJW, 'review.queue', {});
    expect(q.rows.slice(0, 4).every((r) => r.caseId === v.id && r.priority === 'elderly')).toBe(true);
    expect(q.rows.slice(4).every((r) => r.caseId === w.id)).toBe(true);

    await decide(h, WJW, v.id, BIRTH_CERT, 'reject');
    let s = await open(h, WJW, v.id, PARENTING);
    s = await h.ok<SubApplication>(WJW, 'review.receive', { caseId: v.id, itemId: PARENTING, expectedVersion: s.version });
    const vague = await h.call(WJW, 'review.pause', { caseId: v.id, itemId: PARENTING, expectedVersion: s.version, reason: 'other', note: '' });
    expect(vague.ok ? null : vague.error.message).toMatch(/写明/);
    s = await h.ok<SubApplication>(WJW, 'review.pause', { caseId: v.id, itemId: PARENTING, expectedVersion: s.version, reason: 'expert_review', note: '组织专家论证' });
    expect(s.actions).toContain('resume');
    const emptyReason = await h.call(WJW, 'review.reject', { caseId: v.id, itemId: PARENTING, expectedVersion: s.version, reason: ' ', legalBasis: '' });
    expect(emptyReason.ok).toBe(false);

    // Friday: every other item due Tuesday is three working days late.
    await advance(h, 4);
    const warn = await h.ok<{
      red: QueueRow[];
      yellow: QueueRow[];
      stranded: (QueueRow & { blockedBy: string[] })[];
      today: string;
    }>(SUP, 'supervision.warnings', {});
    expect(warn.today).toBe('2026-11-27');
    const red = warn.red.map((r) => `${r.caseId === v.id ? 'v' : 'w'}:${r.itemId}`);
    expect(red).toContain(`w:${BIRTH_CERT}`);
    expect(red).toContain('v:hlj.newborn.vaccination');
    // The paused item is not red: its clock stood still since Monday.
    expect(red).not.toContain(`v:${PARENTING}`);
    expect(warn.red.find((r) => r.itemId === BIRTH_CERT)!.deadline).toMatchObject({ level: 'red', overdueWorkdays: 3 });
    // With the birth certificate refused, four items of case v can never start.
    const stranded = warn.stranded.filter((r) => r.caseId === v.id);
    expect(stranded.map((r) => r.itemId).sort()).toEqual([HUKOU, INSURANCE, MATERNITY, SS_CARD].sort());
    expect(stranded.find((r) => r.itemId === HUKOU)!.blockedBy).toEqual(['《出生医学证明》办理(首签)']);

    // The supervisor ends them; a live item cannot be ended that way.
    const live = (await h.host.services.store.items.get(w.id, BIRTH_CERT))!;
    const refused = await h.call(SUP, 'routing.cancelItem', { caseId: w.id, itemId: BIRTH_CERT, expectedVersion: live.version, reason: '前置事项未获批准' });
    expect(refused.ok ? null : refused.error.code).toBe('INVALID_TRANSITION');
    for (const r of stranded) await h.ok(SUP, 'routing.cancelItem', { caseId: v.id, itemId: r.itemId, expectedVersion: r.version, reason: '出生医学证明不予批准，无法继续办理' });
    expect((await h.ok<{ stranded: unknown[] }>(SUP, 'supervision.warnings', {})).stranded).toEqual([]);

    const t = await h.ok<{ entries: { action: string; actor: string }[]; waiting: { item: string; on: string }[] }>(SUP, 'supervision.timeline', { caseId: v.id });
    expect(t.entries.map((e) => e.action)).toEqual(expect.arrayContaining(['开始收件', '受理', '分送部门', '签收', '不予批准', '停表', '终止办理']));
    expect(t.entries.find((e) => e.action === '不予批准')!.actor).toBe('陈秀梅');
    expect(t.waiting.find((x) => x.item === '科学育儿指导服务登记')!.on).toMatch(/停表：专家评审/);
  });
});
