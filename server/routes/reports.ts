import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ReportStore } from '../../db/central.js';
import { catalog as seedCatalog } from '../../seeds/catalog/index.js';
import { calendarData } from '../../seeds/calendar.js';
import { reportQuerySchema, type ReportQuery, type ReportResult } from '../../shared/api/reports.js';
import { calendarOverridesSchema, createCalendar, uncoveredYearsWarning, type Calendar } from '../../shared/calendar.js';
import { indexCatalog, type CatalogIndex } from '../../shared/catalog-builders.js';
import { catalogSchema } from '../../shared/catalog.js';
import { AppError } from '../../shared/errors.js';
import { chinaDateOf } from '../../shared/reports/facts.js';
import { periodRange } from '../../shared/reports/aggregate.js';
import { PERIOD_KINDS, REPORT_GROUPINGS } from '../../shared/reports/labels.js';
import { assembleReport, catalogLabeler } from '../../shared/reports/report.js';
import { reportFile } from '../../shared/reports/xlsx.js';
import { parse, type CentralContext } from '../app.js';
import { HttpError } from '../http-error.js';

// 监察报表 of the central service: the same facts, queries and file layout as the hall's client,
// over every hall's events. Facts catch up lazily when a report is asked for, never on the push
// path. Authorised by a central supervisor token, which the central admin issues.

const date = z.string().date();
export const reportQueryString = z.object({
  period: z.enum(PERIOD_KINDS).describe('day | week | month | year | range'),
  date: date.optional().describe('day / week：该日（周报取其所在的周一至周日）'),
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/).optional().describe('month：YYYY-MM'),
  year: z.coerce.number().int().min(2000).max(2100).optional().describe('year：YYYY'),
  from: date.optional().describe('range：开始日期（含）'),
  to: date.optional().describe('range：结束日期（含）'),
  groupBy: z.enum(REPORT_GROUPINGS),
  hallCode: z.string().trim().max(32).optional().describe('只看一个大厅（行政区划代码）；省略为全部大厅'),
  format: z.enum(['json', 'xlsx', 'csv']).default('json'),
});

const issueBody = z.object({ label: z.string().trim().min(1).max(60), hallCode: z.string().trim().max(32).nullable().default(null) });

function toReportQuery(q: z.output<typeof reportQueryString>): ReportQuery {
  const period =
    q.period === 'day' || q.period === 'week'
      ? { kind: q.period, date: q.date }
      : q.period === 'month'
        ? { kind: q.period, month: q.month }
        : q.period === 'year'
          ? { kind: q.period, year: q.year }
          : { kind: q.period, from: q.from, to: q.to };
  return parse(reportQuerySchema, { period, groupBy: q.groupBy, ...(q.hallCode ? { hallCode: q.hallCode } : {}) }, '报表参数');
}

function bearer(req: FastifyRequest): string | null {
  const m = /^Bearer\s+(\S+)$/i.exec(String(req.headers.authorization ?? ''));
  return m ? m[1]! : null;
}

