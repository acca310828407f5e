import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureLog } from '../../electron/host/log.js';
import { DAMAGED_SCAN_REASON } from '../../electron/services/sync/engine.js';
import { newId } from '../../shared/ids.js';
import { startCentral, type Backend, type RunningCentral } from '../helpers/central.js';
import { draftAndAccept, NEWBORN, route, startCounter, type TestCounter } from '../helpers/counter.js';
import { startFlakyProxy, type FlakyProxy } from '../helpers/flaky-proxy.js';
import { startPostgres, type PgCluster } from '../helpers/postgres.js';
import { tempDir } from '../helpers/tmp.js';

// The client sync engine against the real central service (SQLite and PostgreSQL), through
// a loopback proxy that can be down or drop connections mid-request.

configureLog({ quiet: true });

let pgCluster: PgCluster;
beforeAll(async () => {
  pgCluster = await startPostgres();
});
afterAll(() => pgCluster?.stop());

const backends: { name: string; make: () => Promise<Backend> }[] = [
  { name: 'sqlite', make: async () => ({ kind: 'sqlite' }) },
  { name: 'postgres', make: async () => ({ kind: 'postgres', url: await pgCluster.createDatabase('engine') }) },
];

const departments = [...new Set(NEWBORN.itemIds.map(NEWBORN.departmentOf))];

async function storeBlob(counter: TestCounter, bytes: Buffer, mime = 'image/jpeg'): Promise<string> {
  const b = await counter.blobFiles.put(bytes, mime);
  await counter.store.blobs.record({ sha256: b.sha256, size: b.size, mime }, new Date().toISOString());
  return b.sha256;
}

async function caseRow(counter: TestCounter, caseId: string) {
  const snap = await counter.store.snapshotProjections();
  return {
    c: (snap.cases as { id: string; state: string }[]).find((x) => x.id === caseId),
    items: (snap.caseItems as { case_id: string; item_id: string; state: string | null }[]).filter((x) => x.case_id === caseId),
  };
}

/** Runs sync cycles until one succeeds with nothing left (a cut connection fails a cycle). */
async function syncUntilClean(counter: TestCounter, maxCycles = 40): Promise<number> {
  for (let i = 1; i <= maxCycles; i++) {
    const r = await counter.engine.syncNow();
    if (r && (await counter.store.sync.pendingSummary()).count === 0 && (await counter.store.blobs.pending()).count === 0) return i;
  }
  throw new Error(`sync did not converge: ${counter.engine.state()}`);
}

