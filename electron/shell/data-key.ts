import { safeStorage } from 'electron';
import { existsSync, rmSync } from 'node:fs';
import { fileKeyStore, keyFileOf, sealedKeyStore, type DataKeyStore } from '../../db/keys.js';

// The data key ring under the operating system's protection (DPAPI, Keychain, libsecret): a copy of
// the data directory on another machine or account cannot unseal it. Where Electron offers no such
// protection (Linux without a keyring, or only Electron's built-in "basic_text" one), the owner-only key
// file of browser mode beside the folder.

export function electronDataKeyStore(dataDir: string): DataKeyStore {
  const file = fileKeyStore(dataDir);
  if (!safeStorage.isEncryptionAvailable()) return file;
  // Linux without a keyring "seals" with a key built into Electron: no protection for a copied folder.
  if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') return file;
  const sealed = sealedKeyStore(dataDir, {
    seal: (text) => safeStorage.encryptString(text),
    open: (bytes) => safeStorage.decryptString(bytes),
  });
  // A ring kept in the key file while no keyring was available moves under the OS's protection.
  if (sealed.read() === null && existsSync(keyFileOf(dataDir))) {
    const state = file.read();
    if (state) {
      sealed.write(state);
      if (JSON.stringify(sealed.read()) === JSON.stringify(state)) rmSync(keyFileOf(dataDir), { force: true });
    }
  }
  return sealed;
}
