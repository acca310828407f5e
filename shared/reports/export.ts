import type { ReportResult, ReportRow } from '../api/reports.js';
import { periodRange, periodText } from './aggregate.js';
import {
  GROUP_COLUMN_LABELS,
  GROUPING_LABELS,
  METRIC_KEYS,
  METRIC_LABELS,
  REFORM_METRICS,
  REPORT_HEADER_LABELS,
  TOTAL_ROW_LABEL,
  type ExportFormat,
  type MetricKey,
} from './labels.js';

// The report as a sheet: the filters in header rows, one title row, the data rows and the totals.
// The Excel writer and the CSV writer both lay out this sheet, so the two files say the same.

export type Cell = string | number | null;

export interface ReportSheet {
  /** [label, value] lines above the table. */
  header: [string, string][];
  columns: { title: string; percent: boolean }[];
  rows: Cell[][];
  /** The totals line (last). */
  total: Cell[];
}

const PERCENT_METRICS: readonly MetricKey[] = ['onTimeRate', 'pendingShare', 'priorityShare', 'assistedShare'];

/** Columns of the export: the reform figures only where each case falls in one group. */
export function exportMetrics(r: ReportResult): MetricKey[] {
  const reform = r.filters.groupBy !== 'item' && r.filters.groupBy !== 'department';
  return METRIC_KEYS.filter((k) => reform || !(REFORM_METRICS as readonly string[]).includes(k));
}

function metricTitle(k: MetricKey): string {
  const m = METRIC_LABELS[k];
  return m.unit === '%' ? m.label : `${m.label}（${m.unit}）`;
}

export function reportSheet(r: ReportResult): ReportSheet {
  const f = r.filters;
  const range = periodRange(f.period);
  const header: [string, string][] = [
    [REPORT_HEADER_LABELS.title, ''],
    [REPORT_HEADER_LABELS.hall, f.hallCode === null ? REPORT_HEADER_LABELS.allHalls : `${f.hallName ?? ''}（${f.hallCode || '未设区划代码'}）`],
    [REPORT_HEADER_LABELS.period, `${periodText(f.period)}（${range.from} 至 ${range.to}，${REPORT_HEADER_LABELS.periodNote}）`],
    [REPORT_HEADER_LABELS.grouping, GROUPING_LABELS[f.groupBy]],
    [REPORT_HEADER_LABELS.generatedAt, f.generatedAt],
    [REPORT_HEADER_LABELS.generatedBy, f.generatedBy],
    [REPORT_HEADER_LABELS.asOf, r.asOf ?? '（尚无数据）'],
  ];
  if (r.calendarWarning) header.push(['注意', r.calendarWarning]);
  const metrics = exportMetrics(r);
  const columns = [
    { title: GROUP_COLUMN_LABELS[f.groupBy], percent: false },
    { title: '说明', percent: false },
    ...metrics.map((k) => ({ title: metricTitle(k), percent: PERCENT_METRICS.includes(k) })),
  ];
  const line = (row: ReportRow, label: string): Cell[] => [label, row.sublabel ?? '', ...metrics.map((k) => row[k])];
  return { header, columns, rows: r.rows.map((row) => line(row, row.label)), total: line(r.totals, TOTAL_ROW_LABEL) };
}

function csvCell(v: Cell, percent: boolean): string {
  if (v === null) return '';
  const s = typeof v === 'number' ? (percent ? `${Math.round(v * 1000) / 10}%` : String(v)) : v;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** CSV with a UTF-8 byte-order mark (Excel then reads the Chinese right), CRLF line ends. */
export function reportCsv(sheet: ReportSheet): string {
  const lines: string[] = [];
  for (const [k, v] of sheet.header) lines.push([csvCell(k, false), csvCell(v, false)].join(','));
  lines.push('');
  lines.push(sheet.columns.map((c) => csvCell(c.title, false)).join(','));
  for (const row of [...sheet.rows, sheet.total]) lines.push(row.map((v, i) => csvCell(v, sheet.columns[i]!.percent)).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export const EXPORT_MIME: Record<ExportFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
};

/** `监察报表-<hall>-<period>-<grouping>.<ext>`, without characters file systems refuse. */
export function reportFileName(r: ReportResult, format: ExportFormat): string {
  const hall = r.filters.hallCode === null ? '全部大厅' : r.filters.hallName || r.filters.hallCode || '本大厅';
  const name = `监察报表-${hall}-${periodText(r.filters.period).replaceAll(' ', '')}-${GROUPING_LABELS[r.filters.groupBy]}`;
  return `${name.replace(/[\\/:*?"<>|]/g, '_')}.${format}`;
}
