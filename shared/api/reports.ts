import { z } from 'zod';
import { EXPORT_FORMATS, PERIOD_KINDS, REPORT_GROUPINGS } from '../reports/labels.js';
import { method } from './method.js';

// 监察统计报表: period reports over the fact tables (report_cases / report_items), the same
// query on the hall's client and on the central service (GET /central/reports returns
// `reportResultSchema` too). Periods select cases by their acceptance date.

const SUPERVISOR = ['supervisor'] as const;
const isoDate = z.string().date('日期应为 年-月-日');

export const reportPeriodSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('day'), date: isoDate }),
  /** The week (Monday to Sunday) that contains `date`. */
  z.object({ kind: z.literal('week'), date: isoDate }),
  z.object({ kind: z.literal('month'), month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份应为 年-月，如 2026-10') }),
  z.object({ kind: z.literal('year'), year: z.number().int().min(2000).max(2100) }),
  /** Inclusive on both ends; at most about three years. */
  z.object({ kind: z.literal('range'), from: isoDate, to: isoDate }),
]);
export type ReportPeriod = z.infer<typeof reportPeriodSchema>;

export const reportQuerySchema = z
  .object({
    period: reportPeriodSchema,
    groupBy: z.enum(REPORT_GROUPINGS),
    /**
     * Central only: one hall (行政区划代码), or every hall when absent. On a hall's client the
     * report is always of that hall and a different code is refused.
     */
    hallCode: z.string().trim().max(32).optional(),
  })
  .strict();
export type ReportQuery = z.infer<typeof reportQuerySchema>;

const count = z.number().int().nonnegative();
/** Working days; null when no case of the row has reached that point yet. */
const days = z.number().nullable();
/** 0..1; null when nothing is counted under it. */
const rate = z.number().min(0).max(1).nullable();
/** Reform sums: null for item and department rows, where one case spans several rows. */
const reform = z.number().int().nonnegative().nullable();

export const reportRowSchema = z.object({
  /** Bundle / item / department id, intake device id, or clerk id; `__total__` for the totals. */
  key: z.string(),
  label: z.string(),
  /** Department of an item, counter of a clerk …; null when nothing to add. */
  sublabel: z.string().nullable(),

  /** Cases accepted in the period (for item / department rows: cases with such an item). */
  cases: count,
  /** Items of those cases (for item / department rows: the items of the row). */
  items: count,
  /** All items decided (for item / department rows: the row's items decided). */
  ready: count,
  delivered: count,

  /**
   * Working days acceptance → all items decided (the applicant's wait, 补正 included). For item and
   * department rows: the item's own clock, start → decision, pauses excluded (the department's time).
   */
  readyMedian: days,
  readyP90: days,
  /** Working days acceptance → delivered (item rows: → that item's result reached the applicant). */
  deliveryMedian: days,
  deliveryP90: days,

  /** Ready within the promised limit (statutory when no promised one); only decided cases/items with a limit count. */
  onTime: count,
  late: count,
  onTimeRate: rate,

  /** 补正 requested: counter-side notices plus department requests (item rows: the item's own). */
  corrections: count,
  correctionsPerCase: z.number().nonnegative().nullable(),

  /** 容缺受理. Kept: every pending material supplied by its commitment deadline. */
  pendingCases: count,
  pendingShare: rate,
  commitmentsKept: count,
  commitmentsBroken: count,
  /** Deadline not passed yet and still something to supply. */
  commitmentsOpen: count,

  /** Cases with a counted rating, by the case's worst rating. */
  rated: count,
  rating5: count,
  rating4: count,
  rating3: count,
  rating2: count,
  rating1: count,
  /** Cases with a bad rating, by the state of its rectification. */
  rectOpen: count,
  rectVerified: count,
  rectRectified: count,
  rectClosed: count,

  /** 绿色通道 cases (priority lane), their share of the row's cases, and by reason. */
  priorityCases: count,
  priorityShare: rate,
  priorityElderly: count,
  priorityDisabled: count,
  priorityPregnant: count,
  priorityServiceman: count,
  priorityOther: count,
  /** Cases with a 帮办代办 record and their share; of them with a 代办; cases served at home (上门服务). */
  assistedCases: count,
  assistedShare: rate,
  proxyCases: count,
  homeCases: count,

  fieldsMerged: reform,
  fieldsSeparate: reform,
  materialsSubmitted: reform,
  materialsSeparate: reform,
  materialsElicense: reform,
  visitsMade: reform,
  visitsSeparate: reform,
  promisedDays: reform,
  statutoryDays: reform,
});
export type ReportRow = z.infer<typeof reportRowSchema>;

export const reportResultSchema = z.object({
  filters: z.object({
    period: reportPeriodSchema,
    /** First and last acceptance day of the period (YYYY-MM-DD). */
    from: z.string(),
    to: z.string(),
    groupBy: z.enum(REPORT_GROUPINGS),
    /** null: all halls (central). */
    hallCode: z.string().nullable(),
    hallName: z.string().nullable(),
    generatedAt: z.string(),
    /** Name (staff number) of the supervisor, or the central token's label. */
    generatedBy: z.string(),
  }),
  /** Rows sorted by volume, largest first. */
  rows: z.array(reportRowSchema),
  /** Over all cases of the period (each case once, also for item / department groupings). */
  totals: reportRowSchema,
  /** Time of the newest event folded into the facts; null when there is none yet. */
  asOf: z.string().nullable(),
  /** Set when a year of the period lacks holiday data: working days are estimates. */
  calendarWarning: z.string().nullable(),
});
export type ReportResult = z.infer<typeof reportResultSchema>;

export const reportFileSchema = z.object({
  fileName: z.string(),
  mimeType: z.string(),
  base64: z.string(),
});
export type ReportFile = z.infer<typeof reportFileSchema>;

export const reportMethods = {
  'supervision.report': method(reportQuerySchema, reportResultSchema, SUPERVISOR),
  /** The same report as an Excel workbook or a CSV file (UTF-8 with BOM), filters in the header rows. */
  'supervision.reportExport': method(reportQuerySchema.extend({ format: z.enum(EXPORT_FORMATS) }).strict(), reportFileSchema, SUPERVISOR),
} as const;

export { PERIOD_KINDS, REPORT_GROUPINGS, EXPORT_FORMATS };
