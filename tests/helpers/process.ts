import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const HOST_ENTRY = fileURLToPath(new URL('../../dist/host/browser.js', import.meta.url));
export const CLI_ENTRY = fileURLToPath(new URL('../../dist/host/cli.js', import.meta.url));

function requireBuild(): void {
  if (!existsSync(HOST_ENTRY)) throw new Error('dist/ is missing: run `npm run build` first (npm test does it).');
}

export interface RunningHost {
  child: ChildProcessWithoutNullStreams;
  url: string;
  origin: string;
  token: string;
  port: number;
  stderr(): string;
  call(method: string, input?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any }>;
  stop(): Promise<number | null>;
}

/** Starts the real browser-mode host as its own process and waits for its READY line. */
export function startHost(dataDir: string, extra: string[] = []): Promise<RunningHost> {
  requireBuild();
  const child = spawn(process.execPath, [HOST_ENTRY, '--data-dir', dataDir, '--no-open', '--quiet', ...extra], { stdio: 'pipe' });
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`host did not start: ${err}`)), 20_000);
    let ready = false;
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (!ready) reject(new Error(`host exited with ${code}: ${err}`));
    });
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = ready ? null : /YCT_READY (http:\/\/127\.0\.0\.1:(\d+)\/#token=(\S+))/.exec(out);
      if (!m) return;
      if (ready) return;
      ready = true;
      clearTimeout(timer);
      const origin = `http://127.0.0.1:${m[2]}`;
      const token = m[3]!;
      resolve({
        child,
        url: m[1]!,
        origin,
        token,
        port: Number(m[2]),
        stderr: () => err,
        async call(method, input = {}, headers = { 'x-yct-token': token }) {
          const res = await fetch(`${origin}/api/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(input) });
          return { status: res.status, body: await res.json().catch(() => null) };
        },
        stop() {
          return new Promise((res) => {
            if (child.exitCode !== null) return res(child.exitCode);
            child.once('exit', (code) => res(code));
            child.kill('SIGTERM');
          });
        },
      });
    });
  });
}

/** Runs a host or CLI process that is expected to exit by itself. */
export function runToExit(entry: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  requireBuild();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [entry, ...args], { stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
