import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, relative } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERSION } from '../../electron/host/host.js';
import { tempDir } from '../helpers/tmp.js';

// The installers' configuration, checked the way electron-builder reads it: its own schema
// validation, then a real `electron-builder --dir` of a stand-in project (a fake dist/ with bait
// files beside it: tests, seed sources, maps, data, logs) against a stand-in Electron directory,
// offline. app.asar is listed with @electron/asar, and the packaged native modules are loaded
// from the packed tree (they are Node builds here: the Electron rebuild is switched off).

const root = join(dirname(new URL(import.meta.url).pathname), '..', '..');
const require = createRequire(import.meta.url);
const config = parse(readFileSync(join(root, 'electron-builder.yml'), 'utf8'));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const NATIVES = ['better-sqlite3-multiple-ciphers', 'koffi', 'sharp'];

/**
 * The installed folders of `names` and of everything they depend on at run time (optional
 * dependencies only where installed), found the way Node resolves them from our node_modules.
 */
function prodClosure(names: string[]): string[] {
  const found = new Set<string>();
  const visit = (name: string, from: string, optional: boolean) => {
    for (let dir = from; ; dir = dirname(dir)) {
      const candidate = join(dir, 'node_modules', name);
      if (basename(dir) !== 'node_modules' && existsSync(join(candidate, 'package.json'))) {
        if (found.has(candidate)) return;
        found.add(candidate);
        const p = JSON.parse(readFileSync(join(candidate, 'package.json'), 'utf8'));
        for (const d of Object.keys(p.dependencies ?? {})) visit(d, candidate, false);
        for (const d of Object.keys(p.optionalDependencies ?? {})) visit(d, candidate, true);
        return;
      }
      if (dir === root) break;
    }
    if (!optional) throw new Error(`${name} is not installed (needed from ${from})`);
  };
  for (const n of names) visit(n, root, false);
  return [...found];
}

describe('electron-builder.yml', () => {
  it('passes electron-builder’s own validation', async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config');
    await expect(validateConfiguration(structuredClone(config), { isEnabled: false, add() {} })).resolves.toBeUndefined();
    // The validator does refuse what it does not know (so the check above means something).
    await expect(validateConfiguration({ ...structuredClone(config), bogusOption: 1 }, { isEnabled: false, add() {} })).rejects.toThrow(/bogusOption/);
  });

  it('builds NSIS x64 per machine, deb and AppImage for x64 and arm64, with a Chinese product name', () => {
    expect(config.appId).toMatch(/^[a-z]+(\.[a-z0-9-]+)+$/);
    expect(config.productName).toBe('一窗通');
    expect(config.win.target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    expect(config.nsis).toMatchObject({ perMachine: true, oneClick: false });
    const linux = Object.fromEntries(config.linux.target.map((t: { target: string; arch: string[] }) => [t.target, [...t.arch].sort()]));
    expect(linux).toEqual({ deb: ['arm64', 'x64'], AppImage: ['arm64', 'x64'] });
    expect(config.fileAssociations ?? []).toEqual([]);
  });

  it('names artifacts without spaces or the Chinese product name (they are URLs on /updates/)', () => {
    for (const name of [config.artifactName, config.nsis.artifactName]) {
      expect(name).toBeTruthy();
      expect(name).not.toMatch(/\s|productName/);
    }
    expect(config.linux.executableName).toMatch(/^[a-z0-9-]+$/);
  });

  it('publishes to a generic provider whose URL ends in /updates/, and rebuilds natives for Electron from prebuilt binaries', () => {
    expect(config.publish.provider).toBe('generic');
    expect(config.publish.url).toMatch(/^https:\/\/.+\/updates\/$/);
    expect(config.npmRebuild).toBe(true);
    expect(config.buildDependenciesFromSource).toBe(false);
  });

  it('unpacks every native binary from app.asar', () => {
    const unpack: string[] = config.asarUnpack;
    expect(unpack).toContain('**/*.node');
    for (const m of ['better-sqlite3-multiple-ciphers', 'koffi', '@koromix', 'sharp', '@img']) expect(unpack).toContain(`**/node_modules/${m}/**`);
  });

  it('starts the Electron entry and reports the version electron-updater compares', () => {
    expect(config.extraMetadata.main).toBe(pkg.main);
    expect(pkg.main).toBe('dist/electron/main.js');
    // The host's version (update check, app.info) and package.json's (electron-updater) are one.
    expect(VERSION).toBe(pkg.version);
  });
});

