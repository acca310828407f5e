import Conf from 'conf';
import { AppError } from '../../shared/errors.js';
import { settingsSchema, type Settings, type SettingsStore } from '../../shared/settings.js';

/** What electron-store and conf have in common: the whole settings object as `store`. */
export interface ConfLike {
  store: Record<string, unknown>;
}

export const SETTINGS_NAME = 'settings';

/** Adapts conf (browser mode) or electron-store (Electron) to the one settings schema. */
export function settingsStoreFrom(conf: ConfLike, path: string): SettingsStore {
  const parsed = settingsSchema.safeParse(conf.store);
  if (!parsed.success) {
    throw new AppError('STORAGE_FAILED', `设置文件内容无效（${path}）。程序未做任何改动，请联系管理员修正或恢复该文件后再启动。`, {
      issues: parsed.error.issues.map((i) => i.path.join('.')),
    });
  }
  let current: Settings = parsed.data;
  return {
    read: () => current,
    update(patch) {
      const next = settingsSchema.parse({ ...current, ...patch });
      conf.store = next as unknown as Record<string, unknown>;
      current = next;
      return next;
    },
  };
}

/** Browser mode: settings.json in the data directory through `conf`. */
export function openConfSettings(dataDir: string): SettingsStore {
  let conf: Conf<Record<string, unknown>>;
  try {
    conf = new Conf({ cwd: dataDir, configName: SETTINGS_NAME, projectName: 'yichuangtong', clearInvalidConfig: false });
  } catch {
    throw new AppError('STORAGE_FAILED', `设置文件已损坏，无法读取（${dataDir}/${SETTINGS_NAME}.json）。程序未做任何改动，请联系管理员修正或恢复该文件后再启动。`);
  }
  return settingsStoreFrom(conf, conf.path);
}
