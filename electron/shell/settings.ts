import Store from 'electron-store';
import type { SettingsStore } from '../../shared/settings.js';
import { AppError } from '../../shared/errors.js';
import { SETTINGS_NAME, settingsStoreFrom } from '../host/settings.js';

/** Electron: the same settings file and schema as browser mode, through electron-store. */
export function openElectronSettings(dataDir: string): SettingsStore {
  let store: Store<Record<string, unknown>>;
  try {
    store = new Store({ cwd: dataDir, name: SETTINGS_NAME, clearInvalidConfig: false });
  } catch {
    throw new AppError('STORAGE_FAILED', `设置文件已损坏，无法读取（${dataDir}/${SETTINGS_NAME}.json）。程序未做任何改动，请联系管理员修正或恢复该文件后再启动。`);
  }
  return settingsStoreFrom(store, store.path);
}
