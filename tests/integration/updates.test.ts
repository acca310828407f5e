import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHost, type Host } from '../../electron/host/host.js';
import { chromiumPdf } from '../../electron/host/chromium.js';
import { openConfSettings } from '../../electron/host/settings.js';
import type { CaseView } from '../../shared/api/intake.js';
import type { UpdateStatus } from '../../shared/api/updates.js';
import { DEMO_PASSWORD } from '../../seeds/demo.js';
import { publishRelease } from '../../server/releases.js';
import { startCentral, type RunningCentral } from '../helpers/central.js';
import { testHost } from '../helpers/host.js';
import { bundlePrivately } from '../helpers/bundle.js';
import { tempDir } from '../helpers/tmp.js';

// Offline updates end to end, without Electron: a release as electron-builder lays it out is
// published to a real central service (SHA-512 checked, tampering refused), served read-only at
// /updates/ with the Range forms electron-updater uses (its own multipart parser reads our
// answer), found by a browser-mode host over real HTTP, and installed only when no window of the
// counter has a case open and the applicant screen is idle.

const require = createRequire(import.meta.url);
const sha512 = (b: Buffer) => createHash('sha512').update(b).digest('base64');

interface Release {
  dir: string;
  files: Record<string, Buffer>;
}

/** A release directory as electron-builder writes it: installers, blockmaps and the channel files. */
function makeRelease(dir: string, version: string, seed: Buffer = randomBytes(300_000)): Release {
  mkdirSync(dir, { recursive: true });
  const files: Record<string, Buffer> = {
    [`yichuangtong-${version}-linux-x86_64.AppImage`]: Buffer.concat([seed, Buffer.from(version)]),
    [`yichuangtong-${version}-linux-amd64.deb`]: Buffer.concat([Buffer.from(`deb ${version}`), seed.subarray(0, 50_000)]),
    [`yichuangtong-${version}-linux-arm64.AppImage`]: Buffer.concat([Buffer.from(`arm ${version}`), seed.subarray(0, 80_000)]),
    [`yichuangtong-${version}-setup-x64.exe`]: Buffer.concat([Buffer.from(`MZ ${version}`), seed.subarray(0, 120_000)]),
  };
  for (const [name, bytes] of Object.entries(files)) {
    writeFileSync(join(dir, name), bytes);
    writeFileSync(join(dir, `${name}.blockmap`), Buffer.from(`blockmap of ${name}`));
  }
  const channel = (names: string[]) =>
    [
      `version: ${version}`,
      'files:',
      ...names.flatMap((n) => [`  - url: ${n}`, `    sha512: ${sha512(files[n]!)}`, `    size: ${files[n]!.length}`, '    blockMapSize: 42']),
      `path: ${names[0]}`,
      `sha512: ${sha512(files[names[0]!]!)}`,
      "releaseDate: '2026-11-20T08:00:00.000Z'",
      '',
    ].join('\n');
  writeFileSync(join(dir, 'latest-linux.yml'), channel([`yichuangtong-${version}-linux-x86_64.AppImage`, `yichuangtong-${version}-linux-amd64.deb`]));
  writeFileSync(join(dir, 'latest-linux-arm64.yml'), channel([`yichuangtong-${version}-linux-arm64.AppImage`]));
  writeFileSync(join(dir, 'latest.yml'), channel([`yichuangtong-${version}-setup-x64.exe`]));
  // What else electron-builder leaves there: never published.
  writeFileSync(join(dir, 'builder-debug.yml'), 'x: 1\n');
  mkdirSync(join(dir, 'linux-unpacked'), { recursive: true });
  return { dir, files };
}

let central: RunningCentral;
let releaseDir: string;
const work = tempDir('yct-updates-');
let r020: Release;

beforeAll(async () => {
  central = await startCentral({ kind: 'sqlite' });
  releaseDir = join(central.dir, 'releases');
  r020 = makeRelease(join(work.dir, 'r020'), '0.2.0');
});
afterAll(async () => {
  await central.close();
  work.cleanup();
});

