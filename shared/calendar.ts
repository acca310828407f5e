import { z } from 'zod';
import { AppError } from './errors.js';

// Working-day calendar: statutory holidays and make-up workdays (调休) from a maintained data source
// plus the hall admin's override list.
//
// Conventions (see also deadlines.ts):
// - Dates are China local dates 'YYYY-MM-DD' (Asia/Shanghai has no DST); arithmetic runs on integer
//   day numbers (days since 1970-01-01), never on `Date`, so no time zone can shift a day.
// - addWorkdays(d, n) is the n-th working day strictly after d: the start day never counts
//   (行政许可法 §82 counts 期限 in working days; 民法典 §201: 开始的当日不计入). "自受理之日起5个工作日内"
//   accepted on Thursday 2026-02-12 therefore ends on 2026-02-26.
// - A year the data does not cover is computed as Monday–Friday plus the admin overrides, and every
//   computation that touched such a year returns it in `uncoveredYears`, so the supervisor can be warned.

/** A China local date, 'YYYY-MM-DD'. */
export type IsoDate = string;

/**
 * One entry of the admin's override list. Date entries win over the package data. A `year_complete`
 * entry is the admin's statement that the State Council notice for that year has been entered in full
 * (`name`: the notice, e.g. '国办发明电〔2026〕X号'): the year then counts as covered.
 */
export type CalendarOverride =
  | { kind: 'holiday' | 'workday'; date: IsoDate; name: string }
  | { kind: 'year_complete'; year: number; name: string };

export interface CalendarData {
  /** date → holiday name (e.g. '春节'), including weekend days inside a holiday block. */
  holidays: Readonly<Record<IsoDate, string>>;
  /** date → name of the holiday a make-up workday (调休上班) belongs to. */
  workdays: Readonly<Record<IsoDate, string>>;
  /** Years the data source covers in full. */
  coveredYears: readonly number[];
}

export interface CalendarInput extends CalendarData {
  overrides?: readonly CalendarOverride[];
}

/** Years, ascending, whose holiday arrangement the computation needed but the calendar lacks. */
export type UncoveredYears = readonly number[];

export interface WorkdaySum {
  date: IsoDate;
  uncoveredYears: UncoveredYears;
}

export interface WorkdayCount {
  days: number;
  uncoveredYears: UncoveredYears;
}

export type DayKind = 'holiday' | 'makeup_workday' | 'weekend' | 'weekday';

export interface DayInfo {
  date: IsoDate;
  workday: boolean;
  kind: DayKind;
  /** Holiday name for holidays and make-up workdays; null for ordinary days. */
  name: string | null;
  source: 'package' | 'override' | 'weekday_rule';
  /** False: the year has no complete data and the day was classified by weekday and overrides only. */
  covered: boolean;
}

/** Integer day-number core for hot paths (see deadlines.ts). Day numbers count days since 1970-01-01. */
export interface WorkdayIndex {
  /** Working days up to and including `day`, from a fixed origin: only differences mean anything. */
  rank(day: number): number;
  /** The n-th (n ≥ 1) working day strictly after `day`. */
  nthAfter(day: number, n: number): number;
  isWorkday(day: number): boolean;
  /** Uncovered years among the days fromDay..toDay inclusive; empty when toDay < fromDay. */
  uncoveredYears(fromDay: number, toDay: number): UncoveredYears;
  format(day: number): IsoDate;
}

export interface Calendar {
  /** Covered years, ascending: the data source's plus those the admin marked `year_complete`. */
  readonly coveredYears: readonly number[];
  /** Plain yes/no for display; computations should use addWorkdays/workdaysBetween, which report coverage. */
  isWorkday(date: IsoDate): boolean;
  dayInfo(date: IsoDate): DayInfo;
  /** The n-th working day strictly after `start` (n = 0: `start` itself). n is a non-negative integer. */
  addWorkdays(start: IsoDate, n: number): WorkdaySum;
  /**
   * Working days in (a, b] when a ≤ b, and minus the working days in (b, a] when b < a, so that
   * workdaysBetween(d, addWorkdays(d, n).date).days === n and swapping the arguments flips the sign.
   */
  workdaysBetween(a: IsoDate, b: IsoDate): WorkdayCount;
  /** Uncovered years among the years of from..to (inclusive). */
  coverage(from: IsoDate, to?: IsoDate): { uncoveredYears: UncoveredYears };
  readonly index: WorkdayIndex;
}

