import { calendarData } from '../../seeds/calendar.js';
import { createCalendar, uncoveredYearsWarning, type Calendar, type IsoDate, type UncoveredYears } from '../../shared/calendar.js';
import type { Deps } from './auth.js';

// The working-day calendar of this counter: the statutory arrangement shipped with the program
// plus the hall admin's overrides, rebuilt when the overrides change.

/** Today's date in China (UTC+8 all year, no daylight saving). */
export function chinaDate(ms: number): IsoDate {
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);
}

/** `YYYY-MM-DD HH:mm` in China time, as printed on notices. */
export function chinaDateTime(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

export function createCalendarService({ settings, now }: Pick<Deps, 'settings' | 'now'>) {
  let cache: { key: string; cal: Calendar } | null = null;
  function calendar(): Calendar {
    const overrides = settings.read().calendarOverrides;
    const key = JSON.stringify(overrides);
    if (cache?.key !== key) cache = { key, cal: createCalendar({ ...calendarData(), overrides }) };
    return cache.cal;
  }
  return {
    calendar,
    today: (): IsoDate => chinaDate(now()),
    nowText: (): string => chinaDateTime(now()),
    addWorkdays: (start: IsoDate, n: number) => calendar().addWorkdays(start, n),
    /** The supervisor's warning when a computation reached a year without holiday data. */
    warning: (years: UncoveredYears): string | null => uncoveredYearsWarning(years),
  };
}

export type CalendarService = ReturnType<typeof createCalendarService>;
