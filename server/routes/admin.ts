import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { issueCodeRequestSchema } from '../../shared/sync.js';
import { parse, type CentralContext } from '../app.js';
import { HttpError } from '../http-error.js';

const publishBody = z.object({ version: z.string().trim().min(1).max(40), body: z.unknown() });

export async function adminRoutes(app: FastifyInstance, ctx: CentralContext): Promise<void> {
  const tags = ['管理'];

  app.post('/admin/enrolment-codes', { schema: { summary: '签发一次性启用码（24 小时内有效，只能用一次）', tags, body: z.toJSONSchema(issueCodeRequestSchema, { target: 'openapi-3.0', io: 'input' }) } }, async (req) => {
    await ctx.admin(req);
    const body = parse(issueCodeRequestSchema, req.body, '启用码申请');
    return ctx.central.devices.issueCode(body);
  });

  app.get('/admin/devices', { schema: { summary: '已登记设备及最近联系时间', tags } }, async (req) => {
    await ctx.admin(req);
    return { devices: await ctx.central.devices.list() };
  });

  app.post<{ Params: { id: string } }>('/admin/devices/:id/revoke', { schema: { summary: '停用设备（其令牌立即失效）', tags } }, async (req) => {
    await ctx.admin(req);
    const d = await ctx.central.devices.byId(req.params.id);
    if (!d) throw new HttpError(404, 'NOT_FOUND', '没有该设备。');
    await ctx.central.devices.revoke(d.id);
    return { revoked: true };
  });

  app.get<{ Querystring: { deviceId?: string } }>('/admin/rejections', { schema: { summary: '被拒收的事件（供监督核查）', tags } }, async (req) => {
    await ctx.admin(req);
    return { rejections: await ctx.central.sync.rejections({ deviceId: req.query.deviceId }) };
  });

  app.get('/admin/verify-chains', { schema: { summary: '校验中心保存的各设备事件哈希链，报告第一处断链', tags } }, async (req) => {
    await ctx.admin(req);
    const r = await ctx.central.sync.verifyChains();
    const PROBLEMS = { hash: '事件内容与其校验值不符（保存后被改动）', link: '前一事件的校验值在本设备的事件中找不到（事件被删除或改动）', fork: '两个事件声称同一个前一事件（事件链分叉）' } as const;
    return {
      ...r,
      message: r.firstBroken
        ? `事件链在设备 ${r.firstBroken.deviceId} 的事件 ${r.firstBroken.eventId}（中心序号 ${r.firstBroken.serverSeq}）处断开：${PROBLEMS[r.firstBroken.problem]}。`
        : `已校验 ${r.devices} 台设备的 ${r.checked} 个事件，事件链完整。`,
    };
  });

  app.post<{ Params: { kind: string } }>(
    '/admin/publications/:kind',
    { schema: { summary: '发布新版事项目录（catalog）或工作日历（calendar）', tags } },
    async (req, reply) => {
      await ctx.admin(req);
      const kind = parse(z.enum(['catalog', 'calendar']), req.params.kind, '发布类型');
      const body = parse(publishBody, req.body, '发布内容');
      if (body.body === undefined) throw new HttpError(400, 'INVALID_INPUT', '发布内容为空。');
      const created = await ctx.central.publications.publish(kind, body.version, body.body);
      if (!created) throw new HttpError(409, 'CONFLICT', `版本 ${body.version} 已发布过；已发布的版本不能改写，请使用新的版本号。`);
      return reply.status(201).send({ kind, version: body.version });
    },
  );

  app.get('/metrics', { schema: { summary: '运行指标：事件速率、设备最近联系、各大厅同步滞后', tags: ['运维'] } }, async (req) => {
    await ctx.admin(req);
    const counts = await ctx.central.sync.counts();
    const lag = await ctx.central.sync.lagByDevice();
    const halls = new Map<string, { hallCode: string; devices: number; maxBehind: number; lastSeenAt: string | null }>();
    for (const d of lag) {
      const key = d.hallCode ?? '(部门)';
      const h = halls.get(key) ?? { hallCode: key, devices: 0, maxBehind: 0, lastSeenAt: null };
      h.devices++;
      h.maxBehind = Math.max(h.maxBehind, d.behind);
      if (d.lastSeenAt && (!h.lastSeenAt || d.lastSeenAt > h.lastSeenAt)) h.lastSeenAt = d.lastSeenAt;
      halls.set(key, h);
    }
    return {
      database: ctx.central.dialect,
      totals: counts,
      eventsPerSecond: ctx.metrics.eventsPerSecond(),
      pushes: { count: ctx.metrics.pushes.count, meanMs: ctx.metrics.pushes.count ? Math.round((ctx.metrics.pushes.totalMs / ctx.metrics.pushes.count) * 10) / 10 : 0, outOfOrder: ctx.metrics.pushes.outOfOrder },
      devices: lag.map((d) => ({ deviceId: d.deviceId, hallCode: d.hallCode, lastSeenAt: d.lastSeenAt, behind: d.behind })),
      halls: [...halls.values()],
    };
  });
}
