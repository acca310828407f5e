import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../seeds/demo.js';
import { LOCKOUT_MS, MAX_FAILED_ATTEMPTS } from '../../electron/services/auth.js';
import { testHost } from '../helpers/host.js';

type T = Awaited<ReturnType<typeof testHost>>;

describe('sign-in, lockout and idle lock', () => {
  let h: T;
  afterEach(() => h?.close());

  it('signs in with the right password and says who and where', async () => {
    h = await testHost();
    const s = await h.ok<{ clerk: { name: string; roles: string[] }; installation: { counterName: string } }>('w', 'auth.signIn', { staffNo: 'sj01', password: DEMO_PASSWORD });
    expect(s.clerk.name).toBe('王晓燕');
    expect(s.clerk.roles).toEqual(['intake']);
    expect(s.installation.counterName).toBe('综合受理 3 号窗口');
    expect(await h.ok('w', 'auth.session')).toMatchObject({ clerk: { staffNo: 'sj01' }, locked: false });
  });

  it('gives the same message for an unknown clerk and a wrong password', async () => {
    h = await testHost();
    const unknown = await h.call('w', 'auth.signIn', { staffNo: 'nobody', password: 'whatever1' });
    const wrong = await h.call('w', 'auth.signIn', { staffNo: 'sj01', password: 'whatever1' });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'WRONG_CREDENTIALS' } });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'WRONG_CREDENTIALS' } });
    expect(!unknown.ok && unknown.error.message).toMatch(/^工号或密码错误/);
    expect(!wrong.ok && wrong.error.message).toMatch(/^工号或密码错误/);
  });

  it(`locks the account for 15 minutes after ${MAX_FAILED_ATTEMPTS} wrong passwords`, async () => {
    h = await testHost();
    for (let i = 1; i < MAX_FAILED_ATTEMPTS; i++) {
      expect(await h.call('w', 'auth.signIn', { staffNo: 'sj01', password: 'wrong-pass1' })).toMatchObject({ error: { code: 'WRONG_CREDENTIALS' } });
    }
    const fifth = await h.call('w', 'auth.signIn', { staffNo: 'sj01', password: 'wrong-pass1' });
    expect(fifth).toMatchObject({ ok: false, error: { code: 'ACCOUNT_LOCKED' } });
    expect(!fifth.ok && fifth.error.message).toMatch(/已锁定至 \d\d:\d\d/);
    // Even the right password is refused while locked.
    expect(await h.call('w', 'auth.signIn', { staffNo: 'sj01', password: DEMO_PASSWORD })).toMatchObject({ error: { code: 'ACCOUNT_LOCKED' } });
    h.clock.now += LOCKOUT_MS - 1000;
    expect(await h.call('w', 'auth.signIn', { staffNo: 'sj01', password: DEMO_PASSWORD })).toMatchObject({ error: { code: 'ACCOUNT_LOCKED' } });
    h.clock.now += 2000;
    expect(await h.call('w', 'auth.signIn', { staffNo: 'sj01', password: DEMO_PASSWORD })).toMatchObject({ ok: true });
  });

  it('an admin can unlock a locked account at once', async () => {
    h = await testHost();
    for (let i = 0; i < MAX_FAILED_ATTEMPTS; i++) await h.call('w', 'auth.signIn', { staffNo: 'sj01', password: 'wrong-pass1' });
    await h.ok('admin', 'auth.signIn', { staffNo: 'admin', password: DEMO_PASSWORD });
    const clerks = await h.ok<{ id: string; staffNo: string; lockedUntil: string | null }[]>('admin', 'admin.listClerks');
    const target = clerks.find((c) => c.staffNo === 'sj01')!;
    expect(target.lockedUntil).not.toBeNull();
    await h.ok('admin', 'admin.unlockClerk', { id: target.id });
    expect(await h.call('w', 'auth.signIn', { staffNo: 'sj01', password: DEMO_PASSWORD })).toMatchObject({ ok: true });
  });

  it('locks an idle session on the host and unlocks with the password', async () => {
    h = await testHost();
    await h.ok('w', 'auth.signIn', { staffNo: 'sj01', password: DEMO_PASSWORD });
    h.clock.now += 9 * 60 * 1000;
    expect(await h.call('w', 'catalog.bundles')).toMatchObject({ ok: true }); // a clerk's call resets the timer
    h.clock.now += 9 * 60 * 1000;
    expect(await h.call('w', 'auth.heartbeat')).toMatchObject({ ok: true });
    // The header's status poll and the board's refresh run while nobody is there: no reset.
    h.clock.now += 5 * 60 * 1000;
    expect(await h.call('w', 'sync.status')).toMatchObject({ ok: true });
    h.clock.now += 5 * 60 * 1000 + 1;
    expect(await h.call('w', 'sync.status')).toMatchObject({ ok: false, error: { code: 'SESSION_LOCKED' } });
    expect(await h.ok('w', 'auth.session')).toMatchObject({ locked: true });
    expect(await h.call('w', 'auth.unlock', { password: 'wrong-pass1' })).toMatchObject({ error: { code: 'WRONG_CREDENTIALS' } });
    expect(await h.call('w', 'auth.unlock', { password: DEMO_PASSWORD })).toMatchObject({ ok: true, value: { locked: false } });
    expect(await h.call('w', 'sync.status')).toMatchObject({ ok: true });
  });

  it('honours the idle time set by the admin', async () => {
    h = await testHost();
    await h.ok('a', 'auth.signIn', { staffNo: 'admin', password: DEMO_PASSWORD });
    await h.ok('a', 'admin.updateSettings', { idleLockSeconds: 60 });
    await h.ok('w', 'auth.signIn', { staffNo: 'sj01', password: DEMO_PASSWORD });
    h.clock.now += 61_000;
    expect(await h.call('w', 'sync.status')).toMatchObject({ error: { code: 'SESSION_LOCKED' } });
  });

  it('sign-out ends the session', async () => {
    h = await testHost();
    await h.ok('w', 'auth.signIn', { staffNo: 'sj01', password: DEMO_PASSWORD });
    await h.ok('w', 'auth.signOut');
    expect(await h.ok('w', 'auth.session')).toBeNull();
    expect(await h.call('w', 'sync.status')).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
  });

  it('a disabled clerk is signed out and cannot sign in', async () => {
    h = await testHost();
    await h.ok('w', 'auth.signIn', { staffNo: 'sj01', password: DEMO_PASSWORD });
    await h.ok('a', 'auth.signIn', { staffNo: 'admin', password: DEMO_PASSWORD });
    const id = (await h.ok<{ id: string; staffNo: string }[]>('a', 'admin.listClerks')).find((c) => c.staffNo === 'sj01')!.id;
    await h.ok('a', 'admin.updateClerk', { id, disabled: true });
    expect(await h.call('w', 'sync.status')).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    expect(await h.call('w', 'auth.signIn', { staffNo: 'sj01', password: DEMO_PASSWORD })).toMatchObject({ error: { code: 'ACCOUNT_DISABLED' } });
  });

  it('keeps at least one active admin', async () => {
    h = await testHost();
    await h.ok('a', 'auth.signIn', { staffNo: 'admin', password: DEMO_PASSWORD });
    const me = (await h.ok<{ id: string; staffNo: string }[]>('a', 'admin.listClerks')).find((c) => c.staffNo === 'admin')!;
    expect(await h.call('a', 'admin.updateClerk', { id: me.id, disabled: true })).toMatchObject({ error: { code: 'CONFLICT' } });
    expect(await h.call('a', 'admin.updateClerk', { id: me.id, roles: ['intake'] })).toMatchObject({ error: { code: 'CONFLICT' } });
  });

  it('changes a password only with the old one, and the new one works', async () => {
    h = await testHost();
    await h.ok('w', 'auth.signIn', { staffNo: 'sj01', password: DEMO_PASSWORD });
    expect(await h.call('w', 'auth.changePassword', { oldPassword: 'nope-nope1', newPassword: 'Counter2027' })).toMatchObject({ error: { code: 'WRONG_CREDENTIALS' } });
    expect(await h.call('w', 'auth.changePassword', { oldPassword: DEMO_PASSWORD, newPassword: 'short' })).toMatchObject({ error: { code: 'INVALID_INPUT' } });
    await h.ok('w', 'auth.changePassword', { oldPassword: DEMO_PASSWORD, newPassword: 'Counter2027' });
    await h.ok('w', 'auth.signOut');
    expect(await h.call('w', 'auth.signIn', { staffNo: 'sj01', password: DEMO_PASSWORD })).toMatchObject({ ok: false });
    expect(await h.call('w', 'auth.signIn', { staffNo: 'sj01', password: 'Counter2027' })).toMatchObject({ ok: true });
  });

  it('records sign-in audit events without personal data', async () => {
    h = await testHost();
    await h.ok('w', 'auth.signIn', { staffNo: 'sj01', password: DEMO_PASSWORD });
    await h.call('x', 'auth.signIn', { staffNo: 'sj01', password: 'bad-pass-1' });
    await h.call('y', 'auth.signIn', { staffNo: 'nobody', password: 'bad-pass-1' });
    const events = await h.host.services.store.events.auditEvents('session.');
    const sj01 = (await h.host.services.store.clerks.byStaffNo('sj01'))!;
    expect(events.map((e) => [e.type, e.payload])).toEqual([
      ['session.signed_in', { clerkId: sj01.id }],
      ['session.sign_in_failed', { clerkId: sj01.id, reason: 'wrong_password' }],
      ['session.sign_in_failed', { clerkId: null, reason: 'unknown' }],
    ]);
    // Neither what was typed for the unknown account nor any password is kept.
    expect(JSON.stringify(events)).not.toMatch(/nobody|bad-pass-1|sj01/);
    // They sync like any event.
    expect((await h.ok<{ pendingEvents: number }>('w', 'sync.status')).pendingEvents).toBeGreaterThanOrEqual(3);
  });
});
