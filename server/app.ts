import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { CentralDb, DeviceRecord } from '../db/central.js';
import { BatchOutOfOrder } from '../db/stores/central-sync.js';
import type { DeviceScope } from '../shared/sync-rules.js';
import { MAX_BATCH_BYTES } from '../shared/sync.js';
import { createBlobFiles } from './blob-files.js';
import { isStorageFailure } from '../db/sqlite-dialect.js';
import { HttpError } from './http-error.js';
import { createMetrics, type Metrics } from './metrics.js';
import { adminRoutes } from './routes/admin.js';
import { blobRoutes } from './routes/blobs.js';
import { departmentRoutes } from './routes/department.js';
import { reportRoutes } from './routes/reports.js';
import { hallRoutes } from './routes/hall.js';
import { syncRoutes } from './routes/sync.js';
import { updateRoutes } from './routes/updates.js';
import { dirname, join } from 'node:path';

// The central service as a Fastify app. Stateless apart from the database and the blob
// directory, so several instances can share one PostgreSQL (and one blob volume).

export interface CentralAppOptions {
  central: CentralDb;
  /** Directory for blob files (shared storage when several instances run). */
  blobDir: string;
  /** Release area served read-only at /updates/ (offline updates); default: `releases` beside the blob directory. */
  releaseDir?: string;
  https?: { key: Buffer; cert: Buffer };
  now?: () => number;
  /** Fastify's own request log; off by default (it would name URLs, never bodies). */
  logger?: boolean;
}

export interface CentralContext {
  central: CentralDb;
  metrics: Metrics;
  now: () => number;
  device(req: FastifyRequest): Promise<DeviceRecord>;
  admin(req: FastifyRequest): Promise<void>;
}

export const scopeOf = (d: DeviceRecord): DeviceScope => ({ id: d.id, hallCode: d.hallCode, departments: d.departments });

/** Parses with zod; a failure is a 400 naming the fields. */
export function parse<T extends z.ZodType>(schema: T, value: unknown, what: string): z.output<T> {
  const r = schema.safeParse(value);
  if (!r.success) {
    const fields = r.error.issues.slice(0, 10).map((i) => i.path.join('.') || '(根)');
    throw new HttpError(400, 'INVALID_INPUT', `${what}格式错误：${fields.join('、')}。请检查后重发。`, { fields });
  }
  return r.data;
}

function bearer(req: FastifyRequest): string | null {
  const h = req.headers.authorization;
  if (typeof h !== 'string') return null;
  const m = /^Bearer\s+(\S+)$/i.exec(h);
  return m ? m[1]! : null;
}

