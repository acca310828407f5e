import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SERVER = fileURLToPath(new URL('../../dist/server/main.js', import.meta.url));

/** The central service as built (`npm run server`), on its embedded SQLite in `dir`, with this admin token. */
export async function startBuiltCentral(dir: string, adminToken = ''): Promise<{ url: string; adminToken: string; stop(): void }> {
  const child = spawn(process.execPath, [SERVER, '--data-dir', dir, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DATABASE_URL: '', YCT_ADMIN_TOKEN: adminToken } });
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`central did not start: ${err}`)), 20_000);
    child.once('exit', (code) => reject(new Error(`central exited with ${code}: ${err}`)));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /YCT_CENTRAL_READY (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
  });
  return { url, adminToken, stop: () => void child.kill('SIGTERM') };
}
