import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../seeds/demo.js';
import { SIMULATED_CARDS } from '../../seeds/idcard-sim.js';
import { DEFAULT_ID_CARD_SETTINGS, type IdCardReadResult, type IdCardSettings, type IdCardStatus, type IdCardTestResult } from '../../shared/idcard.js';
import { compileStandin } from '../helpers/idcard.js';
import { testHost } from '../helpers/host.js';

// idcard.* through the real host (dispatch, roles, settings file), with the simulator and the
// compiled stand-in library.

type T = Awaited<ReturnType<typeof testHost>>;
let t: T;

const CARDS_FILE = new URL('../fixtures/idcard/cards.json', import.meta.url).pathname;

beforeAll(async () => {
  t = await testHost();
  for (const [client, staffNo] of [
    ['intake', 'sj01'],
    ['review', 'sp01'],
    ['delivery', 'cj01'],
    ['admin', 'admin'],
    ['intake2', 'sj01'],
  ]) {
    await t.ok(client!, 'auth.signIn', { staffNo, password: DEMO_PASSWORD });
  }
});
afterAll(async () => {
  await t.close();
});

async function setDriver(patch: Partial<IdCardSettings>) {
  const current = (await t.ok<{ settings: IdCardSettings }>('admin', 'admin.getIdcardSettings')).settings;
  return t.ok<{ settings: IdCardSettings }>('admin', 'admin.updateIdcardSettings', { ...current, ...patch });
}

async function deviceError(client: string, method: string, input: unknown = {}) {
  const r = await t.call(client, method, input);
  if (r.ok) throw new Error(`${method} should have failed`);
  return r.error;
}

