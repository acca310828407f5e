import type { ReportPeriod, ReportRow } from '../../../shared/api/reports';
import { METRIC_LABELS, type MetricKey, type PeriodKind } from '../../../shared/reports/labels';
import { t } from '../../i18n';

// Figures as the supervisor reads them: rates in percent, working days with one decimal, and a
// dash where nothing was counted.

export function formatMetric(key: MetricKey, value: number | null): string {
  if (value === null) return '—';
  const unit = METRIC_LABELS[key].unit;
  if (unit === '%') return `${(value * 100).toFixed(1)}%`;
  if (unit === '工作日' /* i18n-exempt: the unit is a data value of METRIC_LABELS */ && !Number.isInteger(value)) return value.toFixed(1);
  if (unit === '次/件' /* i18n-exempt: data value */) return value.toFixed(2);
  return String(value);
}

export const metricValue = (row: ReportRow, key: MetricKey): number | null => row[key];

/** Today's date in the hall (China, UTC+8 all year). */
export function chinaToday(ms = Date.now()): string {
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);
}

export interface PeriodDraft {
  kind: PeriodKind;
  date: string;
  month: string;
  year: string;
  from: string;
  to: string;
}

export function initialDraft(today = chinaToday()): PeriodDraft {
  return { kind: 'month', date: today, month: today.slice(0, 7), year: today.slice(0, 4), from: `${today.slice(0, 7)}-01`, to: today };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The period the host is asked for, or what is still missing, in Chinese. */
export function periodOf(d: PeriodDraft): { period: ReportPeriod } | { problem: string } {
  switch (d.kind) {
    case 'day':
    case 'week':
      return DATE.test(d.date) ? { period: { kind: d.kind, date: d.date } } : { problem: t('请选择日期。') };
    case 'month':
      return /^\d{4}-(0[1-9]|1[0-2])$/.test(d.month) ? { period: { kind: 'month', month: d.month } } : { problem: t('请选择月份。') };
    case 'year': {
      const y = Number(d.year);
      return Number.isInteger(y) && y >= 2000 && y <= 2100 ? { period: { kind: 'year', year: y } } : { problem: t('请填写 2000 至 2100 之间的年份。') };
    }
    case 'range':
      if (!DATE.test(d.from) || !DATE.test(d.to)) return { problem: t('请选择起止日期。') };
      if (d.from > d.to) return { problem: t('开始日期晚于结束日期，请调换后再查询。') };
      return { period: { kind: 'range', from: d.from, to: d.to } };
  }
}
