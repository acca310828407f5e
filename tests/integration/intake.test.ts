import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CaseSummary, CaseView } from '../../shared/api/intake.js';
import { CASE_NUMBER_RE } from '../../shared/intake.js';
import { DEMO_PASSWORD } from '../../seeds/demo.js';
import { testHost } from '../helpers/host.js';
import { completeFields, creditCode, idNumber, receiveMaterials } from '../helpers/intake.js';

type TH = Awaited<ReturnType<typeof testHost>>;

async function signIn(h: TH, client: string, staffNo: string) {
  await h.ok(client, 'auth.signIn', { staffNo, password: DEMO_PASSWORD });
}

async function newbornCase(h: TH, applicantId = idNumber()) {
  const bundle = await h.ok<{ items: { id: string }[] }>('c', 'catalog.bundle', { id: 'hlj.newborn' });
  let v = await h.ok<CaseView>('c', 'intake.start', { bundleId: 'hlj.newborn', itemIds: bundle.items.map((i) => i.id), applicantKind: 'person' });
  v = await h.ok<CaseView>('c', 'intake.update', { id: v.id, expectedSeq: v.lastEventSeq, patch: { fields: completeFields(v, { 'applicant.name': '王丽', 'applicant.idNumber': applicantId }) } });
  return v;
}

