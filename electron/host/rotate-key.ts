import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { DataKeyStore } from '../../db/keys.js';
import { AppError } from '../../shared/errors.js';
import { BLOB_DIR } from '../services/blob-files.js';
import { rotateDataKey } from '../services/data-key.js';
import { DB_FILE, prepareDataDir } from './host.js';
import { acquireDataDirLock } from './instance-lock.js';

// `npm run cli -- rotate-key` (browser-mode key file) and `一窗通 --rotate-key` (the Electron build,
// whose key the OS keychain seals): a new data key for the database and every blob.

export const ROTATE_USAGE = `  rotate-key               更换本数据目录的数据密钥：数据库和全部附件用新密钥重新加密，完成后删除旧密钥
                           （中途中断可再次运行继续；桌面程序的数据目录请运行：一窗通 --rotate-key）`;

const PROGRESS_EVERY = 50;

export async function rotateKeyCommand(dataDir: string, keys: DataKeyStore, out: (line: string) => void): Promise<number> {
  if (!existsSync(join(dataDir, DB_FILE))) throw new AppError('NOT_SET_UP', `该数据目录尚未被一窗通使用过：${dataDir}。请用 --data-dir 指定一窗通的数据目录。`);
  prepareDataDir(dataDir);
  const release = acquireDataDirLock(dataDir);
  try {
    out(`正在更换数据密钥（数据目录：${dataDir}）…`);
    let r;
    try {
      r = await rotateDataKey({ dbFile: join(dataDir, DB_FILE), blobRoot: join(dataDir, BLOB_DIR) }, keys, (stage, done, total) => {
        if (stage === 'database' && done === 1) out('数据库已用新密钥加密。');
        if (stage === 'blobs' && (done % PROGRESS_EVERY === 0 || done === total)) out(`附件 ${done}/${total}`);
      });
    } catch (err) {
      if (err instanceof AppError) throw err;
      throw new AppError('STORAGE_FAILED', '更换数据密钥中途出错，已停止：数据仍可用原密钥或新密钥打开。请检查磁盘空间和权限后再次运行 rotate-key 继续。', {
        code: (err as { code?: string }).code ?? null,
      });
    }
    const { encrypted, rekeyed, kept } = r.blobs;
    out(
      `已更换数据密钥${r.resumed ? '（继续上次中断的更换）' : ''}：数据库${r.dbRekeyed ? '已重新加密' : '此前已使用新密钥'}，` +
        `附件 ${rekeyed + encrypted} 个重新加密${kept ? `（另有 ${kept} 个此前已使用新密钥）` : ''}，用时 ${(r.ms / 1000).toFixed(1)} 秒；旧密钥已删除。`,
    );
    return 0;
  } finally {
    release();
  }
}
