// One build: the renderer with Vite, then main, preload, host, CLI and server with esbuild.
import { build as esbuild } from 'esbuild';
import { rmSync } from 'node:fs';
import { build as viteBuild } from 'vite';

const root = new URL('..', import.meta.url).pathname;
const only = process.argv.includes('--node-only') ? 'node' : null;

if (!only) {
  rmSync(`${root}dist`, { recursive: true, force: true });
  await viteBuild({ configFile: `${root}vite.config.ts`, logLevel: 'warn' });
}

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
  legalComments: 'none',
};

await Promise.all([
  // Node code bundles its dependencies (loading hundreds of small ESM files dominated start-up);
  // only native modules (better-sqlite3-multiple-ciphers, koffi, sharp; pg's optional pg-native) and Electron itself
  // stay external. CommonJS dependencies
  // bundled into ESM need a real `require` for Node built-ins.
  esbuild({
    ...common,
    format: 'esm',
    external: ['better-sqlite3-multiple-ciphers', 'koffi', 'sharp', 'pg-native', 'electron'],
    banner: { js: "import { createRequire as __yctCreateRequire } from 'node:module'; const require = __yctCreateRequire(import.meta.url);" },
    entryPoints: {
      'electron/main': 'electron/main.ts',
      'host/browser': 'electron/host/browser.ts',
      'host/cli': 'electron/host/cli.ts',
      'server/main': 'server/main.ts',
    },
    outdir: 'dist',
  }),
  // Sandboxed preloads cannot load modules: everything but `electron` is bundled, as CommonJS.
  esbuild({
    ...common,
    format: 'cjs',
    external: ['electron'],
    entryPoints: { 'electron/preload': 'electron/preload.ts', 'electron/applicant-preload': 'electron/shell/applicant-preload.ts' },
    outdir: 'dist',
    outExtension: { '.js': '.cjs' },
    minify: true,
  }),
]);
console.log('build: dist/ ready');
