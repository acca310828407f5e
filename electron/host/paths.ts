import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Default data directory outside Electron; Electron uses app.getPath('userData'). */
export function defaultDataDir(): string {
  return process.env.YCT_DATA_DIR || join(process.env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'yichuangtong');
}

/** The built renderer, next to the bundled host in dist/. */
export function builtRendererDir(): string {
  return fileURLToPath(new URL('../renderer/', import.meta.url));
}
