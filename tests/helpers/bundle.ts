import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Bundles an entry (path from the repository root) the way dist/host is bundled — native modules
 * external — privately inside node_modules so they resolve, never into dist/ (the build's).
 */
export async function bundlePrivately(entry: string, name: string): Promise<{ file: string; cleanup(): void }> {
  mkdirSync(join(root, 'node_modules', '.cache'), { recursive: true });
  const dir = mkdtempSync(join(root, 'node_modules', '.cache', `yct-${name}-`));
  const file = join(dir, `${name}.mjs`);
  await build({
    entryPoints: [join(root, entry)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['better-sqlite3-multiple-ciphers', 'koffi', 'sharp', 'pg-native', 'electron'],
    banner: { js: "import { createRequire as __yctCreateRequire } from 'node:module'; const require = __yctCreateRequire(import.meta.url);" },
    outfile: file,
    logLevel: 'error',
  });
  return { file, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
