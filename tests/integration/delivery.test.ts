import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeliveryView, RectificationRowView } from '../../shared/api/delivery.js';
import type { CaseView } from '../../shared/api/intake.js';
import type { SubApplication } from '../../shared/api/routing.js';
import { DEMO_PASSWORD } from '../../seeds/demo.js';
import { testHost } from '../helpers/host.js';
import { completeFields, idNumber, receiveMaterials } from '../helpers/intake.js';

// 综合出件 · 好差评 through the host: the delivery queue, pickup with identity re-check, ticks and
// signature, agents, partial delivery, mail, SMS notices through the stand-in outbox, and ratings
// with the rectification of a bad one.

type TH = Awaited<ReturnType<typeof testHost>>;
type Queue = { rows: { caseId: string; waiting: number; undecided: number; notified: string; idNumberMasked: string | null }[]; total: number };

const BIRTH_CERT = 'hlj.newborn.birth-certificate';
const HUKOU = 'hlj.newborn.hukou';
const C = 'counter';
const WJW = 'sp02';
const GAJ = 'sp03';
const CJ = 'cj01';
const SUP = 'zb01';
const ADMIN = 'admin';
const APPLICANT = 'applicant-window';
const MOTHER = idNumber('19920304', 456);
const HOUR = 3600_000;

