import { RATING_LABELS, RECTIFICATION_STATE_LABELS } from '../delivery.js';
import { PRIORITY_LABELS } from '../intake.js';

// Chinese words of the period reports, shared by the supervision page and the Excel/CSV export
// so a figure is called the same on screen and on paper.

export const REPORT_GROUPINGS = ['bundle', 'item', 'department', 'counter', 'clerk'] as const;
export type ReportGrouping = (typeof REPORT_GROUPINGS)[number];
export const GROUPING_LABELS: Record<ReportGrouping, string> = {
  bundle: '按套餐（一件事）',
  item: '按事项',
  department: '按部门',
  counter: '按窗口',
  clerk: '按受理人员',
};
/** Title of the first column for each grouping. */
export const GROUP_COLUMN_LABELS: Record<ReportGrouping, string> = {
  bundle: '一件事套餐',
  item: '事项',
  department: '部门',
  counter: '受理窗口',
  clerk: '受理人员',
};

export const PERIOD_KINDS = ['day', 'week', 'month', 'year', 'range'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];
export const PERIOD_KIND_LABELS: Record<PeriodKind, string> = {
  day: '日报',
  week: '周报',
  month: '月报',
  year: '年报',
  range: '自定义时段',
};

export const EXPORT_FORMATS = ['xlsx', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/**
 * Every figure of a report row, in display order. `group` lets a table put a header above related
 * columns; `unit` is appended by the UI/export where a bare number would be ambiguous.
 */
export const METRIC_LABELS = {
  cases: { label: '受理件数', group: '业务量', unit: '件' },
  items: { label: '事项数', group: '业务量', unit: '项' },
  ready: { label: '已办结件数', group: '业务量', unit: '件' },
  delivered: { label: '已出件件数', group: '业务量', unit: '件' },
  readyMedian: { label: '受理至办结 中位数', group: '办理时长（工作日）', unit: '工作日' },
  readyP90: { label: '受理至办结 90分位', group: '办理时长（工作日）', unit: '工作日' },
  deliveryMedian: { label: '受理至出件 中位数', group: '办理时长（工作日）', unit: '工作日' },
  deliveryP90: { label: '受理至出件 90分位', group: '办理时长（工作日）', unit: '工作日' },
  onTime: { label: '按承诺时限办结', group: '按时办结', unit: '件' },
  late: { label: '超承诺时限办结', group: '按时办结', unit: '件' },
  onTimeRate: { label: '按时办结率', group: '按时办结', unit: '%' },
  corrections: { label: '补正次数', group: '补正', unit: '次' },
  correctionsPerCase: { label: '件均补正次数', group: '补正', unit: '次/件' },
  pendingCases: { label: '容缺受理件数', group: '容缺受理', unit: '件' },
  pendingShare: { label: '容缺受理占比', group: '容缺受理', unit: '%' },
  commitmentsKept: { label: '按期补齐（承诺兑现）', group: '容缺受理', unit: '件' },
  commitmentsBroken: { label: '逾期未补齐或逾期补齐', group: '容缺受理', unit: '件' },
  commitmentsOpen: { label: '承诺期内待补齐', group: '容缺受理', unit: '件' },
  rated: { label: '评价件数', group: '好差评', unit: '件' },
  rating5: { label: RATING_LABELS[5], group: '好差评', unit: '件' },
  rating4: { label: RATING_LABELS[4], group: '好差评', unit: '件' },
  rating3: { label: RATING_LABELS[3], group: '好差评', unit: '件' },
  rating2: { label: RATING_LABELS[2], group: '好差评', unit: '件' },
  rating1: { label: RATING_LABELS[1], group: '好差评', unit: '件' },
  rectOpen: { label: `差评整改·${RECTIFICATION_STATE_LABELS.open}`, group: '差评整改', unit: '件' },
  rectVerified: { label: `差评整改·${RECTIFICATION_STATE_LABELS.verified}`, group: '差评整改', unit: '件' },
  rectRectified: { label: `差评整改·${RECTIFICATION_STATE_LABELS.rectified}`, group: '差评整改', unit: '件' },
  rectClosed: { label: `差评整改·${RECTIFICATION_STATE_LABELS.closed}`, group: '差评整改', unit: '件' },
  priorityCases: { label: '绿色通道件数', group: '绿色通道', unit: '件' },
  priorityShare: { label: '绿色通道占比', group: '绿色通道', unit: '%' },
  priorityElderly: { label: `绿色通道·${PRIORITY_LABELS.elderly}`, group: '绿色通道', unit: '件' },
  priorityDisabled: { label: `绿色通道·${PRIORITY_LABELS.disabled}`, group: '绿色通道', unit: '件' },
  priorityPregnant: { label: `绿色通道·${PRIORITY_LABELS.pregnant}`, group: '绿色通道', unit: '件' },
  priorityServiceman: { label: `绿色通道·${PRIORITY_LABELS.serviceman}`, group: '绿色通道', unit: '件' },
  priorityOther: { label: `绿色通道·${PRIORITY_LABELS.other}`, group: '绿色通道', unit: '件' },
  assistedCases: { label: '帮办代办件数', group: '帮办代办·上门服务', unit: '件' },
  assistedShare: { label: '帮办代办占比', group: '帮办代办·上门服务', unit: '%' },
  proxyCases: { label: '其中代办件数', group: '帮办代办·上门服务', unit: '件' },
  homeCases: { label: '上门服务件数', group: '帮办代办·上门服务', unit: '件' },
  fieldsMerged: { label: '一表填报字段数', group: '减环节（一表）', unit: '个' },
  fieldsSeparate: { label: '分别办理需填字段数', group: '减环节（一表）', unit: '个' },
  materialsSubmitted: { label: '实际提交材料数', group: '减材料', unit: '份' },
  materialsSeparate: { label: '分别办理需提交材料数', group: '减材料', unit: '份' },
  materialsElicense: { label: '电子证照免提交材料数', group: '减材料', unit: '份' },
  visitsMade: { label: '实际跑动次数', group: '减跑动', unit: '次' },
  visitsSeparate: { label: '分别办理需跑动次数', group: '减跑动', unit: '次' },
  promisedDays: { label: '承诺时限', group: '减时限', unit: '工作日' },
  statutoryDays: { label: '法定时限', group: '减时限', unit: '工作日' },
} as const satisfies Record<string, { label: string; group: string; unit: string }>;
export type MetricKey = keyof typeof METRIC_LABELS;

/** The figures of one row, in the order of METRIC_LABELS. */
export const METRIC_KEYS = Object.keys(METRIC_LABELS) as MetricKey[];

/** Metrics that only make sense when every case falls in exactly one group (not by item / department). */
export const REFORM_METRICS = [
  'fieldsMerged',
  'fieldsSeparate',
  'materialsSubmitted',
  'materialsSeparate',
  'materialsElicense',
  'visitsMade',
  'visitsSeparate',
  'promisedDays',
  'statutoryDays',
] as const satisfies readonly MetricKey[];

export const TOTAL_ROW_LABEL = '合计';
export const UNKNOWN_LABEL = '（未知）';

export const REPORT_HEADER_LABELS = {
  title: '一件事集成办理 监察统计报表',
  hall: '服务大厅',
  allHalls: '全部大厅',
  period: '统计时段',
  periodNote: '按受理日期统计',
  grouping: '分组方式',
  generatedAt: '生成时间',
  generatedBy: '生成人',
  asOf: '数据截至',
} as const;

export { PRIORITY_LABELS, RATING_LABELS, RECTIFICATION_STATE_LABELS };
