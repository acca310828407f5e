import { mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openCentralDb } from '../db/central.js';
import { buildCentralApp } from './app.js';
import { publishRelease, PublishError } from './releases.js';

// The central service's entry: `npm run server` keeps a SQLite file under the data
// directory; DATABASE_URL switches to PostgreSQL. TLS when certificate files are given.

const { values, positionals } = parseArgs({
  // `publish-release <dir>` is the one command; without it the service starts.
  allowPositionals: true,
  options: {
    'data-dir': { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string' },
    'tls-cert': { type: 'string' },
    'tls-key': { type: 'string' },
    'release-dir': { type: 'string' },
  },
});

function fail(message: string): never {
  process.stderr.write(`中心服务无法启动：${message}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  const dataDir = resolve(values['data-dir'] ?? process.env.YCT_CENTRAL_DATA_DIR ?? join(homedir(), '.yct-central'));
  const port = Number(values.port ?? process.env.PORT ?? 8700);
  const host = values.host ?? process.env.HOST ?? '127.0.0.1';
  const releaseDir = resolve(values['release-dir'] ?? process.env.YCT_RELEASE_DIR ?? join(dataDir, 'releases'));
  if (positionals[0] === 'publish-release') return publish(positionals[1], releaseDir);
  if (positionals.length > 0) fail(`未知的命令：${positionals[0]}。可用命令：publish-release <发布目录>。`);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`端口号无效：${values.port ?? process.env.PORT}`);
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch {
    fail(`数据目录无法创建：${dataDir}。请检查路径与权限。`);
  }
  const certFile = values['tls-cert'] ?? process.env.YCT_TLS_CERT;
  const keyFile = values['tls-key'] ?? process.env.YCT_TLS_KEY;
  if (!!certFile !== !!keyFile) fail('启用 HTTPS 需要同时提供证书文件（--tls-cert）和私钥文件（--tls-key）。');
  let https: { cert: Buffer; key: Buffer } | undefined;
  if (certFile && keyFile) {
    try {
      https = { cert: readFileSync(certFile), key: readFileSync(keyFile) };
    } catch {
      fail(`无法读取证书或私钥文件：${certFile}、${keyFile}。`);
    }
  }

  const databaseUrl = process.env.DATABASE_URL;
  const central = await openCentralDb(databaseUrl ? { postgresUrl: databaseUrl } : { sqliteFile: join(dataDir, 'central.sqlite') }).catch((err: unknown) =>
    fail(databaseUrl ? `无法连接或迁移 PostgreSQL 数据库（${(err as Error).message}）。请检查 DATABASE_URL。` : `无法打开数据库文件（${(err as Error).message}）。`),
  );
  const { generated } = await central.devices.ensureAdminToken(process.env.YCT_ADMIN_TOKEN || undefined);
  if (generated) {
    // Printed once, on the first start only; only its digest is stored.
    process.stdout.write(`中心管理员令牌（只显示这一次，请妥善保存）：${generated}\n`);
  }
  const app = await buildCentralApp({ central, blobDir: join(dataDir, 'blobs'), releaseDir, https });
  const address = await app.listen({ port, host });
  process.stdout.write(`YCT_CENTRAL_READY ${address} ${central.dialect}\n`);

  const shutdown = async () => {
    await app.close();
    await central.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
}

/** Copies a release built by electron-builder into the release area, after checking every file's SHA-512. */
async function publish(srcDir: string | undefined, releaseDir: string): Promise<void> {
  if (!srcDir) {
    process.stderr.write('用法：npm run server -- publish-release <electron-builder 输出目录> [--release-dir <中心发布目录>]\n');
    process.exit(2);
  }
  try {
    const done = await publishRelease(resolve(srcDir), releaseDir);
    for (const c of done) process.stdout.write(`已发布 ${c.channel}：版本 ${c.version}（${c.files.join('、')}）\n`);
    process.stdout.write(`发布目录：${releaseDir}。各窗口在下次检查更新时（启动时及每 4 小时）会下载新版本。\n`);
  } catch (err) {
    if (err instanceof PublishError) {
      process.stderr.write(`发布失败：${err.message}\n`);
      process.exit(3);
    }
    const code = (err as NodeJS.ErrnoException).code;
    process.stderr.write(`发布失败：无法写入中心发布目录 ${releaseDir}${code ? `（${code}）` : ''}。请检查磁盘空间与权限。\n`);
    process.exit(3);
  }
}

main().catch((err: unknown) => fail(`发生未预期的错误（${(err as Error)?.name ?? 'Error'}）。`));
