// Runs the benchmarks in bench/: build the project, bundle each benchmark, run them one
// after another, and end with one combined JSON line. Measurement only: no pass/fail.
//
//   npm run bench                      build, then every benchmark
//   npm run bench -- append            only benchmarks whose name contains "append"
//   npm run bench -- --no-build host   reuse dist/ as it is
//   BENCH_QUICK=1 npm run bench        reduced sizes, for a smoke run
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const skipBuild = args.includes('--no-build');
const filters = args.filter((a) => !a.startsWith('--'));

const names = readdirSync(`${root}bench`)
  .filter((f) => f.endsWith('.ts') && f !== 'lib.ts')
  .map((f) => f.slice(0, -'.ts'.length))
  .filter((n) => filters.length === 0 || filters.some((f) => n.includes(f)))
  .sort();
if (names.length === 0) {
  console.error(`bench: no benchmark matches ${filters.join(', ')}`);
  process.exit(1);
}

if (!skipBuild) {
  // The benchmarks measure the shipped artefacts (host bundle, renderer assets), so build them first.
  const status = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' }).status;
  if (status !== 0) {
    console.error('bench: the build failed; no benchmark was run.');
    process.exit(1);
  }
}

// Built after the project build, which empties dist/.
await build({
  absWorkingDir: root,
  entryPoints: Object.fromEntries(names.map((n) => [n, `bench/${n}.ts`])),
  outdir: 'dist/bench',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  // 20.19: keeps the `with { type: 'json' }` attribute of external JSON imports (chinese-days).
  target: 'node20.19',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
});

/** Runs one bundled benchmark with its output shown live; resolves with its last JSON line. */
function run(name) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--enable-source-maps', `dist/bench/${name}.mjs`], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: process.env,
    });
    let out = '';
    child.stdout.on('data', (d) => {
      process.stdout.write(d);
      out += d.toString();
    });
    child.on('close', (code, signal) => {
      const last = out
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l.startsWith('{'))
        .reverse()
        .map((l) => {
          try {
            return JSON.parse(l);
          } catch {
            return null;
          }
        })
        .find((j) => j !== null && typeof j === 'object');
      resolve({ code, signal, result: last ?? null });
    });
  });
}

const results = {};
let failed = 0;
for (const name of names) {
  console.log(`\n=== bench: ${name} ===`);
  const t0 = Date.now();
  const { code, signal, result } = await run(name);
  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  if (code === 0 && result) {
    results[name] = result;
    console.log(`=== ${name} done in ${seconds} s ===`);
  } else {
    failed++;
    results[name] = { error: signal ? `killed by ${signal}` : code !== 0 ? `exit code ${code}` : 'no JSON result line' };
    console.log(`=== ${name} FAILED (${results[name].error}) after ${seconds} s ===`);
  }
}

console.log('');
console.log(JSON.stringify({ bench: 'all', quick: process.env.BENCH_QUICK === '1', results }));
process.exit(failed === 0 ? 0 : 1);
