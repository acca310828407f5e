import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../seeds/demo.js';
import { CLI_ENTRY, HOST_ENTRY, runToExit, startHost } from '../helpers/process.js';
import { tempDir } from '../helpers/tmp.js';

describe('the data directory (real host process)', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => cleanups.splice(0).forEach((c) => c()));
  const dir = () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    return t.dir;
  };

  it('keeps accounts and settings across a restart', async () => {
    const d = dir();
    let host = await startHost(d);
    expect((await host.call('app.info')).body.value.setUp).toBe(false);
    const setup = await host.call('setup.create', { hallName: '塔河县政务服务中心', counterName: '1 号窗口', adminStaffNo: 'boss', adminName: '张管理', password: 'Secret2026' });
    expect(setup.body).toMatchObject({ ok: true, value: { clerk: { staffNo: 'boss', roles: ['admin'] } } });
    await host.call('admin.createClerk', { staffNo: 'k1', name: '窗口甲', roles: ['intake'], password: 'Counter2026' });
    expect(await host.stop()).toBe(0);

    host = await startHost(d);
    expect((await host.call('app.info')).body.value).toMatchObject({ setUp: true, installation: { hallName: '塔河县政务服务中心', counterName: '1 号窗口' } });
    expect((await host.call('setup.create', { hallName: '别的大厅', counterName: 'x', adminStaffNo: 'evil', adminName: '某', password: 'Secret2026' })).body.error.code).toBe('ALREADY_SET_UP');
    expect((await host.call('auth.signIn', { staffNo: 'k1', password: 'Counter2026' })).body.ok).toBe(true);
    await host.stop();
  });

  it('refuses a corrupt database with a Chinese message and leaves the file untouched', async () => {
    const d = dir();
    const host = await startHost(d, ['--demo']);
    await host.stop();
    const file = join(d, 'yct.sqlite');
    const garbage = Buffer.from('这不是数据库'.repeat(2000));
    writeFileSync(file, garbage);
    for (const suffix of ['-wal', '-shm']) if (existsSync(file + suffix)) writeFileSync(file + suffix, '');
    const r = await runToExit(HOST_ENTRY, ['--data-dir', d, '--no-open', '--quiet']);
    expect(r.code).toBe(2);
    // Encrypted pages that fail to authenticate look the same whether damaged or keyed elsewhere.
    expect(r.stderr).toMatch(/本机保存的密钥打不开它.*也可能文件已损坏.*系统未做任何改动/);
    expect(r.stderr).not.toMatch(/\bat .+:\d+:\d+/); // no stack trace
    expect(readFileSync(file).equals(garbage)).toBe(true);
  });

  it('refuses a data directory that cannot be created', async () => {
    const d = dir();
    writeFileSync(join(d, 'a-file'), 'x');
    const r = await runToExit(HOST_ENTRY, ['--data-dir', join(d, 'a-file', 'data'), '--no-open', '--quiet']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/数据目录无法创建或写入/);
  });

  it('refuses a corrupt settings file without resetting it', async () => {
    const d = dir();
    const host = await startHost(d, ['--demo']);
    await host.stop();
    const file = join(d, 'settings.json');
    writeFileSync(file, '{"installation": {"hallName": ');
    const r = await runToExit(HOST_ENTRY, ['--data-dir', d, '--no-open', '--quiet']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/设置文件/);
    expect(readFileSync(file, 'utf8')).toBe('{"installation": {"hallName": ');

    writeFileSync(file, JSON.stringify({ idleLockSeconds: 'soon' }));
    const r2 = await runToExit(HOST_ENTRY, ['--data-dir', d, '--no-open', '--quiet']);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/设置文件内容无效/);
  });

  it('lets only one host use a data directory', async () => {
    const d = dir();
    const first = await startHost(d, ['--demo']);
    const second = await runToExit(HOST_ENTRY, ['--data-dir', d, '--no-open', '--quiet']);
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(/另一个一窗通程序/);
    expect((await first.call('app.info')).body.ok).toBe(true);
    await first.stop();
    // A lock left by a killed host does not block the next start.
    const killed = await startHost(d);
    killed.child.kill('SIGKILL');
    await new Promise((r) => killed.child.once('exit', r));
    const next = await startHost(d);
    expect((await next.call('auth.signIn', { staffNo: 'admin', password: DEMO_PASSWORD })).body.ok).toBe(true);
    await next.stop();
  });

  it('rebuilds projections from the command line', async () => {
    const d = dir();
    const host = await startHost(d, ['--demo']);
    await host.call('auth.signIn', { staffNo: 'admin', password: DEMO_PASSWORD });
    await host.stop();
    const r = await runToExit(CLI_ENTRY, ['rebuild-projections', '--data-dir', d]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // The seven demo accounts' account.created events and the admin's sign-in.
    expect(r.stdout).toMatch(/已重建投影：事件 8 条，办件 0 件/);
    mkdirSync(join(d, 'x'));
    const usage = await runToExit(CLI_ENTRY, ['no-such-command']);
    expect(usage.code).toBe(2);
    expect(usage.stdout).toMatch(/用法/);
  });
});

describe('catalog import from the command line', () => {
  it('names the line and field of a malformed file and imports a newer valid one', async () => {
    const t = (await import('../helpers/tmp.js')).tempDir();
    try {
      const host = await startHost(t.dir, ['--demo']);
      await host.stop();
      const { catalog } = await import('../../seeds/catalog/index.js');
      const good = JSON.stringify({ ...catalog, version: '2025.1' }, null, 2);
      const bad = good.replace(/"promisedDays": \{\s*"value": (\d+|null)/, '"promisedDays": { "value": "三天"');
      writeFileSync(join(t.dir, 'bad.json'), bad);
      writeFileSync(join(t.dir, 'good.json'), good);
      const r1 = await runToExit(CLI_ENTRY, ['import-catalog', join(t.dir, 'bad.json'), '--data-dir', t.dir]);
      expect(r1.code).toBe(2);
      expect(r1.stderr).toMatch(/目录文件未导入：第 \d+ 行，字段 items\.\d+\.promisedDays\.value：/);
      const r2 = await runToExit(CLI_ENTRY, ['import-catalog', join(t.dir, 'good.json'), '--data-dir', t.dir]);
      expect(r2.stderr).toBe('');
      expect(r2.stdout).toMatch(/已导入服务目录，版本 2025\.1/);
      const again = await runToExit(CLI_ENTRY, ['import-catalog', join(t.dir, 'good.json'), '--data-dir', t.dir]);
      expect(again.code).toBe(2);
      expect(again.stderr).toMatch(/不比本机当前版本 2025\.1 新/);
      const host2 = await startHost(t.dir);
      await host2.call('auth.signIn', { staffNo: 'sj01', password: DEMO_PASSWORD });
      expect((await host2.call('catalog.bundles')).body.value.version).toBe('2025.1');
      await host2.stop();
    } finally {
      t.cleanup();
    }
  });
});
