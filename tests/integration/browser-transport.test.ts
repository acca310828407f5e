import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { buildHostApi } from '../../shared/api/client.js';
import { METHOD_NAMES } from '../../shared/api/contract.js';
import { ipcChannels } from '../../electron/transport/ipc.js';
import { handlers } from '../../electron/transport/handlers.js';
import { DEMO_PASSWORD } from '../../seeds/demo.js';
import { startHost, type RunningHost } from '../helpers/process.js';
import { tempDir } from '../helpers/tmp.js';

/** A raw request, so the Host header and body can be anything. */
function raw(port: number, opts: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer }): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: opts.method ?? 'GET', path: opts.path, headers: opts.headers }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    if (opts.body) req.write(opts.body);
    req.end();
  });
}

describe('browser-mode transport (real host process)', () => {
  const t = tempDir();
  let host: RunningHost;
  beforeAll(async () => {
    host = await startHost(t.dir, ['--demo']);
  });
  afterAll(async () => {
    await host?.stop();
    t.cleanup();
  });

  it('exposes exactly the contract methods, as do the IPC channels, the preload object and the handler table', async () => {
    const contract = [...METHOD_NAMES].sort();
    expect(ipcChannels().map((c) => c.method).sort()).toEqual(contract);
    expect(Object.keys(handlers).sort()).toEqual(contract);
    const seen: string[] = [];
    const api = buildHostApi(async (m) => void seen.push(m)) as unknown as Record<string, Record<string, () => Promise<unknown>>>;
    for (const ns of Object.keys(api)) for (const fn of Object.keys(api[ns]!)) await api[ns]![fn]!();
    expect(seen.sort()).toEqual(contract);
    // Every method answers over HTTP (never "unknown method"), and nothing else does.
    for (const m of contract) {
      const r = await host.call(m, {});
      expect(r.body?.error?.code ?? 'ok', m).not.toBe('UNKNOWN_METHOD');
    }
    expect((await host.call('admin.dropDatabase', {})).body.error.code).toBe('UNKNOWN_METHOD');
  });

  it('requires the launch token on every call', async () => {
    const none = await host.call('app.info', {}, {});
    expect(none.status).toBe(401);
    expect(none.body.error).toMatchObject({ code: 'BAD_TOKEN' });
    expect(none.body.error.message).toMatch(/凭据/);
    const wrong = await host.call('app.info', {}, { 'x-yct-token': host.token.slice(0, -2) + 'xx' });
    expect(wrong.body.error.code).toBe('BAD_TOKEN');
    expect((await host.call('app.info')).body).toMatchObject({ ok: true, value: { product: '一窗通', shell: 'browser', setUp: true } });
  });

  it('refuses foreign Host names and foreign origins', async () => {
    const rebinding = await raw(host.port, { method: 'POST', path: '/api/app.info', headers: { host: 'evil.example:80', 'x-yct-token': host.token } });
    expect(rebinding.status).toBe(421);
    const foreign = await host.call('app.info', {}, { 'x-yct-token': host.token, origin: 'http://evil.example' });
    expect(foreign.body.error.code).toBe('FORBIDDEN');
  });

  it('answers malformed bodies with a Chinese message and keeps working', async () => {
    const headers = { host: `127.0.0.1:${host.port}`, 'x-yct-token': host.token, 'content-type': 'application/json' };
    const bad = await raw(host.port, { method: 'POST', path: '/api/auth.signIn', headers, body: '{"staffNo": ' });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text).error.message).toMatch(/JSON/);
    const huge = await raw(host.port, { method: 'POST', path: '/api/auth.signIn', headers, body: Buffer.alloc(2 * 1024 * 1024, 0x61) });
    expect(huge.status).toBe(400);
    expect(JSON.parse(huge.text).error.message).toMatch(/过大/);
    const get = await raw(host.port, { method: 'GET', path: '/api/app.info', headers });
    expect(get.status).toBe(400);
    expect((await host.call('auth.signIn', { staffNo: 'sj01', password: DEMO_PASSWORD })).body.ok).toBe(true);
  });

  it('serves only the built renderer', async () => {
    const headers = { host: `127.0.0.1:${host.port}` };
    const index = await raw(host.port, { path: '/', headers });
    expect(index.status).toBe(200);
    expect(index.text).toMatch(/<div id="root">/);
    for (const path of ['/../package.json', '/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2fpackage.json', '/yct.sqlite', '/settings.json', '/assets']) {
      expect((await raw(host.port, { path, headers })).status, path).toBe(404);
    }
  });
});
