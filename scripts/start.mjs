// `npm start`: build, then run the app on its embedded defaults (demo hall and accounts
// on an empty data directory). Electron when its binary is installed, browser mode otherwise.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const root = new URL('..', import.meta.url).pathname;
const extra = process.argv.slice(2);

if (spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' }).status !== 0) process.exit(1);

function electronBinary() {
  try {
    const path = createRequire(import.meta.url)('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

const electron = electronBinary();
const [cmd, args] = electron
  ? [electron, ['dist/electron/main.js', '--demo', ...extra]]
  : [process.execPath, ['dist/host/browser.js', '--demo', ...extra]];
if (!electron) console.log('未安装 Electron 运行文件，以浏览器模式启动。');
const child = spawn(cmd, args, { cwd: root, stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
