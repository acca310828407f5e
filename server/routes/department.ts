import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { pushRequestSchema } from '../../shared/sync.js';
import { parse, scopeOf, type CentralContext } from '../app.js';
import { HttpError } from '../http-error.js';

// The department API: a department's own system lists its sub-applications and acts on
// them with the same events and the same rules as a department's counter device. Its token
// is a device token enrolled for the department (hallCode null).

const listQuery = z.object({ departmentId: z.string().min(1).max(64), limit: z.coerce.number().int().min(1).max(1000).default(200) });

export async function departmentRoutes(app: FastifyInstance, ctx: CentralContext): Promise<void> {
  const tags = ['部门接口'];

  app.get(
    '/dept/cases',
    { schema: { summary: '本部门参与的办件及本部门事项的状态', tags, querystring: z.toJSONSchema(listQuery, { target: 'openapi-3.0', io: 'input' }) } },
    async (req) => {
      const device = await ctx.device(req);
      const q = parse(listQuery, req.query, '查询参数');
      if (!device.departments.includes(q.departmentId)) throw new HttpError(403, 'FORBIDDEN', '本令牌未绑定该部门。');
      return { cases: await ctx.central.sync.departmentCases(q.departmentId, q.limit) };
    },
  );

  app.get<{ Params: { caseId: string } }>('/dept/cases/:caseId/events', { schema: { summary: '一件办件的全部事件（按中心顺序）', tags } }, async (req) => {
    const device = await ctx.device(req);
    if (!(await ctx.central.sync.canSeeCase(scopeOf(device), req.params.caseId))) throw new HttpError(404, 'NOT_FOUND', '没有该办件，或本部门无权查看。');
    return { events: await ctx.central.sync.caseEvents(req.params.caseId) };
  });

  app.post(
    '/dept/events',
    {
      schema: {
        summary: '提交本部门的事项事件（与设备推送同一规则：事件哈希、状态机、部门归属）',
        description: '事件的 hash 为 SHA-256(JSON.stringify([prevHash, id, caseId, type, JSON.stringify(payload), actorId, deviceId, hlc, createdAt]))，deviceId 为本令牌的设备编号。',
        tags,
        body: z.toJSONSchema(pushRequestSchema, { target: 'openapi-3.0', io: 'input' }),
      },
    },
    async (req) => {
      const device = await ctx.device(req);
      const body = parse(pushRequestSchema, req.body, '事件批次');
      const acks = await ctx.central.sync.ingest(scopeOf(device), body.events, body.after);
      ctx.metrics.accepted(acks.filter((a) => a.status === 'accepted').length);
      return { acks };
    },
  );
}
