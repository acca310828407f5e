import { safeStorage } from 'electron';
import { fileSecretStore, type SecretStore } from '../services/sync/secret-store.js';

// The device token under the operating system's protection (DPAPI, Keychain, libsecret) when
// Electron offers it; otherwise the owner-only file that browser mode uses.

export function electronSecretStore(dataDir: string): SecretStore {
  if (!safeStorage.isEncryptionAvailable()) return fileSecretStore(dataDir);
  return fileSecretStore(dataDir, {
    kind: 'os-keychain',
    fileName: 'secrets.bin',
    seal: (json) => safeStorage.encryptString(json),
    open: (bytes) => safeStorage.decryptString(bytes),
  });
}
