import { dayFromCivil, fromDay, toDay, weekdayOf, type IsoDate } from '../calendar.js';
import { AppError } from '../errors.js';
import type { ReportPeriod, ReportRow } from '../api/reports.js';

// The pure half of a report: the period's days, percentiles from day histograms, and the rows
// built from the sums the database returns. SQL percentiles are not portable between SQLite and
// PostgreSQL, so the stores return (group, days, count) and the quantiles are computed here.

/** Longest period a report covers (a little over three years). */
export const MAX_PERIOD_DAYS = 1130;

export function periodRange(p: ReportPeriod): { from: IsoDate; to: IsoDate } {
  switch (p.kind) {
    case 'day':
      toDay(p.date);
      return { from: p.date, to: p.date };
    case 'week': {
      const d = toDay(p.date);
      const monday = d - ((weekdayOf(d) + 6) % 7);
      return { from: fromDay(monday), to: fromDay(monday + 6) };
    }
    case 'month': {
      const [y, m] = p.month.split('-').map(Number) as [number, number];
      const first = dayFromCivil(y, m, 1);
      const next = m === 12 ? dayFromCivil(y + 1, 1, 1) : dayFromCivil(y, m + 1, 1);
      return { from: fromDay(first), to: fromDay(next - 1) };
    }
    case 'year':
      return { from: `${p.year}-01-01`, to: `${p.year}-12-31` };
    case 'range': {
      const a = toDay(p.from);
      const b = toDay(p.to);
      if (b < a) throw new AppError('INVALID_INPUT', `统计时段的结束日期 ${p.to} 早于开始日期 ${p.from}，请调换后重试。`, { from: p.from, to: p.to });
      if (b - a + 1 > MAX_PERIOD_DAYS) {
        throw new AppError('INVALID_INPUT', `统计时段最长约三年（${MAX_PERIOD_DAYS} 天），请缩短时段或分段导出。`, { from: p.from, to: p.to });
      }
      return { from: p.from, to: p.to };
    }
  }
}

/** Human wording of the period for titles and file names: 2026年10月, 2026-09-28 至 2026-10-04 … */
export function periodText(p: ReportPeriod): string {
  const r = periodRange(p);
  switch (p.kind) {
    case 'day':
      return p.date;
    case 'month':
      return `${p.month.slice(0, 4)}年${Number(p.month.slice(5))}月`;
    case 'year':
      return `${p.year}年`;
    default:
      return `${r.from} 至 ${r.to}`;
  }
}

/** Counts per value; values are whole working days. */
export type Histogram = Map<number, number>;

export function addToHistogram(h: Histogram, value: number, count: number): void {
  h.set(value, (h.get(value) ?? 0) + count);
}

/**
 * The p-quantile (0..1) by linear interpolation between order statistics, as Excel's
 * PERCENTILE.INC / MEDIAN compute it, so a supervisor can check a figure against the rows.
 */
export function quantile(h: Histogram, p: number): number | null {
  const values = [...h.entries()].filter(([, c]) => c > 0).sort((a, b) => a[0] - b[0]);
  const n = values.reduce((s, [, c]) => s + c, 0);
  if (n === 0) return null;
  const pos = (n - 1) * p;
  const lo = Math.floor(pos);
  const frac = pos - lo;
  const at = (k: number): number => {
    let seen = 0;
    for (const [v, c] of values) {
      seen += c;
      if (k < seen) return v;
    }
    return values[values.length - 1]![0];
  };
  const a = at(lo);
  const r = frac === 0 ? a : a + frac * (at(lo + 1) - a);
  return Math.round(r * 100) / 100;
}

