import { createHost, type Host } from '../../electron/host/host.js';
import { openConfSettings } from '../../electron/host/settings.js';
import { chromiumPdf } from '../../electron/host/chromium.js';
import { configureLog } from '../../electron/host/log.js';
import { tempDir } from './tmp.js';

configureLog({ quiet: true });

/** A real host (real SQLite file, real settings file) with a controllable clock. */
export async function testHost(opts: { demo?: boolean; dataDir?: string } = {}) {
  const t = opts.dataDir ? { dir: opts.dataDir, cleanup: () => undefined } : tempDir();
  const clock = { now: Date.parse('2026-11-23T09:00:00+08:00') };
  const host: Host = await createHost({ dataDir: t.dir, shell: 'browser', openSettings: openConfSettings, renderPdf: chromiumPdf, demo: opts.demo ?? true, now: () => clock.now });
  let closed = false;
  const call = async (client: string, method: string, input: unknown = {}) => host.call({ clientId: client }, method, input);
  return {
    host,
    clock,
    dir: t.dir,
    call,
    /** Calls and returns the value, failing the test on an error result. */
    async ok<T = unknown>(client: string, method: string, input: unknown = {}): Promise<T> {
      const r = await call(client, method, input);
      if (!r.ok) throw new Error(`${method} failed: ${r.error.code} ${r.error.message}`);
      return r.value as T;
    },
    /** Idempotent: a test may close early and its cleanup close again. */
    async close() {
      if (closed) return;
      closed = true;
      await host.close();
      t.cleanup();
    },
  };
}
