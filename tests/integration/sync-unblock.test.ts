import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, demoInstallation } from '../../seeds/demo.js';
import type { CaseView } from '../../shared/api/intake.js';
import type { SubApplication } from '../../shared/api/routing.js';
import { startCentral, type RunningCentral } from '../helpers/central.js';
import { testHost } from '../helpers/host.js';
import { completeFields, idNumber, receiveMaterials } from '../helpers/intake.js';

// 医保在职转退休 needs both 退休资格确认 (human resources) and 医保视同缴费年限认定 (medical
// insurance), decided in parallel. Approved at the same time on two devices, neither device sees
// both approvals until they sync; after the pull exactly one device (the one that made the later
// approval) releases the dependent item, and nothing is doubled.

const ELIGIBILITY = 'hlj.retirement.eligibility';
const DEEMED = 'hlj.retirement.medical-deemed';
const RETIREE = 'hlj.retirement.medical-retiree';

type TH = Awaited<ReturnType<typeof testHost>>;

describe('releasing a dependent item after concurrent approvals on two devices', () => {
  let central: RunningCentral | null = null;
  const hosts: TH[] = [];
  afterEach(async () => {
    for (const h of hosts.splice(0)) await h.close();
    await central?.close();
  });

  async function device(code: string): Promise<TH> {
    const h = await testHost();
    hosts.push(h);
    h.clock.now = Date.now();
    for (const staffNo of ['admin', 'sj01', 'sp02', 'sp03']) await h.ok(staffNo, 'auth.signIn', { staffNo, password: DEMO_PASSWORD });
    await h.ok('admin', 'admin.syncConfigure', { centralUrl: central!.url });
    await h.ok('admin', 'admin.syncEnrol', { code });
    return h;
  }

  async function approve(h: TH, who: string, caseId: string, itemId: string): Promise<void> {
    let s = await h.ok<SubApplication>(who, 'review.open', { caseId, itemId });
    s = await h.ok<SubApplication>(who, 'review.receive', { caseId, itemId, expectedVersion: s.version });
    const doc = await h.host.services.blobFiles.put(Buffer.from(`%PDF-1.4 ${itemId}`), 'application/pdf');
    await h.host.services.store.blobs.record(doc, new Date().toISOString());
    const result = { number: `No.${itemId.slice(-4)}`, elicenseId: `EL-${itemId.slice(-4)}`, documentBlobs: [doc.sha256], note: '已办结' };
    await h.ok(who, 'review.approve', { caseId, itemId, expectedVersion: s.version, result });
  }

  const state = async (h: TH, caseId: string, itemId: string) => (await h.host.services.store.items.get(caseId, itemId))?.state;
  const queuedEvents = async (h: TH, caseId: string) =>
    (await h.host.services.store.events.caseEvents(caseId)).filter((e) => e.type === 'item.state_changed' && (e.payload as { itemId: string; to: string }).itemId === RETIREE && (e.payload as { to: string }).to === 'queued');

  it('queues 医保在职转退休 once, on the device that made the later approval', async () => {
    central = await startCentral({ kind: 'sqlite' });
    // The hall's device also serves human resources; medical insurance works on its own device.
    const hall = await device(await central.issueCode(demoInstallation.hallCode, ['rsj']));
    const insurance = await device(await central.issueCode(null, ['ybj']));

    let v = await hall.ok<CaseView>('sj01', 'intake.start', { bundleId: 'hlj.retirement', itemIds: [ELIGIBILITY, DEEMED, RETIREE], applicantKind: 'person' });
    v = await hall.ok<CaseView>('sj01', 'intake.update', { id: v.id, expectedSeq: v.lastEventSeq, patch: { fields: completeFields(v, { 'applicant.idNumber': idNumber() }) } });
    v = await hall.ok<CaseView>('sj01', 'intake.update', { id: v.id, expectedSeq: v.lastEventSeq, patch: { materials: receiveMaterials(v) } });
    v = await hall.ok<CaseView>('sj01', 'intake.accept', { id: v.id, expectedSeq: v.lastEventSeq, delivery: { method: 'window', address: null } });
    await hall.ok('sj01', 'sync.now');
    await insurance.ok('sp03', 'sync.now');
    expect(await state(insurance, v.id, DEEMED)).toBe('queued');
    expect(await state(insurance, v.id, RETIREE)).toBe('blocked');

    // Both prerequisites approved before either device hears of the other.
    await approve(hall, 'sp03', v.id, ELIGIBILITY);
    insurance.clock.now += 60_000;
    await approve(insurance, 'sp03', v.id, DEEMED);
    expect(await state(hall, v.id, RETIREE)).toBe('blocked');
    expect(await state(insurance, v.id, RETIREE)).toBe('blocked');

    // The hall pushes first and hears of nothing new. The insurance device then pulls the hall's
    // approval, finds its own approval the later one, and releases 医保在职转退休; the hall, pulling
    // both, leaves it be.
    await hall.ok('sj01', 'sync.now');
    expect(await state(hall, v.id, RETIREE)).toBe('blocked');
    await insurance.ok('sp03', 'sync.now');
    expect(await state(insurance, v.id, RETIREE)).toBe('queued');
    await insurance.ok('sp03', 'sync.now');
    await hall.ok('sj01', 'sync.now');
    expect(await state(hall, v.id, RETIREE)).toBe('queued');
    expect(await queuedEvents(hall, v.id)).toHaveLength(1);
    expect(await queuedEvents(insurance, v.id)).toHaveLength(1);
    for (const h of [hall, insurance]) expect((await h.ok<{ problems: unknown[] }>('sj01', 'sync.details', {})).problems).toEqual([]);
  });
});
