import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openClientStore } from '../../db/index.js';
import { AppError } from '../../shared/errors.js';
import { checkChain } from '../services/chain-check.js';
import { createCentralClient } from '../services/sync/client.js';
import { TOKEN_SECRET } from '../services/sync/engine.js';
import { createHttpClient } from '../services/sync/http.js';
import { fileSecretStore } from '../services/sync/secret-store.js';
import { DB_FILE, openDataKeys } from './host.js';
import { fileKeyStore } from '../../db/keys.js';
import { acquireDataDirLock } from './instance-lock.js';
import { openConfSettings } from './settings.js';

// `npm run cli -- verify`: the audit chain check of a data directory whose host is not running.

export const VERIFY_USAGE = `  verify                   校验本机事件哈希链；已登记且中心可达时，同时请中心校验本机的事件链
                           （返回 0：完整；1：发现断链；2：用法错误、无法读取数据或中心不可达）`;

export const VERIFY_INTACT = 0;
export const VERIFY_BROKEN = 1;
export const VERIFY_INCOMPLETE = 2;

/** Runs the check and prints the result in Chinese; returns the exit code. */
export async function verifyCli(dataDir: string, out: (line: string) => void): Promise<number> {
  if (!existsSync(dataDir)) throw new AppError('INVALID_INPUT', `数据目录不存在：${dataDir}。请用 --data-dir 指定一窗通的数据目录。`);
  const release = acquireDataDirLock(dataDir);
  try {
    const settings = openConfSettings(dataDir);
    const deviceId = settings.read().deviceId;
    if (!deviceId) throw new AppError('NOT_SET_UP', '该数据目录尚未被一窗通使用过。');
    const { ring } = await openDataKeys(dataDir, fileKeyStore(dataDir));
    const store = await openClientStore(join(dataDir, DB_FILE), deviceId, { key: ring });
    const secrets = fileSecretStore(dataDir);
    const { centralUrl, centralCaFile } = settings.read();
    let http: ReturnType<typeof createHttpClient> | null = null;
    try {
      const enrolledHere = (await store.sync.getState('enrolment')) !== null;
      if (enrolledHere && !secrets.get(TOKEN_SECRET) && existsSync(join(dataDir, 'secrets.bin'))) {
        out('提示：本机的设备令牌由操作系统钥匙串保护，命令行读取不到，只校验本机事件链；中心的校验请在程序的“监督 → 事件链校验”中进行。');
      }
      const r = await checkChain({
        store,
        now: Date.now,
        client() {
          if (!centralUrl) return null;
          let ca: Buffer | undefined;
          if (centralCaFile) {
            try {
              ca = readFileSync(centralCaFile);
            } catch {
              throw new AppError('INVALID_INPUT', `无法读取中心证书颁发机构文件：${centralCaFile}。`);
            }
          }
          http = createHttpClient({ ca });
          return createCentralClient(centralUrl, http, () => secrets.get(TOKEN_SECRET));
        },
        enrolled: async () => enrolledHere && secrets.get(TOKEN_SECRET) !== null,
      });
      out(`本机：${r.local.message}`);
      out(`中心：${r.central.message}`);
      if (!r.intact) return VERIFY_BROKEN;
      // Asked but not answered: the central copy is unverified, which a script must not read as intact.
      if (r.central.state === 'skipped' && (r.central.reason === 'unreachable' || r.central.reason === 'refused')) return VERIFY_INCOMPLETE;
      return VERIFY_INTACT;
    } finally {
      (http as ReturnType<typeof createHttpClient> | null)?.close();
      await store.close();
    }
  } finally {
    release();
  }
}
