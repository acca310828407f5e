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

/** How the secrets file is sealed: plain JSON here, the OS keychain's encryption in Electron. */
export interface SecretSeal {
  kind: SecretStore['kind'];
  fileName: string;
  seal(json: string): Buffer | string;
  open(bytes: Buffer): string;
}

const PLAIN: SecretSeal = { kind: 'file', fileName: 'secrets.json', seal: (json) => json, open: (bytes) => bytes.toString('utf8') };

export function fileSecretStore(dir: string, sealing: SecretSeal = PLAIN): SecretStore {
  const file = join(dir, sealing.fileName);
  const read = (): Record<string, string> => {
    if (!existsSync(file)) return {};
    try {
      return JSON.parse(sealing.open(readFileSync(file))) as Record<string, string>;
    } catch {
      // Damaged, or sealed under another OS account: the device enrols again.
      return {};
    }
  };
  const write = (data: Record<string, string>) => {
    mkdirSync(dir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, sealing.seal(JSON.stringify(data)), { mode: 0o600 });
    chmodSync(tmp, 0o600);
    renameSync(tmp, file);
  };
  return {
    kind: sealing.kind,
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
