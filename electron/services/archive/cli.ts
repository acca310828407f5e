import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openClientStore } from '../../../db/index.js';
import { catalog } from '../../../seeds/catalog/index.js';
import { AppError } from '../../../shared/errors.js';
import { chromiumPdf } from '../../host/chromium.js';
import { DB_FILE, openDataKeys, prepareDataDir, VERSION } from '../../host/host.js';
import { fileKeyStore } from '../../../db/keys.js';
import { acquireDataDirLock } from '../../host/instance-lock.js';
import { createServices } from '../../host/services.js';
import { openConfSettings } from '../../host/settings.js';
import { fileSecretStore } from '../sync/secret-store.js';
import { archiveKeyRing } from './keys.js';
import { verifyPackage } from './package.js';

// `npm run cli -- archive …`: verify a package anywhere (exit 0 when it passes, 1 when not), or
// export a date range from a data directory whose host is not running.

export const ARCHIVE_USAGE = `  archive verify <归档包文件夹>            校验归档包的签名与全部文件（通过返回 0，未通过返回 1）
  archive export --from 日期 --to 日期     为已办结办件补齐归档包，并导出该期间的归档包`;

export async function archiveCli(args: readonly string[], opts: { dataDir: string; from?: string; to?: string }): Promise<number> {
  const [sub, target] = args;
  if (sub === 'verify') {
    if (!target) throw new AppError('INVALID_INPUT', '请给出要校验的归档包文件夹路径，如：npm run cli -- archive verify /mnt/archive/HLJ232701-20261123-K7QF-0001');
    // Read-only: the keys are read where the host keeps them; no lock, the host may be running.
    const secrets = fileSecretStore(opts.dataDir);
    const keys = archiveKeyRing(secrets, () => '', Date.now);
    if (!keys.currentId() && existsSync(join(opts.dataDir, 'secrets.bin'))) {
      process.stderr.write('提示：本机的归档密钥由操作系统钥匙串保护，命令行读取不到；请在程序的“归档”页校验，签名以外的文件核对结果仍列在下面。\n');
    }
    const r = await verifyPackage(resolve(target), keys.get);
    for (const p of r.problems) process.stdout.write(`✗ ${p.message}\n`);
    process.stdout.write(`${r.summary}（清单文件 ${r.checkedFiles} 个，签名：${{ valid: '有效', invalid: '无效', unknown_key: '密钥未知', missing: '缺失' }[r.signature]}）\n`);
    return r.ok ? 0 : 1;
  }
  if (sub === 'export') {
    const day = /^\d{4}-\d{2}-\d{2}$/;
    if (!opts.from || !opts.to || !day.test(opts.from) || !day.test(opts.to) || opts.from > opts.to) {
      throw new AppError('INVALID_INPUT', '请用 --from 和 --to 给出导出期间（年-月-日，开始不晚于结束），如：--from 2026-11-01 --to 2026-11-30');
    }
    prepareDataDir(opts.dataDir);
    const release = acquireDataDirLock(opts.dataDir);
    try {
      const settings = openConfSettings(opts.dataDir);
      const deviceId = settings.read().deviceId;
      if (!deviceId) throw new AppError('NOT_SET_UP', '该数据目录尚未被一窗通使用过。');
      const { ring } = await openDataKeys(opts.dataDir, fileKeyStore(opts.dataDir));
      const store = await openClientStore(join(opts.dataDir, DB_FILE), deviceId, { key: ring });
      try {
        const services = createServices({ store, settings, now: Date.now, shell: 'browser', version: VERSION, catalog, renderPdf: chromiumPdf, dataDir: opts.dataDir, dataKeys: ring });
        const r = await services.archive.export({ from: opts.from, to: opts.to });
        process.stdout.write(`已导出 ${r.packages} 个归档包（本次新生成 ${r.built} 个）到：${r.location}\n`);
        for (const d of r.damaged) process.stdout.write(`✗ 未导出（校验未通过）${d.caseNumber}：${d.summary}\n`);
        for (const f of r.failed) process.stdout.write(`✗ 未能生成归档包 ${f.caseNumber}：${f.message}\n`);
        return r.damaged.length + r.failed.length > 0 ? 1 : 0;
      } finally {
        await store.close();
      }
    } finally {
      release();
    }
  }
  process.stdout.write(`用法：npm run cli -- <命令> [--data-dir 目录]\n${ARCHIVE_USAGE}\n`);
  return 2;
}