describe('publish-release', () => {
  let entry: string;
  let cleanupBundle = () => undefined as void;
  beforeAll(async () => {
    // The command as shipped: server/main.ts bundled the way scripts/build.mjs does.
    const b = await bundlePrivately('server/main.ts', 'publish');
    entry = b.file;
    cleanupBundle = b.cleanup;
  });
  afterAll(() => cleanupBundle());

  const publish = (src: string, dest = releaseDir) =>
    spawnSync(process.execPath, [entry, 'publish-release', src, '--release-dir', dest], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, DATABASE_URL: '' } });

  it('copies the installers, blockmaps and channel files after checking each SHA-512', () => {
    const r = publish(r020.dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('已发布 latest-linux.yml：版本 0.2.0');
    const published = readdirSync(releaseDir).sort();
    const want = [...Object.keys(r020.files).flatMap((n) => [n, `${n}.blockmap`]), 'latest-linux.yml', 'latest-linux-arm64.yml', 'latest.yml'].sort();
    expect(published).toEqual(want);
    for (const [name, bytes] of Object.entries(r020.files)) expect(readFileSync(join(releaseDir, name)).equals(bytes)).toBe(true);
  });

  it('refuses a tampered installer with a Chinese message and leaves the published release as it was', () => {
    const r030 = makeRelease(join(work.dir, 'r030-tampered'), '0.3.0');
    const victim = join(r030.dir, 'yichuangtong-0.3.0-linux-amd64.deb');
    const bytes = readFileSync(victim);
    bytes[1000] = bytes[1000]! ^ 0xff;
    writeFileSync(victim, bytes);
    const before = readdirSync(releaseDir).sort();
    const r = publish(r030.dir);
    expect(r.status).toBe(3);
    expect(r.stderr).toContain('yichuangtong-0.3.0-linux-amd64.deb 的 SHA-512 校验值与 latest-linux.yml 不符');
    expect(r.stderr).toContain('中心现有版本未改动');
    expect(readdirSync(releaseDir).sort()).toEqual(before);
    expect(readFileSync(join(releaseDir, 'latest-linux.yml'), 'utf8')).toContain('version: 0.2.0');
  });

  it('refuses a truncated installer and an installer missing from the directory', async () => {
    const short = makeRelease(join(work.dir, 'r031-short'), '0.3.1');
    const f = join(short.dir, 'yichuangtong-0.3.1-setup-x64.exe');
    writeFileSync(f, readFileSync(f).subarray(0, 1000));
    await expect(publishRelease(short.dir, releaseDir)).rejects.toThrow(/大小（1000 字节）与 latest.yml 记载的/);
    const gone = makeRelease(join(work.dir, 'r032-gone'), '0.3.2');
    rmSync(join(gone.dir, 'yichuangtong-0.3.2-linux-arm64.AppImage'));
    await expect(publishRelease(gone.dir, releaseDir)).rejects.toThrow(/latest-linux-arm64.yml 列出的安装包 yichuangtong-0.3.2-linux-arm64.AppImage 不在目录/);
  });

  it('refuses a second, different build under a version already published', async () => {
    const again = makeRelease(join(work.dir, 'r020-again'), '0.2.0');
    await expect(publishRelease(again.dir, releaseDir)).rejects.toThrow(/同一版本号不能发布两次不同的安装包/);
    // The same files again are fine (a repeated publish after an interruption).
    await expect(publishRelease(r020.dir, releaseDir)).resolves.toHaveLength(3);
  });

  it('says what is wrong with a directory that is not a release', () => {
    const empty = join(work.dir, 'not-a-release');
    mkdirSync(empty);
    const r = publish(empty);
    expect(r.status).toBe(3);
    expect(r.stderr).toContain('没有 latest.yml、latest-linux.yml、latest-linux-arm64.yml 中的任何一个');
    const bad = join(work.dir, 'bad-yml');
    mkdirSync(bad);
    writeFileSync(join(bad, 'latest.yml'), 'version: 0.4.0\nfiles:\n  - url: ../../etc/passwd\n    sha512: x\n');
    const r2 = publish(bad);
    expect(r2.status).toBe(3);
    expect(r2.stderr).toContain('latest.yml 内容不完整或格式错误');
  });
});

