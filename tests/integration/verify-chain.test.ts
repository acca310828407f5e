import Database from 'better-sqlite3-multiple-ciphers';
import { openRawDb } from '../../db/sqlite.js';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DB_FILE } from '../../electron/host/host.js';
import { verifyCli, VERIFY_BROKEN, VERIFY_INCOMPLETE, VERIFY_INTACT } from '../../electron/host/verify.js';
import { DEMO_PASSWORD, demoInstallation } from '../../seeds/demo.js';
import type { ChainCheck } from '../../shared/api/chain.js';
import { startCentral, type RunningCentral } from '../helpers/central.js';
import { testHost } from '../helpers/host.js';
import { tempDir } from '../helpers/tmp.js';

// The audit chain check: the supervisor's method and the CLI, on an intact store, after one
// event's payload is changed in the counter's SQLite file, and after one is changed on the
// central service (which checks only the asking device's chain).

type TH = Awaited<ReturnType<typeof testHost>>;

/** Changes the payload of the second event of the log behind the store's back; returns it. */
function tamperLocal(dataDir: string): { seq: number; id: string } {
  const db = openRawDb(join(dataDir, DB_FILE));
  try {
    const row = db.prepare('select seq, id, payload from events order by seq limit 1 offset 1').get() as { seq: number; id: string; payload: string };
    db.prepare('update events set payload = ? where seq = ?').run(row.payload.replace(/}$/, ',"forged":true}'), row.seq);
    return { seq: row.seq, id: row.id };
  } finally {
    db.close();
  }
}

function runCli(dataDir: string): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  return verifyCli(dataDir, (l) => lines.push(l)).then((code) => ({ code, out: lines.join('\n') }));
}

describe('event chain verification', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  /** A host on a data directory that outlives it, so the file can be changed between runs. */
  async function open(dir: string): Promise<TH> {
    const h = await testHost({ dataDir: dir });
    cleanups.push(h.close);
    return h;
  }
  function dir(): string {
    const t = tempDir();
    cleanups.push(t.cleanup);
    return t.dir;
  }

  it('reports an intact chain, then the first broken link after a payload is changed in SQLite', async () => {
    const d = dir();
    let h = await open(d);
    await h.ok('zb', 'auth.signIn', { staffNo: 'zb01', password: DEMO_PASSWORD });
    await h.ok('w', 'auth.signIn', { staffNo: 'sj01', password: DEMO_PASSWORD });
    expect((await h.call('w', 'supervision.verifyChain')).ok).toBe(false);

    const intact = await h.ok<ChainCheck>('zb', 'supervision.verifyChain');
    expect(intact).toMatchObject({ intact: true, local: { firstBroken: null }, central: { state: 'skipped', reason: 'not_configured' } });
    expect(intact.local.checked).toBeGreaterThanOrEqual(2);
    expect(intact.local.message).toMatch(/事件链完整/);
    await h.close();
    expect(await runCli(d)).toMatchObject({ code: VERIFY_INTACT, out: expect.stringMatching(/本机：本机 \d+ 个事件已校验，事件链完整/) });

    const forged = tamperLocal(d);
    h = await open(d);
    await h.ok('zb', 'auth.signIn', { staffNo: 'zb01', password: DEMO_PASSWORD });
    const broken = await h.ok<ChainCheck>('zb', 'supervision.verifyChain');
    expect(broken.intact).toBe(false);
    expect(broken.local.firstBroken).toEqual({ seq: forged.seq, eventId: forged.id });
    expect(broken.local.checked).toBe(forged.seq - 1);
    expect(broken.local.message).toContain(`第 ${forged.seq} 号事件（事件编号 ${forged.id}）处断开`);
    await h.close();

    const cli = await runCli(d);
    expect(cli.code).toBe(VERIFY_BROKEN);
    expect(cli.out).toContain(forged.id);
  });

  it('asks the central service about this device only, and tells an unreachable service apart', async () => {
    const c: RunningCentral = await startCentral({ kind: 'sqlite' });
    let centralOpen = true;
    cleanups.push(async () => {
      if (centralOpen) await c.close();
    });
    const d = dir();
    const h = await open(d);
    h.clock.now = Date.now();
    await h.ok('a', 'auth.signIn', { staffNo: 'admin', password: DEMO_PASSWORD });
    await h.ok('zb', 'auth.signIn', { staffNo: 'zb01', password: DEMO_PASSWORD });
    await h.ok('a', 'admin.syncConfigure', { centralUrl: c.url });
    await h.ok('a', 'admin.syncEnrol', { code: await c.issueCode(demoInstallation.hallCode) });
    const synced = await h.ok<{ lastError: string | null; pendingEvents: number }>('a', 'sync.now');
    expect(synced).toMatchObject({ lastError: null, pendingEvents: 0 });

    const ok = await h.ok<ChainCheck>('zb', 'supervision.verifyChain');
    expect(ok).toMatchObject({ intact: true, central: { state: 'checked', firstBroken: null } });
    if (ok.central.state === 'checked') expect(ok.central.checked).toBeGreaterThanOrEqual(2);

    // An event of this device changed on the service.
    const deviceId = h.host.services.settings.read().deviceId!;
    const cdb = new Database(join(c.dir, 'central.sqlite'));
    const row = cdb.prepare('select server_seq as seq, id, payload from events where device_id = ? order by server_seq limit 1 offset 1').get(deviceId) as { seq: number; id: string; payload: string };
    cdb.prepare('update events set payload = ? where id = ?').run(row.payload.replace(/}$/, ',"forged":true}'), row.id);
    cdb.close();

    const bad = await h.ok<ChainCheck>('zb', 'supervision.verifyChain');
    expect(bad.intact).toBe(false);
    expect(bad.local.firstBroken).toBeNull();
    expect(bad.central).toMatchObject({ state: 'checked', firstBroken: { eventId: row.id, serverSeq: Number(row.seq), problem: 'hash' } });
    if (bad.central.state === 'checked') expect(bad.central.message).toContain(row.id);

    // Another device's check sees only its own (empty) chain; the admin view sees the break.
    const other = await c.enrol('device-other', demoInstallation.hallCode);
    const res = await c.app.inject({ method: 'GET', url: '/sync/verify-chain', headers: { authorization: `Bearer ${other}` } });
    expect(JSON.parse(res.body)).toMatchObject({ deviceId: 'device-other', checked: 0, firstBroken: null });
    expect((await c.app.inject({ method: 'GET', url: '/sync/verify-chain' })).statusCode).toBe(401);
    expect((await c.admin('GET', '/admin/verify-chains')).body.firstBroken).toMatchObject({ deviceId, eventId: row.id });

    await h.close();
    const cli = await runCli(d);
    expect(cli.code).toBe(VERIFY_BROKEN);
    expect(cli.out).toMatch(/本机：.*事件链完整/);
    expect(cli.out).toContain(`中心：中心保存的本机事件链在事件 ${row.id}`);

    await c.close();
    centralOpen = false;
    const offline = await runCli(d);
    expect(offline.code).toBe(VERIFY_INCOMPLETE);
    expect(offline.out).toMatch(/中心：无法连接中心服务/);
  }, 90_000);
});
