import { AppError } from './errors.js';
import { formatChineseDate, toDay, type Calendar, type IsoDate, type UncoveredYears, type WorkdayIndex } from './calendar.js';

// Deadlines of sub-applications in working days (办结时限: 法定 statutory / 承诺 promised).
//
// Conventions:
// - The clock starts the day after `start` (acceptance, or unblocking for a dependent item): the
//   deadline is the n-th counted working day after it (see calendar.ts).
// - A pause excludes every working day from its first to its last day inclusive: the day a correction
//   is requested and the day the materials come back are both off the clock, and counting resumes the
//   next working day, as after acceptance. An open pause (to: null) stops the clock from its first day
//   on; while it lasts, the due dates shown are those if the clock restarted tomorrow.
// - usedWorkdays counts the counted working days in (start, today], today included.
// - Level, against the promised limit (the statutory one when no promised limit is set):
//   red when today is after the due date (the due day itself is not overdue: the item may still be
//   finished that day; a weekend after a Friday due date is red), else yellow when
//   usedWorkdays ≥ 2/3 of the limit (exactly 2/3 is yellow; the due day is always yellow), else green.

export const PAUSE_REASONS = ['correction', 'expert_review', 'site_inspection', 'hearing', 'testing', 'public_notice', 'other'] as const;
export type PauseReason = (typeof PAUSE_REASONS)[number];

/** 不计入办理时限的情形 (行政许可法 §45 and the 补正 practice). */
export const PAUSE_REASON_LABELS: Record<PauseReason, string> = {
  correction: '等待申请人补正材料',
  expert_review: '专家评审',
  site_inspection: '现场核查（勘验）',
  hearing: '听证',
  testing: '检验、检测、检疫、鉴定',
  public_notice: '公示',
  other: '其他（见说明）',
};

export interface ClockPause {
  from: IsoDate;
  /** Last paused day; null while the pause lasts. */
  to: IsoDate | null;
  reason: PauseReason;
  note?: string;
}

export interface DeadlineInput {
  /** Acceptance date, or the unblocking date for an item that waited for another. */
  start: IsoDate;
  /** From the catalog version the case pinned; null: not set. */
  promisedDays: number | null;
  statutoryDays: number | null;
  pauses?: readonly ClockPause[];
}

export type DeadlineLevel = 'green' | 'yellow' | 'red';

export interface DeadlineStatus {
  /** Promised due date (承诺办结); null without a promised limit. */
  dueDate: IsoDate | null;
  statutoryDueDate: IsoDate | null;
  /** The limit the level is measured against: promised, else statutory; null: neither is set. */
  limitDays: number | null;
  /** First day that is yellow (two thirds of the limit used); null without a limit. */
  warnDate: IsoDate | null;
  usedWorkdays: number;
  /** null without a limit. */
  remainingWorkdays: number | null;
  /** Counted working days past the limit (a weekend after the due day is red with 0 here). */
  overdueWorkdays: number;
  level: DeadlineLevel;
  pausedNow: boolean;
  /** Years this computation needed but the calendar lacks: warn the supervisor (uncoveredYearsWarning). */
  uncoveredYears: UncoveredYears;
}

const MAX_LIMIT = 10_000;

function checkLimit(n: number | null, label: string): number | null {
  if (n === null) return null;
  if (!Number.isInteger(n) || n < 0 || n > MAX_LIMIT) {
    throw new AppError('INVALID_INPUT', `${label}“${String(n)}”无效：应为 0 到 ${MAX_LIMIT} 之间的整数个工作日，或不设时限`, { [label]: n });
  }
  return n;
}

interface Pause {
  from: number;
  to: number;
  open: boolean;
}

function readPauses(pauses: readonly ClockPause[] | undefined, today: number): Pause[] {
  if (!pauses || pauses.length === 0) return [];
  return pauses.map((p) => {
    const from = toDay(p.from);
    const open = p.to === null;
    const to = open ? Math.max(today, from) : toDay(p.to as string);
    if (to < from) {
      throw new AppError('INVALID_INPUT', `停表记录的结束日期 ${p.to} 早于开始日期 ${p.from}：请更正停表记录`, { from: p.from, to: p.to });
    }
    return { from, to, open };
  });
}

