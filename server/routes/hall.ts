import type { FastifyInstance } from 'fastify';
import type { HallDevicesResponse } from '../../shared/api/board.js';
import type { CentralContext } from '../app.js';
import { HttpError } from '../http-error.js';

// What a hall's supervision board asks of the central service: the hall's devices and when the
// service last heard from each. Asked with the device token of one of the hall's counters.

export async function hallRoutes(app: FastifyInstance, ctx: CentralContext): Promise<void> {
  app.get('/sync/hall-devices', { schema: { summary: '本大厅已登记的设备及中心最后一次收到其请求的时间（电子监察看板）', tags: ['设备'] } }, async (req) => {
    const me = await ctx.device(req);
    if (!me.hallCode) throw new HttpError(403, 'FORBIDDEN', '本令牌属于部门接口，不属于任何大厅，不能查看大厅设备。');
    // A hall has tens of devices: the whole list is small.
    const devices = (await ctx.central.devices.list()).filter((d) => d.hallCode === me.hallCode && d.revokedAt === null);
    const out: HallDevicesResponse = {
      now: new Date(ctx.now()).toISOString(),
      hallCode: me.hallCode,
      devices: devices.map((d) => ({ id: d.id, label: d.label, departments: d.departments, enrolledAt: d.enrolledAt, lastSeenAt: d.lastSeenAt })),
    };
    return out;
  });
}
