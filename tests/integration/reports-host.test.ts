import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportResult, ReportRow } from '../../shared/api/reports.js';
import type { DeliveryView } from '../../shared/api/delivery.js';
import type { CaseView } from '../../shared/api/intake.js';
import type { SubApplication } from '../../shared/api/routing.js';
import type { Ack, WireEvent } from '../../shared/sync.js';
import { DEMO_PASSWORD } from '../../seeds/demo.js';
import { startCentral, type RunningCentral } from '../helpers/central.js';
import { testHost } from '../helpers/host.js';
import { completeFields, idNumber, receiveMaterials } from '../helpers/intake.js';
import { startPostgres, type PgCluster } from '../helpers/postgres.js';

// Period reports on a small dataset driven through the real host across the 2026 National Day
// holiday, against figures worked out by hand; then the same events pushed to the central
// service on SQLite and on PostgreSQL give the same report; and the Excel / CSV exports read back.
//
// The dataset (hall 232701, bundle 新生儿出生一件事, clerk sj01 at the demo counter):
//  A  accepted Tue 29 Sep: 出生医学证明 (approved Wed 30 Sep, due 30 Sep: on time) and 户口登记
//     (queued 30 Sep, due Thu 8 Oct, approved Fri 9 Oct: late). Ready 9 Oct = 3 working days
//     (30 Sep, 8, 9 Oct). Mailed 9 Oct, received Mon 12 Oct: delivered in 5 working days
//     (… 10 Oct is a make-up Saturday). Rated 5 by code.
//  B  accepted Wed 30 Sep: 出生医学证明 only, approved Thu 8 Oct (its first working day after the
//     holiday, on time): ready in 1 working day. Not collected.
//  C  accepted Mon 12 Oct: 出生医学证明 only, still in review.

const C = 'counter';
const WJW = 'sp02';
const GAJ = 'sp03';
const CJ = 'cj01';
const SUP = 'zb01';
const BIRTH = 'hlj.newborn.birth-certificate';
const HUKOU = 'hlj.newborn.hukou';
const at = (day: string, hour = 10) => Date.parse(`${day}T${String(hour).padStart(2, '0')}:00:00+08:00`);
const RANGE = { period: { kind: 'range', from: '2026-09-28', to: '2026-10-12' } } as const;

type TH = Awaited<ReturnType<typeof testHost>>;

let h: TH;
let pgCluster: PgCluster;
const ids: Record<'a' | 'b' | 'c', string> = { a: '', b: '', c: '' };

async function accept(itemIds: string[], n: number): Promise<CaseView> {
  let v = await h.ok<CaseView>(C, 'intake.start', { bundleId: 'hlj.newborn', itemIds, applicantKind: 'person' });
  v = await h.ok<CaseView>(C, 'intake.update', {
    id: v.id,
    expectedSeq: v.lastEventSeq,
    patch: { fields: completeFields(v, { 'applicant.name': '王丽', 'applicant.idNumber': idNumber('19920304', 400 + n), 'applicant.phone': '13904571234' }) },
  });
  v = await h.ok<CaseView>(C, 'intake.update', { id: v.id, expectedSeq: v.lastEventSeq, patch: { materials: receiveMaterials(v) } });
  return h.ok<CaseView>(C, 'intake.accept', { id: v.id, expectedSeq: v.lastEventSeq, delivery: { method: 'mail', address: '黑龙江省漠河市北极镇北极村 12 号' } });
}

async function decide(who: string, caseId: string, itemId: string): Promise<void> {
  let s = await h.ok<SubApplication>(who, 'review.open', { caseId, itemId });
  s = await h.ok<SubApplication>(who, 'review.receive', { caseId, itemId, expectedVersion: s.version });
  await h.ok(who, 'review.approve', { caseId, itemId, expectedVersion: s.version, result: { number: `No.${itemId.slice(-4)}`, elicenseId: `EL-${itemId.slice(-4)}`, documentBlobs: [], note: null } });
}

