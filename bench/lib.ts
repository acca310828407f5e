import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Helpers shared by the benchmarks. Benchmarks measure and print; they never assert.

/** BENCH_QUICK=1 shrinks every benchmark to a smoke run. */
export const QUICK = process.env.BENCH_QUICK === '1';

/**
 * The repository root. Benchmarks run bundled from dist/bench/, so the path is
 * found by walking up to package.json rather than fixed relative to this file.
 */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'node_modules'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

export function tempDir(prefix: string): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return {
    dir,
    cleanup: () => {
      rmSync(dir, { recursive: true, force: true });
      // Browser mode's data key file sits beside the data directory (db/keys.ts keyFileOf).
      rmSync(`${dir}.key`, { force: true });
    },
  };
}

/** Linear interpolation between closest ranks, so p95 of few samples is not just the max. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (rank - lo);
}

export interface Summary {
  n: number;
  min_ms: number;
  p50_ms: number;
  p95_ms: number;
  p99_ms: number;
  max_ms: number;
  mean_ms: number;
}

export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const sum = sorted.reduce((a, b) => a + b, 0);
  return {
    n: sorted.length,
    min_ms: round(sorted[0] ?? NaN),
    p50_ms: round(percentile(sorted, 50)),
    p95_ms: round(percentile(sorted, 95)),
    p99_ms: round(percentile(sorted, 99)),
    max_ms: round(sorted[sorted.length - 1] ?? NaN),
    mean_ms: round(sum / sorted.length),
  };
}

export function round(x: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}

export function formatCount(n: number): string {
  return n >= 1_000_000 && n % 1_000_000 === 0 ? `${n / 1_000_000}M` : n >= 1000 && n % 1000 === 0 ? `${n / 1000}k` : String(n);
}

/** One human-readable line per statistic, aligned for side-by-side reading. */
export function printSummary(label: string, s: Summary, target?: string): void {
  const figures = `p50 ${s.p50_ms.toFixed(2)} ms  p95 ${s.p95_ms.toFixed(2)} ms  p99 ${s.p99_ms.toFixed(2)} ms  max ${s.max_ms.toFixed(2)} ms`;
  console.log(`  ${label.padEnd(34)} ${figures}${target ? `   (target: ${target})` : ''}`);
}

/** The runner picks up the last line of stdout that parses as JSON; it must be this one. */
export function emitResult(result: Record<string, unknown>): void {
  console.log(JSON.stringify(result));
}