export async function reportRoutes(app: FastifyInstance, ctx: CentralContext): Promise<void> {
  const catalogs = new Map<string, CatalogIndex | null>();
  async function catalogOf(version: string): Promise<CatalogIndex | null> {
    if (catalogs.has(version)) return catalogs.get(version)!;
    let ix: CatalogIndex | null = null;
    const pub = await ctx.central.publications.get('catalog', version);
    const parsed = pub ? catalogSchema.safeParse(pub.body) : null;
    if (parsed?.success) ix = indexCatalog(parsed.data);
    else if (version === seedCatalog.version) ix = indexCatalog(seedCatalog);
    catalogs.set(version, ix);
    return ix;
  }
  let cal: { version: string; cal: Calendar } | null = null;
  async function calendar(): Promise<Calendar> {
    const pub = await ctx.central.publications.latest('calendar');
    const version = pub?.version ?? '';
    if (cal?.version !== version) {
      const overrides = calendarOverridesSchema.safeParse((pub?.body as { overrides?: unknown } | null)?.overrides);
      cal = { version, cal: createCalendar({ ...calendarData(), overrides: overrides.success ? overrides.data : [] }) };
    }
    return cal.cal;
  }
  let store: ReportStore | null = null;
  let storeCalendar: Calendar | null = null;
  async function facts(): Promise<ReportStore> {
    const c = await calendar();
    if (!store || storeCalendar !== c) {
      storeCalendar = c;
      store = ctx.central.reports({ catalog: catalogOf, calendar: () => c });
    }
    return store;
  }

  async function supervisor(req: FastifyRequest): Promise<{ label: string; hallCode: string | null }> {
    const token = bearer(req);
    const s = token ? await ctx.central.devices.supervisorByToken(token) : undefined;
    if (!s) throw new HttpError(401, 'SUPERVISOR_REQUIRED', '需要中心监察令牌。请向中心管理员申领（POST /admin/supervisor-tokens）。');
    return s;
  }

  async function report(who: { label: string; hallCode: string | null }, q: ReportQuery): Promise<ReportResult> {
    if (who.hallCode !== null && q.hallCode !== undefined && q.hallCode !== who.hallCode) {
      throw new HttpError(403, 'FORBIDDEN', `本监察令牌只能查看大厅 ${who.hallCode} 的报表。`, { hallCode: q.hallCode });
    }
    const hallCode = who.hallCode ?? q.hallCode ?? null;
    let range: { from: string; to: string };
    try {
      range = periodRange(q.period);
    } catch (err) {
      if (err instanceof AppError) throw new HttpError(400, err.code, err.message, err.details);
      throw err;
    }
    const f = await facts();
    const caught = await f.catchUp();
    const nowMs = ctx.now();
    const rows = await f.query({ ...range, hallCode, groupBy: q.groupBy, today: chinaDateOf(new Date(nowMs).toISOString()) });
    const latest = await ctx.central.publications.latest('catalog');
    const latestParsed = latest ? catalogSchema.safeParse(latest.body) : null;
    const ix = latestParsed?.success ? indexCatalog(latestParsed.data) : await catalogOf(seedCatalog.version);
    const devices = q.groupBy === 'counter' ? new Map((await ctx.central.devices.list()).map((d) => [d.id, d.label])) : new Map<string, string>();
    const other = (k: string) => (q.groupBy === 'counter' ? (devices.get(k) ?? `设备 ${k.slice(0, 8)}`) : `工作人员 ${k.slice(0, 8)}`);
    return assembleReport(
      rows,
      {
        period: q.period,
        ...range,
        groupBy: q.groupBy,
        hallCode,
        hallName: hallCode,
        generatedAt: new Date(nowMs).toISOString(),
        generatedBy: `${who.label}（中心监察）`,
        asOf: caught.asOf,
        calendarWarning: uncoveredYearsWarning((await calendar()).coverage(range.from, range.to).uncoveredYears),
      },
      catalogLabeler(ix, q.groupBy, other),
    );
  }

  app.get(
    '/central/reports',
    {
      schema: {
        summary: '监察统计报表（全部大厅或一个大厅）：JSON 与主机方法 supervision.report 的结果相同；format=xlsx|csv 返回文件，表头含筛选条件',
        tags: ['监察'],
        querystring: z.toJSONSchema(reportQueryString, { target: 'openapi-3.0', io: 'input' }),
      },
    },
    async (req, reply) => {
      const who = await supervisor(req);
      const qs = parse(reportQueryString, req.query, '报表参数');
      const r = await report(who, toReportQuery(qs));
      if (qs.format === 'json') return r;
      const file = await reportFile(r, qs.format);
      return reply
        .header('content-type', file.mimeType)
        .header('content-disposition', `attachment; filename="report.${qs.format}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
        .send(Buffer.from(file.bytes));
    },
  );

  app.post(
    '/admin/supervisor-tokens',
    { schema: { summary: '签发中心监察令牌（查看监察报表；hallCode 为空则可看全部大厅）', tags: ['管理'], body: z.toJSONSchema(issueBody, { target: 'openapi-3.0', io: 'input' }) } },
    async (req, reply) => {
      await ctx.admin(req);
      const body = parse(issueBody, req.body, '监察令牌申请');
      const { token } = await ctx.central.devices.issueSupervisorToken(body);
      return reply.status(201).send({ token, label: body.label, hallCode: body.hallCode });
    },
  );
}
