import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { AppError } from '../../shared/errors.js';
import { startHttpTransport } from '../transport/http.js';
import { chromiumPdf, findChromium, QUIET_FLAGS } from './chromium.js';
import { createHost } from './host.js';
import { configureLog, log } from './log.js';
import { builtRendererDir, defaultDataDir } from './paths.js';
import { openConfSettings } from './settings.js';
import { testClockFromEnv } from './test-clock.js';

// Browser mode: the host in plain Node, the renderer in Chromium (app mode) or any browser.

function openChromium(url: string, dataDir: string): ReturnType<typeof spawn> | null {
  const bin = findChromium();
  if (!bin) return null;
  const args = [`--app=${url}`, `--user-data-dir=${join(dataDir, 'browser-profile')}`, ...QUIET_FLAGS];
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  const child = spawn(bin, args, { stdio: 'ignore' });
  child.on('error', () => log.warn('chromium could not be started'));
  return child;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string' },
      port: { type: 'string', default: '0' },
      demo: { type: 'boolean', default: false },
      'no-open': { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
    },
  });
  const started = performance.now();
  const dataDir = values['data-dir'] ?? defaultDataDir();
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new AppError('INVALID_INPUT', `端口号无效：${values.port}`);
  configureLog({ quiet: values.quiet });

  const now = testClockFromEnv();
  const host = await createHost({ dataDir, shell: 'browser', openSettings: openConfSettings, renderPdf: chromiumPdf, demo: values.demo, ...(now ? { now } : {}) });
  configureLog({ dir: join(dataDir, 'logs') });
  const transport = await startHttpTransport({ host, rendererDir: builtRendererDir(), token: randomBytes(32).toString('base64url'), port });
  log.info('browser mode listening', { port: transport.port, startMs: Math.round(performance.now() - started) });

  let shuttingDown = false;
  const shutdown = async (code: number) => {
    if (shuttingDown) return;
    shuttingDown = true;
    await transport.close();
    await host.close();
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));

  // The launcher and tests read this line; the URL carries the per-launch token.
  process.stdout.write(`YCT_READY ${transport.url}\n`);
  const child = !values['no-open'] ? openChromium(transport.url, dataDir) : null;
  if (child) {
    process.stdout.write('一窗通已在 Chromium 中打开；关闭窗口即退出。\n');
    child.on('exit', () => void shutdown(0));
  } else {
    process.stdout.write(`一窗通（浏览器模式）已启动，请在浏览器中打开：\n${transport.url}\n按 Ctrl+C 退出。\n`);
  }
}

main().catch((err: unknown) => {
  const msg = err instanceof AppError ? err.message : '启动失败：发生未预期的错误，请联系管理员。';
  process.stderr.write(`一窗通无法启动：${msg}\n`);
  if (!(err instanceof AppError)) log.error('startup failed', { error: (err as Error)?.name });
  process.exit(2);
});