describe('/updates/ on the central service', () => {
  const appImage = () => r020.files['yichuangtong-0.2.0-linux-x86_64.AppImage']!;
  const url = (name: string) => `${central.url}/updates/${name}`;

  beforeAll(async () => {
    if (!existsSync(join(releaseDir, 'latest-linux.yml'))) await publishRelease(r020.dir, releaseDir);
    writeFileSync(join(releaseDir, 'notes.txt'), 'not a release file');
    writeFileSync(join(releaseDir, '.hidden.yml'), 'x');
    symlinkSync(join(central.dir, 'central.sqlite'), join(releaseDir, 'escape.deb'));
  });

  it('serves the channel file without a token, as YAML that is never cached stale', async () => {
    const res = await fetch(url('latest-linux.yml'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/yaml; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(await res.text()).toBe(readFileSync(join(r020.dir, 'latest-linux.yml'), 'utf8'));
  });

  it('serves a whole installer, its HEAD and a single range', async () => {
    const full = await fetch(url('yichuangtong-0.2.0-linux-x86_64.AppImage'));
    expect(full.status).toBe(200);
    expect(Buffer.from(await full.arrayBuffer()).equals(appImage())).toBe(true);
    const deb = await fetch(url('yichuangtong-0.2.0-linux-amd64.deb'));
    expect(deb.headers.get('content-type')).toBe('application/vnd.debian.binary-package');
    await deb.arrayBuffer();

    const head = await fetch(url('yichuangtong-0.2.0-linux-x86_64.AppImage'), { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(appImage().length));
    expect((await head.arrayBuffer()).byteLength).toBe(0);

    const part = await fetch(url('yichuangtong-0.2.0-linux-x86_64.AppImage'), { headers: { range: 'bytes=1000-1999' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 1000-1999/${appImage().length}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(appImage().subarray(1000, 2000))).toBe(true);

    const tail = await fetch(url('yichuangtong-0.2.0-linux-x86_64.AppImage'), { headers: { range: 'bytes=-100' } });
    expect(tail.status).toBe(206);
    expect(Buffer.from(await tail.arrayBuffer()).equals(appImage().subarray(-100))).toBe(true);

    const beyond = await fetch(url('yichuangtong-0.2.0-linux-x86_64.AppImage'), { headers: { range: `bytes=${appImage().length + 10}-` } });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe(`bytes */${appImage().length}`);
    await beyond.arrayBuffer();

    // A range against another version of the file (If-Range) gets the whole file.
    const stale = await fetch(url('yichuangtong-0.2.0-linux-x86_64.AppImage'), { headers: { range: 'bytes=0-9', 'if-range': '"not-this-one"' } });
    expect(stale.status).toBe(200);
    expect((await stale.arrayBuffer()).byteLength).toBe(appImage().length);
  });

  it('answers a multi-range request as multipart/byteranges that electron-updater’s differential download reads', async () => {
    // The new file rebuilt from an "old" one plus the changed blocks, the way the updater does it.
    const { DataSplitter } = require('electron-updater/out/differentialDownloader/DataSplitter.js');
    const { OperationKind } = require('electron-updater/out/differentialDownloader/downloadPlanBuilder.js');
    const target = appImage();
    const old = Buffer.from(target);
    for (const at of [10, 70_000, 200_000]) old.fill(0, at, at + 500);
    const oldFile = join(work.dir, 'old.AppImage');
    writeFileSync(oldFile, old);
    const tasks = [
      { kind: OperationKind.COPY, start: 0, end: 10 },
      { kind: OperationKind.DOWNLOAD, start: 10, end: 510 },
      { kind: OperationKind.COPY, start: 510, end: 70_000 },
      { kind: OperationKind.DOWNLOAD, start: 70_000, end: 70_500 },
      { kind: OperationKind.COPY, start: 70_500, end: 200_000 },
      { kind: OperationKind.DOWNLOAD, start: 200_000, end: 200_500 },
      { kind: OperationKind.COPY, start: 200_500, end: target.length },
    ];
    const downloads = tasks.map((t, i) => ({ t, i })).filter((x) => x.t.kind === OperationKind.DOWNLOAD);
    const res = await fetch(url('yichuangtong-0.2.0-linux-x86_64.AppImage'), { headers: { range: `bytes=${downloads.map((d) => `${d.t.start}-${d.t.end - 1}`).join(', ')}` } });
    expect(res.status).toBe(206);
    const m = /^multipart\/byteranges; boundary=(\S+)$/.exec(res.headers.get('content-type') ?? '');
    expect(m).not.toBeNull();
    const body = Buffer.from(await res.arrayBuffer());
    expect(res.headers.get('content-length')).toBe(String(body.length));

    const chunks: Buffer[] = [];
    const out = new Writable({
      write(c: Buffer, _e, cb) {
        chunks.push(Buffer.from(c));
        cb();
      },
    });
    const fd = openSync(oldFile, 'r');
    try {
      await new Promise<void>((resolve, reject) => {
        const splitter = new DataSplitter(
          out,
          { tasks, start: 0, end: tasks.length, oldFileFd: fd },
          new Map(downloads.map((d, part) => [part, d.i])),
          m![1],
          downloads.map((d) => d.t.end - d.t.start),
          resolve,
          downloads.reduce((n, d) => n + d.t.end - d.t.start, 0),
          undefined,
        );
        splitter.on('error', reject);
        // Delivered in small pieces, as from the network.
        for (let i = 0; i < body.length; i += 7001) splitter.write(body.subarray(i, i + 7001));
        splitter.end();
      });
      expect(sha512(Buffer.concat(chunks))).toBe(sha512(target));
    } finally {
      closeSync(fd);
    }
  });

  it('lists nothing and serves nothing outside the release files', async () => {
    for (const path of [
      '/updates/',
      '/updates',
      '/updates/notes.txt',
      '/updates/.hidden.yml',
      '/updates/escape.deb',
      '/updates/..%2Fcentral.sqlite',
      '/updates/%2e%2e%2fcentral.sqlite',
      '/updates/..%5Ccentral.sqlite',
      '/updates/latest-linux.yml%00.deb',
      '/updates/builder-debug.yml',
    ]) {
      const res = await fetch(`${central.url}${path}`);
      expect(res.status, path).toBe(404);
      const text = await res.text();
      expect(text, path).not.toContain('SQLite');
    }
    // The raw request line, as a client that does not normalise dot segments sends it.
    const raw = await central.app.inject({ method: 'GET', url: '/updates/../central.sqlite' });
    expect(raw.statusCode).toBe(404);
  });
});

describe('the counter’s update check and install policy', () => {
  type TH = Awaited<ReturnType<typeof testHost>>;
  let h: TH;
  beforeAll(async () => {
    h = await testHost();
    await h.ok('admin', 'auth.signIn', { staffNo: 'admin', password: DEMO_PASSWORD });
    await h.ok('admin', 'admin.syncConfigure', { centralUrl: central.url });
    await h.ok('counter', 'auth.signIn', { staffNo: 'sj01', password: DEMO_PASSWORD });
  });
  afterAll(() => h.close());

  it('browser mode finds the newer version on the central service over HTTP and says it cannot install', async () => {
    const s = await h.ok<UpdateStatus>('counter', 'updates.status', { check: true });
    expect(s).toMatchObject({ current: '0.1.0', shell: 'browser', supported: false, feedUrl: `${central.url}/updates/`, available: { version: '0.2.0', releaseDate: '2026-11-20T08:00:00.000Z' }, checkError: null, canInstall: false });
    expect(s.blockedReason).toContain('浏览器模式不支持自动更新');
    const r = await h.call('counter', 'updates.install', { version: '0.2.0' });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.code).toBe('CONFLICT');
  });

  it('reports no update when the central service has nothing newer, and why a check failed', async () => {
    const h2 = await testHost();
    try {
      await h2.ok('admin', 'auth.signIn', { staffNo: 'admin', password: DEMO_PASSWORD });
      let s = await h2.ok<UpdateStatus>('admin', 'updates.status', { check: true });
      expect(s.available).toBeNull();
      expect(s.checkError).toContain('尚未设置中心服务地址');

      const empty = await startCentral({ kind: 'sqlite' });
      try {
        await h2.ok('admin', 'admin.syncConfigure', { centralUrl: empty.url });
        // The banner's plain poll, right after the address was set: checked at once, not in four hours.
        s = await h2.ok<UpdateStatus>('admin', 'updates.status', {});
        expect(s.available).toBeNull();
        expect(s.checkError).toMatch(/中心服务尚未发布更新（没有 latest[-a-z0-9]*\.yml）/);

        // Only the same version as this one published: nothing to offer.
        makeRelease(join(empty.dir, 'releases'), '0.1.0');
        h2.clock.now += 60_000;
        s = await h2.ok<UpdateStatus>('admin', 'updates.status', { check: true });
        expect(s).toMatchObject({ available: null, checkError: null });
      } finally {
        await empty.close();
      }
      h2.clock.now += 60_000;
      s = await h2.ok<UpdateStatus>('admin', 'updates.status', { check: true });
      expect(s.checkError).toContain('无法连接中心服务检查更新');
    } finally {
      await h2.close();
    }
  });
});

describe('install only with consent and no case open (desktop host)', () => {
  const t = tempDir('yct-upd-host-');
  const clock = { now: Date.parse('2026-11-23T09:00:00+08:00') };
  let host: Host;
  const installs: number[] = [];
  const call = async <T,>(client: string, method: string, input: unknown = {}): Promise<T> => {
    const r = await host.call({ clientId: client }, method, input);
    if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code });
    return r.value as T;
  };
  const refused = async (client: string, method: string, input: unknown) => {
    const r = await host.call({ clientId: client }, method, input);
    expect(r.ok).toBe(false);
    return r.ok ? '' : `${r.error.code} ${r.error.message}`;
  };

  beforeAll(async () => {
    // The host as the Electron shell creates it; electron-updater's part is a recording stand-in.
    host = await createHost({ dataDir: t.dir, shell: 'electron', openSettings: openConfSettings, renderPdf: chromiumPdf, demo: true, now: () => clock.now });
    host.services.updates.attachShell({ check: () => undefined, install: () => installs.push(clock.now) });
    await call('w1', 'auth.signIn', { staffNo: 'sj01', password: DEMO_PASSWORD });
    await call('w2', 'auth.signIn', { staffNo: 'admin', password: DEMO_PASSWORD });
  });
  afterAll(async () => {
    await host.close();
    t.cleanup();
  });

  it('waits for the download, then refuses while a window has a case open or the applicant screen is busy', async () => {
    let s = await call<UpdateStatus>('w1', 'updates.status', {});
    expect(s).toMatchObject({ shell: 'electron', supported: true, downloaded: null, canInstall: false });
    expect(s.blockedReason).toContain('尚未下载完成');

    host.services.updates.progress(42.4);
    expect((await call<UpdateStatus>('w1', 'updates.status', {})).downloadPercent).toBe(42);
    host.services.updates.downloadedVersion('0.2.0');

    const v = await call<CaseView>('w1', 'intake.start', { bundleId: 'hlj.newborn', itemIds: ['hlj.newborn.birth-certificate', 'hlj.newborn.hukou'], applicantKind: 'person' });
    s = await call<UpdateStatus>('w1', 'updates.status', { openCaseId: v.id });
    expect(s).toMatchObject({ downloaded: '0.2.0', canInstall: false });
    expect(s.blockedReason).toContain('正在办理的办件尚未关闭');
    // Another window of the same counter cannot restart it either.
    expect(await refused('w2', 'updates.install', { version: '0.2.0' })).toMatch(/^CONFLICT 现在不能重启安装：正在办理的办件尚未关闭/);
    expect(await refused('w1', 'updates.install', { version: '0.2.0', openCaseId: v.id })).toMatch(/^CONFLICT/);

    // The clerk leaves the case: the question can be answered.
    s = await call<UpdateStatus>('w1', 'updates.status', { openCaseId: null });
    expect(s).toMatchObject({ canInstall: true, blockedReason: null });

    // The applicant checks their form on the applicant screen: not now.
    await call('w1', 'applicant.showCase', { id: v.id });
    expect(await refused('w1', 'updates.install', { version: '0.2.0' })).toContain('申请人屏正在确认信息');
    await call('w1', 'applicant.clear');

    // Consent is to one version: a stale answer is refused.
    expect(await refused('w1', 'updates.install', { version: '0.1.9' })).toContain('不是您确认的 0.1.9');
    expect(installs).toEqual([]);

    expect(await call('w1', 'updates.install', { version: '0.2.0' })).toEqual({ restarting: true });
    await new Promise((r) => setTimeout(r, 500));
    expect(installs).toHaveLength(1);
  });

  it('forgets the case of a window that stopped reporting (closed or crashed)', async () => {
    await call('w2', 'updates.status', { openCaseId: 'case-of-a-closed-window' });
    expect((await call<UpdateStatus>('w1', 'updates.status', {})).canInstall).toBe(false);
    clock.now += 4 * 60_000;
    expect((await call<UpdateStatus>('w1', 'updates.status', {})).canInstall).toBe(true);
  });

  it('needs a signed-in clerk', async () => {
    expect(await refused('nobody', 'updates.status', {})).toMatch(/^UNAUTHENTICATED/);
    expect(await refused('nobody', 'updates.install', { version: '0.2.0' })).toMatch(/^UNAUTHENTICATED/);
  });
});