function isPausedOn(pauses: readonly Pause[], day: number): boolean {
  for (const p of pauses) if (day >= p.from && (p.open || day <= p.to)) return true;
  return false;
}

function status(
  ix: WorkdayIndex,
  start: number,
  today: number,
  promised: number | null,
  statutory: number | null,
  due: number | null,
  statutoryDue: number | null,
  warn: number | null,
  used: number,
  pausedNow: boolean,
): DeadlineStatus {
  const limit = promised ?? statutory;
  const limitDue = promised !== null ? due : statutoryDue;
  let level: DeadlineLevel = 'green';
  if (limit !== null && limitDue !== null) {
    if (today > limitDue) level = 'red';
    else if (3 * used >= 2 * limit) level = 'yellow';
  }
  let last = today;
  if (due !== null && due > last) last = due;
  if (statutoryDue !== null && statutoryDue > last) last = statutoryDue;
  return {
    dueDate: due === null ? null : ix.format(due),
    statutoryDueDate: statutoryDue === null ? null : ix.format(statutoryDue),
    limitDays: limit,
    warnDate: warn === null ? null : ix.format(warn),
    usedWorkdays: used,
    remainingWorkdays: limit === null ? null : Math.max(0, limit - used),
    overdueWorkdays: limit === null ? 0 : Math.max(0, used - limit),
    level,
    pausedNow,
    uncoveredYears: ix.uncoveredYears(start + 1, last),
  };
}

/** Counted days after which an item of `limit` days turns yellow: 3·used ≥ 2·limit. */
function warnDays(limit: number | null): number | null {
  return limit === null ? null : Math.ceil((2 * limit) / 3);
}

/** One item, walking day by day: the reference the bulk path is tested against. */
export function computeDeadline(cal: Calendar, input: DeadlineInput, today: IsoDate): DeadlineStatus {
  const ix = cal.index;
  const s = toDay(input.start);
  const t = toDay(today);
  const promised = checkLimit(input.promisedDays, '承诺办结时限');
  const statutory = checkLimit(input.statutoryDays, '法定办结时限');
  const pauses = readPauses(input.pauses, t);
  const pausedNow = isPausedOn(pauses, t);
  // Open pauses end today for the projection: the clock restarts tomorrow at the earliest.
  const windows = pauses.map((p) => ({ ...p, open: false }));

  const warnN = warnDays(promised ?? statutory);
  let count = 0;
  let used = 0;
  let due = promised === 0 ? s : null;
  let statutoryDue = statutory === 0 ? s : null;
  let warn = warnN === 0 ? s : null;
  const need = Math.max(promised ?? 0, statutory ?? 0);
  for (let d = s; d < t || count < need; ) {
    d++;
    if (ix.isWorkday(d) && !isPausedOn(windows, d)) {
      count++;
      if (count === promised) due = d;
      if (count === statutory) statutoryDue = d;
      if (count === warnN) warn = d;
    }
    if (d <= t) used = count;
  }
  return status(ix, s, t, promised, statutory, due, statutoryDue, warn, used, pausedNow);
}

/** Disjoint, sorted, clipped to days after `start`. */
function mergeWindows(pauses: Pause[], start: number): [number, number][] {
  const out: [number, number][] = [];
  const sorted = pauses.map((p): [number, number] => [Math.max(p.from, start + 1), p.to]).filter(([f, e]) => e >= f);
  sorted.sort((a, b) => a[0] - b[0]);
  for (const w of sorted) {
    const prev = out[out.length - 1];
    if (prev && w[0] <= prev[1] + 1) prev[1] = Math.max(prev[1], w[1]);
    else out.push(w);
  }
  return out;
}

