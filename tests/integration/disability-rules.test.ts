import { afterEach, describe, expect, it } from 'vitest';
import type { DeliveryView } from '../../shared/api/delivery.js';
import type { CaseView } from '../../shared/api/intake.js';
import type { SubApplication } from '../../shared/api/routing.js';
import { DEMO_PASSWORD } from '../../seeds/demo.js';
import { testHost } from '../helpers/host.js';
import { completeFields, idNumber, receiveMaterials } from '../helpers/intake.js';

// The 残疾人证 rules enforced at intake through the host API: the guardian proof for 智力残疾,
// and a 新办 refused within a year of a cancellation delivered on this device.

type TH = Awaited<ReturnType<typeof testHost>>;

const BUNDLE = 'hlj.disability';
const CERT = 'hlj.disability.certificate';
const C = 'counter';
const CL = 'cl-review';
const CJ = 'cj01';
const DAY = 86_400_000;

describe('残疾人证 rules through the host', () => {
  const hosts: TH[] = [];
  afterEach(async () => {
    for (const h of hosts.splice(0)) await h.close();
  });

  async function host(): Promise<TH> {
    const h = await testHost();
    hosts.push(h);
    await h.ok('admin', 'auth.signIn', { staffNo: 'admin', password: DEMO_PASSWORD });
    // The demo has no 残联 reviewer: the admin adds one.
    await h.ok('admin', 'admin.createClerk', { staffNo: 'cl01', name: '周残联', roles: ['review'], departments: ['cl'], password: 'Canlian#2026' });
    await h.ok(CL, 'auth.signIn', { staffNo: 'cl01', password: 'Canlian#2026' });
    // An account an admin created must choose its own password before working.
    await h.ok(CL, 'auth.changePassword', { oldPassword: 'Canlian#2026', newPassword: 'Canlian#2027' });
    await h.ok(C, 'auth.signIn', { staffNo: 'sj01', password: DEMO_PASSWORD });
    await h.ok(CJ, 'auth.signIn', { staffNo: 'cj01', password: DEMO_PASSWORD });
    return h;
  }

  /** A 残疾人证 case with the form complete for these answers. */
  async function draft(h: TH, fields: Record<string, string>): Promise<CaseView> {
    let v = await h.ok<CaseView>(C, 'intake.start', { bundleId: BUNDLE, itemIds: [CERT], applicantKind: 'person' });
    v = await h.ok<CaseView>(C, 'intake.update', { id: v.id, expectedSeq: v.lastEventSeq, patch: { fields } });
    return h.ok<CaseView>(C, 'intake.update', { id: v.id, expectedSeq: v.lastEventSeq, patch: { fields: completeFields(v) } });
  }

  /** Moves the clock; the idle lock that follows is lifted with the clerk's password. */
  async function setClock(h: TH, ms: number): Promise<void> {
    h.clock.now = ms;
    const r = await h.call(C, 'auth.unlock', { password: DEMO_PASSWORD });
    if (!r.ok) await h.ok(C, 'auth.signIn', { staffNo: 'sj01', password: DEMO_PASSWORD });
  }

  const receive = (h: TH, v: CaseView, except: string[] = []) =>
    h.ok<CaseView>(C, 'intake.update', { id: v.id, expectedSeq: v.lastEventSeq, patch: { materials: receiveMaterials(v, except) } });
  const accept = (h: TH, v: CaseView) => h.call(C, 'intake.accept', { id: v.id, expectedSeq: v.lastEventSeq, delivery: { method: 'window', address: null } });

  it('refuses acceptance of a 智力残疾 新办 while the guardian proof is missing, and accepts it once supplied', async () => {
    const h = await host();
    let v = await draft(h, { 'applicant.name': '刘明', 'applicant.idNumber': idNumber('19950310', 211), 'disability.procedure': '新办', 'disability.type': '智力残疾' });
    // The guardian is asked for on the form, the proof among the materials.
    expect(v.data.fields['guardian.name']).toBeTruthy();
    const proof = v.evaluation.materials.find((m) => m.key === 'guardianProof')!;
    expect(proof).toMatchObject({ required: true, received: false, always: false });
    expect(v.evaluation.materials.map((m) => m.key)).toEqual(expect.arrayContaining(['disabilityAssessment', 'photo']));

    v = await receive(h, v, ['guardianProof']);
    const blocker = '缺少材料：法定监护人证明材料（申请智力、精神残疾人证或未成年人申请时须提供）';
    expect(v.evaluation.acceptBlockers).toEqual([blocker]);
    // Marking it 不适用 does not lift a rule.
    v = await h.ok<CaseView>(C, 'intake.update', {
      id: v.id,
      expectedSeq: v.lastEventSeq,
      patch: { materials: { guardianProof: { status: 'not_applicable', pageBlobs: [], licenceNo: null, problem: null } } },
    });
    const refused = await accept(h, v);
    expect(refused.ok ? null : refused.error).toMatchObject({ code: 'INVALID_TRANSITION', message: `还不能受理：${blocker}。` });

    v = await h.ok<CaseView>(C, 'intake.update', {
      id: v.id,
      expectedSeq: v.lastEventSeq,
      patch: { materials: { guardianProof: { status: 'original', pageBlobs: [], licenceNo: null, problem: null } } },
    });
    expect(v.evaluation.canAccept).toBe(true);
    const ok = await accept(h, v);
    expect(ok.ok ? (ok.value as CaseView).state : ok.error.message).toBe('in_review');
  });

  it('refuses a 新办 within a year of a cancellation delivered here, naming the dates, and accepts it a year later', async () => {
    const h = await host();
    const person = { 'applicant.name': '孙红', 'applicant.idNumber': idNumber('19700815', 442) };

    // The cancellation: accepted, approved by 残联, handed over today (2026-11-23).
    let c = await draft(h, { ...person, 'disability.procedure': '注销', 'disability.type': '肢体残疾' });
    c = await receive(h, c);
    const accepted = await accept(h, c);
    expect(accepted.ok ? null : accepted.error.message).toBeNull();
    let s = await h.ok<SubApplication>(CL, 'review.open', { caseId: c.id, itemId: CERT });
    s = await h.ok<SubApplication>(CL, 'review.receive', { caseId: c.id, itemId: CERT, expectedVersion: s.version });
    await h.ok(CL, 'review.approve', { caseId: c.id, itemId: CERT, expectedVersion: s.version, result: { number: 'ZX-2026-001', elicenseId: null, documentBlobs: [], note: null } });
    const d = await h.ok<DeliveryView>(CJ, 'delivery.open', { caseId: c.id });
    const scan = await h.host.services.blobFiles.put(Buffer.from('%PDF-1.4 signed receipt'), 'application/pdf');
    await h.host.services.store.blobs.record(scan, new Date(h.clock.now).toISOString());
    await h.ok(CJ, 'delivery.handOver', {
      caseId: c.id,
      expectedSeq: d.expectedSeq,
      itemIds: [CERT],
      ticked: [...d.items.flatMap((i) => i.entries.filter((e) => e.kind !== 'elicense').map((e) => e.key)), ...d.originals.map((e) => e.key)],
      recipient: { name: person['applicant.name'], idNumber: person['applicant.idNumber'], verification: 'reader' },
      signedPaperBlobs: [scan.sha256],
    });

    // Two months later the same person applies again, without mentioning the cancellation.
    await setClock(h, h.clock.now + 60 * DAY);
    let n = await draft(h, { ...person, 'disability.procedure': '新办', 'disability.type': '肢体残疾' });
    n = await receive(h, n);
    const message = '残疾人证注销未满一年（2026年11月23日注销），2027年11月23日起方可重新申请；如有疑问请咨询残联';
    expect(n.evaluation.acceptBlockers).toEqual([message]);
    expect(n.evaluation.canAcceptPending).toBe(false);
    const refused = await accept(h, n);
    expect(refused.ok ? null : refused.error).toMatchObject({ code: 'INVALID_TRANSITION', message: `还不能受理：${message}。` });

    // Another person is not affected.
    let other = await draft(h, { 'applicant.name': '孙兰', 'applicant.idNumber': idNumber('19700815', 460), 'disability.procedure': '新办', 'disability.type': '肢体残疾' });
    other = await receive(h, other);
    expect(other.evaluation.canAccept).toBe(true);

    // The day before the anniversary still refused, on the anniversary accepted (China dates).
    await setClock(h, Date.parse('2027-11-22T23:30:00+08:00'));
    n = await h.ok<CaseView>(C, 'intake.open', { id: n.id });
    expect(n.evaluation.acceptBlockers).toEqual([message]);
    await setClock(h, Date.parse('2027-11-23T00:10:00+08:00'));
    n = await h.ok<CaseView>(C, 'intake.open', { id: n.id });
    expect(n.evaluation.acceptBlockers).toEqual([]);
    const ok = await accept(h, n);
    expect(ok.ok ? (ok.value as CaseView).state : ok.error.message).toBe('in_review');
  });
});