describe('idcard through the host', () => {
  it('reads a simulated card placed from the developer panel', async () => {
    const status = await t.ok<IdCardStatus>('intake', 'idcard.status');
    expect(status).toMatchObject({ driver: 'simulator', state: 'connected', simulator: { placed: 'none' } });
    expect(status.simulator!.cards).toHaveLength(SIMULATED_CARDS.length);
    await t.ok('intake', 'idcard.simulate', { card: 0 });
    const r = await t.ok<IdCardReadResult>('intake', 'idcard.read', {});
    expect(r.card).toMatchObject({ name: '王建华', idNumber: '232701197804120317', birthDate: '1978-04-12', validTo: '2038-06-01' });
    expect(r.card.photo?.mime).toBe('image/png');
    expect(r.expired).toBe(false);
    expect(r.ms).toBeGreaterThan(0);
    // The delivery window checks identity again.
    expect((await t.ok<IdCardReadResult>('delivery', 'idcard.read', {})).card.name).toBe('王建华');
  });

  it('lets only the roles that identify applicants read cards', async () => {
    const review = await deviceError('review', 'idcard.read');
    expect(review.code).toBe('FORBIDDEN');
    expect((await deviceError('admin', 'idcard.read')).code).toBe('FORBIDDEN');
    expect((await deviceError('intake', 'idcard.test')).code).toBe('FORBIDDEN');
    expect((await deviceError('intake', 'admin.getIdcardSettings')).code).toBe('FORBIDDEN');
    expect((await deviceError('nobody', 'idcard.status')).code).toBe('UNAUTHENTICATED');
  });

  it('flags an expired card and tells the clerk', async () => {
    await t.ok('intake', 'idcard.simulate', { scenario: 'expired' });
    const r = await t.ok<IdCardReadResult>('intake', 'idcard.read', {});
    expect(r.expired).toBe(true);
    expect(r.warnings[0]).toMatch(/证件已于 2025-04-12 过期/);
  });

  it('ends every failure in a Chinese message with the manual way on', async () => {
    await t.ok('intake', 'idcard.simulate', { scenario: 'none' });
    const none = await deviceError('intake', 'idcard.read', { timeoutMs: 1000 });
    expect(none).toMatchObject({ code: 'DEVICE_ERROR', details: { device: 'idcard', kind: 'no_card' } });
    expect(none.message).toContain('可直接输入证件号码');
    for (const [scenario, kind] of [
      ['removed', 'removed'],
      ['unreadable', 'unreadable'],
      ['unplugged', 'not_connected'],
    ] as const) {
      await t.ok('intake', 'idcard.simulate', { scenario });
      const e = await deviceError('intake', 'idcard.read', { timeoutMs: 1000 });
      expect(e.details?.kind, scenario).toBe(kind);
      expect(e.message).toMatch(/直接输入证件号码/);
    }
    expect((await t.ok<IdCardStatus>('intake', 'idcard.status')).state).toBe('disconnected');
    expect((await deviceError('intake', 'idcard.simulate', { card: 99 })).message).toContain('没有第 100 张');
    expect((await deviceError('intake', 'idcard.read', { timeoutMs: 100 })).code).toBe('INVALID_INPUT');
  });

  it('refuses a second read while one waits, and cancels from another window', async () => {
    await t.ok('intake', 'idcard.simulate', { scenario: 'none' });
    const first = t.call('intake', 'idcard.read', { timeoutMs: 5000 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const second = await deviceError('intake2', 'idcard.read', {});
    expect(second.details?.kind).toBe('busy');
    expect((await t.ok<IdCardStatus>('intake', 'idcard.status')).state).toBe('busy');
    expect(await t.ok('intake2', 'idcard.cancel')).toEqual({ cancelled: true });
    const r = await first;
    expect(!r.ok && r.error.details?.kind).toBe('cancelled');
    expect(await t.ok('intake2', 'idcard.cancel')).toEqual({ cancelled: false });
  });

  it('reads cards from a fixture file when the admin points the simulator at one', async () => {
    await setDriver({ simulator: { cardsFile: CARDS_FILE, readDelayMs: 0 } });
    const status = await t.ok<IdCardStatus>('intake', 'idcard.status');
    expect(status.simulator!.cards.map((c) => c.label)).toEqual(['周文博（测试卡）', '孙丽娜（测试卡，无照片）']);
    await t.ok('intake', 'idcard.simulate', { card: 1 });
    const r = await t.ok<IdCardReadResult>('intake', 'idcard.read', {});
    expect(r.card).toMatchObject({ name: '孙丽娜', ethnicity: '朝鲜', photo: null });
    expect(r.warnings).toEqual([expect.stringContaining('未提供证件照片')]);
    const bad = await deviceError('admin', 'admin.updateIdcardSettings', { ...DEFAULT_ID_CARD_SETTINGS, simulator: { cardsFile: join(t.dir, 'nope.json'), readDelayMs: 0 } });
    expect(bad.code).toBe('INVALID_INPUT');
    expect(bad.message).toContain('无法读取');
  });

  it('lets the admin switch to the sdk driver, test-read with masked output and see the last errors', async () => {
    const lib = compileStandin();
    const saved = await setDriver({ driver: 'sdk', sdk: { ...DEFAULT_ID_CARD_SETTINGS.sdk, libraryPath: lib, port: 1001 } });
    expect(saved.settings.driver).toBe('sdk');
    const stored = JSON.parse(readFileSync(join(t.dir, 'settings.json'), 'utf8')) as { idcard: IdCardSettings };
    expect(stored.idcard.sdk.libraryPath).toBe(lib);

    // A real reader is only opened when asked to probe.
    expect(await t.ok<IdCardStatus>('intake', 'idcard.status')).toEqual({ driver: 'sdk', state: 'unknown', label: '未检测', simulator: null });
    expect(await t.ok<IdCardStatus>('admin', 'idcard.status', { probe: true })).toMatchObject({ state: 'connected', label: '已连接（USB 1001）' });

    const ok = await t.ok<IdCardTestResult>('admin', 'idcard.test');
    expect(ok).toMatchObject({ ok: true, driver: 'sdk', summary: { cardType: 'resident', name: '刘**', idNumber: '2301**********0614', validTo: '2036-03-20', hasPhoto: true }, expired: false });
    expect(JSON.stringify(ok)).not.toContain('230103198310050614');
    expect(JSON.stringify(ok)).not.toContain('刘志强');
    const read = await t.ok<IdCardReadResult>('intake', 'idcard.read', {});
    expect(read.card.name).toBe('刘志强');

    expect((await deviceError('intake', 'idcard.simulate', { card: 0 })).code).toBe('CONFLICT');

    await setDriver({ driver: 'sdk', sdk: { ...DEFAULT_ID_CARD_SETTINGS.sdk, libraryPath: join(t.dir, 'missing.so'), port: 1001 } });
    const failed = await t.ok<IdCardTestResult>('admin', 'idcard.test');
    expect(failed).toMatchObject({ ok: false, driver: 'sdk', kind: 'library' });
    expect(failed.ok === false && failed.message).toContain('找不到库文件');

    const { errors } = await t.ok<{ errors: { kind: string; summary: string; operation: string }[] }>('admin', 'admin.getIdcardSettings');
    expect(errors[0]).toMatchObject({ kind: 'library', operation: 'test', summary: '驱动库无法加载或不兼容' });
    expect(errors.map((e) => e.kind)).toEqual(expect.arrayContaining(['no_card', 'removed', 'unreadable', 'not_connected', 'busy']));
    expect(errors.map((e) => e.kind)).not.toContain('cancelled');
    expect(errors.length).toBeLessThanOrEqual(20);
    expect(JSON.stringify(errors)).not.toMatch(/\d{17}[\dX]|王建华|刘志强/);
  });

  it('refuses a card service that is not on this machine', async () => {
    const e = await deviceError('admin', 'admin.updateIdcardSettings', {
      ...DEFAULT_ID_CARD_SETTINGS,
      driver: 'bridge',
      bridge: { ...DEFAULT_ID_CARD_SETTINGS.bridge, url: 'http://192.168.1.20:19196' },
    });
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toContain('本机');
    await setDriver({ ...DEFAULT_ID_CARD_SETTINGS });
    expect((await t.ok<IdCardStatus>('intake', 'idcard.status')).driver).toBe('simulator');
  });
});
