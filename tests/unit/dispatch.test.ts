import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../seeds/demo.js';
import { hostApi, METHOD_NAMES } from '../../shared/api/contract.js';
import { testHost } from '../helpers/host.js';

type T = Awaited<ReturnType<typeof testHost>>;

describe('the handler table', () => {
  let h: T;
  afterEach(() => h?.close());

  it('refuses wrong types, missing fields, extra fields and huge strings in Chinese', async () => {
    h = await testHost();
    const cases: unknown[] = [
      { staffNo: 42, password: 'x' },
      { staffNo: 'sj01' },
      { staffNo: 'sj01', password: 'x', admin: true },
      { staffNo: 'x'.repeat(1_000_000), password: 'x' },
      { staffNo: 'sj01', password: 'p'.repeat(10_000) },
      null,
      'not an object',
      [1, 2, 3],
    ];
    for (const input of cases) {
      const r = await h.call('w', 'auth.signIn', input);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('INVALID_INPUT');
        expect(r.error.message).toMatch(/[\u4e00-\u9fa5]/);
        expect(JSON.stringify(r.error)).not.toMatch(/at .*\.ts:\d+/); // no stack
      }
    }
  });

  it('names the field in Chinese', async () => {
    h = await testHost();
    const r = await h.call('w', 'auth.signIn', { staffNo: 42, password: 'x' });
    expect(!r.ok && r.error.message).toMatch(/^输入有误：工号：/);
  });

  it('refuses an unknown method', async () => {
    h = await testHost();
    for (const m of ['nope', '__proto__', 'constructor', 'admin.listClerks.x']) {
      expect(await h.call('w', m)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    }
  });

  it('requires a session for every method that is not public', async () => {
    h = await testHost();
    for (const m of METHOD_NAMES.filter((m) => hostApi[m].access !== 'public')) {
      const r = await h.call('anon', m, {});
      // Input errors may be reported first; what must never happen is success.
      expect(r.ok, m).toBe(false);
      if (!r.ok) expect(['UNAUTHENTICATED', 'INVALID_INPUT'], m).toContain(r.error.code);
    }
  });

  it('lets each admin method through only for admins', async () => {
    h = await testHost();
    const admins = METHOD_NAMES.filter((m) => Array.isArray(hostApi[m].access) && (hostApi[m].access as string[]).every((r) => r === 'admin'));
    expect(admins.length).toBeGreaterThan(5);
    for (const staffNo of ['sj01', 'sp01', 'cj01', 'zb01']) {
      await h.ok(staffNo, 'auth.signIn', { staffNo, password: DEMO_PASSWORD });
      for (const m of admins) {
        const r = await h.call(staffNo, m, {});
        expect(r, `${staffNo} ${m}`).toMatchObject({ ok: false, error: { code: expect.stringMatching(/FORBIDDEN|INVALID_INPUT/) } });
      }
      // With valid input the answer is FORBIDDEN, not a validation error.
      expect(await h.call(staffNo, 'admin.listClerks')).toMatchObject({ error: { code: 'FORBIDDEN' } });
      expect(await h.call(staffNo, 'admin.createClerk', { staffNo: 'x1', name: '某某', roles: ['admin'], password: 'Abcdefg123' })).toMatchObject({
        error: { code: 'FORBIDDEN' },
      });
    }
    await h.ok('a', 'auth.signIn', { staffNo: 'admin', password: DEMO_PASSWORD });
    expect(await h.call('a', 'admin.listClerks')).toMatchObject({ ok: true });
  });

  it('rejects a duplicate staff number and a reviewer without department', async () => {
    h = await testHost();
    await h.ok('a', 'auth.signIn', { staffNo: 'admin', password: DEMO_PASSWORD });
    expect(await h.call('a', 'admin.createClerk', { staffNo: 'sj01', name: '重复', roles: ['intake'], password: 'Abcdefg123' })).toMatchObject({ error: { code: 'CONFLICT' } });
    expect(await h.call('a', 'admin.createClerk', { staffNo: 'sp09', name: '审批', roles: ['review'], password: 'Abcdefg123' })).toMatchObject({ error: { code: 'INVALID_INPUT' } });
    // Departments are the catalog's, by id: a name typed by hand is refused.
    const typed = await h.call('a', 'admin.createClerk', { staffNo: 'sp09', name: '审批', roles: ['review'], departments: ['民政局'], password: 'Abcdefg123' });
    expect(typed).toMatchObject({ error: { code: 'INVALID_INPUT', message: expect.stringContaining('民政局') } });
    const created = await h.ok<{ staffNo: string; departments: string[] }>('a', 'admin.createClerk', { staffNo: 'sp09', name: '审批', roles: ['review'], departments: ['mzj'], password: 'Abcdefg123' });
    expect(created).toMatchObject({ staffNo: 'sp09', departments: ['mzj'] });
  });
});