const report = (input: Record<string, unknown>) => h.ok<ReportResult>(SUP, 'supervision.report', { ...RANGE, ...input });
const figures = (r: ReportRow) => {
  const { label: _l, sublabel: _s, ...rest } = r;
  return rest;
};

beforeAll(async () => {
  pgCluster = await startPostgres();
  h = await testHost();
  // Days pass between the steps: everyone signs in again after the idle lock.
  const keepAlive = async () => {
    for (const staffNo of ['sj01', WJW, GAJ, CJ, SUP]) await h.ok(staffNo === 'sj01' ? C : staffNo, 'auth.signIn', { staffNo, password: DEMO_PASSWORD });
  };

  h.clock.now = at('2026-09-29');
  await keepAlive();
  ids.a = (await accept([BIRTH, HUKOU], 1)).id;
  h.clock.now = at('2026-09-30');
  await keepAlive();
  ids.b = (await accept([BIRTH], 2)).id;
  await decide(WJW, ids.a, BIRTH);
  h.clock.now = at('2026-10-08');
  await keepAlive();
  await decide(WJW, ids.b, BIRTH);
  h.clock.now = at('2026-10-09');
  await keepAlive();
  await decide(GAJ, ids.a, HUKOU);
  const d = await h.ok<DeliveryView>(CJ, 'delivery.open', { caseId: ids.a });
  const ticked = d.items.flatMap((i) => i.entries.filter((e) => e.kind !== 'elicense').map((e) => e.key)).concat(d.originals.map((e) => e.key));
  const sent = await h.ok<{ visitId: string; view: DeliveryView }>(CJ, 'delivery.mail', {
    caseId: ids.a,
    expectedSeq: d.expectedSeq,
    itemIds: [BIRTH, HUKOU],
    carrier: 'ems',
    trackingNo: 'EA123456785CN',
    to: { name: '王丽', phone: '13904571234', address: '黑龙江省漠河市北极镇北极村 12 号' },
    ticked,
  });
  h.clock.now = at('2026-10-12');
  await keepAlive();
  await h.ok(CJ, 'delivery.mailOutcome', { caseId: ids.a, expectedSeq: sent.view.expectedSeq, visitId: sent.visitId, outcome: 'delivered' });
  const code = sent.view.visits[0]!.ratingCode!;
  await h.ok(CJ, 'rating.byCode', { code, level: 5 });
  ids.c = (await accept([BIRTH], 3)).id;
}, 120_000);

afterAll(async () => {
  await h?.close();
  pgCluster?.stop();
});