describe.each(backends)('sync engine on $name', ({ make }) => {
  let c: RunningCentral;
  let proxy: FlakyProxy;

  beforeAll(async () => {
    c = await startCentral(await make());
    proxy = await startFlakyProxy(c.port);
  });
  afterAll(async () => {
    await proxy?.close();
    await c?.close();
  });

  it('two counters and a department device exchange a newborn case, offline then online', async () => {
    const a1 = await startCounter({ centralUrl: proxy.url, hallCode: 'H1' });
    const a2 = await startCounter({ centralUrl: proxy.url, hallCode: 'H1' });
    const dept = await startCounter({ centralUrl: proxy.url, hallCode: 'H1-DEPT' });
    try {
      await a1.enrol(await c.issueCode('H1'));
      await a2.enrol(await c.issueCode('H1'));
      await dept.enrol(await c.issueCode(null, departments));
      expect((await a1.engine.enrolment())?.hallCode).toBe('H1');
      // The token is on disk only in the owner-only secrets file.
      expect(readFileSync(join(a1.dir, 'secrets.json'), 'utf8')).toContain('deviceToken');
      expect((execFileSync('stat', ['-c', '%a', join(a1.dir, 'secrets.json')], { encoding: 'utf8' }) as string).trim()).toBe('600');

      // Offline: the extranet is down while the clerk takes the case in.
      proxy.setDown(true);
      const scan = randomBytes(180 * 1024);
      const sha = await storeBlob(a1, scan);
      const caseId = await draftAndAccept(a1.store, 'H1', 'H1-2026-0001', sha);
      await route(a1.store, caseId);
      expect(await a1.engine.syncNow()).toBeNull();
      expect(a1.engine.state()).toBe('offline');
      expect(await a1.store.sync.getState('offline_since')).not.toBeNull();
      const pendingOffline = await a1.store.sync.pendingSummary();
      expect(pendingOffline.count).toBe(3 + NEWBORN.itemIds.length);

      // Online again: blob first, then events, then pull.
      proxy.setDown(false);
      const report = await a1.engine.syncNow();
      expect(report).toMatchObject({ blobsUploaded: 1, accepted: 3 + NEWBORN.itemIds.length, rejected: 0, deferred: 0 });
      expect(await a1.store.sync.getState('offline_since')).toBeNull();
      expect((await a1.store.sync.pendingSummary()).count).toBe(0);

      // The department device pulls the routed case and opens the scan: it downloads lazily.
      await dept.engine.syncNow();
      expect((await caseRow(dept, caseId)).c?.state).toBe('in_review');
      expect(await dept.blobFiles.has(sha)).toBe(false);
      await dept.engine.fetchBlob(sha);
      expect((await dept.blobFiles.read(sha)).equals(scan)).toBe(true);
      for (const itemId of NEWBORN.itemIds) {
        const departmentId = NEWBORN.departmentOf(itemId);
        await dept.store.events.append({ actorId: 'reviewer' }, [
          { type: 'item.state_changed', caseId, payload: { itemId, departmentId, to: 'received' } },
          { type: 'item.state_changed', caseId, payload: { itemId, departmentId, to: 'approved' } },
        ]);
      }
      const deptReport = await dept.engine.syncNow();
      expect(deptReport?.accepted).toBe(2 * NEWBORN.itemIds.length);

      // The other counter of the hall delivers and closes.
      await a2.engine.syncNow();
      const seen = await caseRow(a2, caseId);
      // Every item approved: the case is ready on the other counter without anyone saying so.
      expect(seen.c?.state).toBe('ready');
      expect(seen.items.every((i) => i.state === 'approved')).toBe(true);
      await a2.store.events.append({ actorId: 'clerk-2' }, [
        { type: 'case.delivered', caseId, payload: { channel: 'window' } },
        { type: 'case.closed', caseId, payload: {} },
      ]);
      expect((await a2.engine.syncNow())?.accepted).toBe(2);

      await a1.engine.syncNow();
      await dept.engine.syncNow();
      for (const d of [a1, a2, dept]) {
        const r = await caseRow(d, caseId);
        expect(r.c?.state).toBe('closed');
        expect(r.items.map((i) => i.state)).toEqual(NEWBORN.itemIds.map(() => 'approved'));
        // Foreign events keep their own device and hash: the log still verifies, and a rebuild equals the live projection.
        expect((await d.store.events.verifyChains()).firstBroken).toBeNull();
        const live = await d.store.snapshotProjections();
        await d.store.events.rebuildProjections();
        expect(await d.store.snapshotProjections()).toEqual(live);
      }
      // Every event once on the service, and the same log of the case everywhere.
      const central = await c.central.db.selectFrom('events').select(['id']).where('case_id', '=', caseId).execute();
      expect(central.length).toBe(3 + NEWBORN.itemIds.length * 3 + 2);
      for (const d of [a1, a2, dept]) expect((await d.store.events.caseEvents(caseId)).map((e) => e.id).sort()).toEqual(central.map((e) => e.id).sort());
    } finally {
      await a1.close();
      await a2.close();
      await dept.close();
    }
  });

  it('resumes after the network drops mid-batch and mid-blob, without loss or duplicates', async () => {
    const a = await startCounter({ centralUrl: proxy.url, hallCode: 'H2' });
    try {
      await a.enrol(await c.issueCode('H2'));
      const big = randomBytes(3 * 1024 * 1024 + 12345);
      const sha = await storeBlob(a, big, 'application/pdf');
      const cases: string[] = [];
      for (let i = 0; i < 150; i++) {
        const id = await draftAndAccept(a.store, 'H2', `H2-${String(i).padStart(4, '0')}`, i === 0 ? sha : null);
        await route(a.store, id);
        cases.push(id);
      }
      const total = (await a.store.sync.pendingSummary()).count;
      expect(total).toBe(150 * (3 + NEWBORN.itemIds.length));

      // Mid-blob: two uploads cut after 1.5 MiB; mid-batch: pushes cut on the way up, and
      // answers cut on the way down (the service stored the batch, the counter never heard).
      proxy.cutNext(2, 1536 * 1024, 'up');
      expect(await a.engine.syncNow()).toBeNull();
      expect(proxy.cuts()).toBeGreaterThan(0);
      const head = await fetch(`${c.url}/blobs/${sha}`, { method: 'HEAD', headers: { authorization: `Bearer ${JSON.parse(readFileSync(join(a.dir, 'secrets.json'), 'utf8')).deviceToken}` } });
      const resumedAt = Number(head.headers.get('upload-offset'));
      expect(resumedAt).toBeGreaterThan(0);
      expect(resumedAt).toBeLessThan(big.length);
      proxy.cutNext(0, 0);
      await a.engine.syncNow(); // finishes the blob
      // Now cut pushes: first upstream mid-body, then downstream (acks lost after commit).
      await a.store.events.append({ actorId: 'c' }, [{ type: 'case.withdrawn', caseId: cases[1]!, payload: { reason: '申请人撤回' } }]);
      proxy.cutNext(1, 100 * 1024, 'up');
      await a.engine.syncNow();
      proxy.cutNext(3, 200, 'down');
      await a.engine.syncNow();
      proxy.cutNext(0, 0);
      await syncUntilClean(a);

      const own = await c.central.db.selectFrom('events').select(['id']).where('device_id', '=', a.deviceId).execute();
      expect(own.length).toBe(total + 1);
      expect(new Set(own.map((e) => e.id)).size).toBe(own.length);
      const local = (await a.store.sync.problemCounts());
      expect(local).toEqual({ rejected: 0, conflicts: 0, deferred: 0 });
      const stored = readFileSync(join(c.dir, 'blobs', sha.slice(0, 2), sha));
      expect(createHash('sha256').update(stored).digest('hex')).toBe(sha);
      expect(stored.equals(big)).toBe(true);
    } finally {
      await a.close();
    }
  });

  it('holds back only the case whose scan is not on the service yet, then sends it in order', async () => {
    const a = await startCounter({ centralUrl: c.url, hallCode: 'H5' });
    try {
      await a.enrol(await c.issueCode('H5'));
      const scan = randomBytes(50_000);
      const sha = createHash('sha256').update(scan).digest('hex');
      // The acceptance references a scan this device does not hold (yet).
      const x = await draftAndAccept(a.store, 'H5', 'H5-X', sha);
      await route(a.store, x);
      const y = await draftAndAccept(a.store, 'H5', 'H5-Y');
      await route(a.store, y);
      const r = await a.engine.syncNow();
      // The acceptance and everything after it in case X wait; case Y goes through.
      expect(r).toMatchObject({ rejected: 0, deferred: 2 + NEWBORN.itemIds.length, accepted: 1 + 3 + NEWBORN.itemIds.length });
      // A scan that may still turn up: the sync page keeps the service's reason.
      expect(new Set((await a.store.sync.problems()).map((p) => `${p.kind}:${p.caseId}:${p.reason}`))).toEqual(new Set([`deferred:${x}:所引用的附件尚未上传完成，稍后自动重试。`]));
      expect((await a.store.sync.pendingSummary()).count).toBe(2 + NEWBORN.itemIds.length);
      // The scan turns up (restored from the scanner folder): everything goes, in order.
      await storeBlob(a, scan);
      const r2 = await a.engine.syncNow();
      expect(r2).toMatchObject({ rejected: 0, deferred: 0, accepted: 2 + NEWBORN.itemIds.length, blobsUploaded: 1 });
      expect((await a.store.sync.pendingSummary()).count).toBe(0);
      const states = await c.central.db.selectFrom('cases').select(['id', 'state']).where('id', 'in', [x, y]).execute();
      expect(states.map((s) => s.state)).toEqual(['in_review', 'in_review']);
    } finally {
      await a.close();
    }
  });

  it('lets a damaged scan hold back only its case: everything else syncs, and the clerk is told', async () => {
    const a = await startCounter({ centralUrl: c.url, hallCode: 'H7' });
    try {
      await a.enrol(await c.issueCode('H7'));
      const bad = await storeBlob(a, randomBytes(120_000));
      const good = await storeBlob(a, randomBytes(90_000));
      const x = await draftAndAccept(a.store, 'H7', 'H7-X', bad);
      await route(a.store, x);
      const y = await draftAndAccept(a.store, 'H7', 'H7-Y', good);
      // A byte of the stored (encrypted) scan flips on the disk: it no longer decrypts.
      const file = a.blobFiles.path(bad);
      const original = readFileSync(file);
      const stored = Buffer.from(original);
      stored[stored.length - 100] = stored[stored.length - 100]! ^ 0x01;
      writeFileSync(file, stored);

      const r = await a.engine.syncNow();
      // X's acceptance and the routing behind it wait; the rest goes.
      const xWaits = 2 + NEWBORN.itemIds.length;
      expect(r).toMatchObject({ blobsUploaded: 1, accepted: 3, deferred: xWaits, rejected: 0 });
      // The header reads 出错 with this reason (electron/services/sync/status.ts).
      expect(a.engine.state()).toBe('error');
      expect(await a.store.sync.getState('last_error')).toContain('本机有 1 份附件已损坏或无法解密');
      // The sync page tells what helps (restoring the file), not the service's "稍后自动重试",
      // for every event that waits.
      const problems = await a.store.sync.problems();
      expect(problems.length).toBeGreaterThan(0);
      expect(new Set(problems.map((p) => `${p.kind}:${p.caseId}:${p.reason}`))).toEqual(new Set([`deferred:${x}:${DAMAGED_SCAN_REASON}`]));
      expect((await c.central.db.selectFrom('cases').select('id').where('id', 'in', [x, y]).execute()).map((r) => r.id).sort()).toEqual([x, y].sort());
      expect((await c.central.blobs.get(good))?.size).toBe(90_000);
      expect(await c.central.blobs.get(bad)).toBeUndefined();
      // Next cycle: the same, once, without stalling on the damaged file.
      expect(await a.engine.syncNow()).toMatchObject({ blobsUploaded: 0, accepted: 0, deferred: xWaits });
      expect(a.engine.state()).toBe('error');
      expect(new Set((await a.store.sync.problems()).map((p) => p.reason))).toEqual(new Set([DAMAGED_SCAN_REASON]));
      // The file restored from a backup: the held-back events go, and the error clears.
      writeFileSync(file, original);
      expect(await a.engine.syncNow()).toMatchObject({ blobsUploaded: 1, accepted: xWaits, deferred: 0 });
      expect(a.engine.state()).toBe('idle');
      expect(await a.store.sync.getState('last_error')).toBeNull();
      expect(await a.store.sync.problems()).toEqual([]);
      expect((await c.central.blobs.get(bad))?.size).toBe(120_000);
    } finally {
      await a.close();
    }
  });

  it('keeps two batches on the line, yet a case that waits for its scan across a batch boundary is never judged out of order', async () => {
    const a = await startCounter({ centralUrl: c.url, hallCode: 'H6' });
    try {
      await a.enrol(await c.issueCode('H6'));
      const metrics = async () => (await (await fetch(`${c.url}/metrics`, { headers: { authorization: `Bearer ${c.adminToken}` } })).json()) as { pushes: { count: number; outOfOrder: number } };
      const before = await metrics();
      // 249 cases of two events fill the first batch up to its last two events: case X's draft
      // and its acceptance, which references a scan this device does not hold. X's routing
      // then opens the second batch, which goes out before the first is answered.
      for (let i = 0; i < 249; i++) await draftAndAccept(a.store, 'H6', `H6-${i}`);
      const scan = randomBytes(40_000);
      const x = await draftAndAccept(a.store, 'H6', 'H6-X', createHash('sha256').update(scan).digest('hex'));
      await route(a.store, x);
      const tail: string[] = [];
      for (let i = 0; i < 300; i++) tail.push(await draftAndAccept(a.store, 'H6', `H6-T${i}`));

      const r = await a.engine.syncNow();
      // X's acceptance is deferred and its routing waits unsent; nothing is rejected, the rest is through.
      const xWaits = 2 + NEWBORN.itemIds.length;
      expect(r).toMatchObject({ rejected: 0, deferred: 1, accepted: 2 * 249 + 1 + 2 * 300 });
      expect((await a.store.sync.pendingSummary()).count).toBe(xWaits);
      const after = await metrics();
      // The batch behind X's acceptance was sent before the answer, refused, and sent again
      // (on PostgreSQL another batch may also overtake its predecessor: that is refused too).
      expect(after.pushes.outOfOrder - before.pushes.outOfOrder).toBeGreaterThanOrEqual(1);
      expect(after.pushes.count - before.pushes.count).toBeGreaterThanOrEqual(3);

      await storeBlob(a, scan);
      expect(await a.engine.syncNow()).toMatchObject({ rejected: 0, deferred: 0, accepted: xWaits });
      const own = await c.central.db.selectFrom('events').select('id').where('device_id', '=', a.deviceId).execute();
      expect(own.length).toBe(2 * 250 + 2 * 300 + 1 + NEWBORN.itemIds.length);
      expect(new Set(own.map((e) => e.id)).size).toBe(own.length);
      const states = await c.central.db.selectFrom('cases').select('state').where('id', 'in', [x, tail[299]!]).orderBy('state').execute();
      expect(states.map((s) => s.state)).toEqual(['accepted', 'in_review']);
    } finally {
      await a.close();
    }
  });

  it('reports rejected events to the clerk and never drops them', async () => {
    const a = await startCounter({ centralUrl: c.url, hallCode: 'H3' });
    try {
      await a.enrol(await c.issueCode('H3'));
      // A case drafted for another hall than the one this device is enrolled with.
      await a.store.events.append({ actorId: 'c' }, [
        { type: 'case.drafted', caseId: newId(), payload: { bundleId: NEWBORN.bundleId, itemIds: NEWBORN.itemIds, catalogVersion: '2024.1', hallCode: 'H9', applicantKind: 'person', ticketRef: null } },
      ]);
      const r = await a.engine.syncNow();
      expect(r?.rejected).toBe(1);
      const problems = await a.store.sync.problems();
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({ kind: 'rejected', code: 'FORBIDDEN', own: true, type: 'case.drafted' });
      expect(problems[0]!.reason).toContain('大厅');
      // Final: not pending any more, not resent, still in the local log.
      expect((await a.store.sync.pendingSummary()).count).toBe(0);
      expect(await a.store.events.count()).toBe(1);
      const onService = await c.admin('GET', `/admin/rejections?deviceId=${a.deviceId}`);
      expect(onService.body.rejections).toHaveLength(1);
    } finally {
      await a.close();
    }
  });

  it('is refused once revoked, and says so', async () => {
    const a = await startCounter({ centralUrl: c.url, hallCode: 'H4' });
    try {
      await a.enrol(await c.issueCode('H4'));
      expect(await a.engine.syncNow()).not.toBeNull();
      await c.admin('POST', `/admin/devices/${a.deviceId}/revoke`);
      expect(await a.engine.syncNow()).toBeNull();
      expect(a.engine.state()).toBe('error');
      expect(await a.store.sync.getState('last_error')).toContain('停用');
    } finally {
      await a.close();
    }
  });
});

