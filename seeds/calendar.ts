import raw from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import pkg from 'chinese-days/package.json' with { type: 'json' };
import type { CalendarData } from '../shared/calendar.js';

// Statutory holidays and make-up workdays (调休) from the chinese-days package, which transcribes the
// State Council's yearly notice (国务院办公厅关于XXXX年部分节假日安排的通知). The data is bundled
// JSON: nothing is read at run time. The admin's override list is added by the caller
// (createCalendar({ ...calendarData(), overrides })).

export interface CalendarSourceData extends CalendarData {
  /** e.g. 'chinese-days@1.5.7', for the supervisor's screen and the audit trail. */
  source: string;
}

interface PackageData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

// Entries read "Spring Festival,春节,4" (English name, Chinese name, holiday code).
function chineseName(entry: string): string {
  const parts = entry.split(',');
  return (parts.length >= 2 ? parts[parts.length - 2] : entry)!.trim();
}

let cached: CalendarSourceData | null = null;

export function calendarData(): CalendarSourceData {
  if (cached) return cached;
  const data = raw as PackageData;
  const holidays: Record<string, string> = {};
  const workdays: Record<string, string> = {};
  const names = new Map<number, Set<string>>();
  for (const [date, entry] of Object.entries(data.holidays)) {
    const name = chineseName(entry);
    holidays[date] = name;
    const year = Number(date.slice(0, 4));
    if (!names.has(year)) names.set(year, new Set());
    names.get(year)!.add(name);
  }
  for (const [date, entry] of Object.entries(data.workdays)) workdays[date] = chineseName(entry);
  // Every yearly notice arranges both 春节 and 国庆节; a year holding only a spill-over day of a
  // neighbouring year's block (e.g. a 31 December) is not covered.
  const coveredYears = [...names]
    .filter(([, set]) => set.has('春节') && set.has('国庆节'))
    .map(([year]) => year)
    .sort((a, b) => a - b);
  cached = Object.freeze({ holidays, workdays, coveredYears, source: `chinese-days@${pkg.version}` });
  return cached;
}
