import { _electron, chromium, type Browser, type ElectronApplication, type Page } from '@playwright/test';
import { spawn, type ChildProcess, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

// Launches the app the way a clerk gets it: Electron when its binary is installed,
// otherwise the browser-mode host with Debian's Chromium. The specs are the same.

const root = fileURLToPath(new URL('../../', import.meta.url));
const CHROMIUM = process.env.YCT_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];

function electronBinary(): string | null {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown as string;
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null; // package present but binary not downloaded: browser mode
  }
}

/**
 * Waits for a child process's ready line (`ready` captures its URL) and keeps collecting its
 * output, which `output()` returns so far.
 */
export async function awaitReady(child: ChildProcess, ready: RegExp, what: string): Promise<{ url: string; output(): string }> {
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not start: ${err}`)), 20_000);
    child.once('exit', (code) => reject(new Error(`${what} exited with ${code}: ${err}`)));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = ready.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
  });
  return { url, output: () => out + err };
}

export interface LaunchedApp {
  page: Page;
  mode: 'electron' | 'browser';
  dataDir: string;
  /** Host stderr (browser mode), for checks that no personal data is logged. */
  hostOutput(): string;
  /** Kills the host at once (SIGKILL), as a power cut would; the window stays. */
  kill(): Promise<void>;
  close(): Promise<void>;
  /** Moves the host's clock this far ahead of the real one (test clock, see electron/host/test-clock.ts). */
  advanceClock(ms: number): void;
}

export async function launchApp(dataDir: string, opts: { demo: boolean }): Promise<LaunchedApp> {
  const bin = electronBinary();
  const clockFile = join(dataDir, 'test-clock-offset');
  const env = { ...process.env, YCT_TEST_CLOCK_FILE: clockFile };
  const advanceClock = (ms: number) => writeFileSync(clockFile, String(ms));
  if (bin) {
    const app: ElectronApplication = await _electron.launch({
      executablePath: bin,
      args: [`${root}dist/electron/main.js`, `--data-dir=${dataDir}`, ...(opts.demo ? ['--demo'] : [])],
      env,
    });
    const page = await app.firstWindow();
    const main = app.windows().find((w) => w.url().includes('index.html')) ?? page;
    return {
      page: main,
      mode: 'electron',
      dataDir,
      hostOutput: () => '',
      advanceClock,
      async kill() {
        const child = app.process();
        await new Promise<void>((resolve) => {
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        });
      },
      close: () => app.close().catch(() => undefined),
    };
  }

  const host: ChildProcessWithoutNullStreams = spawn(process.execPath, [`${root}dist/host/browser.js`, '--data-dir', dataDir, '--no-open', ...(opts.demo ? ['--demo'] : [])], {
    stdio: 'pipe',
    env,
  });
  const { url, output } = await awaitReady(host, /YCT_READY (\S+)/, 'host');
  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
  const context = await browser.newContext({ viewport: { width: 1366, height: 860 }, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(url);
  return {
    page,
    mode: 'browser',
    dataDir,
    hostOutput: output,
    advanceClock,
    async kill() {
      if (host.exitCode !== null || host.signalCode !== null) return;
      await new Promise<void>((resolve) => {
        host.once('exit', () => resolve());
        host.kill('SIGKILL');
      });
    },
    async close() {
      await browser.close();
      await new Promise<void>((resolve) => {
        if (host.exitCode !== null || host.signalCode !== null) return resolve();
        host.once('exit', () => resolve());
        host.kill('SIGTERM');
      });
    },
  };
}
