import { openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../shared/errors.js';

// One host per data directory: two writers would fork the device's hash chain.

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as { code?: string }).code === 'EPERM';
  }
}

export function acquireDataDirLock(dataDir: string): () => void {
  const file = join(dataDir, 'host.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (err) {
      if ((err as { code?: string }).code !== 'EEXIST') throw err;
      const pid = Number(readFileSync(file, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) {
        throw new AppError('CONFLICT', `该数据目录正由另一个一窗通程序使用（进程 ${pid}）。请切换到已打开的窗口，或先关闭它。`);
      }
      rmSync(file, { force: true }); // stale lock of a crashed host
    }
  }
  throw new AppError('CONFLICT', '无法锁定数据目录，请重新启动程序。');
}