const NO_YEARS: UncoveredYears = Object.freeze([]);
const MAX_WORKDAYS = 100_000;

// ---------------------------------------------------------------------------------------------
// Day numbers (H. Hinnant's civil-calendar algorithms; exact for the proleptic Gregorian calendar).

export function dayFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDay(day: number): [number, number, number] {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

export function yearOfDay(day: number): number {
  return civilFromDay(day)[0];
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

function invalidDate(date: unknown): AppError {
  return new AppError('INVALID_INPUT', `日期“${String(date)}”无效：请按 YYYY-MM-DD 填写公历日期，如 2026-02-24`, { date: String(date) });
}

/** Day number of a 'YYYY-MM-DD' date; AppError INVALID_INPUT for anything else. */
export function toDay(date: IsoDate): number {
  if (typeof date !== 'string' || date.length !== 10 || date.charCodeAt(4) !== 45 || date.charCodeAt(7) !== 45) {
    throw invalidDate(date);
  }
  let y = 0;
  for (let i = 0; i < 4; i++) {
    const c = date.charCodeAt(i) - 48;
    if (c < 0 || c > 9) throw invalidDate(date);
    y = y * 10 + c;
  }
  const m1 = date.charCodeAt(5) - 48;
  const m2 = date.charCodeAt(6) - 48;
  const d1 = date.charCodeAt(8) - 48;
  const d2 = date.charCodeAt(9) - 48;
  if (m1 < 0 || m1 > 9 || m2 < 0 || m2 > 9 || d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) throw invalidDate(date);
  const m = m1 * 10 + m2;
  const d = d1 * 10 + d2;
  if (y < 1 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) throw invalidDate(date);
  return dayFromCivil(y, m, d);
}

export function fromDay(day: number): IsoDate {
  const [y, m, d] = civilFromDay(day);
  return `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

/** 0 = Sunday … 6 = Saturday. Day 0 (1970-01-01) was a Thursday. */
export function weekdayOf(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** '2026年2月24日', as on notices. */
export function formatChineseDate(date: IsoDate): string {
  const [y, m, d] = civilFromDay(toDay(date));
  return `${y}年${m}月${d}日`;
}

// Mondays–Fridays up to and including `day`, counted from the Monday 1970-01-05 (day 4); negative
// before it. Outside the data's years every day follows this rule, so ranks there are closed-form.
const MONDAY = 4;
function weekdayRank(day: number): number {
  const k = day - MONDAY + 1;
  const q = Math.floor(k / 7);
  return 5 * q + Math.min(k - 7 * q, 5);
}
/** The first day whose weekdayRank is r. */
function weekdayOfRank(r: number): number {
  const q = Math.floor((r - 1) / 5);
  return MONDAY - 1 + 7 * q + (r - 5 * q);
}

// ---------------------------------------------------------------------------------------------

function checkCount(n: number): void {
  if (!Number.isInteger(n) || n < 0 || n > MAX_WORKDAYS) {
    throw new AppError('INVALID_INPUT', `工作日数“${String(n)}”无效：应为 0 到 ${MAX_WORKDAYS} 之间的整数`, { n });
  }
}

export function createCalendar(input: CalendarInput): Calendar {
  const overrideDays = new Map<number, { workday: boolean; name: string }>();
  const covered = new Set<number>(input.coveredYears);
  const dataYears: number[] = [...input.coveredYears];
  for (const o of input.overrides ?? []) {
    if (o.kind === 'year_complete') {
      covered.add(o.year);
      dataYears.push(o.year);
    } else {
      // Later entries win; checkOverrides() reports such conflicts to the admin.
      const day = toDay(o.date);
      overrideDays.set(day, { workday: o.kind === 'workday', name: o.name });
      dataYears.push(yearOfDay(day));
    }
  }
  const packageDays = new Map<number, { workday: boolean; name: string }>();
  for (const [date, name] of Object.entries(input.holidays)) packageDays.set(toDay(date), { workday: false, name });
  // A make-up workday wins over a holiday entry of the same date, as in chinese-days itself.
  for (const [date, name] of Object.entries(input.workdays)) packageDays.set(toDay(date), { workday: true, name });
  for (const day of packageDays.keys()) dataYears.push(yearOfDay(day));

  const coveredYears = [...covered].sort((a, b) => a - b);

  const classify = (day: number): Omit<DayInfo, 'date' | 'covered'> => {
    const wd = weekdayOf(day);
    const weekend = wd === 0 || wd === 6;
    const o = overrideDays.get(day) ?? packageDays.get(day);
    if (o) {
      const kind: DayKind = o.workday ? (weekend ? 'makeup_workday' : 'weekday') : 'holiday';
      return { workday: o.workday, kind, name: o.name, source: overrideDays.has(day) ? 'override' : 'package' };
    }
    return { workday: !weekend, kind: weekend ? 'weekend' : 'weekday', name: null, source: 'weekday_rule' };
  };

  // Index over every year that has any data: inside it one flag per day and a running rank; outside it
  // the Monday–Friday rule holds exactly, so rank and nthAfter stay O(1) everywhere.
  const firstYear = dataYears.length > 0 ? Math.min(...dataYears) : 2000;
  const lastYear = dataYears.length > 0 ? Math.max(...dataYears) : 1999;
  const first = dayFromCivil(firstYear, 1, 1);
  const last = dayFromCivil(lastYear, 12, 31);
  const length = Math.max(0, last - first + 1);
  const flags = new Uint8Array(length);
  // adjust[i]: (working days − Mondays–Fridays) over first .. first+i−1.
  const adjust = new Int32Array(length + 1);
  let workCount = 0;
  for (let i = 0; i < length; i++) {
    const day = first + i;
    const w = classify(day).workday;
    flags[i] = w ? 1 : 0;
    if (w) workCount++;
    const wd = weekdayOf(day);
    adjust[i + 1] = adjust[i]! + (w ? 1 : 0) - (wd >= 1 && wd <= 5 ? 1 : 0);
  }
  const workdayList = new Int32Array(workCount);
  for (let i = 0, j = 0; i < length; i++) if (flags[i]) workdayList[j++] = first + i;
  const adjustAfter = adjust[length]!;
  const rankBefore = weekdayRank(first - 1);
  const formatted: (string | undefined)[] = new Array<string | undefined>(length);

  // Covered years as contiguous day ranges, so the usual all-covered check is two comparisons.
  const coveredRuns: [number, number][] = [];
  for (const y of coveredYears) {
    const run = coveredRuns[coveredRuns.length - 1];
    if (run && yearOfDay(run[1]) === y - 1) run[1] = dayFromCivil(y, 12, 31);
    else coveredRuns.push([dayFromCivil(y, 1, 1), dayFromCivil(y, 12, 31)]);
  }

  const index: WorkdayIndex = {
    rank(day) {
      if (day < first) return weekdayRank(day);
      if (day > last) return weekdayRank(day) + adjustAfter;
      return weekdayRank(day) + adjust[day - first + 1]!;
    },
    nthAfter(day, n) {
      const target = index.rank(day) + n;
      if (target <= rankBefore) return weekdayOfRank(target);
      const j = target - rankBefore - 1;
      if (j < workCount) return workdayList[j]!;
      return weekdayOfRank(target - adjustAfter);
    },
    isWorkday(day) {
      if (day >= first && day <= last) return flags[day - first] === 1;
      const wd = weekdayOf(day);
      return wd >= 1 && wd <= 5;
    },
    uncoveredYears(fromDay, toDay) {
      if (toDay < fromDay) return NO_YEARS;
      for (const [a, b] of coveredRuns) if (fromDay >= a && toDay <= b) return NO_YEARS;
      const out: number[] = [];
      for (let y = yearOfDay(fromDay), end = yearOfDay(toDay); y <= end; y++) if (!covered.has(y)) out.push(y);
      return out.length === 0 ? NO_YEARS : out;
    },
    format(day) {
      if (day < first || day > last) return fromDay(day);
      return (formatted[day - first] ??= fromDay(day));
    },
  };

  return {
    coveredYears,
    index,
    isWorkday: (date) => index.isWorkday(toDay(date)),
    dayInfo(date) {
      const day = toDay(date);
      return { date: index.format(day), ...classify(day), covered: covered.has(yearOfDay(day)) };
    },
    addWorkdays(start, n) {
      checkCount(n);
      const s = toDay(start);
      const end = n === 0 ? s : index.nthAfter(s, n);
      return { date: index.format(end), uncoveredYears: index.uncoveredYears(s + 1, end) };
    },
    workdaysBetween(a, b) {
      const x = toDay(a);
      const y = toDay(b);
      const lo = Math.min(x, y);
      const hi = Math.max(x, y);
      return { days: index.rank(y) - index.rank(x), uncoveredYears: index.uncoveredYears(lo + 1, hi) };
    },
    coverage(from, to) {
      const a = toDay(from);
      const b = to === undefined ? a : toDay(to);
      return { uncoveredYears: index.uncoveredYears(Math.min(a, b), Math.max(a, b)) };
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Admin override list

const isoDateSchema = z.string().refine(
  (s) => {
    try {
      toDay(s);
      return true;
    } catch {
      return false;
    }
  },
  { message: '日期无效：请按 YYYY-MM-DD 填写，如 2027-02-06' },
);
const overrideNameSchema = z.string().trim().min(1, '请填写名称，如“春节”或通知文号').max(60, '名称不超过 60 个字');

export const calendarOverrideSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.enum(['holiday', 'workday']), date: isoDateSchema, name: overrideNameSchema }),
  z.object({ kind: z.literal('year_complete'), year: z.number().int().min(1990).max(2200), name: overrideNameSchema }),
]);
export const calendarOverridesSchema = z.array(calendarOverrideSchema).max(2000);

/** Problems in the admin's list, in Chinese, for the settings page; empty when the list is sound. */
export function checkOverrides(overrides: readonly CalendarOverride[]): string[] {
  const problems: string[] = [];
  const seen = new Map<number, CalendarOverride & { kind: 'holiday' | 'workday' }>();
  const yearsWithDates = new Set<number>();
  overrides.forEach((o, i) => {
    const where = `第 ${i + 1} 条`;
    if (o.name.trim() === '') problems.push(`${where}缺少名称：请填写节日名称（如“春节”）或通知文号`);
    if (o.kind === 'year_complete') return;
    let day: number;
    try {
      day = toDay(o.date);
    } catch {
      problems.push(`${where}的日期“${o.date}”无效：请按 YYYY-MM-DD 填写，如 2027-02-06`);
      return;
    }
    yearsWithDates.add(yearOfDay(day));
    const before = seen.get(day);
    if (before && before.kind !== o.kind) {
      problems.push(`${o.date} 同时被标为放假和上班：请删除其中错误的一条（当前按后录入的“${o.kind === 'holiday' ? '放假' : '上班'}”计算）`);
    } else if (before) {
      problems.push(`${o.date} 重复录入：请删除多余的一条`);
    }
    seen.set(day, o);
  });
  for (const o of overrides) {
    if (o.kind === 'year_complete' && !yearsWithDates.has(o.year)) {
      problems.push(`已确认 ${o.year} 年安排完整，但没有录入该年任何放假或调休上班日：请先按国务院通知逐日录入，再确认完整`);
    }
  }
  return problems;
}

/** The supervisor's warning for a computation that touched years without data; null when there are none. */
export function uncoveredYearsWarning(years: UncoveredYears): string | null {
  if (years.length === 0) return null;
  const list = years.join('、');
  return `${list} 年的节假日安排尚未录入，相关期限暂按周一至周五及管理员补录的调整日计算，可能不准确。请管理员在节假日设置中按国务院通知补录 ${list} 年的放假和调休上班日，并确认该年已录入完整。`;
}
