// `npm run dist`: build, then the installers this machine can build (electron-builder.yml).
//
// Installers need downloads: the Electron zip for each platform/arch, electron-builder's tools
// (NSIS, AppImage runtime, fpm for deb) and Electron builds of better-sqlite3-multiple-ciphers.
// Where they cannot be had (no network, no mirror, no local copy), this script still packs the
// app with a stand-in Electron into release/payload-check/ to prove the payload (files, native
// modules unpacked) and says what needs a machine with the Electron download.
//
// Exit codes: 0 installers built, or (without --strict) the payload check passed where installers
// cannot be built here; 1 a real failure (build, electron-builder, payload check); 2 --strict and
// no installer could be built.
//
//   node scripts/dist.mjs [--strict] [--skip-build] [--online] [--linux|--win] [--arch=x64,arm64]
//                         [--electron-dist=<dir with electron-vX-<os>-<arch>.zip>] [<electron-builder args>]
// Any other argument goes to electron-builder, e.g. a hall's own update URL:
//   npm run dist -- -c.publish.url=https://central.hall.example/updates/
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const argv = process.argv.slice(2).filter((a) => a !== '--');
const OWN = /^--(strict|skip-build|online|linux|win|arch=.*|electron-dist=.*)$/;
const passThrough = argv.filter((a) => !OWN.test(a));
const flag = (name) => argv.includes(`--${name}`);
const option = (name) => argv.find((a) => a.startsWith(`--${name}=`))?.split('=').slice(1).join('=');

const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')).version;
const builderCli = join(root, 'node_modules/electron-builder/cli.js');
const platform = flag('win') ? 'win32' : flag('linux') ? 'linux' : process.platform;
const arches = (option('arch') ?? (platform === 'linux' ? 'x64,arm64' : 'x64')).split(',').filter(Boolean);
const electronDist = option('electron-dist') ?? process.env.ELECTRON_DIST ?? null;
const PROBE_MS = 8000;
const BUILD_TIMEOUT_MS = 30 * 60_000;

const say = (zh, en) => console.log(`${zh}\n  ${en}`);
const run = (cmd, args, timeout = BUILD_TIMEOUT_MS) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', timeout, env: { ...process.env } });
  if (r.error?.code === 'ETIMEDOUT') console.error(`超时（${timeout / 60000} 分钟）已中止 / timed out: ${[cmd, ...args].join(' ')}`);
  return r.status ?? 1;
};

if (!['linux', 'win32'].includes(platform)) {
  say(`本机系统（${platform}）不构建一窗通安装包：请在 Linux（deb、AppImage）或 Windows（NSIS）上运行 npm run dist。`, `No installers are built on ${platform}: run npm run dist on Linux (deb, AppImage) or Windows (NSIS).`);
  process.exit(flag('strict') ? 2 : 0);
}
if (platform === 'win32' && process.platform !== 'win32') {
  say('Windows 安装包请在 Windows 上构建（在 Linux 上需要 wine）。', 'Build the Windows installer on Windows (on Linux it needs wine).');
}

// 1. The app itself.
if (!flag('skip-build') && run(process.execPath, ['scripts/build.mjs'], 10 * 60_000) !== 0) {
  console.error('构建失败，未打包。 / Build failed; nothing packaged.');
  process.exit(1);
}

// 2. What each target needs.
const osName = platform === 'win32' ? 'win32' : 'linux';
const zipName = (arch) => `electron-v${electronVersion}-${osName}-${arch}.zip`;

function findFile(dir, name, depth = 3) {
  if (!dir || !existsSync(dir)) return null;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isFile() && e.name === name) return join(dir, e.name);
    if (e.isDirectory() && depth > 0) {
      const hit = findFile(join(dir, e.name), name, depth - 1);
      if (hit) return hit;
    }
  }
  return null;
}

function electronCacheDir() {
  if (process.env.ELECTRON_CACHE) return process.env.ELECTRON_CACHE;
  if (process.platform === 'win32') return join(process.env.LOCALAPPDATA ?? homedir(), 'electron', 'Cache');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Caches', 'electron');
  return join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'electron');
}

const localZip = (arch) => (electronDist && existsSync(join(electronDist, zipName(arch))) ? join(electronDist, zipName(arch)) : findFile(electronCacheDir(), zipName(arch)));

/** The platform packages npm installs for this machine only; a cross-arch build needs them too. */
function nativePackages(arch) {
  const os = osName;
  const list = [`@img/sharp-${os}-${arch}`, `@koromix/koffi-${os}-${arch}`];
  if (os === 'linux') list.push(`@img/sharp-libvips-${os}-${arch}`);
  return list.filter((p) => !existsSync(join(root, 'node_modules', p, 'package.json')));
}

async function reachable(url) {
  try {
    const res = await fetch(url, { method: 'HEAD', redirect: 'manual', signal: AbortSignal.timeout(PROBE_MS) });
    return res.status > 0 && res.status < 500;
  } catch {
    return false;
  }
}

const mirror = process.env.ELECTRON_MIRROR ?? 'https://github.com/electron/electron/releases/download/';
// --online skips the probe (e.g. behind a proxy that only electron-builder is set up to use).
const online = flag('online') || (await reachable(`${mirror.replace(/\/?$/, '/')}v${electronVersion}/${zipName(arches[0])}`));

const plans = arches.map((arch) => ({ arch, zip: localZip(arch), missing: nativePackages(arch) }));
const buildable = plans.filter((p) => (p.zip || online) && p.missing.length === 0);
const blocked = plans.filter((p) => !buildable.includes(p));

