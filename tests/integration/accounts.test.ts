import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../seeds/demo.js';
import { testHost } from '../helpers/host.js';

// Clerk accounts through the real host: the password policy on every way a password is set,
// the history of recent passwords, and the forced change of admin-created or reset accounts.

type TH = Awaited<ReturnType<typeof testHost>>;
type Session = { clerk: { staffNo: string }; mustChangePassword: boolean };

describe('clerk accounts', () => {
  const hosts: TH[] = [];
  afterEach(async () => {
    for (const h of hosts.splice(0)) await h.close();
  });
  async function host(opts: { demo?: boolean } = {}): Promise<TH> {
    const h = await testHost(opts);
    hosts.push(h);
    return h;
  }
  const errorOf = async (h: TH, client: string, method: string, input: unknown = {}) => {
    const r = await h.call(client, method, input);
    if (r.ok) throw new Error(`${method} unexpectedly succeeded`);
    return r.error;
  };

  it('applies the policy when an admin creates an account', async () => {
    const h = await host();
    await h.ok('a', 'auth.signIn', { staffNo: 'admin', password: DEMO_PASSWORD });
    const create = (password: string) => errorOf(h, 'a', 'admin.createClerk', { staffNo: 'ck01', name: '窗口丙', roles: ['intake'], password });
    expect(await create('Short12')).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/至少 10 位/) });
    expect(await create('onlyletters')).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/字母和数字/) });
    expect(await create('Ck01window2026')).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/工号“ck01”/), details: { field: 'password' } });
    expect(await create('11010519491231002X')).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/身份证号码/) });
    expect(await create('pw2026012345678901')).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/15 位以上的连续数字/) });
    expect((await h.ok<{ staffNo: string }[]>('a', 'admin.listClerks')).some((c) => c.staffNo === 'ck01')).toBe(false);
  });

  it('forces an admin-created account to change its password before any other work', async () => {
    const h = await host();
    await h.ok('a', 'auth.signIn', { staffNo: 'admin', password: DEMO_PASSWORD });
    await h.ok('a', 'admin.createClerk', { staffNo: 'ck01', name: '窗口丙', roles: ['intake'], password: 'Window2026a' });

    const s = await h.ok<Session>('k', 'auth.signIn', { staffNo: 'ck01', password: 'Window2026a' });
    expect(s.mustChangePassword).toBe(true);
    expect((await h.ok<Session>('k', 'auth.session')).mustChangePassword).toBe(true);
    // Every ordinary method refuses, whatever the renderer shows.
    for (const [method, input] of [
      ['catalog.bundles', {}],
      ['intake.drafts', {}],
      ['sync.status', {}],
    ] as const) {
      const err = await errorOf(h, 'k', method, input);
      expect(err.code).toBe('PASSWORD_CHANGE_REQUIRED');
      expect(err.message).toMatch(/须先修改为只有您知道的新密码/);
    }
    await h.ok('k', 'auth.heartbeat');

    // The change itself follows the policy and the history.
    expect(await errorOf(h, 'k', 'auth.changePassword', { oldPassword: 'Window2026a', newPassword: 'Window2026a' })).toMatchObject({ code: 'INVALID_INPUT' });
    expect(await errorOf(h, 'k', 'auth.changePassword', { oldPassword: 'Window2026a', newPassword: 'myck01pass99' })).toMatchObject({ message: expect.stringMatching(/工号/) });
    await h.ok('k', 'auth.changePassword', { oldPassword: 'Window2026a', newPassword: 'Mine2026only' });
    expect((await h.ok<Session>('k', 'auth.session')).mustChangePassword).toBe(false);
    await h.ok('k', 'catalog.bundles', {});

    await h.ok('k', 'auth.signOut');
    expect(await errorOf(h, 'k', 'auth.signIn', { staffNo: 'ck01', password: 'Window2026a' })).toMatchObject({ code: 'WRONG_CREDENTIALS' });
    expect((await h.ok<Session>('k', 'auth.signIn', { staffNo: 'ck01', password: 'Mine2026only' })).mustChangePassword).toBe(false);
  });

  it('refuses any of the last five passwords, and allows an older one again', async () => {
    const h = await host();
    await h.ok('w', 'auth.signIn', { staffNo: 'sj01', password: DEMO_PASSWORD });
    let current = DEMO_PASSWORD;
    const change = async (next: string) => {
      await h.ok('w', 'auth.changePassword', { oldPassword: current, newPassword: next });
      current = next;
    };
    await change('Counter2026a');
    expect(await errorOf(h, 'w', 'auth.changePassword', { oldPassword: current, newPassword: DEMO_PASSWORD })).toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringMatching(/最近 5 次/),
      details: { field: 'newPassword' },
    });
    await change('Counter2026b');
    await change('Counter2026c');
    await change('Counter2026d');
    // History now: d, c, b, a, demo — all five refused.
    for (const old of ['Counter2026a', DEMO_PASSWORD]) {
      expect(await errorOf(h, 'w', 'auth.changePassword', { oldPassword: current, newPassword: old })).toMatchObject({ message: expect.stringMatching(/最近 5 次/) });
    }
    await change('Counter2026e');
    // The demo password is now the sixth most recent: allowed again.
    await change(DEMO_PASSWORD);
    await h.ok('w', 'auth.signOut');
    await h.ok('w', 'auth.signIn', { staffNo: 'sj01', password: DEMO_PASSWORD });
    // Some 70 scrypt hashes: slow by design.
  }, 180_000);

  it('checks an admin reset against the policy and the history, and forces a change after it', async () => {
    const h = await host();
    await h.ok('a', 'auth.signIn', { staffNo: 'admin', password: DEMO_PASSWORD });
    const sj01 = (await h.ok<{ id: string; staffNo: string }[]>('a', 'admin.listClerks')).find((c) => c.staffNo === 'sj01')!;
    expect(await errorOf(h, 'a', 'admin.resetPassword', { id: sj01.id, password: DEMO_PASSWORD })).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/最近 5 次/) });
    expect(await errorOf(h, 'a', 'admin.resetPassword', { id: sj01.id, password: 'Sj01reset2026' })).toMatchObject({ message: expect.stringMatching(/工号/) });
    expect(await errorOf(h, 'a', 'admin.resetPassword', { id: sj01.id, password: 'reset12' })).toMatchObject({ message: expect.stringMatching(/至少 10 位/) });

    // A clerk already signed in is held to the change too.
    await h.ok('w', 'auth.signIn', { staffNo: 'sj01', password: DEMO_PASSWORD });
    await h.ok('w', 'catalog.bundles', {});
    await h.ok('a', 'admin.resetPassword', { id: sj01.id, password: 'Reset2026now' });
    expect((await errorOf(h, 'w', 'catalog.bundles', {})).code).toBe('PASSWORD_CHANGE_REQUIRED');
    await h.ok('w', 'auth.signOut');

    expect(await errorOf(h, 'w', 'auth.signIn', { staffNo: 'sj01', password: DEMO_PASSWORD })).toMatchObject({ code: 'WRONG_CREDENTIALS' });
    expect((await h.ok<Session>('w', 'auth.signIn', { staffNo: 'sj01', password: 'Reset2026now' })).mustChangePassword).toBe(true);
    // Back to the password before the reset: still one of the last five.
    expect(await errorOf(h, 'w', 'auth.changePassword', { oldPassword: 'Reset2026now', newPassword: DEMO_PASSWORD })).toMatchObject({ message: expect.stringMatching(/最近 5 次/) });
    await h.ok('w', 'auth.changePassword', { oldPassword: 'Reset2026now', newPassword: 'Wang2026own' });
    await h.ok('w', 'catalog.bundles', {});
  });

  it('audits account administration and password changes, with the actor and without the password', async () => {
    const h = await host();
    const admin = await h.ok<{ clerk: { id: string } }>('a', 'auth.signIn', { staffNo: 'admin', password: DEMO_PASSWORD });
    const created = await h.ok<{ id: string }>('a', 'admin.createClerk', { staffNo: 'ck01', name: '窗口丙', roles: ['intake'], password: 'Window2026a' });
    await h.ok('a', 'admin.updateClerk', { id: created.id, roles: ['intake', 'delivery'] });
    await h.ok('a', 'admin.updateClerk', { id: created.id, roles: ['intake', 'delivery'] }); // no change: no event
    await h.ok('a', 'admin.updateClerk', { id: created.id, disabled: true });
    await h.ok('a', 'admin.updateClerk', { id: created.id, disabled: false });
    await h.ok('a', 'admin.unlockClerk', { id: created.id });
    await h.ok('a', 'admin.resetPassword', { id: created.id, password: 'Reset2026ck' });
    await h.ok('k', 'auth.signIn', { staffNo: 'ck01', password: 'Reset2026ck' });
    await h.ok('k', 'auth.changePassword', { oldPassword: 'Reset2026ck', newPassword: 'Mine2026only' });

    const events = (await h.host.services.store.events.auditEvents('account.')).map((e) => ({ type: e.type, actorId: e.actorId, caseId: e.caseId, payload: e.payload as Record<string, unknown> }));
    const mine = events.filter((e) => e.payload.clerkId === created.id);
    expect(mine).toEqual([
      { type: 'account.created', actorId: admin.clerk.id, caseId: null, payload: { clerkId: created.id, roles: ['intake'], mustChangePassword: true } },
      { type: 'account.updated', actorId: admin.clerk.id, caseId: null, payload: { clerkId: created.id, changed: ['roles'] } },
      { type: 'account.updated', actorId: admin.clerk.id, caseId: null, payload: { clerkId: created.id, changed: ['disabled'] } },
      { type: 'account.updated', actorId: admin.clerk.id, caseId: null, payload: { clerkId: created.id, changed: ['enabled'] } },
      { type: 'account.unlocked', actorId: admin.clerk.id, caseId: null, payload: { clerkId: created.id } },
      { type: 'account.password_changed', actorId: admin.clerk.id, caseId: null, payload: { clerkId: created.id, reason: 'admin_reset' } },
      { type: 'account.password_changed', actorId: created.id, caseId: null, payload: { clerkId: created.id, reason: 'self' } },
    ]);
    const log = JSON.stringify([...(await h.host.services.store.events.auditEvents('account.')), ...(await h.host.services.store.events.auditEvents('session.'))]);
    for (const pw of ['Window2026a', 'Reset2026ck', 'Mine2026only']) expect(log).not.toContain(pw);
  });

  it('applies the policy at first run and does not force the first admin, who chose the password', async () => {
    const h = await host({ demo: false });
    const setup = (password: string) =>
      h.call('f', 'setup.create', { hallName: '塔河县政务服务中心', counterName: '1 号窗口', adminStaffNo: 'boss', adminName: '张管理', password });
    const short = await setup('Secret26');
    expect(short).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await setup('Boss2026secret')).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringMatching(/工号“boss”/) } });
    const ok = await setup('Tahe2026open');
    expect(ok).toMatchObject({ ok: true, value: { clerk: { staffNo: 'boss' }, mustChangePassword: false } });
    await h.ok('f', 'admin.listClerks');
  });

  it('does not force the shared demo accounts, unless YCT_DEMO_FORCE_CHANGE=1 asks for it', async () => {
    const h = await host();
    expect((await h.ok<Session>('w', 'auth.signIn', { staffNo: 'sj01', password: DEMO_PASSWORD })).mustChangePassword).toBe(false);

    const before = process.env.YCT_DEMO_FORCE_CHANGE;
    process.env.YCT_DEMO_FORCE_CHANGE = '1';
    try {
      const forced = await host();
      expect((await forced.ok<Session>('w', 'auth.signIn', { staffNo: 'sj01', password: DEMO_PASSWORD })).mustChangePassword).toBe(true);
      expect((await errorOf(forced, 'w', 'catalog.bundles', {})).code).toBe('PASSWORD_CHANGE_REQUIRED');
    } finally {
      if (before === undefined) delete process.env.YCT_DEMO_FORCE_CHANGE;
      else process.env.YCT_DEMO_FORCE_CHANGE = before;
    }
  });
});