/** Sums a store returns for one group (all plain counts). */
export interface GroupSums {
  key: string;
  cases: number;
  items: number;
  ready: number;
  delivered: number;
  onTime: number;
  late: number;
  corrections: number;
  pendingCases: number;
  commitmentsKept: number;
  commitmentsBroken: number;
  commitmentsOpen: number;
  rating5: number;
  rating4: number;
  rating3: number;
  rating2: number;
  rating1: number;
  rectOpen: number;
  rectVerified: number;
  rectRectified: number;
  rectClosed: number;
  /** 绿色通道 cases, and by reason (an unknown reason counts as other). */
  priorityCases: number;
  priorityElderly: number;
  priorityDisabled: number;
  priorityPregnant: number;
  priorityServiceman: number;
  priorityOther: number;
  /** Cases with a 帮办代办 record; of them with a 代办; cases served at home (上门服务). */
  assistedCases: number;
  proxyCases: number;
  homeCases: number;
  /** null for groupings where a case spans several groups (item, department). */
  reform: {
    fieldsMerged: number;
    fieldsSeparate: number;
    materialsSubmitted: number;
    materialsSeparate: number;
    materialsElicense: number;
    visitsMade: number;
    visitsSeparate: number;
    promisedDays: number;
    statutoryDays: number;
  } | null;
}

const ratio = (a: number, b: number): number | null => (b > 0 ? Math.round((a / b) * 10_000) / 10_000 : null);

export function buildRow(
  s: GroupSums,
  label: { label: string; sublabel: string | null },
  readyHist: Histogram | undefined,
  deliveryHist: Histogram | undefined,
): ReportRow {
  const rated = s.rating5 + s.rating4 + s.rating3 + s.rating2 + s.rating1;
  const empty: Histogram = new Map();
  return {
    key: s.key,
    label: label.label,
    sublabel: label.sublabel,
    cases: s.cases,
    items: s.items,
    ready: s.ready,
    delivered: s.delivered,
    readyMedian: quantile(readyHist ?? empty, 0.5),
    readyP90: quantile(readyHist ?? empty, 0.9),
    deliveryMedian: quantile(deliveryHist ?? empty, 0.5),
    deliveryP90: quantile(deliveryHist ?? empty, 0.9),
    onTime: s.onTime,
    late: s.late,
    onTimeRate: ratio(s.onTime, s.onTime + s.late),
    corrections: s.corrections,
    correctionsPerCase: s.cases > 0 ? Math.round((s.corrections / s.cases) * 100) / 100 : null,
    pendingCases: s.pendingCases,
    pendingShare: ratio(s.pendingCases, s.cases),
    commitmentsKept: s.commitmentsKept,
    commitmentsBroken: s.commitmentsBroken,
    commitmentsOpen: s.commitmentsOpen,
    rated,
    rating5: s.rating5,
    rating4: s.rating4,
    rating3: s.rating3,
    rating2: s.rating2,
    rating1: s.rating1,
    rectOpen: s.rectOpen,
    rectVerified: s.rectVerified,
    rectRectified: s.rectRectified,
    rectClosed: s.rectClosed,
    priorityCases: s.priorityCases,
    priorityShare: ratio(s.priorityCases, s.cases),
    priorityElderly: s.priorityElderly,
    priorityDisabled: s.priorityDisabled,
    priorityPregnant: s.priorityPregnant,
    priorityServiceman: s.priorityServiceman,
    priorityOther: s.priorityOther,
    assistedCases: s.assistedCases,
    assistedShare: ratio(s.assistedCases, s.cases),
    proxyCases: s.proxyCases,
    homeCases: s.homeCases,
    fieldsMerged: s.reform?.fieldsMerged ?? null,
    fieldsSeparate: s.reform?.fieldsSeparate ?? null,
    materialsSubmitted: s.reform?.materialsSubmitted ?? null,
    materialsSeparate: s.reform?.materialsSeparate ?? null,
    materialsElicense: s.reform?.materialsElicense ?? null,
    visitsMade: s.reform?.visitsMade ?? null,
    visitsSeparate: s.reform?.visitsSeparate ?? null,
    promisedDays: s.reform?.promisedDays ?? null,
    statutoryDays: s.reform?.statutoryDays ?? null,
  };
}
