import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { awaitReady } from './launcher.js';

const SERVER = fileURLToPath(new URL('../../dist/server/main.js', import.meta.url));

/** The central service as built (`npm run server`), on its embedded SQLite in `dir`, with this admin token. */
export async function startBuiltCentral(dir: string, adminToken = ''): Promise<{ url: string; adminToken: string; stop(): void }> {
  const child = spawn(process.execPath, [SERVER, '--data-dir', dir, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DATABASE_URL: '', YCT_ADMIN_TOKEN: adminToken } });
  const { url } = await awaitReady(child, /YCT_CENTRAL_READY (\S+)/, 'central');
  return { url, adminToken, stop: () => void child.kill('SIGTERM') };
}