describe('delivery and rating through the host', () => {
  const hosts: TH[] = [];
  afterEach(async () => {
    for (const h of hosts.splice(0)) await h.close();
  });

  async function host(): Promise<TH> {
    const h = await testHost();
    hosts.push(h);
    for (const staffNo of ['sj01', WJW, GAJ, CJ, SUP, ADMIN]) {
      await h.ok(staffNo === 'sj01' ? C : staffNo, 'auth.signIn', { staffNo, password: DEMO_PASSWORD });
    }
    return h;
  }

  /** A newborn case for 出生医学证明 and 户口登记 (which waits for the certificate), accepted today. */
  async function accept(h: TH, agent = false): Promise<CaseView> {
    const letter = agent ? [await storedScan(h, 'intake authorisation')] : [];
    let v = await h.ok<CaseView>(C, 'intake.start', { bundleId: 'hlj.newborn', itemIds: [BIRTH_CERT, HUKOU], applicantKind: 'person' });
    v = await h.ok<CaseView>(C, 'intake.update', {
      id: v.id,
      expectedSeq: v.lastEventSeq,
      patch: {
        fields: completeFields(v, { 'applicant.name': '王丽', 'applicant.idNumber': MOTHER, 'applicant.phone': '13904571234' }),
        ...(agent ? { agent: { name: '王强', idNumber: idNumber('19650101', 789), phone: '13800001111', relation: '外祖父', authorizationBlobs: letter, cardRead: false } } : {}),
      },
    });
    v = await h.ok<CaseView>(C, 'intake.update', { id: v.id, expectedSeq: v.lastEventSeq, patch: { materials: receiveMaterials(v) } });
    return h.ok<CaseView>(C, 'intake.accept', { id: v.id, expectedSeq: v.lastEventSeq, delivery: { method: 'window', address: null } });
  }

  async function decide(h: TH, who: string, caseId: string, itemId: string): Promise<void> {
    let s = await h.ok<SubApplication>(who, 'review.open', { caseId, itemId });
    s = await h.ok<SubApplication>(who, 'review.receive', { caseId, itemId, expectedVersion: s.version });
    await h.ok(who, 'review.approve', { caseId, itemId, expectedVersion: s.version, result: { number: `No.${itemId.slice(-4)}`, elicenseId: `EL-${itemId.slice(-4)}`, documentBlobs: [], note: null } });
  }

  async function ready(h: TH, agent = false): Promise<CaseView> {
    const v = await accept(h, agent);
    await decide(h, WJW, v.id, BIRTH_CERT);
    await decide(h, GAJ, v.id, HUKOU);
    return v;
  }

  const open = (h: TH, caseId: string) => h.ok<DeliveryView>(CJ, 'delivery.open', { caseId });
  const ticks = (v: DeliveryView, itemIds: string[]) => [
    ...v.items.filter((i) => itemIds.includes(i.itemId)).flatMap((i) => i.entries.filter((e) => e.kind !== 'elicense').map((e) => e.key)),
    ...v.originals.map((e) => e.key),
  ];

  async function signOnApplicantScreen(h: TH, caseId: string, itemIds: string[]): Promise<string> {
    const { promptId } = await h.ok<{ promptId: string }>(CJ, 'delivery.signaturePrompt', { caseId, itemIds });
    const shown = await h.ok<{ kind: string; promptId?: string; entries?: string[] }>(APPLICANT, 'applicant.view');
    expect(shown).toMatchObject({ kind: 'signature', promptId });
    // The applicant sees what they sign for: the chosen results' numbers.
    expect(shown.entries!.join('')).toMatch(itemIds.includes(BIRTH_CERT) ? /No\.cate/ : /No\.ukou/);
    const png = await sharp({ create: { width: 600, height: 200, channels: 3, background: '#ffffff' } })
      .composite([{ input: Buffer.from('<svg width="600" height="200"><path d="M20 150 C 120 20, 220 180, 320 60" stroke="black" stroke-width="6" fill="none"/></svg>') }])
      .png()
      .toBuffer();
    // Only the prompt on screen may be answered.
    const stale = await h.call(APPLICANT, 'applicant.sign', { promptId: 'not-the-prompt', pngBase64: png.toString('base64') });
    expect(stale.ok ? null : stale.error.code).toBe('CONFLICT');
    const junk = await h.call(APPLICANT, 'applicant.sign', { promptId, pngBase64: Buffer.alloc(400, 7).toString('base64') });
    expect(junk.ok ? null : junk.error.message).toMatch(/签名图片无效/);
    await h.ok(APPLICANT, 'applicant.sign', { promptId, pngBase64: png.toString('base64') });
    const r = await h.ok<{ state: string; signatureBlob: string }>(CJ, 'delivery.promptResult', { promptId });
    expect(r.state).toBe('signed');
    return r.signatureBlob;
  }

  async function storedScan(h: TH, text: string): Promise<string> {
    const b = await h.host.services.blobFiles.put(Buffer.from(`%PDF-1.4 ${text}`), 'application/pdf');
    await h.host.services.store.blobs.record(b, new Date().toISOString());
    return b.sha256;
  }

  it('hands a ready case to the mother after an ID re-check, ticks and her signature; the receipt prints; she rates once', async () => {
    const h = await host();
    const v = await ready(h);

    // The delivery queue has it, with the ID number masked; the intake clerk has no delivery queue.
    let q = await h.ok<Queue>(CJ, 'delivery.queue', {});
    expect(q.total).toBe(1);
    expect(q.rows[0]).toMatchObject({ caseId: v.id, waiting: 2, undecided: 0, notified: 'none' });
    expect(q.rows[0]!.idNumberMasked).not.toContain(MOTHER.slice(6, 14));
    expect((await h.call(C, 'delivery.queue', {})).ok).toBe(false);
    // Found by the acceptance notice's case number (barcode) and by ID number too.
    expect((await h.ok<Queue>(CJ, 'delivery.queue', { search: { key: 'caseNumber', value: v.caseNumber!.toLowerCase() } })).total).toBe(1);
    expect((await h.ok<Queue>(CJ, 'delivery.queue', { search: { key: 'idNumber', value: MOTHER } })).total).toBe(1);

    // The sweep tells the applicant by SMS, once, through the stand-in gateway's outbox.
    expect(await h.host.services.delivery.sweep()).toEqual({ ready: 1, reminders: 0 });
    expect(await h.host.services.delivery.sweep()).toEqual({ ready: 0, reminders: 0 });
    await h.host.services.notify.notifier.runOnce();
    const outbox = await h.host.services.store.notifications.outboxList();
    expect(outbox).toHaveLength(1);
    expect(outbox[0]!.recipient).toBe('13904571234');
    expect(outbox[0]!.body).toContain(v.caseNumber!);
    q = await h.ok<Queue>(CJ, 'delivery.queue', {});
    expect(q.rows[0]!.notified).toBe('sent');

    const d = await open(h, v.id);
    expect(d.blockedReason).toBeNull();
    expect(d.items.map((i) => i.deliverable)).toEqual([true, true]);
    expect(d.items.find((i) => i.itemId === BIRTH_CERT)!.entries.map((e) => e.kind)).toEqual(['result', 'elicense']);
    expect(d.originals.length).toBeGreaterThan(0);
    const items = [BIRTH_CERT, HUKOU];
    const base = { caseId: v.id, expectedSeq: d.expectedSeq, itemIds: items, ticked: ticks(d, items) };

    // A card of somebody else is refused, with the way to record an authorisation.
    const stranger = await h.call(CJ, 'delivery.handOver', { ...base, recipient: { name: '张三', idNumber: idNumber('19800101', 321), verification: 'reader' } });
    expect(stranger.ok ? null : stranger.error).toMatchObject({ code: 'FORBIDDEN', details: { canAuthorize: true } });
    expect((await h.ok<{ match: string | null }>(CJ, 'delivery.checkRecipient', { caseId: v.id, idNumber: MOTHER })).match).toBe('applicant');
    const mother = { name: '王丽', idNumber: MOTHER, verification: 'reader' };
    // A malformed number, a missing tick and a missing signature: each refused.
    const bad = await h.call(CJ, 'delivery.handOver', { ...base, recipient: { ...mother, idNumber: MOTHER.slice(0, 17) + (MOTHER.endsWith('0') ? '1' : '0') } });
    expect(bad.ok ? null : bad.error.message).toMatch(/领取人证件号码有误/);
    const unticked = await h.call(CJ, 'delivery.handOver', { ...base, ticked: base.ticked.slice(1), recipient: mother });
    expect(unticked.ok ? null : unticked.error.message).toMatch(/还有 1 项未勾选/);
    const unsigned = await h.call(CJ, 'delivery.handOver', { ...base, recipient: mother });
    expect(unsigned.ok ? null : unsigned.error.message).toMatch(/签名/);

    const signatureBlob = await signOnApplicantScreen(h, v.id, items);
    // The supervisor looking at the case meanwhile (an audit event) is no conflict.
    await h.ok(SUP, 'delivery.open', { caseId: v.id });
    const done = await h.ok<{ visitId: string; receiptNo: string; view: DeliveryView }>(CJ, 'delivery.handOver', { ...base, recipient: mother, signatureBlob });
    expect(done.view.state).toBe('delivered');
    expect(done.view.items.every((i) => i.handover === 'delivered')).toBe(true);
    expect((await h.ok<Queue>(CJ, 'delivery.queue', {})).total).toBe(0);
    // A double click on 确认交付 (the version it saw) returns the same visit, nothing doubled.
    const again = await h.ok<{ visitId: string }>(CJ, 'delivery.handOver', { ...base, recipient: mother, signatureBlob });
    expect(again.visitId).toBe(done.visitId);
    expect((await h.host.services.store.deliveries.ofCase(v.id)).length).toBe(1);
    // A case not ready is refused.
    const other = await accept(h);
    const early = await open(h, other.id);
    expect(early.blockedReason).toMatch(/在审批中/);
    const notReady = await h.call(CJ, 'delivery.handOver', { caseId: other.id, expectedSeq: early.expectedSeq, itemIds: [BIRTH_CERT], ticked: [], recipient: mother, signatureBlob });
    expect(notReady.ok ? null : notReady.error.code).toBe('INVALID_TRANSITION');

    // The receipt: what, to whom (masked), when, by whom, with the signature image; a real PDF.
    const { html } = await h.host.services.delivery.documentHtml({ caseId: v.id, visitId: done.visitId, kind: 'receipt' });
    expect(html).toContain(done.receiptNo);
    expect(html).toContain('No.cate');
    expect(html).toContain('data:image/png;base64,');
    expect(html).toContain('赵丽');
    expect(html).not.toContain(MOTHER);
    const pdf = await h.ok<{ pdfBase64: string; fileName: string }>(CJ, 'delivery.document', { caseId: v.id, visitId: done.visitId, kind: 'receipt' });
    expect(Buffer.from(pdf.pdfBase64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.fileName).toMatch(/出件回执\.pdf$/);

    // 一次一评: the applicant rates 满意 on the applicant screen; a second rating counts nothing.
    const { promptId } = await h.ok<{ promptId: string }>(CJ, 'delivery.ratingPrompt', { caseId: v.id, visitId: done.visitId });
    expect(await h.ok(APPLICANT, 'applicant.view')).toMatchObject({ kind: 'rating', promptId });
    const withReason = await h.call(APPLICANT, 'applicant.rate', { promptId, level: 4, reasons: ['等候时间过长'] });
    expect(withReason.ok ? null : withReason.error.code).toBe('INVALID_INPUT');
    await h.ok(APPLICANT, 'applicant.rate', { promptId, level: 4 });
    expect(await h.ok(CJ, 'delivery.promptResult', { promptId })).toMatchObject({ state: 'rated', ratingLevel: 4 });
    const twice = await h.call(APPLICANT, 'applicant.rate', { promptId, level: 1, reasons: ['其他'] });
    expect(twice.ok).toBe(false);
    const code = (await open(h, v.id)).visits[0]!.ratingCode!;
    expect(await h.ok(CJ, 'rating.byCode', { code: code.toLowerCase(), level: 1, reasons: ['其他'] })).toMatchObject({ counted: false });
    const ratings = await h.host.services.store.deliveries.ratingsOfCase(v.id);
    expect(ratings.map((r) => [r.level, r.source])).toEqual([[4, 'counter']]);
    expect((await open(h, v.id)).visits[0]!.rating).toMatchObject({ label: '满意' });
    expect((await h.ok<{ rows: unknown[] }>(SUP, 'supervision.rectifications', {})).rows).toHaveLength(0);
  });

  it('lets an agent collect: the one registered at intake, or one authorised at the window with a scanned letter', async () => {
    const h = await host();
    const v = await ready(h, true);
    let d = await open(h, v.id);
    expect(d.agent).toMatchObject({ name: '王强', relation: '外祖父' });
    expect(d.agent!.idNumberMasked).toMatch(/\*/);
    const sig = await signOnApplicantScreen(h, v.id, [BIRTH_CERT]);
    const grandpa = { name: '王强', idNumber: idNumber('19650101', 789), verification: 'reader' };
    const first = await h.ok<{ view: DeliveryView }>(CJ, 'delivery.handOver', {
      caseId: v.id,
      expectedSeq: d.expectedSeq,
      itemIds: [BIRTH_CERT],
      ticked: ticks(d, [BIRTH_CERT]),
      recipient: grandpa,
      signatureBlob: sig,
    });
    // One of two results handed over: the case waits at the delivery window for the other.
    expect(first.view.state).toBe('ready');
    expect(first.view.originals).toHaveLength(0);
    expect((await h.ok<Queue>(CJ, 'delivery.queue', {})).rows[0]).toMatchObject({ waiting: 1 });

    // The father was not registered: he collects with the mother's 授权委托书 scanned now.
    d = await open(h, v.id);
    const father = { name: '李明', idNumber: idNumber('19900505', 111), verification: 'manual' };
    const letter = await storedScan(h, 'authorisation');
    const paper = await storedScan(h, 'signed receipt');
    const noLetter = await h.call(CJ, 'delivery.handOver', { caseId: v.id, expectedSeq: d.expectedSeq, itemIds: [HUKOU], ticked: ticks(d, [HUKOU]), recipient: father, signedPaperBlobs: [paper] });
    expect(noLetter.ok ? null : noLetter.error.code).toBe('FORBIDDEN');
    const done = await h.ok<{ visitId: string; view: DeliveryView }>(CJ, 'delivery.handOver', {
      caseId: v.id,
      expectedSeq: d.expectedSeq,
      itemIds: [HUKOU],
      ticked: ticks(d, [HUKOU]),
      recipient: father,
      authorization: { relation: '父亲', blobs: [letter] },
      signedPaperBlobs: [paper],
    });
    expect(done.view.state).toBe('delivered');
    const visit = await h.host.services.store.deliveries.get(done.visitId);
    expect(visit!.detail).toMatchObject({ recipient: { role: 'agent', relation: '父亲', verification: 'manual' }, authorizationBlobs: [letter], signedPaperBlobs: [paper] });
    const { html } = await h.host.services.delivery.documentHtml({ caseId: v.id, visitId: done.visitId, kind: 'receipt' });
    expect(html).toContain('李明');
    expect(html).toContain('纸质回执');
  });

  it('hands out decided results early only for a bundle that allows partial delivery', async () => {
    const h = await host();
    const before = await accept(h);
    await decide(h, WJW, before.id, BIRTH_CERT);
    expect((await open(h, before.id)).blockedReason).toMatch(/须全部办结后一次出件/);
    expect((await h.ok<Queue>(CJ, 'delivery.queue', {})).total).toBe(0);

    await h.ok(ADMIN, 'admin.catalogSetPartialDelivery', { bundleId: 'hlj.newborn', allowed: true });
    const v = await accept(h);
    await decide(h, WJW, v.id, BIRTH_CERT);
    const q = await h.ok<Queue>(CJ, 'delivery.queue', {});
    expect(q.rows.map((r) => [r.caseId, r.waiting, r.undecided])).toEqual([[v.id, 1, 1]]);
    let d = await open(h, v.id);
    expect(d.partialAllowed).toBe(true);
    expect(d.state).toBe('in_review');
    const sig = await signOnApplicantScreen(h, v.id, [BIRTH_CERT]);
    const mother = { name: '王丽', idNumber: MOTHER, verification: 'reader' };
    const first = await h.ok<{ view: DeliveryView }>(CJ, 'delivery.handOver', { caseId: v.id, expectedSeq: d.expectedSeq, itemIds: [BIRTH_CERT], ticked: ticks(d, [BIRTH_CERT]), recipient: mother, signatureBlob: sig });
    expect(first.view.state).toBe('in_review');
    expect((await h.ok<Queue>(CJ, 'delivery.queue', {})).total).toBe(0);

    // The second result, once decided, completes the case.
    await decide(h, GAJ, v.id, HUKOU);
    d = await open(h, v.id);
    expect(d.state).toBe('ready');
    const sig2 = await signOnApplicantScreen(h, v.id, [HUKOU]);
    const last = await h.ok<{ view: DeliveryView }>(CJ, 'delivery.handOver', { caseId: v.id, expectedSeq: d.expectedSeq, itemIds: [HUKOU], ticked: ticks(d, [HUKOU]), recipient: mother, signatureBlob: sig2 });
    expect(last.view.state).toBe('delivered');
  });

  it('mails the results with a waybill; returned mail goes back to the queue; delivery is confirmed later', async () => {
    const h = await host();
    const v = await ready(h);
    let d = await open(h, v.id);
    const to = { name: '王丽', phone: '13904571234', address: '黑龙江省漠河市北极镇北极村 12 号' };
    const items = [BIRTH_CERT, HUKOU];
    const mail = (trackingNo: string, carrier = 'ems') => h.call(CJ, 'delivery.mail', { caseId: v.id, expectedSeq: d.expectedSeq, itemIds: items, carrier, trackingNo, to, ticked: ticks(d, items) });

    const shortAddress = await h.call(CJ, 'delivery.mail', { caseId: v.id, expectedSeq: d.expectedSeq, itemIds: items, carrier: 'ems', trackingNo: 'EA123456785CN', to: { ...to, address: '漠河' }, ticked: ticks(d, items) });
    expect(shortAddress.ok ? null : shortAddress.error.message).toMatch(/完整的邮寄地址/);
    // An EMS number with a wrong check digit warns but is kept.
    const first = await mail('EA123456784CN');
    if (!first.ok) throw new Error(first.error.message);
    const sent = first.value as { visitId: string; trackingWarning: string | null; view: DeliveryView };
    expect(sent.trackingWarning).toMatch(/校验/);
    expect(sent.view.items.every((i) => i.handover === 'mailed')).toBe(true);
    expect(sent.view.blockedReason).toMatch(/已寄出/);
    expect((await h.ok<Queue>(CJ, 'delivery.queue', {})).total).toBe(0);
    const inTransit = await h.ok<{ rows: { visitId: string; trackingNo: string }[] }>(CJ, 'delivery.mailQueue', {});
    expect(inTransit.rows).toMatchObject([{ visitId: sent.visitId, trackingNo: 'EA123456784CN' }]);
    const waybill = await h.host.services.delivery.documentHtml({ caseId: v.id, visitId: sent.visitId, kind: 'waybill' });
    expect(waybill.html).toContain('北极村 12 号');
    expect(waybill.html).toContain('EA123456784CN');
    expect(waybill.html).not.toContain(MOTHER);
    const pdf = await h.ok<{ pdfBase64: string }>(CJ, 'delivery.document', { caseId: v.id, visitId: sent.visitId, kind: 'waybill' });
    expect(Buffer.from(pdf.pdfBase64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');

    // Returned (地址不详): the results are back in the delivery queue.
    d = await open(h, v.id);
    const noReason = await h.call(CJ, 'delivery.mailOutcome', { caseId: v.id, expectedSeq: d.expectedSeq, visitId: sent.visitId, outcome: 'returned' });
    expect(noReason.ok ? null : noReason.error.message).toMatch(/退回原因/);
    d = await h.ok<DeliveryView>(CJ, 'delivery.mailOutcome', { caseId: v.id, expectedSeq: d.expectedSeq, visitId: sent.visitId, outcome: 'returned', reason: '地址不详' });
    expect(d.items.every((i) => i.deliverable)).toBe(true);
    expect((await h.ok<Queue>(CJ, 'delivery.queue', {})).total).toBe(1);

    // Sent again with a valid number, then confirmed delivered: the case is delivered.
    const second = await mail('EA123456785CN');
    if (!second.ok) throw new Error(second.error.message);
    const resent = second.value as { visitId: string; trackingWarning: string | null; view: DeliveryView };
    expect(resent.trackingWarning).toBeNull();
    d = await h.ok<DeliveryView>(CJ, 'delivery.mailOutcome', { caseId: v.id, expectedSeq: resent.view.expectedSeq, visitId: resent.visitId, outcome: 'delivered' });
    expect(d.state).toBe('delivered');
    expect(d.visits.map((x) => x.status)).toEqual(['returned', 'delivered']);

    // Each posting told the applicant its tracking number.
    await h.host.services.notify.notifier.runOnce();
    const bodies = (await h.host.services.store.notifications.outboxList()).map((o) => o.body).join('\n');
    expect(bodies).toContain('EA123456784CN');
    expect(bodies).toContain('EA123456785CN');
  });

  it('a 非常不满意 opens a rectification due in 15 working days, closed only after verifying, rectifying and a call-back', async () => {
    const h = await host();
    const v = await ready(h);
    const d = await open(h, v.id);
    const sig = await signOnApplicantScreen(h, v.id, [BIRTH_CERT, HUKOU]);
    const done = await h.ok<{ visitId: string }>(CJ, 'delivery.handOver', {
      caseId: v.id,
      expectedSeq: d.expectedSeq,
      itemIds: [BIRTH_CERT, HUKOU],
      ticked: ticks(d, [BIRTH_CERT, HUKOU]),
      recipient: { name: '王丽', idNumber: MOTHER, verification: 'reader' },
      signatureBlob: sig,
    });
    const { promptId } = await h.ok<{ promptId: string }>(CJ, 'delivery.ratingPrompt', { caseId: v.id, visitId: done.visitId });
    await h.ok(APPLICANT, 'applicant.rate', { promptId, level: 1, reasons: ['等候时间过长', '其他'], comment: '排队两个小时' });

    const list = await h.ok<{ rows: RectificationRowView[] }>(SUP, 'supervision.rectifications', {});
    expect(list.rows).toHaveLength(1);
    let r = list.rows[0]!;
    // Monday 2026-11-23 + 15 working days (no holiday in between) = Monday 2026-12-14.
    expect(r).toMatchObject({ levelLabel: '非常不满意', dueDate: '2026-12-14', remainingWorkdays: 15, state: 'open', ratedClerk: '赵丽' });
    expect(r.reasons).toEqual(['等候时间过长', '其他']);
    expect((await h.call(CJ, 'supervision.rectifications', {})).ok).toBe(false);

    const act = (entry: unknown) => h.call(SUP, 'supervision.rectify', { visitId: r.visitId, expectedVersion: r.version, entry });
    const step = async (entry: unknown) => {
      const res = await act(entry);
      if (!res.ok) throw new Error(res.error.message);
      r = res.value as RectificationRowView;
    };
    const refused = async (entry: unknown, message: RegExp) => {
      const res = await act(entry);
      expect(res.ok ? null : res.error.message).toMatch(message);
    };
    await refused({ step: 'close', text: '结束' }, /请先核实/);
    await step({ step: 'verify', justified: true, text: '当日取号高峰，窗口仅开两个' });
    expect(r.state).toBe('verified');
    await refused({ step: 'close', text: '结束' }, /整改措施/);
    await step({ step: 'rectify', text: '高峰时段增开出件窗口' });
    await refused({ step: 'close', text: '结束' }, /100% 回访/);
    await step({ step: 'callback', reached: false, satisfied: null, text: '电话无人接听' });
    await refused({ step: 'close', text: '结束' }, /100% 回访/);
    // Acting on a version that changed meanwhile is refused.
    const stale = await h.call(SUP, 'supervision.rectify', { visitId: r.visitId, expectedVersion: r.version - 1, entry: { step: 'close', text: '结束' } });
    expect(stale.ok ? null : stale.error.code).toBe('CONFLICT');
    await step({ step: 'callback', reached: true, satisfied: true, text: '申请人表示认可' });
    await step({ step: 'close', text: '已整改并回访，申请人满意' });
    expect(r.state).toBe('closed');
    expect(r.steps.map((s) => s.label)).toEqual(['核实', '整改', '回访', '回访', '办结']);
    expect((await h.ok<{ rows: unknown[] }>(SUP, 'supervision.rectifications', {})).rows).toHaveLength(0);

    // The rebuilt projections equal the live ones.
    const live = await h.host.services.store.snapshotProjections();
    await h.ok(ADMIN, 'admin.rebuildProjections', {});
    expect(await h.host.services.store.snapshotProjections()).toEqual(live);
  });

  it('a clerk appeals a mistaken bad rating; the supervisor upholds it and the rating no longer counts', async () => {
    const h = await host();
    const v = await ready(h);
    const d = await open(h, v.id);
    const done = await h.ok<{ visitId: string }>(CJ, 'delivery.handOver', {
      caseId: v.id,
      expectedSeq: d.expectedSeq,
      itemIds: [BIRTH_CERT, HUKOU],
      ticked: ticks(d, [BIRTH_CERT, HUKOU]),
      recipient: { name: '王丽', idNumber: MOTHER, verification: 'reader' },
      signedPaperBlobs: [await storedScan(h, 'paper')],
    });
    // Not rated at the counter: a day later the reminder goes out with the rating code.
    expect(await h.host.services.delivery.sweep()).toMatchObject({ reminders: 0 });
    h.clock.now += 25 * HOUR;
    expect(await h.host.services.delivery.sweep()).toMatchObject({ reminders: 1 });
    await h.host.services.notify.notifier.runOnce();
    const code = (await h.host.services.store.deliveries.get(done.visitId))!.ratingCode!;
    expect((await h.host.services.store.notifications.outboxList()).some((o) => o.body.includes(code))).toBe(true);
    for (const who of [CJ, SUP, C]) await h.ok(who, 'auth.unlock', { password: DEMO_PASSWORD });

    expect(await h.ok(CJ, 'rating.byCode', { code, level: 2, reasons: ['工作人员服务态度不好'] })).toMatchObject({ counted: true });
    let r = (await h.ok<{ rows: RectificationRowView[] }>(SUP, 'supervision.rectifications', {})).rows[0]!;
    const notMine = await h.call(C, 'rating.appeal', { visitId: r.visitId, reason: '不是我' });
    expect(notMine.ok ? null : notMine.error.code).toBe('FORBIDDEN');
    await h.ok(CJ, 'rating.appeal', { visitId: r.visitId, reason: '申请人误触按钮，当场已说明' });
    r = (await h.ok<{ rows: RectificationRowView[] }>(SUP, 'supervision.rectifications', {})).rows[0]!;
    expect(r.appealPending).toBe(true);
    const blocked = await h.call(SUP, 'supervision.rectify', { visitId: r.visitId, expectedVersion: r.version, entry: { step: 'verify', justified: false, text: '核实中' } });
    expect(blocked.ok ? null : blocked.error.message).toMatch(/申诉/);
    r = await h.ok<RectificationRowView>(SUP, 'supervision.decideAppeal', { visitId: r.visitId, expectedVersion: r.version, upheld: true, note: '监控录像显示误触' });
    expect(r.state).toBe('closed');
    expect((await h.host.services.store.deliveries.rating(r.visitId))!.status).toBe('voided');
  });
});
