// The one test command: typecheck, lint, build, then the unit + integration suites (Vitest),
// the e2e suite (Playwright) and the scan of its logs, ending with one summary line.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;
const run = (cmd, args, env = {}) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } }).status;

const steps = [];
function step(name, fn) {
  const t0 = Date.now();
  const status = fn();
  steps.push({ name, ok: status === 0, s: ((Date.now() - t0) / 1000).toFixed(1) });
  return status === 0;
}

const npx = (bin, args) => run(process.execPath, [`${root}node_modules/${bin}`, ...args]);

step('typecheck', () => npx('typescript/bin/tsc', ['-p', 'tsconfig.node.json']) || npx('typescript/bin/tsc', ['-p', 'tsconfig.renderer.json']));
step('lint', () => npx('eslint/bin/eslint.js', ['.']));
const built = step('build', () => run(process.execPath, ['scripts/build.mjs']));

let passed = 0;
let failed = 0;
let skipped = 0;

/** Runs Vitest with a JSON report and adds its counts; a missing report counts as a failure. */
function vitest(name, args, json) {
  step(name, () => npx('vitest/vitest.mjs', ['run', ...args, '--reporter=default', '--reporter=json', `--outputFile.json=${json}`]));
  if (!existsSync(json)) return void (failed += 1);
  const r = JSON.parse(readFileSync(json, 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  skipped += r.numPendingTests + r.numTodoTests;
}

rmSync(`${root}test-results`, { recursive: true, force: true });
vitest('unit+integration', [], `${root}test-results/vitest.json`);

if (built) {
  step('e2e', () => npx('@playwright/test/cli.js', ['test']));
  const e2eJson = `${root}test-results/e2e.json`;
  if (existsSync(e2eJson)) {
    const s = JSON.parse(readFileSync(e2eJson, 'utf8')).stats;
    passed += s.expected;
    failed += s.unexpected + s.flaky;
    skipped += s.skipped;
  } else failed += 1;
  // The logs that run left behind must hold no personal data of the fixtures' people.
  vitest('log scan', ['--config', 'tests/logs/vitest.config.ts'], `${root}test-results/logs.json`);
} else failed += 1;

const stepFailures = steps.filter((s) => !s.ok);
console.log('\n' + steps.map((s) => `${s.ok ? 'ok  ' : 'FAIL'} ${s.name} (${s.s}s)`).join('\n'));
// A failed typecheck, lint or build counts as a failure even if every test passed.
failed += stepFailures.filter((s) => ['typecheck', 'lint', 'build'].includes(s.name)).length;
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed === 0 && stepFailures.length === 0 ? 0 : 1);