describe('TLS with a hall private CA', () => {
  it('syncs when the CA file is configured and refuses an unverifiable certificate with a clear error', async () => {
    const t = tempDir('yct-tls-');
    const o = (args: string[]) => execFileSync('openssl', args, { cwd: t.dir, stdio: 'pipe' });
    o(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Hall Test CA']);
    o(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1']);
    writeFileSync(join(t.dir, 'ext.cnf'), 'subjectAltName=IP:127.0.0.1\n');
    o(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '2', '-extfile', 'ext.cnf']);
    const c = await startCentral({ kind: 'sqlite' }, { https: { key: readFileSync(join(t.dir, 'server.key')), cert: readFileSync(join(t.dir, 'server.pem')) } });
    const good = await startCounter({ centralUrl: c.url, hallCode: 'HT', caFile: join(t.dir, 'ca.pem') });
    const bad = await startCounter({ centralUrl: c.url, hallCode: 'HT' });
    try {
      expect(c.url.startsWith('https://')).toBe(true);
      await good.enrol(await c.issueCode('HT'));
      await draftAndAccept(good.store, 'HT', 'HT-1');
      expect((await good.engine.syncNow())?.accepted).toBe(2);
      await expect(bad.engine.enrol(await c.issueCode('HT'), bad.deviceId, 'x')).rejects.toThrow(/无法连接中心服务/);
    } finally {
      await good.close();
      await bad.close();
      await c.close();
      t.cleanup();
    }
  });
});
