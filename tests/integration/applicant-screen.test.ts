import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../seeds/demo.js';
import type { CaseView } from '../../shared/api/intake.js';
import { completeFields, creditCode, idNumber, receiveMaterials } from '../helpers/intake.js';
import { testHost } from '../helpers/host.js';

// The applicant screen's 核对信息 and 留存材料 steps read the case as saved: every form row with its
// field type (so ID numbers can be read masked), then what the hall keeps of each material.

type TH = Awaited<ReturnType<typeof testHost>>;
type FormView = {
  kind: 'form';
  lang: string;
  bundleName: string;
  rows: { key: string; label: string; type: string; value: string }[];
  materials: { name: string; form: string; count: number; held: string; pages: number; problem: string | null; deadline: string | null }[];
};

const C = 'counter';
const SCREEN = 'screen';

describe('applicant screen: the case as the applicant checks it', () => {
  let h: TH;
  afterEach(() => h?.close());

  async function storedScan(text: string): Promise<string> {
    const b = await h.host.services.blobFiles.put(Buffer.from(`%PDF-1.4 ${text}`), 'application/pdf');
    await h.host.services.store.blobs.record(b, new Date().toISOString());
    return b.sha256;
  }

  it('shows the form rows identity first with their types, and how each material is held, in the language the clerk chose', async () => {
    h = await testHost();
    await h.ok(C, 'auth.signIn', { staffNo: 'sj01', password: DEMO_PASSWORD });
    const mother = idNumber('19900305', 246);
    const bundle = await h.ok<{ items: { id: string }[] }>(C, 'catalog.bundle', { id: 'hlj.newborn' });
    let v = await h.ok<CaseView>(C, 'intake.start', { bundleId: 'hlj.newborn', itemIds: bundle.items.map((i) => i.id), applicantKind: 'person' });
    v = await h.ok<CaseView>(C, 'intake.update', {
      id: v.id,
      expectedSeq: v.lastEventSeq,
      patch: { fields: completeFields(v, { 'applicant.name': '王丽', 'applicant.idNumber': mother, 'applicant.phone': '13904571234' }) },
    });
    const needed = v.evaluation.materials.filter((m) => m.required && !m.received);
    expect(needed.length).toBeGreaterThanOrEqual(3);
    const [scanned, copied, problem] = needed;
    const pages = [await storedScan('page 1'), await storedScan('page 2')];
    const materials = {
      ...receiveMaterials(v),
      [scanned!.key]: { status: 'scanned', pageBlobs: pages, licenceNo: null, problem: null },
      [copied!.key]: { status: 'copy', pageBlobs: [], licenceNo: null, problem: null },
      [problem!.key]: { status: 'original', pageBlobs: [], licenceNo: null, problem: '已过有效期' },
    };
    v = await h.ok<CaseView>(C, 'intake.update', { id: v.id, expectedSeq: v.lastEventSeq, patch: { materials } });

    expect(await h.ok(SCREEN, 'applicant.view')).toEqual({ kind: 'idle' });
    await h.ok(C, 'applicant.showCase', { id: v.id, lang: 'ru' });
    const shown = await h.ok<FormView>(SCREEN, 'applicant.view');
    expect(shown).toMatchObject({ kind: 'form', lang: 'ru', bundleName: v.bundle.name });

    // Identity first, in the order of the 申请人 step; every field of the form is there once.
    expect(shown.rows.slice(0, 2).map((r) => r.key)).toEqual(['applicant.name', 'applicant.idNumber']);
    expect(shown.rows.find((r) => r.key === 'applicant.idNumber')).toMatchObject({ type: 'idNumber', value: mother });
    expect(shown.rows.find((r) => r.key === 'applicant.phone')).toMatchObject({ type: 'phone', value: '13904571234' });
    expect(new Set(shown.rows.map((r) => r.key)).size).toBe(v.evaluation.fields.length);

    const byName = new Map(shown.materials.map((m) => [m.name, m]));
    expect(byName.get(scanned!.name)).toMatchObject({ held: 'scanned', pages: 2, problem: null, form: scanned!.form, count: scanned!.count });
    expect(byName.get(copied!.name)).toMatchObject({ held: 'copy', pages: 0 });
    // Handed in with a problem counts as not received: the screen says it must come again.
    expect(byName.get(problem!.name)).toMatchObject({ held: 'missing', problem: '已过有效期' });
    for (const m of needed.slice(3)) expect(byName.get(m.name)).toMatchObject({ held: 'original' });
    // Exempt materials are listed as such; nothing not needed is listed.
    for (const m of v.evaluation.materials) {
      if (m.exempt) expect(byName.get(m.name)?.held).toBe('exempt');
      else if (!m.required) expect(byName.has(m.name)).toBe(false);
    }

    // The default language is Chinese; clearing empties the screen.
    await h.ok(C, 'applicant.showCase', { id: v.id });
    expect(await h.ok<FormView>(SCREEN, 'applicant.view')).toMatchObject({ kind: 'form', lang: 'zh' });
    await h.ok(C, 'applicant.clear');
    expect(await h.ok(SCREEN, 'applicant.view')).toEqual({ kind: 'idle' });
  });

  it('names what is still to be brought under 容缺受理, with its deadline', async () => {
    h = await testHost();
    await h.ok(C, 'auth.signIn', { staffNo: 'sj01', password: DEMO_PASSWORD });
    let v = await h.ok<CaseView>(C, 'intake.start', { bundleId: 'hlj.enterprise-cancellation', itemIds: ['hlj.cancel.registration', 'hlj.cancel.tax'], applicantKind: 'enterprise' });
    v = await h.ok<CaseView>(C, 'intake.update', {
      id: v.id,
      expectedSeq: v.lastEventSeq,
      patch: { fields: completeFields(v, { 'enterprise.creditCode': creditCode(), 'enterprise.name': '漠河北极光商贸有限公司' }) },
    });
    const tolerable = v.evaluation.materials.find((m) => m.required && m.tolerable);
    expect(tolerable, 'the cancellation bundle has a secondary material').toBeDefined();
    v = await h.ok<CaseView>(C, 'intake.update', { id: v.id, expectedSeq: v.lastEventSeq, patch: { materials: receiveMaterials(v, [tolerable!.key]) } });
    const deadline = v.evaluation.pendingLatest[tolerable!.key]!;
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');
    const sig = await h.host.services.blobFiles.put(png, 'image/png');
    await h.host.services.store.blobs.record({ sha256: sig.sha256, size: sig.size, mime: 'image/png' }, new Date().toISOString());
    v = await h.ok<CaseView>(C, 'intake.acceptPending', {
      id: v.id,
      expectedSeq: v.lastEventSeq,
      delivery: { method: 'window', address: null },
      pending: [{ key: tolerable!.key, deadline }],
      commitmentBlob: sig.sha256,
    });
    expect(v.pendingMaterials.map((p) => p.key)).toEqual([tolerable!.key]);

    await h.ok(C, 'applicant.showCase', { id: v.id, lang: 'en' });
    const shown = await h.ok<FormView>(SCREEN, 'applicant.view');
    expect(shown).toMatchObject({ kind: 'form', lang: 'en' });
    // An enterprise: the enterprise's own fields come first.
    expect(shown.rows[0]!.key).toBe('enterprise.name');
    expect(shown.materials.find((m) => m.name === tolerable!.name)).toMatchObject({ held: 'missing', deadline });
    expect(shown.materials.filter((m) => m.held === 'original').length).toBeGreaterThan(0);
  });

  it('refuses an unknown case and a wrong language, and only a signed-in clerk may push', async () => {
    h = await testHost();
    expect(await h.call('anon', 'applicant.showCase', { id: 'x' })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    await h.ok(C, 'auth.signIn', { staffNo: 'sj01', password: DEMO_PASSWORD });
    expect(await h.call(C, 'applicant.showCase', { id: 'no-such-case' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await h.call(C, 'applicant.showCase', { id: 'no-such-case', lang: 'fr' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await h.ok(SCREEN, 'applicant.view')).toEqual({ kind: 'idle' });
  });

  it('passes the applicant\'s 信息无误 / 信息有误 to the clerk for the form as shown, and refuses a stale answer', async () => {
    h = await testHost();
    await h.ok(C, 'auth.signIn', { staffNo: 'sj01', password: DEMO_PASSWORD });
    const v = await h.ok<CaseView>(C, 'intake.start', { bundleId: 'hlj.newborn', itemIds: ['hlj.newborn.birth-certificate'], applicantKind: 'person' });
    expect(await h.ok(C, 'applicant.formAnswer', { id: v.id })).toEqual({ state: 'closed', at: null });

    await h.ok(C, 'applicant.showCase', { id: v.id });
    const first = await h.ok<FormView & { formId: string }>(SCREEN, 'applicant.view');
    expect(await h.ok(C, 'applicant.formAnswer', { id: v.id })).toEqual({ state: 'waiting', at: null });

    // Shown again: an answer to the earlier showing no longer counts.
    await h.ok(C, 'applicant.showCase', { id: v.id });
    const second = await h.ok<FormView & { formId: string }>(SCREEN, 'applicant.view');
    expect(second.formId).not.toBe(first.formId);
    expect(await h.call(SCREEN, 'applicant.answerForm', { formId: first.formId, answer: 'right' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await h.ok(C, 'applicant.formAnswer', { id: v.id })).toMatchObject({ state: 'waiting' });

    await h.ok(SCREEN, 'applicant.answerForm', { formId: second.formId, answer: 'wrong' });
    const wrong = await h.ok<{ state: string; at: string | null }>(C, 'applicant.formAnswer', { id: v.id });
    expect(wrong.state).toBe('wrong');
    expect(wrong.at).not.toBeNull();
    // The answer stays readable after the screen moves on; an unanswered form that is replaced is closed.
    await h.ok(C, 'applicant.clear');
    expect(await h.ok(C, 'applicant.formAnswer', { id: v.id })).toMatchObject({ state: 'wrong' });
    await h.ok(C, 'applicant.showCase', { id: v.id });
    await h.ok(C, 'applicant.clear');
    expect(await h.ok(C, 'applicant.formAnswer', { id: v.id })).toEqual({ state: 'closed', at: null });
    // Only the counter reads the answer.
    expect(await h.call(SCREEN, 'applicant.formAnswer', { id: v.id })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });
});
