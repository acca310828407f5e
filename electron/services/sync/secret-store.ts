import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// Where the device token lives. Inside Electron the shell passes an implementation backed
// by safeStorage (OS keychain / DPAPI); browser mode and tests keep it in a file that only
// the owner can read.

export interface SecretStore {
  get(name: string): string | null;
  set(name: string, value: string): void;
  delete(name: string): void;
  /** Shown on the sync page: how the secret is protected. */
  readonly kind: 'os-keychain' | 'file';
}

export function fileSecretStore(dir: string): SecretStore {
  const file = join(dir, 'secrets.json');
  const read = (): Record<string, string> => {
    if (!existsSync(file)) return {};
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
    } catch {
      return {};
    }
  };
  const write = (data: Record<string, string>) => {
    mkdirSync(dir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(data), { mode: 0o600 });
    chmodSync(tmp, 0o600);
    renameSync(tmp, file);
  };
  return {
    kind: 'file',
    get: (name) => read()[name] ?? null,
    set(name, value) {
      write({ ...read(), [name]: value });
    },
    delete(name) {
      const data = read();
      delete data[name];
      if (Object.keys(data).length === 0) rmSync(file, { force: true });
      else write(data);
    },
  };
}