describe('intake through the host', () => {
  const hosts: TH[] = [];
  afterEach(async () => {
    for (const h of hosts.splice(0)) await h.close();
  });
  async function host() {
    const h = await testHost();
    hosts.push(h);
    await signIn(h, 'c', 'sj01');
    return h;
  }

  it('takes a newborn case from draft to 受理 with one case number and an acceptance notice', async () => {
    const h = await host();
    let v = await newbornCase(h);
    expect(v.state).toBe('draft');
    expect(v.evaluation.canAccept).toBe(false);
    expect(v.evaluation.acceptBlockers.join()).toContain('缺少材料');

    v = await h.ok<CaseView>('c', 'intake.update', { id: v.id, expectedSeq: v.lastEventSeq, patch: { materials: receiveMaterials(v) } });
    expect(v.evaluation.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(v.evaluation.canAccept).toBe(true);

    const input = { id: v.id, expectedSeq: v.lastEventSeq, delivery: { method: 'window', address: null } };
    // A double click: both calls carry the version the clerk saw; one acceptance results.
    const [a, b] = await Promise.all([h.call('c', 'intake.accept', input), h.call('c', 'intake.accept', input)]);
    expect(a.ok && b.ok).toBe(true);
    const accepted = (a as { value: CaseView }).value;
    // Accepted and routed in one step: the case is with its departments at once.
    expect(accepted.state).toBe('in_review');
    expect(accepted.caseNumber).toMatch(CASE_NUMBER_RE);
    expect(accepted.caseNumber!.startsWith('232701-20261123-')).toBe(true);
    expect((b as { value: CaseView }).value.caseNumber).toBe(accepted.caseNumber);
    const events = await h.host.services.store.events.caseEvents(v.id);
    expect(events.filter((e) => e.type === 'case.accepted')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'case.routed')).toHaveLength(1);
    expect(accepted.expectedDate! > '2026-11-23').toBe(true);

    const html = await h.host.services.intake.documentHtml(v.id, 'acceptance');
    expect(html).toContain(accepted.caseNumber);
    expect(html).toContain('漠河市政务服务中心');
    expect(html).not.toContain(idNumber()); // masked on paper
    const doc = await h.ok<{ fileName: string; pdfBase64: string }>('c', 'intake.document', { id: v.id, kind: 'acceptance' });
    const dir = mkdtempSync(join(tmpdir(), 'yct-intake-pdf-'));
    try {
      writeFileSync(join(dir, 'a.pdf'), Buffer.from(doc.pdfBase64, 'base64'));
      const text = execFileSync('pdftotext', ['-raw', join(dir, 'a.pdf'), '-'], { encoding: 'utf8' });
      expect(text).toContain('受理通知书');
      expect(text).toContain(accepted.caseNumber);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    // Accepted means settled: the form can no longer be changed.
    const late = await h.call('c', 'intake.update', { id: v.id, patch: { fields: { 'applicant.phone': '13900000000' } } });
    expect(late).toMatchObject({ ok: false, error: { code: 'INVALID_TRANSITION' } });
  });

  it('refuses an acceptance while a required material is missing, and a stale version', async () => {
    const h = await host();
    const v = await newbornCase(h);
    const r = await h.call('c', 'intake.accept', { id: v.id, expectedSeq: v.lastEventSeq, delivery: { method: 'window', address: null } });
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_TRANSITION', message: expect.stringContaining('缺少材料') } });
    const stale = await h.call('c', 'intake.notifyCorrection', { id: v.id, expectedSeq: v.lastEventSeq - 1 });
    expect(stale).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });

  it('lists everything missing in one correction notice and keeps the number when the applicant returns', async () => {
    const h = await host();
    let v = await newbornCase(h);
    const required = v.evaluation.materials.filter((m) => m.required && !m.received);
    expect(required.length).toBeGreaterThan(2);
    // One material handed in, one handed in but wrong, one form entry wrong.
    const [first, second] = required;
    v = await h.ok<CaseView>('c', 'intake.update', {
      id: v.id,
      expectedSeq: v.lastEventSeq,
      patch: {
        materials: { [first!.key]: { status: 'original', pageBlobs: [], licenceNo: null, problem: null }, [second!.key]: { status: 'copy', pageBlobs: [], licenceNo: null, problem: '复印件不清晰' } },
        fields: { 'applicant.phone': '1380451' },
      },
    });
    v = await h.ok<CaseView>('c', 'intake.notifyCorrection', { id: v.id, expectedSeq: v.lastEventSeq });
    expect(v.state).toBe('correction_requested');
    const events = await h.host.services.store.events.caseEvents(v.id);
    const notice = events.find((e) => e.type === 'case.correction_notified')!.payload as { entries: { key: string; problem: string; kind: string }[] };
    const listed = new Set(notice.entries.map((e) => e.key));
    for (const m of required.slice(1)) expect(listed.has(m.key), m.name).toBe(true);
    expect(listed.has(first!.key)).toBe(false);
    expect(notice.entries.find((e) => e.key === second!.key)!.problem).toBe('wrong');
    expect(notice.entries.find((e) => e.key === 'applicant.phone')).toMatchObject({ kind: 'field', problem: 'wrong' });
    const html = await h.host.services.intake.documentHtml(v.id, 'correction');
    for (const m of required.slice(1)) expect(html).toContain(m.name);

    // The applicant comes back with everything: same case, same number, accepted.
    const number = v.caseNumber;
    v = await h.ok<CaseView>('c', 'intake.update', { id: v.id, expectedSeq: v.lastEventSeq, patch: { fields: { 'applicant.phone': '13804512345' }, materials: receiveMaterials(v) } });
    v = await h.ok<CaseView>('c', 'intake.update', {
      id: v.id,
      expectedSeq: v.lastEventSeq,
      patch: { materials: { [second!.key]: { status: 'original', pageBlobs: [], licenceNo: null, problem: null } } },
    });
    v = await h.ok<CaseView>('c', 'intake.accept', { id: v.id, expectedSeq: v.lastEventSeq, delivery: { method: 'mail', address: '漠河市西林吉镇中华路 1 号' } });
    expect(v.state).toBe('in_review');
    expect(v.caseNumber).toBe(number);
    expect(v.notices.map((n) => n.kind)).toEqual(['correction', 'acceptance']);
  });

  it('accepts an enterprise cancellation with a pending material against a signed commitment, then takes the supply', async () => {
    const h = await host();
    let v = await h.ok<CaseView>('c', 'intake.start', { bundleId: 'hlj.enterprise-cancellation', itemIds: ['hlj.cancel.registration', 'hlj.cancel.tax'], applicantKind: 'enterprise' });
    v = await h.ok<CaseView>('c', 'intake.update', {
      id: v.id,
      expectedSeq: v.lastEventSeq,
      patch: { fields: completeFields(v, { 'enterprise.creditCode': creditCode(), 'enterprise.name': '漠河北极光商贸有限公司' }) },
    });
    const tolerable = v.evaluation.materials.find((m) => m.required && m.tolerable);
    expect(tolerable, 'the cancellation bundle has a secondary material').toBeDefined();
    v = await h.ok<CaseView>('c', 'intake.update', { id: v.id, expectedSeq: v.lastEventSeq, patch: { materials: receiveMaterials(v, [tolerable!.key]) } });
    expect(v.evaluation.canAccept).toBe(false);
    expect(v.evaluation.canAcceptPending).toBe(true);
    const latest = v.evaluation.pendingLatest[tolerable!.key]!;
    expect(latest > '2026-11-23').toBe(true);

    const base = { id: v.id, expectedSeq: v.lastEventSeq, delivery: { method: 'window', address: null } };
    // No signed commitment stored yet: refused with the way forward.
    const noSig = await h.call('c', 'intake.acceptPending', { ...base, pending: [{ key: tolerable!.key, deadline: latest }], commitmentBlob: 'a'.repeat(64) });
    expect(noSig).toMatchObject({ ok: false, error: { message: expect.stringContaining('承诺书') } });
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');
    const sig = await h.host.services.blobFiles.put(png, 'image/png');
    await h.host.services.store.blobs.record({ sha256: sig.sha256, size: sig.size, mime: 'image/png' }, new Date().toISOString());
    const tooLate = await h.call('c', 'intake.acceptPending', { ...base, pending: [{ key: tolerable!.key, deadline: '2027-06-30' }], commitmentBlob: sig.sha256 });
    expect(tooLate).toMatchObject({ ok: false, error: { message: expect.stringContaining('不能晚于') } });

    v = await h.ok<CaseView>('c', 'intake.acceptPending', { ...base, pending: [{ key: tolerable!.key, deadline: latest }], commitmentBlob: sig.sha256 });
    expect(v.state).toBe('in_review');
    expect(v.pendingMaterials).toEqual([{ key: tolerable!.key, name: tolerable!.name, deadline: latest }]);
    expect(v.commitmentDeadline).toBe(latest);
    const html = await h.host.services.intake.documentHtml(v.id, 'pending');
    expect(html).toContain(tolerable!.name);
    // The signed commitment is printed with the signature captured for it.
    expect(await h.host.services.intake.documentHtml(v.id, 'commitment')).toContain(`data:image/png;base64,${png.toString('base64')}`);

    v = await h.ok<CaseView>('c', 'intake.supply', { id: v.id, key: tolerable!.key, status: 'original' });
    expect(v.pendingMaterials).toEqual([]);
    expect(v.commitmentDeadline).toBeNull();
    const again = await h.call('c', 'intake.supply', { id: v.id, key: tolerable!.key, status: 'original' });
    expect(again).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('refuses with a reason only, and prints the remedy', async () => {
    const h = await host();
    const v = await newbornCase(h);
    const empty = await h.call('c', 'intake.refuse', { id: v.id, expectedSeq: v.lastEventSeq, reason: '  ' });
    expect(empty).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const r = await h.ok<CaseView>('c', 'intake.refuse', { id: v.id, expectedSeq: v.lastEventSeq, reason: '申请事项不属于本机关职权范围', legalBasis: null });
    expect(r.state).toBe('refused');
    const html = await h.host.services.intake.documentHtml(v.id, 'refusal');
    expect(html).toContain('申请事项不属于本机关职权范围');
    expect(html).toContain('行政复议');
  });

  it('finds cases by every key, masks ID numbers in lists and audits opening', async () => {
    const h = await host();
    const id = idNumber('19850315', 222);
    const v = await newbornCase(h, id);
    const byId = await h.ok<CaseSummary[]>('c', 'intake.search', { query: id.toLowerCase() });
    expect(byId.map((c) => c.id)).toEqual([v.id]);
    expect(byId[0]!.applicantIdMasked).toBe(`${id.slice(0, 4)}**********${id.slice(-4)}`);
    expect(JSON.stringify(byId)).not.toContain(id);
    expect((await h.ok<CaseSummary[]>('c', 'intake.search', { query: '王' })).map((c) => c.id)).toContain(v.id);
    const phone = v.data.fields['applicant.phone']!;
    expect((await h.ok<CaseSummary[]>('c', 'intake.search', { query: phone })).map((c) => c.id)).toContain(v.id);
    expect(await h.ok<CaseSummary[]>('c', 'intake.search', { query: '不存在的人' })).toEqual([]);
    expect((await h.ok<CaseSummary[]>('c', 'intake.drafts')).map((c) => c.id)).toContain(v.id);

    const before = (await h.host.services.store.events.caseEvents(v.id)).filter((e) => e.type === 'audit.case_viewed').length;
    const opened = await h.ok<CaseView>('c', 'intake.open', { id: v.id });
    expect(opened.data.fields['applicant.idNumber']).toBe(id);
    const after = await h.host.services.store.events.caseEvents(v.id);
    expect(after.filter((e) => e.type === 'audit.case_viewed')).toHaveLength(before + 1);
    expect(after.at(-1)!.actorId).not.toBeNull();
  });

  it('offers an earlier case of the same person for reuse, and copies only empty fields', async () => {
    const h = await host();
    const id = idNumber('19700101', 555);
    let first = await newbornCase(h, id);
    first = await h.ok<CaseView>('c', 'intake.update', { id: first.id, expectedSeq: first.lastEventSeq, patch: { materials: receiveMaterials(first) } });
    await h.ok('c', 'intake.accept', { id: first.id, expectedSeq: first.lastEventSeq, delivery: { method: 'window', address: null } });

    let second = await h.ok<CaseView>('c', 'intake.start', { bundleId: 'hlj.newborn', itemIds: ['hlj.newborn.birth-registration'], applicantKind: 'person' });
    second = await h.ok<CaseView>('c', 'intake.update', { id: second.id, expectedSeq: second.lastEventSeq, patch: { fields: { 'applicant.idNumber': id, 'applicant.name': '王丽丽' } } });
    const earlier = await h.ok<CaseSummary[]>('c', 'intake.earlier', { id: second.id });
    expect(earlier.map((c) => c.id)).toEqual([first.id]);
    const reused = await h.ok<CaseView>('c', 'intake.reuse', { id: second.id, fromId: first.id, expectedSeq: second.lastEventSeq });
    expect(reused.data.reusedFromCaseId).toBe(first.id);
    expect(reused.data.fields['applicant.name']).toBe('王丽丽'); // typed today wins
    expect(reused.data.fields['applicant.phone']).toBe(first.data.fields['applicant.phone']);

    const stranger = await h.ok<CaseView>('c', 'intake.start', { bundleId: 'hlj.newborn', itemIds: ['hlj.newborn.birth-registration'], applicantKind: 'person' });
    const refused = await h.call('c', 'intake.reuse', { id: stranger.id, fromId: first.id, expectedSeq: stranger.lastEventSeq });
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('keeps intake to intake clerks and supervisors', async () => {
    const h = await host();
    await signIn(h, 'r', 'sp01');
    const r = await h.call('r', 'intake.start', { bundleId: 'hlj.newborn', itemIds: ['hlj.newborn.birth-registration'], applicantKind: 'person' });
    expect(r).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await h.call('r', 'intake.search', { query: '王' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('keeps a draft across a restart of the host', async () => {
    const h = await testHost();
    await signIn(h, 'c', 'sj01');
    const v = await newbornCase(h);
    const dir = h.dir;
    await h.host.close();
    const again = await testHost({ dataDir: dir });
    hosts.push(again);
    await signIn(again, 'c', 'sj01');
    const drafts = await again.ok<CaseSummary[]>('c', 'intake.drafts');
    expect(drafts.map((d) => d.id)).toContain(v.id);
    const reopened = await again.ok<CaseView>('c', 'intake.open', { id: v.id });
    expect(reopened.data.fields).toEqual(v.data.fields);
    rmSync(dir, { recursive: true, force: true });
  });
});
