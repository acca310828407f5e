import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openClientStore } from '../../db/index.js';
import { AppError } from '../../shared/errors.js';
import { catalog } from '../../seeds/catalog/index.js';
import { createCatalogService } from '../services/catalog.js';
import { chromiumPdf } from './chromium.js';
import { DB_FILE, openDataKeys, prepareDataDir } from './host.js';
import { acquireDataDirLock } from './instance-lock.js';
import { defaultDataDir } from './paths.js';
import { openConfSettings } from './settings.js';
import { archiveCli, ARCHIVE_USAGE } from '../services/archive/cli.js';
import { verifyCli, VERIFY_USAGE } from './verify.js';
import { rotateKeyCommand, ROTATE_USAGE } from './rotate-key.js';
import { fileKeyStore } from '../../db/keys.js';

// Maintenance commands for the counter's data directory (the host must not be running).

const USAGE = `用法：npm run cli -- <命令> [--data-dir 目录]
命令：
  rebuild-projections      从事件日志重建全部投影表
  import-catalog <文件>    导入 JSON 格式的服务目录，作为新的目录版本
${ARCHIVE_USAGE}
${VERIFY_USAGE}
${ROTATE_USAGE}`;

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { 'data-dir': { type: 'string' }, from: { type: 'string' }, to: { type: 'string' } } });
  const command = positionals[0];
  if (command === 'archive') process.exit(await archiveCli(positionals.slice(1), { dataDir: values['data-dir'] ?? defaultDataDir(), from: values.from, to: values.to }));
  if (command === 'verify') process.exit(await verifyCli(values['data-dir'] ?? defaultDataDir(), (line) => process.stdout.write(line + '\n')));
  if (command === 'rotate-key') {
    const dir = values['data-dir'] ?? defaultDataDir();
    process.exit(await rotateKeyCommand(dir, fileKeyStore(dir), (line) => process.stdout.write(line + '\n')));
  }
  if (command !== 'rebuild-projections' && command !== 'import-catalog') {
    process.stdout.write(USAGE + '\n');
    process.exit(command ? 2 : 0);
  }
  const dataDir = values['data-dir'] ?? defaultDataDir();
  prepareDataDir(dataDir);
  const release = acquireDataDirLock(dataDir);
  try {
    const settings = openConfSettings(dataDir);
    const deviceId = settings.read().deviceId;
    if (!deviceId) throw new AppError('NOT_SET_UP', '该数据目录尚未被一窗通使用过。');
    const { ring } = await openDataKeys(dataDir, fileKeyStore(dataDir));
    const store = await openClientStore(join(dataDir, DB_FILE), deviceId, { key: ring });
    try {
      if (command === 'import-catalog') {
        const file = positionals[1];
        if (!file) throw new AppError('INVALID_INPUT', '请给出要导入的目录文件路径。');
        let text: string;
        try {
          text = readFileSync(file, 'utf8');
        } catch {
          throw new AppError('INVALID_INPUT', `无法读取文件：${file}`);
        }
        const service = createCatalogService({ store, settings, now: Date.now }, catalog, chromiumPdf);
        try {
          const { version } = await service.importFile(null, text);
          process.stdout.write(`已导入服务目录，版本 ${version}\n`);
        } catch (err) {
          const errors = (err as AppError).details?.errors as string[] | undefined;
          if (errors && errors.length > 1) process.stderr.write(errors.join('\n') + '\n');
          throw err;
        }
        return;
      }
      const t0 = performance.now();
      const r = await store.events.rebuildProjections();
      process.stdout.write(`已重建投影：事件 ${r.events} 条，办件 ${r.cases} 件，用时 ${Math.round(performance.now() - t0)} ms\n`);
    } finally {
      await store.close();
    }
  } finally {
    release();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof AppError ? err.message : '命令执行失败：发生未预期的错误。'}\n`);
  process.exit(2);
});
