import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openClientStore } from '../../db/index.js';
import { AppError } from '../../shared/errors.js';
import { DB_FILE, prepareDataDir } from './host.js';
import { acquireDataDirLock } from './instance-lock.js';
import { defaultDataDir } from './paths.js';
import { openConfSettings } from './settings.js';

// Maintenance commands for the counter's data directory (the host must not be running).

const USAGE = `用法：npm run cli -- <命令> [--data-dir 目录]
命令：
  rebuild-projections   从事件日志重建全部投影表`;

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { 'data-dir': { type: 'string' } } });
  const command = positionals[0];
  if (command !== 'rebuild-projections') {
    process.stdout.write(USAGE + '\n');
    process.exit(command ? 2 : 0);
  }
  const dataDir = values['data-dir'] ?? defaultDataDir();
  prepareDataDir(dataDir);
  const release = acquireDataDirLock(dataDir);
  try {
    const deviceId = openConfSettings(dataDir).read().deviceId;
    if (!deviceId) throw new AppError('NOT_SET_UP', '该数据目录尚未被一窗通使用过。');
    const store = await openClientStore(join(dataDir, DB_FILE), deviceId);
    const t0 = performance.now();
    const r = await store.events.rebuildProjections();
    await store.close();
    process.stdout.write(`已重建投影：事件 ${r.events} 条，办件 ${r.cases} 件，用时 ${Math.round(performance.now() - t0)} ms\n`);
  } finally {
    release();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof AppError ? err.message : '命令执行失败：发生未预期的错误。'}\n`);
  process.exit(2);
});
