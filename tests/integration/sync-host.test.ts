import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalog } from '../../seeds/catalog/index.js';
import { DEMO_PASSWORD, demoInstallation } from '../../seeds/demo.js';
import type { SyncStatus } from '../../shared/api/sync.js';
import { startCentral, type Backend, type RunningCentral } from '../helpers/central.js';
import { testHost } from '../helpers/host.js';
import { startPostgres, type PgCluster } from '../helpers/postgres.js';

// The sync methods of the host contract, end to end on a real host: configure, enrol with
// a code (admins only), sync now, catalog and calendar publication, offline status.

let pgCluster: PgCluster;
beforeAll(async () => {
  pgCluster = await startPostgres();
});
afterAll(() => pgCluster?.stop());

const backends: { name: string; make: () => Promise<Backend> }[] = [
  { name: 'sqlite', make: async () => ({ kind: 'sqlite' }) },
  { name: 'postgres', make: async () => ({ kind: 'postgres', url: await pgCluster.createDatabase('host') }) },
];

describe.each(backends)('sync through the host on $name', ({ make }) => {
  let c: RunningCentral;
  let h: Awaited<ReturnType<typeof testHost>>;

  beforeAll(async () => {
    c = await startCentral(await make());
    h = await testHost();
    h.clock.now = Date.now();
    await h.ok('admin', 'auth.signIn', { staffNo: 'admin', password: DEMO_PASSWORD });
    await h.ok('clerk', 'auth.signIn', { staffNo: 'sj01', password: DEMO_PASSWORD });
  });
  afterAll(async () => {
    await h?.close();
    await c?.close();
  });

  it('configures, enrols with a one-time code, syncs, applies publications and reports offline', async () => {
    let s = await h.ok<SyncStatus>('clerk', 'sync.status');
    expect(s).toMatchObject({ state: 'not_configured', label: '未连接中心' });

    s = await h.ok<SyncStatus>('admin', 'admin.syncConfigure', { centralUrl: c.url });
    expect(s).toMatchObject({ state: 'not_enrolled', label: '本机未登记', centralUrl: c.url });

    const code = await c.issueCode(demoInstallation.hallCode);
    const denied = await h.call('clerk', 'admin.syncEnrol', { code });
    expect(denied.ok).toBe(false);
    if (!denied.ok) expect(denied.error.code).toBe('FORBIDDEN');
    const wrong = await h.call('admin', 'admin.syncEnrol', { code: 'ZZZZ-ZZZZ-ZZZZ' });
    expect(wrong.ok).toBe(false);
    if (!wrong.ok) expect(wrong.error.message).toContain('启用码不正确');

    s = await h.ok<SyncStatus>('admin', 'admin.syncEnrol', { code });
    expect(s.enrolment).toMatchObject({ hallCode: demoInstallation.hallCode, departments: [] });
    expect(s.secretStorage).toBe('file');

    // Publications: a new catalog version and a calendar override.
    const next = { ...structuredClone(catalog), version: '2099.1' };
    expect((await c.admin('POST', '/admin/publications/catalog', { version: '2099.1', body: next })).status).toBe(201);
    expect((await c.admin('POST', '/admin/publications/catalog', { version: '2099.1', body: next })).status).toBe(409);
    const override = { kind: 'holiday', date: '2026-12-01', name: '中心发布的调休' };
    expect((await c.admin('POST', '/admin/publications/calendar', { version: 'cal-1', body: { overrides: [override] } })).status).toBe(201);

    s = await h.ok<SyncStatus>('clerk', 'sync.now');
    expect(s.lastError).toBeNull();
    expect(s).toMatchObject({ state: 'synced', label: '已同步', pendingEvents: 0 });
    expect(await h.host.services.store.catalog.latestVersion()).toBe('2099.1');
    expect(h.host.services.settings.read().calendarOverrides).toContainEqual(override);

    const details = await h.ok<{ problems: unknown[]; cases: unknown[] }>('clerk', 'sync.details');
    expect(details.problems).toEqual([]);

    // The sign-ins above are device audit events: pushed, nothing left.
    const accepted = await c.central.db.selectFrom('events').select('type').where('type', 'like', 'session.%').execute();
    expect(accepted.length).toBeGreaterThanOrEqual(2);

    await c.app.close();
    s = await h.ok<SyncStatus>('clerk', 'sync.now');
    expect(s.state).toBe('offline');
    expect(s.label).toMatch(/^离线（自 .+ 起）/);
    expect(s.nextAttemptAt).not.toBeNull();
  });
});