describe('the packaged file list', () => {
  const t = tempDir('yct-ship-');
  const project = join(t.dir, 'project');
  const out = join(t.dir, 'out');
  let files: string[] = [];
  let unpacked: Set<string>;
  let build: { status: number | null; log: string };

  const put = (rel: string, text = 'x') => {
    mkdirSync(dirname(join(project, rel)), { recursive: true });
    writeFileSync(join(project, rel), text);
  };

  beforeAll(() => {
    // What the build writes, and bait beside and inside it.
    for (const f of [
      'dist/electron/main.js',
      'dist/electron/preload.cjs',
      'dist/electron/applicant-preload.cjs',
      'dist/host/browser.js',
      'dist/host/cli.js',
      'dist/server/main.js',
      'dist/renderer/index.html',
      'dist/renderer/applicant.html',
      'dist/renderer/assets/index-abc123.js',
      // bait: must not be packaged
      'dist/electron/main.js.map',
      'dist/renderer/assets/index-abc123.js.map',
      'dist/bench/hall.js',
      'dist/tests/leftover.test.js',
      'dist/data/yct.sqlite',
      'dist/yct.sqlite-wal',
      'dist/logs/host.log',
      'dist/test-results/vitest.json',
      'tests/unit/bait.test.ts',
      'tests/e2e/bait.spec.ts',
      'tests/fixtures/idcard/photo.bin',
      'seeds/catalog/index.ts',
      'seeds/raw/一件事清单.docx',
      'shared/seeds/一件事清单.xlsx',
      'bench/hall.ts',
      'test-results/e2e.json',
      'release/yichuangtong-0.0.9-linux-x64.AppImage',
      '.vite/deps/react.js',
      'data/yct.sqlite',
      'yct.sqlite',
      'logs/host.log',
      'electron/main.ts',
      'server/main.ts',
      'scripts/dist.mjs',
    ]) {
      put(f, f.endsWith('.html') ? '<!doctype html><title>一窗通</title>' : `// ${f}`);
    }
    // The real package.json, with only the native modules as dependencies (packing every bundled
    // dependency too would take half a minute and test nothing more about the patterns).
    const deps = Object.fromEntries(Object.entries(pkg.dependencies as Record<string, string>).filter(([n]) => NATIVES.includes(n)));
    expect(Object.keys(deps).sort()).toEqual([...NATIVES].sort());
    writeFileSync(join(project, 'package.json'), JSON.stringify({ ...pkg, dependencies: deps, devDependencies: {}, scripts: {} }, null, 2));
    // A real copy of what they need, not a symlink to ours: electron-builder asks `npm list`,
    // which reads a symlinked tree through npm's hidden lockfile only while node_modules is
    // untouched since the install; otherwise it resolves from the real paths and reports
    // every transitive dependency missing (seen on a fresh clone after the test run had
    // written caches into node_modules).
    for (const dir of prodClosure(NATIVES)) cpSync(dir, join(project, relative(root, dir)), { recursive: true });
    // A stand-in for the unpacked Electron: only its executable's name matters to --dir.
    const electron = join(t.dir, 'electron-dist');
    mkdirSync(join(electron, 'resources'), { recursive: true });
    writeFileSync(join(electron, 'electron'), '#!/bin/sh\nexit 0\n');
    chmodSync(join(electron, 'electron'), 0o755);

    const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')).version;
    const r = spawnSync(
      process.execPath,
      [
        join(root, 'node_modules/electron-builder/cli.js'),
        '--linux',
        'dir',
        '--x64',
        '--publish',
        'never',
        '--config',
        join(root, 'electron-builder.yml'),
        `-c.electronDist=${electron}`,
        `-c.electronVersion=${electronVersion}`,
        // The Electron rebuild needs the Electron headers (a download); the natives stay Node builds.
        '-c.npmRebuild=false',
        `-c.directories.output=${out}`,
      ],
      { cwd: project, encoding: 'utf8', timeout: 120_000, env: { ...process.env, CI: '', ELECTRON_BUILDER_CACHE: join(t.dir, 'cache') } },
    );
    build = { status: r.status, log: `${r.stdout}\n${r.stderr}`.split('\n').filter((l) => !l.includes('duplicate dependency')).join('\n') };
    if (r.status !== 0) return;
    const asar = require('@electron/asar');
    const archive = join(out, 'linux-unpacked', 'resources', 'app.asar');
    files = asar.listPackage(archive, { isPack: false });
    unpacked = new Set(files.filter((f) => asar.statFile(archive, f.slice(1), false)?.unpacked));
    asar.extractAll(archive, join(t.dir, 'app'));
  }, 150_000);

  afterAll(() => t.cleanup());

  it('electron-builder packs the stand-in project offline', () => {
    expect(build.status, build.log).toBe(0);
    expect(existsSync(join(out, 'linux-unpacked', config.linux.executableName))).toBe(true);
  });

  it('includes the Electron entry, both preloads, the renderer and package.json', () => {
    for (const f of ['/dist/electron/main.js', '/dist/electron/preload.cjs', '/dist/electron/applicant-preload.cjs', '/dist/renderer/index.html', '/dist/renderer/applicant.html', '/dist/renderer/assets/index-abc123.js', '/package.json']) {
      expect(files).toContain(f);
    }
    const packed = JSON.parse(readFileSync(join(t.dir, 'app', 'package.json'), 'utf8'));
    expect(packed.main).toBe('dist/electron/main.js');
    expect(packed.productName).toBe('一窗通');
  });

  it('leaves out tests, seed sources, benchmarks, source maps, sources and any data, logs or old releases', () => {
    const own = files.filter((f) => !f.startsWith('/node_modules/'));
    const bad = own.filter(
      (f) =>
        /\.map$/.test(f) ||
        /^\/(tests|seeds|shared|bench|test-results|release|data|logs|electron|server|scripts|\.vite)(\/|$)/.test(f) ||
        /^\/dist\/(bench|tests|data|logs|test-results)(\/|$)/.test(f) ||
        /\.(sqlite|sqlite-wal|sqlite-shm|log|ts|docx|xlsx)$/.test(f),
    );
    expect(bad).toEqual([]);
    // Nothing but dist/, node_modules/ and package.json at the top.
    expect([...new Set(files.map((f) => f.split('/')[1]))].sort()).toEqual(['dist', 'node_modules', 'package.json']);
  });

  it('keeps only compiled natives: no C sources or build leftovers of better-sqlite3-multiple-ciphers', () => {
    const m = files.filter((f) => f.startsWith('/node_modules/better-sqlite3-multiple-ciphers/'));
    expect(m).toContain('/node_modules/better-sqlite3-multiple-ciphers/build/Release/better_sqlite3.node');
    expect(m.filter((f) => /\/(deps|src|obj|obj\.target)\/|\.(c|cpp|a)$/.test(f))).toEqual([]);
  });

  it('unpacks the native binaries of SQLite, koffi and sharp next to app.asar', () => {
    const natives = files.filter((f) => f.endsWith('.node') || /\.so(\.\d+)*$/.test(f));
    expect(natives.length).toBeGreaterThanOrEqual(3);
    for (const f of natives) expect(unpacked.has(f), f).toBe(true);
    for (const re of [/better-sqlite3-multiple-ciphers\/build\/Release\/better_sqlite3\.node$/, /@koromix\/koffi-[^/]+\/.+\/koffi\.node$/, /@img\/sharp-[^/]+\/lib\/.+\.node$/]) {
      const hit = natives.find((f) => re.test(f));
      expect(hit, String(re)).toBeTruthy();
      expect(existsSync(join(out, 'linux-unpacked', 'resources', 'app.asar.unpacked', hit!))).toBe(true);
    }
  });

  it('the packed native modules load from the packed tree (nothing they need was filtered out)', () => {
    const nm = join(t.dir, 'app', 'node_modules');
    const script = `
      const Db = require(${JSON.stringify(join(nm, 'better-sqlite3-multiple-ciphers'))});
      const db = new Db(':memory:');
      const v = db.prepare('select 41 + 1 as v').get().v;
      const koffi = require(${JSON.stringify(join(nm, 'koffi'))});
      const sharp = require(${JSON.stringify(join(nm, 'sharp'))});
      process.stdout.write(JSON.stringify({ v, koffi: typeof koffi.load, sharp: typeof sharp.versions.vips }));`;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 30_000, cwd: t.dir });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ v: 42, koffi: 'function', sharp: 'string' });
  });
});
