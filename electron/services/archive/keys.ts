import { randomBytes } from 'node:crypto';
import { AppError } from '../../../shared/errors.js';
import type { SecretStore } from '../sync/secret-store.js';

// The hall's archive keys, kept with the device's other secrets (OS keychain in Electron, an
// owner-only file otherwise). Every key stays in the ring after a rotation so older packages
// still verify; the manifest names the key it was signed with.

export const ARCHIVE_KEYS_SECRET = 'archiveKeys';

interface Ring {
  current: string;
  keys: Record<string, string>;
}

export interface ArchiveKeyRing {
  /** The key new packages are signed with; made on first use. */
  current(): { keyId: string; key: Buffer };
  currentId(): string | null;
  get(keyId: string): Buffer | null;
  /** Starts a new key; the old ones keep verifying. */
  rotate(): string;
}

function read(secrets: SecretStore): Ring | null {
  const raw = secrets.get(ARCHIVE_KEYS_SECRET);
  if (!raw) return null;
  try {
    const ring = JSON.parse(raw) as Ring;
    return ring && typeof ring.current === 'string' && ring.keys && typeof ring.keys === 'object' ? ring : null;
  } catch {
    return null;
  }
}

export function archiveKeyRing(secrets: SecretStore, hallCode: () => string, now: () => number): ArchiveKeyRing {
  function add(ring: Ring | null): string {
    const day = new Date(now() + 8 * 3600_000).toISOString().slice(0, 10).replaceAll('-', '');
    const keyId = `${hallCode().replace(/[^A-Za-z0-9]/g, '') || 'HALL'}-${day}-${randomBytes(4).toString('hex')}`;
    const next: Ring = { current: keyId, keys: { ...(ring?.keys ?? {}), [keyId]: randomBytes(32).toString('base64') } };
    secrets.set(ARCHIVE_KEYS_SECRET, JSON.stringify(next));
    return keyId;
  }
  const get = (keyId: string): Buffer | null => {
    const b64 = read(secrets)?.keys[keyId];
    return b64 ? Buffer.from(b64, 'base64') : null;
  };
  return {
    current() {
      const ring = read(secrets);
      const keyId = ring?.keys[ring.current] ? ring.current : add(ring);
      const key = get(keyId);
      if (!key) throw new AppError('STORAGE_FAILED', '归档密钥无法保存到本机的密钥存储：请检查数据目录权限后重试。');
      return { keyId, key };
    },
    currentId: () => read(secrets)?.current ?? null,
    get,
    rotate: () => add(read(secrets)),
  };
}