describe('period reports through the host', () => {
  it('matches the hand-computed figures by bundle', async () => {
    const r = await report({ groupBy: 'bundle' });
    expect(r.filters).toMatchObject({ from: '2026-09-28', to: '2026-10-12', groupBy: 'bundle', hallCode: '232701', hallName: '漠河市政务服务中心', generatedBy: '刘海涛（zb01）' });
    expect(r.rows).toHaveLength(1);
    const row = r.rows[0]!;
    expect(row.label).toBe('新生儿出生');
    expect(figures(row)).toEqual({
      key: 'hlj.newborn',
      cases: 3,
      items: 4,
      ready: 2,
      delivered: 1,
      // Ready in 3 (A) and 1 (B) working days: median 2, p90 1 + 0.9 × 2.
      readyMedian: 2,
      readyP90: 2.8,
      deliveryMedian: 5,
      deliveryP90: 5,
      onTime: 1,
      late: 1,
      onTimeRate: 0.5,
      corrections: 0,
      correctionsPerCase: 0,
      pendingCases: 0,
      pendingShare: 0,
      commitmentsKept: 0,
      commitmentsBroken: 0,
      commitmentsOpen: 0,
      rated: 1,
      rating5: 1,
      rating4: 0,
      rating3: 0,
      rating2: 0,
      rating1: 0,
      rectOpen: 0,
      rectVerified: 0,
      rectRectified: 0,
      rectClosed: 0,
      // No 绿色通道, no 帮办代办 or 上门服务 in these cases.
      priorityCases: 0,
      priorityShare: 0,
      priorityElderly: 0,
      priorityDisabled: 0,
      priorityPregnant: 0,
      priorityServiceman: 0,
      priorityOther: 0,
      assistedCases: 0,
      assistedShare: 0,
      proxyCases: 0,
      homeCases: 0,
      // A: 14 fields + 7 identity once vs (10 + 7) + (13 + 7); B and C: 17 vs 17.
      fieldsMerged: 21 + 17 + 17,
      fieldsSeparate: 37 + 17 + 17,
      // The form and the ID card handed in per case; the exempt ones come from shared data.
      materialsSubmitted: 6,
      // A: 2 + 5 requirements; B, C: 2 each.
      materialsSeparate: 11,
      materialsElicense: 0,
      // One visit each (A's results came by mail); separately 2 per department: 4 + 2 + 2.
      visitsMade: 3,
      visitsSeparate: 8,
      promisedDays: 2 + 1 + 1,
      statutoryDays: 4,
    });
    expect(figures(r.totals)).toEqual({ ...figures(row), key: '__total__' });
    expect(r.totals.label).toBe('合计');
  });

  it('groups by item, department, counter and clerk; periods select by acceptance date', async () => {
    const items = await report({ groupBy: 'item' });
    expect(items.rows.map((x) => [x.key, x.cases, x.ready, x.onTime, x.late, x.readyMedian, x.fieldsMerged])).toEqual([
      // The certificate: 1 working day each for A and B (C undecided).
      [BIRTH, 3, 2, 2, 0, 1, null],
      // 户口登记: queued 30 Sep, decided 9 Oct: 8 and 9 Oct = 2 working days, one over its promise.
      [HUKOU, 1, 1, 0, 1, 2, null],
    ]);
    expect(items.rows[0]!.sublabel).toBeTruthy();
    // The totals count each case once, with the reform figures.
    expect(items.totals).toMatchObject({ cases: 3, items: 4, fieldsMerged: 55 });
    const departments = await report({ groupBy: 'department' });
    expect(departments.rows.map((x) => [x.key, x.cases, x.items])).toEqual([
      ['wjw', 3, 3],
      ['gaj', 1, 1],
    ]);
    const clerks = await report({ groupBy: 'clerk' });
    expect(clerks.rows.map((x) => [x.label, x.cases])).toEqual([['王晓燕（sj01）', 3]]);
    const counters = await report({ groupBy: 'counter' });
    expect(counters.rows.map((x) => [x.label, x.cases])).toEqual([['综合受理 3 号窗口', 3]]);

    // The week of National Day (28 Sep – 4 Oct) holds A and B; September only A and B; October only C.
    const week = await h.ok<ReportResult>(SUP, 'supervision.report', { period: { kind: 'week', date: '2026-10-01' }, groupBy: 'bundle' });
    expect(week.totals.cases).toBe(2);
    const october = await h.ok<ReportResult>(SUP, 'supervision.report', { period: { kind: 'month', month: '2026-10' }, groupBy: 'bundle' });
    expect([october.totals.cases, october.totals.ready]).toEqual([1, 0]);
    const day = await h.ok<ReportResult>(SUP, 'supervision.report', { period: { kind: 'day', date: '2026-09-30' }, groupBy: 'bundle' });
    expect(day.totals).toMatchObject({ cases: 1, readyMedian: 1 });
  });

  it('is for supervisors only and for their own hall only', async () => {
    const byClerk = await h.call(C, 'supervision.report', { ...RANGE, groupBy: 'bundle' });
    expect(byClerk.ok ? null : byClerk.error.code).toBe('FORBIDDEN');
    const other = await h.call(SUP, 'supervision.report', { ...RANGE, groupBy: 'bundle', hallCode: '230100' });
    expect(other.ok ? null : other.error.message).toMatch(/只能统计本大厅/);
    const backwards = await h.call(SUP, 'supervision.report', { period: { kind: 'range', from: '2026-10-12', to: '2026-09-28' }, groupBy: 'bundle' });
    expect(backwards.ok ? null : backwards.error.message).toMatch(/早于/);
  });

  it('exports the report to Excel with the filters above the rows', async () => {
    const file = await h.ok<{ fileName: string; mimeType: string; base64: string }>(SUP, 'supervision.reportExport', { ...RANGE, groupBy: 'item', format: 'xlsx' });
    expect(file.fileName).toBe('监察报表-漠河市政务服务中心-2026-09-28至2026-10-12-按事项.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(file.base64, 'base64') as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const text = (r: number, c: number) => String(ws.getRow(r).getCell(c).value ?? '');
    expect(text(1, 1)).toContain('监察统计报表');
    const header = new Map<string, string>();
    for (let r = 2; r <= 8; r++) header.set(text(r, 1), text(r, 2));
    expect(header.get('服务大厅')).toBe('漠河市政务服务中心（232701）');
    expect(header.get('统计时段')).toContain('2026-09-28 至 2026-10-12');
    expect(header.get('分组方式')).toBe('按事项');
    expect(header.get('生成人')).toBe('刘海涛（zb01）');
    let titleRow = 0;
    ws.eachRow((row, n) => {
      if (row.getCell(1).value === '事项') titleRow = n;
    });
    expect(titleRow).toBeGreaterThan(8);
    const titles = (ws.getRow(titleRow).values as unknown[]).slice(1);
    expect(titles.slice(0, 3)).toEqual(['事项', '说明', '受理件数（件）']);
    expect(titles).toContain('按时办结率');
    expect(titles).not.toContain('一表填报字段数（个）');
    const col = (t: string) => titles.indexOf(t) + 1;
    const data = [titleRow + 1, titleRow + 2, titleRow + 3].map((r) => ws.getRow(r));
    expect(data.map((r) => r.getCell(1).value)).toEqual(['出生医学证明', '户口登记', '合计'].map((n, i) => (i < 2 ? expect.stringContaining(n.slice(0, 2)) : n)));
    expect(data.map((r) => r.getCell(col('受理件数（件）')).value)).toEqual([3, 1, 3]);
    expect(data.map((r) => r.getCell(col('按时办结率')).value)).toEqual([1, 0, 0.5]);
    expect(data[1]!.getCell(col('按时办结率')).numFmt).toBe('0.0%');
    expect(ws.getRow(titleRow + 4).getCell(1).value ?? null).toBeNull();
  });

  it('exports CSV in UTF-8 with a byte-order mark and the same rows', async () => {
    const file = await h.ok<{ fileName: string; mimeType: string; base64: string }>(SUP, 'supervision.reportExport', { ...RANGE, groupBy: 'bundle', format: 'csv' });
    expect(file.mimeType).toMatch(/text\/csv/);
    const bytes = Buffer.from(file.base64, 'base64');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).split('\r\n');
    expect(lines[0]).toBe('一件事集成办理 监察统计报表,');
    expect(lines).toContain('分组方式,按套餐（一件事）');
    const titleIdx = lines.findIndex((l) => l.startsWith('一件事套餐,说明,受理件数（件）'));
    expect(titleIdx).toBeGreaterThan(0);
    const titles = lines[titleIdx]!.split(',');
    const row = lines[titleIdx + 1]!.split(',');
    const total = lines[titleIdx + 2]!.split(',');
    expect(row[titles.indexOf('受理件数（件）')]).toBe('3');
    expect(row[titles.indexOf('按时办结率')]).toBe('50%');
    expect(row[titles.indexOf('受理至办结 90分位（工作日）')]).toBe('2.8');
    expect(row[titles.indexOf('实际跑动次数（次）')]).toBe('3');
    expect(total[0]).toBe('合计');
    expect(lines[titleIdx + 3]).toBe('');
  });
});

