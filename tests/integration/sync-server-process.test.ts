import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundlePrivately } from '../helpers/bundle.js';
import { startPostgres, type PgCluster } from '../helpers/postgres.js';
import { tempDir } from '../helpers/tmp.js';

// The central service as shipped: server/main.ts bundled the way scripts/build.mjs does
// (into a private folder, not dist/), started as its own process on SQLite and PostgreSQL.

let entry: string;
let cleanupBundle = () => undefined as void;
let pgCluster: PgCluster;

beforeAll(async () => {
  pgCluster = await startPostgres();
  const b = await bundlePrivately('server/main.ts', 'server');
  entry = b.file;
  cleanupBundle = b.cleanup;
});
afterAll(() => {
  pgCluster?.stop();
  cleanupBundle();
});

function start(args: string[], env: Record<string, string> = {}): Promise<{ url: string; out: string; stop: () => Promise<number | null> }> {
  const { YCT_ADMIN_TOKEN: _a, DATABASE_URL: _d, ...base } = process.env;
  const child = spawn(process.execPath, [entry, '--port', '0', ...args], { env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${err}`)), 20_000);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${err}`)));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /YCT_CENTRAL_READY (\S+) (\w+)/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      resolve({
        url: m[1]!,
        out,
        stop: () =>
          new Promise((res) => {
            child.removeAllListeners('exit');
            child.once('exit', (code) => res(code));
            child.kill('SIGTERM');
          }),
      });
    });
  });
}

describe('npm run server (bundled)', () => {
  it('keeps a SQLite file under --data-dir, prints a generated admin token only on the first start', async () => {
    const t = tempDir('yct-server-data-');
    try {
      const first = await start(['--data-dir', t.dir]);
      const token = /中心管理员令牌（只显示这一次，请妥善保存）：(\S+)/.exec(first.out)?.[1];
      expect(token).toMatch(/^[\w-]{43}$/);
      expect(first.out).toContain(' sqlite');
      expect(await (await fetch(`${first.url}/health`)).json()).toMatchObject({ ok: true, database: 'sqlite' });
      const codeRes = await fetch(`${first.url}/admin/enrolment-codes`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ hallCode: 'H1' }),
      });
      expect(codeRes.status).toBe(200);
      expect(await first.stop()).toBe(0);

      const second = await start(['--data-dir', t.dir]);
      expect(second.out).not.toContain('令牌');
      const again = await fetch(`${second.url}/admin/devices`, { headers: { authorization: `Bearer ${token}` } });
      expect(again.status).toBe(200);
      await second.stop();
    } finally {
      t.cleanup();
    }
  });

  it('uses PostgreSQL when DATABASE_URL is set, with the admin token from YCT_ADMIN_TOKEN', async () => {
    const t = tempDir('yct-server-data-');
    try {
      const url = await pgCluster.createDatabase('server');
      const a = await start(['--data-dir', t.dir], { DATABASE_URL: url, YCT_ADMIN_TOKEN: 'admin-secret-from-env' });
      const b = await start(['--data-dir', t.dir], { DATABASE_URL: url, YCT_ADMIN_TOKEN: 'admin-secret-from-env' });
      expect(a.out).not.toContain('令牌');
      expect(a.out).toContain(' postgres');
      // Two stateless instances on one database: a code issued by one enrols through the other.
      const issued = await fetch(`${a.url}/admin/enrolment-codes`, {
        method: 'POST',
        headers: { authorization: 'Bearer admin-secret-from-env', 'content-type': 'application/json' },
        body: JSON.stringify({ hallCode: 'H1' }),
      });
      const { code } = (await issued.json()) as { code: string };
      const enrol = await fetch(`${b.url}/enrol`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, deviceId: 'd1' }) });
      expect(enrol.status).toBe(200);
      await a.stop();
      await b.stop();
    } finally {
      t.cleanup();
    }
  });
});
