import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { emitResult, printSummary, QUICK, repoRoot, round, summarize, tempDir } from './lib.js';

// Host start to first answered API call: what a clerk waits for between double-click
// and a usable window, minus the window itself.

const RUNS = QUICK ? 3 : 10;
const TARGET_MS = 1000;
/** Generous: the cold demo start hashes every demo password. */
const START_TIMEOUT_MS = 60_000;

const hostEntry = join(repoRoot(), 'dist', 'host', 'browser.js');

interface StartFigures {
  /** Spawn to the READY line: the process is listening. */
  ready_ms: number;
  /** Spawn to the first answered app.info: the figure that matters. */
  first_call_ms: number;
  setUp: boolean | null;
}

function waitForExit(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** Reads the first `YCT_READY <url>` line, or fails if the host exits or stalls first. */
function readyUrl(child: ChildProcess, stderr: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`host did not print YCT_READY within ${START_TIMEOUT_MS} ms: ${stderr()}`));
    }, START_TIMEOUT_MS);
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`host exited with ${code} before YCT_READY: ${stderr()}`));
    };
    child.once('exit', onExit);
    lines.on('line', (line) => {
      if (!line.startsWith('YCT_READY ')) return;
      clearTimeout(timer);
      child.off('exit', onExit);
      // The interface keeps draining stdout after this, so a chatty host never blocks on a full pipe.
      resolve(line.slice('YCT_READY '.length).trim());
    });
  });
}

/** Starts the host, times it to the first app.info answer, then stops it and waits for the exit. */
async function timedStart(dataDir: string, extra: string[]): Promise<StartFigures> {
  let err = '';
  const t0 = performance.now();
  const child = spawn(process.execPath, [hostEntry, '--data-dir', dataDir, '--no-open', '--quiet', ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  try {
    const url = await readyUrl(child, () => err);
    const readyMs = performance.now() - t0;
    const { origin, hash } = new URL(url);
    const token = new URLSearchParams(hash.slice(1)).get('token') ?? '';
    const res = await fetch(`${origin}/api/app.info`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-yct-token': token },
      body: '{}',
    });
    const body = (await res.json()) as { ok?: boolean; value?: { setUp?: boolean } };
    const firstCallMs = performance.now() - t0;
    if (!body.ok) throw new Error(`app.info did not answer ok (HTTP ${res.status}): ${JSON.stringify(body)}`);
    return { ready_ms: round(readyMs, 1), first_call_ms: round(firstCallMs, 1), setUp: body.value?.setUp ?? null };
  } finally {
    // The host holds a per-data-dir lock until it exits: the next start must not race it.
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const code = await waitForExit(child);
    if (code !== 0 && code !== null) console.log(`    note: host exited with code ${code}${err ? `: ${err.trim()}` : ''}`);
  }
}

async function main(): Promise<void> {
  if (!existsSync(hostEntry)) {
    console.error(`host-start: ${hostEntry} is missing; run the build first (npm run bench without --no-build).`);
    process.exit(1);
  }
  console.log(`host-start benchmark${QUICK ? ' (BENCH_QUICK: fewer runs)' : ''}: spawn of dist/host/browser.js to first answered app.info`);
  const tmp = tempDir('yct-bench-host-');
  try {
    const cold = await timedStart(tmp.dir, ['--demo']);
    console.log(`\n  cold first start with --demo on an empty data dir: first call ${cold.first_call_ms} ms (READY after ${cold.ready_ms} ms), setUp=${cold.setUp}`);

    const runs: StartFigures[] = [];
    for (let i = 0; i < RUNS; i++) runs.push(await timedStart(tmp.dir, []));
    console.log(`\n  warm starts on the set-up data dir (${RUNS} runs): ${runs.map((r) => r.first_call_ms).join(', ')} ms`);
    const first = summarize(runs.map((r) => r.first_call_ms));
    const ready = summarize(runs.map((r) => r.ready_ms));
    printSummary('spawn → first app.info answer', first, `< ${TARGET_MS} ms`);
    printSummary('spawn → YCT_READY line', ready);
    console.log(`  ${''.padEnd(34)} min ${first.min_ms.toFixed(1)} ms (first call)`);

    emitResult({
      bench: 'host-start',
      quick: QUICK,
      runs: RUNS,
      first_call: { min_ms: first.min_ms, p50_ms: first.p50_ms, p95_ms: first.p95_ms, max_ms: first.max_ms, mean_ms: first.mean_ms },
      ready_line: { min_ms: ready.min_ms, p50_ms: ready.p50_ms, p95_ms: ready.p95_ms, max_ms: ready.max_ms },
      target_ms: TARGET_MS,
      cold_demo_first_start: cold,
    });
  } finally {
    tmp.cleanup();
  }
}

await main();