async function pushAll(c: RunningCentral, token: string): Promise<void> {
  const store = h.host.services.store;
  let after = 0;
  for (;;) {
    const batch = await store.sync.pending(after, 500);
    if (batch.length === 0) break;
    const events = batch.map(({ seq: _s, json: _j, bytes: _b, ...w }) => w as WireEvent);
    const res = await fetch(`${c.url}/sync/push`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ events }) });
    const body = (await res.json()) as { acks: Ack[] };
    expect(body.acks.filter((a) => a.status !== 'accepted')).toEqual([]);
    after = batch[batch.length - 1]!.seq;
  }
}

describe.each([
  { name: 'sqlite', backend: async () => ({ kind: 'sqlite' as const }) },
  { name: 'postgres', backend: async () => ({ kind: 'postgres' as const, url: await pgCluster.createDatabase('reports') }) },
])('the central report on $name', ({ backend }) => {
  let c: RunningCentral;
  beforeAll(async () => {
    c = await startCentral(await backend());
  });
  afterAll(async () => c?.close());

  it('gives the same report from the same events, to a supervisor token only', async () => {
    const token = await c.enrol(h.host.services.settings.read().deviceId!, '232701', ['wjw', 'gaj']);
    await pushAll(c, token);
    const get = async (qs: string, auth: string | null) => {
      const res = await fetch(`${c.url}/central/reports?${qs}`, { headers: auth ? { authorization: `Bearer ${auth}` } : {} });
      return { status: res.status, type: res.headers.get('content-type'), body: res.headers.get('content-type')?.includes('json') ? await res.json() : Buffer.from(await res.arrayBuffer()) };
    };
    const qs = 'period=range&from=2026-09-28&to=2026-10-12&groupBy=';
    expect((await get(`${qs}bundle`, null)).status).toBe(401);
    expect((await get(`${qs}bundle`, token)).status).toBe(401);
    const issued = await c.admin('POST', '/admin/supervisor-tokens', { label: '营商环境局监察科', hallCode: null });
    expect(issued.status).toBe(201);
    const sup = issued.body.token as string;

    for (const groupBy of ['bundle', 'item', 'department', 'clerk'] as const) {
      const local = await report({ groupBy });
      const central = (await get(`${qs}${groupBy}`, sup)).body as ReportResult;
      const strip = (r: ReportResult) => ({ rows: r.rows.map((x) => (groupBy === 'clerk' ? figures(x) : x)), totals: r.totals });
      expect(strip(central)).toEqual(strip(local));
      expect(central.filters).toMatchObject({ hallCode: null, groupBy, generatedBy: '营商环境局监察科（中心监察）' });
    }
    // One hall chosen; a hall-bound token sees only its hall.
    expect(((await get(`${qs}bundle&hallCode=232701`, sup)).body as ReportResult).totals.cases).toBe(3);
    expect(((await get(`${qs}bundle&hallCode=230100`, sup)).body as ReportResult).totals.cases).toBe(0);
    const hallToken = (await c.admin('POST', '/admin/supervisor-tokens', { label: '另一大厅', hallCode: '230100' })).body.token as string;
    expect((await get(`${qs}bundle&hallCode=232701`, hallToken)).status).toBe(403);
    expect(((await get(`${qs}bundle`, hallToken)).body as ReportResult).totals.cases).toBe(0);

    const csv = await get(`${qs}bundle&format=csv`, sup);
    expect(csv.type).toMatch(/text\/csv/);
    expect((csv.body as Buffer).toString('utf8')).toContain('服务大厅,全部大厅');
    const xlsx = await get(`${qs}bundle&format=xlsx`, sup);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    expect(String(wb.worksheets[0]!.getRow(2).getCell(2).value)).toBe('全部大厅');

    const bad = await get('period=month&month=2026-13&groupBy=bundle', sup);
    expect(bad.status).toBe(400);
    const spec = (await (await fetch(`${c.url}/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/central/reports', '/admin/supervisor-tokens']));
  });
});