// 3. Installers.
let failed = false;
const built = [];
for (const p of buildable) {
  const targets = platform === 'win32' ? ['--win', 'nsis'] : ['--linux', 'deb', 'AppImage'];
  const args = [builderCli, ...targets, `--${p.arch}`, '--publish', 'never', '--config', 'electron-builder.yml', ...(electronDist && p.zip ? [`-c.electronDist=${electronDist}`] : []), ...passThrough];
  console.log(`\n== electron-builder ${targets.join(' ')} ${p.arch} ==`);
  if (run(process.execPath, args) === 0) built.push(p.arch);
  else {
    failed = true;
    console.error(`打包 ${osName} ${p.arch} 失败（见上方 electron-builder 的输出）。 / Packaging ${osName} ${p.arch} failed (see electron-builder's output above).`);
  }
}
if (buildable.length > 0) {
  // electron-builder rebuilt the native modules for Electron in node_modules; tests and browser
  // mode need the Node build back.
  // npm's own CLI through node: no npm.cmd shell on Windows.
  const npm = process.env.npm_execpath ? [process.execPath, [process.env.npm_execpath]] : ['npm', []];
  if (run(npm[0], [...npm[1], 'rebuild', 'better-sqlite3-multiple-ciphers'], 10 * 60_000) !== 0) {
    say('警告：未能把 better-sqlite3-multiple-ciphers 重新编译回 Node 版本；运行测试或浏览器模式前请执行 npm rebuild better-sqlite3-multiple-ciphers。', 'Warning: could not rebuild better-sqlite3-multiple-ciphers for Node; run `npm rebuild better-sqlite3-multiple-ciphers` before tests or browser mode.');
  }
}

// 4. Where installers cannot be built here: check the payload with a stand-in Electron.
if (blocked.length > 0 && platform === process.platform) {
  const standIn = join(root, 'release', '.electron-stand-in');
  const out = join(root, 'release', 'payload-check');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(join(standIn, 'resources'), { recursive: true });
  const exe = join(standIn, process.platform === 'win32' ? 'electron.exe' : 'electron');
  writeFileSync(exe, process.platform === 'win32' ? '' : '#!/bin/sh\necho "stand-in: not a runnable Electron"\nexit 1\n');
  if (process.platform !== 'win32') chmodSync(exe, 0o755);
  console.log('\n== 安装包内容检查（替身 Electron，不可运行） / payload check (stand-in Electron, not runnable) ==');
  const status = run(process.execPath, [
    builderCli,
    platform === 'win32' ? '--win' : '--linux',
    'dir',
    `--${process.arch === 'arm64' ? 'arm64' : 'x64'}`,
    '--publish',
    'never',
    '--config',
    'electron-builder.yml',
    `-c.electronDist=${standIn}`,
    `-c.electronVersion=${electronVersion}`,
    '-c.npmRebuild=false',
    `-c.directories.output=${out}`,
  ]);
  rmSync(standIn, { recursive: true, force: true });
  if (status !== 0) {
    failed = true;
    console.error('安装包内容检查失败。 / Payload check failed.');
  } else console.log(`安装包内容已检查：${out}（只用于查看打包了哪些文件）。 / Payload checked: ${out} (for inspecting the packed files only).`);
}

// 5. What is left, in plain words.
if (built.length > 0) say(`\n已生成安装包（${osName}：${built.join('、')}）：release/。发布到中心：npm run server -- publish-release release`, `Installers built (${osName}: ${built.join(', ')}) in release/. Publish: npm run server -- publish-release release`);
for (const p of blocked) {
  const why = [];
  if (!p.zip && !online) why.push([`无法下载 Electron ${electronVersion}（${zipName(p.arch)}）及 electron-builder 的打包工具`, `cannot download Electron ${electronVersion} (${zipName(p.arch)}) and electron-builder's tools`]);
  if (p.missing.length > 0) {
    // npm installs only this machine's platform packages (sharp, koffi); forcing others with
    // --cpu/--os would swap out this machine's own (esbuild's too), so the arch builds its own.
    why.push([
      `本机的 node_modules 没有 ${p.arch} 的原生模块包（${p.missing.join('、')}）：请在 ${p.arch} 机器上执行 npm ci && npm run dist -- --arch=${p.arch}`,
      `node_modules has no ${p.arch} native packages (${p.missing.join(', ')}): run npm ci && npm run dist -- --arch=${p.arch} on a ${p.arch} machine`,
    ]);
  }
  say(`\n未生成 ${osName} ${p.arch} 安装包：${why.map((w) => w[0]).join('；')}。`, `No ${osName} ${p.arch} installer: ${why.map((w) => w[1]).join('; ')}.`);
}
if (blocked.length > 0) {
  say(
    '需要一台能下载 Electron 的机器（可访问 GitHub，或设置 ELECTRON_MIRROR 与 ELECTRON_BUILDER_BINARIES_MIRROR 指向镜像），或把 electron-v<版本>-<系统>-<架构>.zip 放在一个目录里并用 --electron-dist=<目录> 指定（deb/AppImage/NSIS 工具与 Electron 版 better-sqlite3-multiple-ciphers 仍需下载或已在缓存中）。在那台机器上运行 npm ci && npm run dist。',
    'Needs a machine with the Electron download (GitHub, or ELECTRON_MIRROR and ELECTRON_BUILDER_BINARIES_MIRROR set to a mirror), or the electron-v<version>-<os>-<arch>.zip files in a directory given with --electron-dist=<dir> (the deb/AppImage/NSIS tools and the Electron build of better-sqlite3-multiple-ciphers must still be downloadable or cached). Run npm ci && npm run dist there.',
  );
}

if (failed) process.exit(1);
if (blocked.length > 0 && flag('strict')) process.exit(2);
process.exit(0);