export async function buildCentralApp(opts: CentralAppOptions): Promise<FastifyInstance> {
  const now = opts.now ?? Date.now;
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: MAX_BATCH_BYTES,
    // Refused before routing (bad percent-encoding, an over-long path parameter): the same
    // { code, message } in Chinese as every other error, not Fastify's English default.
    frameworkErrors: (err, _req, reply) =>
      (reply as FastifyReply).status(err.statusCode && err.statusCode < 500 ? err.statusCode : 400).send({ code: 'INVALID_INPUT', message: '请求地址格式错误（含无效的转义字符或参数过长），请检查后重发。', details: { fastify: err.code } }),
    ...(opts.https ? { https: opts.https } : {}),
  }) as unknown as FastifyInstance;

  // Route schemas document the API (OpenAPI); zod validates in the handlers.
  app.setValidatorCompiler(() => () => true);
  await app.register(swagger, {
    openapi: {
      info: {
        title: '一窗通 中心服务 API',
        version: '1',
        description: '设备同步（推送/拉取/附件）与部门接口。所有错误均返回 { code, message, details? }，message 为中文。',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  });

  const metrics = createMetrics(now);
  const seen = new Map<string, number>();
  const lookups = new Map<string, ReturnType<CentralDb['devices']['byToken']>>();
  const ctx: CentralContext = {
    central: opts.central,
    metrics,
    now,
    async device(req) {
      const token = bearer(req);
      if (!token) throw new HttpError(401, 'DEVICE_UNKNOWN', '未提供设备令牌。请在“同步”页用启用码登记本机。');
      // Pipelined pushes of one device look its token up at the same time: they share one
      // lookup, so they reach the ingest lock in the order they arrived.
      let lookup = lookups.get(token);
      if (!lookup) {
        lookup = opts.central.devices.byToken(token).finally(() => lookups.delete(token));
        lookups.set(token, lookup);
      }
      const d = await lookup;
      if (!d) throw new HttpError(401, 'DEVICE_UNKNOWN', '中心不认识本机的设备令牌。请向大厅管理员索取新的启用码重新登记。');
      if (d.revokedAt) throw new HttpError(403, 'DEVICE_REVOKED', '本机已被中心停用，不能再同步。请联系大厅管理员。');
      // Last-seen is for the metrics page: once a minute per device is plenty.
      const last = seen.get(d.id) ?? 0;
      if (now() - last > 60_000) {
        seen.set(d.id, now());
        await opts.central.devices.touch(d.id);
      }
      return d;
    },
    async admin(req) {
      const token = bearer(req);
      if (!token || !(await opts.central.devices.isAdminToken(token))) {
        throw new HttpError(401, 'ADMIN_REQUIRED', '需要中心管理员令牌。');
      }
    },
  };

  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, _req, reply: FastifyReply) => {
    if (err instanceof HttpError) return reply.status(err.status).send(err.body());
    if (err instanceof BatchOutOfOrder) {
      metrics.pushes.outOfOrder++;
      return reply.status(409).send({ code: 'BATCH_OUT_OF_ORDER', message: '上一批事件尚未处理完，本批未接收。设备会在上一批有回执后按顺序重发。' });
    }
    const status = err.statusCode ?? 500;
    if (status === 413) {
      return reply.status(413).send({ code: 'PAYLOAD_TOO_LARGE', message: `请求过大（上限 ${MAX_BATCH_BYTES} 字节），请分成更小的批次重发。` });
    }
    if (status === 415) return reply.status(415).send({ code: 'UNSUPPORTED_MEDIA_TYPE', message: '请求的内容类型不受支持。' });
    // The service's own disk (embedded SQLite, blob area) is full or read-only: nothing was stored,
    // and the device retries later as after any outage.
    if (isStorageFailure(err)) {
      process.stderr.write(`${JSON.stringify({ t: new Date().toISOString(), level: 'error', msg: 'central storage failed', code: err.code ?? null })}\n`);
      return reply.status(503).send({ code: 'STORAGE_FAILED', message: '中心服务的磁盘已满或不可写，本次请求未保存。设备会自动重试；请通知中心管理员处理磁盘。' });
    }
    if (status >= 400 && status < 500) {
      return reply.status(status).send({ code: 'INVALID_INPUT', message: '请求格式错误（不是有效的 JSON 或缺少内容），请检查后重发。', details: { fastify: err.code ?? null } });
    }
    process.stderr.write(`${JSON.stringify({ t: new Date().toISOString(), level: 'error', msg: 'central request failed', error: err.name, code: err.code ?? null })}\n`);
    return reply.status(500).send({ code: 'INTERNAL', message: '中心服务内部错误，本次请求未生效。请稍后重试。' });
  });
  app.setNotFoundHandler((_req, reply) => reply.status(404).send({ code: 'NOT_FOUND', message: '接口不存在。' }));

  app.get('/health', { schema: { summary: '存活探测', tags: ['运维'], security: [] } }, async () => ({
    ok: true,
    service: 'yct-central',
    database: opts.central.dialect,
  }));
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await syncRoutes(app, ctx);
  await blobRoutes(app, ctx, await createBlobFiles(opts.blobDir));
  await adminRoutes(app, ctx);
  await departmentRoutes(app, ctx);
  await reportRoutes(app, ctx);
  await hallRoutes(app, ctx);
  await updateRoutes(app, opts.releaseDir ?? join(dirname(opts.blobDir), 'releases'));
  return app;
}