/** The n-th counted working day after `start`, skipping the windows. */
function nthCounted(ix: WorkdayIndex, start: number, n: number, windows: readonly [number, number][]): number {
  if (n === 0) return start;
  let cur = start;
  let need = n;
  for (const [f, e] of windows) {
    const available = ix.rank(f - 1) - ix.rank(cur);
    if (need <= available) return ix.nthAfter(cur, need);
    need -= available;
    cur = e;
  }
  return ix.nthAfter(cur, need);
}

/**
 * Many items against one `today` (the supervisor's hall view): O(pauses) per item on the calendar's
 * rank index. Same results as computeDeadline, item by item.
 */
export function computeDeadlines(cal: Calendar, items: readonly DeadlineInput[], today: IsoDate): DeadlineStatus[] {
  const ix = cal.index;
  const t = toDay(today);
  const rankToday = ix.rank(t);
  const out = new Array<DeadlineStatus>(items.length);
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    const s = toDay(item.start);
    const promised = checkLimit(item.promisedDays, '承诺办结时限');
    const statutory = checkLimit(item.statutoryDays, '法定办结时限');
    const warnN = warnDays(promised ?? statutory);
    let used: number;
    let due: number | null;
    let statutoryDue: number | null;
    let warn: number | null;
    let pausedNow = false;
    if (!item.pauses || item.pauses.length === 0) {
      used = t > s ? rankToday - ix.rank(s) : 0;
      due = promised === null ? null : promised === 0 ? s : ix.nthAfter(s, promised);
      statutoryDue = statutory === null ? null : statutory === 0 ? s : ix.nthAfter(s, statutory);
      warn = warnN === null ? null : warnN === 0 ? s : ix.nthAfter(s, warnN);
    } else {
      const pauses = readPauses(item.pauses, t);
      pausedNow = isPausedOn(pauses, t);
      const windows = mergeWindows(pauses, s);
      used = 0;
      if (t > s) {
        used = rankToday - ix.rank(s);
        for (const [f, e] of windows) {
          if (f > t) break;
          used -= ix.rank(Math.min(e, t)) - ix.rank(f - 1);
        }
      }
      due = promised === null ? null : nthCounted(ix, s, promised, windows);
      statutoryDue = statutory === null ? null : nthCounted(ix, s, statutory, windows);
      warn = warnN === null ? null : nthCounted(ix, s, warnN, windows);
    }
    out[i] = status(ix, s, t, promised, statutory, due, statutoryDue, warn, used, pausedNow);
  }
  return out;
}

export interface CommitmentDeadline {
  /** Last day to supply the pending materials (容缺受理). */
  date: IsoDate;
  /** Working days granted after the acceptance day. */
  days: number;
  /** True when the requested period was cut to the promised limit. */
  clamped: boolean;
  /** For the clerk when clamped; null otherwise. */
  message: string | null;
  uncoveredYears: UncoveredYears;
}

/**
 * Deadline for supplying pending materials, never later than the item's promised limit (for a
 * bundle, pass the smallest promised limit among the items the materials belong to; null: no cap).
 */
export function commitmentDeadline(
  cal: Calendar,
  acceptedOn: IsoDate,
  requestedDays: number,
  itemPromisedDays: number | null,
): CommitmentDeadline {
  if (!Number.isInteger(requestedDays) || requestedDays < 1 || requestedDays > MAX_LIMIT) {
    throw new AppError('INVALID_INPUT', `补交材料期限“${String(requestedDays)}”无效：请填写 1 以上的整数个工作日`, { requestedDays });
  }
  const cap = checkLimit(itemPromisedDays, '承诺办结时限');
  const clamped = cap !== null && requestedDays > cap;
  const days = clamped ? cap : requestedDays;
  const { date, uncoveredYears } = cal.addWorkdays(acceptedOn, days);
  const message = clamped
    ? `补交材料期限不能晚于事项的承诺办结时限（${cap} 个工作日）：申请的 ${requestedDays} 个工作日已改为 ${cap} 个工作日，请在 ${formatChineseDate(date)} 前补交。`
    : null;
  return { date, days, clamped, message, uncoveredYears };
}
