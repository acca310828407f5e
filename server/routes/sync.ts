import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { DEFAULT_PULL_LIMIT, enrolRequestSchema, MAX_PULL_LIMIT, pushRequestSchema, type EnrolResponse } from '../../shared/sync.js';
import { CHAIN_PROBLEM_LABELS, type DeviceChainResponse } from '../../shared/api/chain.js';
import { parse, scopeOf, type CentralContext } from '../app.js';
import { HttpError } from '../http-error.js';

const pullQuery = z.object({
  after: z.string().regex(/^\d{1,18}$/).default('0'),
  limit: z.coerce.number().int().min(1).max(MAX_PULL_LIMIT).default(DEFAULT_PULL_LIMIT),
});

const ENROL_REFUSALS = {
  unknown: '启用码不正确。请核对后重新输入（不区分大小写，短横线可省略）。',
  expired: '启用码已过期（有效期 24 小时）。请向大厅管理员索取新的启用码。',
  used: '启用码已被使用过，每个启用码只能用一次。请向大厅管理员索取新的启用码。',
} as const;

export async function syncRoutes(app: FastifyInstance, ctx: CentralContext): Promise<void> {
  app.post('/enrol', { schema: { summary: '用一次性启用码登记设备，返回设备令牌', tags: ['设备'], security: [], body: z.toJSONSchema(enrolRequestSchema, { target: 'openapi-3.0', io: 'input' }) } }, async (req) => {
    const body = parse(enrolRequestSchema, req.body, '登记请求');
    const r = await ctx.central.devices.enrol(body.code, body.deviceId, body.label);
    if (!r.ok) throw new HttpError(r.reason === 'unknown' ? 404 : 410, 'ENROLMENT_REFUSED', ENROL_REFUSALS[r.reason], { reason: r.reason });
    const out: EnrolResponse = { deviceId: r.device.id, deviceToken: r.token, hallCode: r.device.hallCode, departments: r.device.departments };
    return out;
  });

  app.post(
    '/sync/push',
    { schema: { summary: '推送一批事件（≤500 条且 ≤1 MiB），按事件编号幂等', tags: ['同步'], body: z.toJSONSchema(pushRequestSchema, { target: 'openapi-3.0', io: 'input' }) } },
    async (req) => {
      const device = await ctx.device(req);
      const body = parse(pushRequestSchema, req.body, '推送批次');
      const t0 = performance.now();
      const acks = await ctx.central.sync.ingest(scopeOf(device), body.events, body.after);
      ctx.metrics.pushes.count++;
      ctx.metrics.pushes.totalMs += performance.now() - t0;
      ctx.metrics.accepted(acks.filter((a) => a.status === 'accepted').length);
      return { acks };
    },
  );

  app.get(
    '/sync/pull',
    { schema: { summary: '拉取本机可见的事件（本大厅的办件、本部门的事项），按游标分页', tags: ['同步'], querystring: z.toJSONSchema(pullQuery, { target: 'openapi-3.0', io: 'input' }) } },
    async (req) => {
      const device = await ctx.device(req);
      const q = parse(pullQuery, req.query, '拉取参数');
      const r = await ctx.central.sync.pull(scopeOf(device), Number(q.after), q.limit);
      if (!r.more) await ctx.central.devices.touch(device.id, r.cursor);
      return { events: r.events, cursor: String(r.cursor), more: r.more };
    },
  );

  app.get('/sync/rejections', { schema: { summary: '本机被拒收的事件', tags: ['同步'] } }, async (req) => {
    const device = await ctx.device(req);
    return { rejections: await ctx.central.sync.rejections({ deviceId: device.id }) };
  });

  app.get('/sync/verify-chain', { schema: { summary: '校验中心保存的本机事件哈希链，报告第一处断链', tags: ['同步'] } }, async (req) => {
    const device = await ctx.device(req);
    const r = await ctx.central.sync.verifyChains(device.id);
    const b = r.firstBroken;
    const out: DeviceChainResponse = {
      deviceId: device.id,
      checked: r.checked,
      firstBroken: b && { eventId: b.eventId, serverSeq: b.serverSeq, problem: b.problem },
      message: b
        ? `中心保存的本机事件链在事件 ${b.eventId}（中心序号 ${b.serverSeq}）处断开：${CHAIN_PROBLEM_LABELS[b.problem]}。`
        : `中心保存的本机 ${r.checked} 个事件已校验，事件链完整。`,
    };
    return out;
  });

  app.get('/sync/whoami', { schema: { summary: '本机的登记信息（也用作带令牌的连通性探测）', tags: ['设备'] } }, async (req) => {
    const d = await ctx.device(req);
    return { deviceId: d.id, hallCode: d.hallCode, departments: d.departments };
  });

  app.get<{ Params: { kind: string } }>(
    '/publications/:kind/latest',
    { schema: { summary: '已发布的最新事项目录（catalog）或工作日历（calendar）', tags: ['发布'] } },
    async (req, reply) => {
      await ctx.device(req);
      const kind = parse(z.enum(['catalog', 'calendar']), req.params.kind, '发布类型');
      const p = await ctx.central.publications.latest(kind);
      if (!p) return reply.status(204).send();
      return p;
    },
  );
}
