import * as chineseDays from 'chinese-days';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  calendarOverridesSchema,
  checkOverrides,
  createCalendar,
  formatChineseDate,
  fromDay,
  toDay,
  uncoveredYearsWarning,
  weekdayOf,
} from '../../shared/calendar.js';
import { AppError } from '../../shared/errors.js';
import { calendarData } from '../../seeds/calendar.js';

const data = calendarData();
const cal = createCalendar(data);

// 国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04), transcribed here by hand: the package data is
// checked against the notice, not trusted.
const NOTICE_2026 = {
  holidays: [
    ['2026-01-01', '2026-01-03', '元旦'],
    ['2026-02-15', '2026-02-23', '春节'],
    ['2026-04-04', '2026-04-06', '清明'],
    ['2026-05-01', '2026-05-05', '劳动节'],
    ['2026-06-19', '2026-06-21', '端午'],
    ['2026-09-25', '2026-09-27', '中秋'],
    ['2026-10-01', '2026-10-07', '国庆节'],
  ],
  workdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
} as const;

function daysOf(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = toDay(from); d <= toDay(to); d++) out.push(fromDay(d));
  return out;
}

describe('calendar data from chinese-days', () => {
  it('matches the State Council notice for 2026 day by day', () => {
    const holidays2026 = Object.entries(data.holidays).filter(([d]) => d.startsWith('2026-'));
    const expected = NOTICE_2026.holidays.flatMap(([from, to, name]) => daysOf(from, to).map((d) => [d, name]));
    expect(holidays2026.sort()).toEqual(expected.sort());
    const workdays2026 = Object.keys(data.workdays).filter((d) => d.startsWith('2026-'));
    expect(workdays2026.sort()).toEqual([...NOTICE_2026.workdays].sort());
    // Spring Festival: 9 days Sunday–Monday, make-up Saturdays on both sides.
    expect(weekdayOf(toDay('2026-02-15'))).toBe(0);
    expect(weekdayOf(toDay('2026-02-23'))).toBe(1);
    expect([weekdayOf(toDay('2026-02-14')), weekdayOf(toDay('2026-02-28'))]).toEqual([6, 6]);
    expect([weekdayOf(toDay('2026-09-20')), weekdayOf(toDay('2026-10-10'))]).toEqual([0, 6]);
  });

  it('declares contiguous covered years that include 2025 and 2026, each with a full arrangement', () => {
    expect(data.source).toMatch(/^chinese-days@\d+\.\d+\.\d+$/);
    expect(data.coveredYears).toContain(2025);
    expect(data.coveredYears).toContain(2026);
    const [first, ...rest] = data.coveredYears;
    rest.forEach((y, i) => expect(y).toBe(first! + i + 1));
    for (const y of data.coveredYears) {
      const names = new Set(Object.entries(data.holidays).filter(([d]) => d.startsWith(`${y}-`)).map(([, n]) => n));
      expect(names.has('春节') && names.has('国庆节')).toBe(true);
    }
    expect(data.coveredYears).not.toContain(2031);
  });

  it('agrees with the package’s own isWorkday on every day of every covered year', () => {
    const first = `${data.coveredYears[0]}-01-01`;
    const last = `${data.coveredYears.at(-1)}-12-31`;
    let checked = 0;
    for (const d of daysOf(first, last)) {
      if (cal.isWorkday(d) !== chineseDays.isWorkday(d)) throw new Error(`isWorkday differs on ${d}`);
      checked++;
    }
    expect(checked).toBeGreaterThan(365 * 20);
  });
});

describe('working-day arithmetic across the 2026 holidays', () => {
  const add = (d: string, n: number) => cal.addWorkdays(d, n);

  it('crosses the Spring Festival, counting the make-up Saturdays', () => {
    expect(add('2026-02-13', 1)).toEqual({ date: '2026-02-14', uncoveredYears: [] }); // lands on make-up Saturday
    expect(add('2026-02-12', 5).date).toBe('2026-02-26'); // 13, 14(Sat), 24, 25, 26
    expect(add('2026-02-10', 10).date).toBe('2026-03-02'); // … 27, 28(Sat), Mar 2
    expect(add('2026-02-02', 20).date).toBe('2026-03-06');
    expect(add('2026-02-27', 1).date).toBe('2026-02-28');
    expect(add('2026-02-13', 0).date).toBe('2026-02-13');
  });

  it('crosses Mid-Autumn and National Day, counting Sunday 20 Sep and Saturday 10 Oct', () => {
    expect(add('2026-09-18', 1).date).toBe('2026-09-20'); // Friday → make-up Sunday
    expect(add('2026-09-24', 5).date).toBe('2026-10-09'); // 28, 29, 30, Oct 8, 9
    expect(add('2026-09-24', 6).date).toBe('2026-10-10'); // make-up Saturday
    expect(add('2026-09-30', 10).date).toBe('2026-10-20');
    expect(add('2026-09-15', 20).date).toBe('2026-10-19');
  });

  it('starts counting the day after an acceptance on a holiday or weekend', () => {
    expect(add('2026-02-18', 1).date).toBe('2026-02-24'); // accepted during the holiday
    expect(add('2026-02-21', 5).date).toBe('2026-02-28'); // Saturday inside the holiday → make-up Saturday
    expect(add('2026-02-14', 1).date).toBe('2026-02-24'); // accepted on the make-up Saturday itself
    expect(add('2026-03-01', 1).date).toBe('2026-03-02'); // ordinary Sunday
    expect(add('2026-10-03', 3).date).toBe('2026-10-10');
  });

  it('crosses New Year 2026 with its make-up Sunday', () => {
    expect(add('2025-12-31', 1).date).toBe('2026-01-04');
    expect(cal.workdaysBetween('2025-12-31', '2026-01-05').days).toBe(2);
  });

  it('counts working days between two dates, antisymmetrically', () => {
    expect(cal.workdaysBetween('2026-02-13', '2026-02-24')).toEqual({ days: 2, uncoveredYears: [] });
    expect(cal.workdaysBetween('2026-02-24', '2026-02-13').days).toBe(-2);
    expect(cal.workdaysBetween('2026-02-14', '2026-02-23').days).toBe(0);
    expect(cal.workdaysBetween('2026-02-24', '2026-02-24').days).toBe(0);
    expect(cal.workdaysBetween('2026-09-30', '2026-10-20').days).toBe(10);
    expect(cal.workdaysBetween('2026-10-20', '2026-09-30').days).toBe(-10);
  });

  it('describes days for the calendar screen', () => {
    expect(cal.dayInfo('2026-02-14')).toMatchObject({ workday: true, kind: 'makeup_workday', name: '春节', source: 'package', covered: true });
    expect(cal.dayInfo('2026-02-16')).toMatchObject({ workday: false, kind: 'holiday', name: '春节' });
    expect(cal.dayInfo('2026-03-07')).toMatchObject({ workday: false, kind: 'weekend', name: null, source: 'weekday_rule' });
    expect(cal.dayInfo('2031-01-08')).toMatchObject({ workday: true, kind: 'weekday', covered: false });
    expect(formatChineseDate('2026-02-24')).toBe('2026年2月24日');
  });

  it('refuses malformed dates and counts with a Chinese message', () => {
    for (const bad of ['2026-02-30', '2026-2-3', '2026/02/03', '', '2026-13-01', '0000-01-01']) {
      expect(() => cal.addWorkdays(bad, 1)).toThrow(AppError);
    }
    expect(() => cal.addWorkdays('2026-02-30', 1)).toThrow(/YYYY-MM-DD/);
    expect(() => cal.addWorkdays('2026-02-03', -1)).toThrow(/整数/);
    expect(() => cal.addWorkdays('2026-02-03', 1.5)).toThrow(AppError);
  });
});

describe('years without calendar data', () => {
  it('flags the uncovered year instead of silently assuming Monday–Friday', () => {
    // 2031-01-06 is a Monday.
    const r = cal.addWorkdays('2031-01-06', 5);
    expect(r).toEqual({ date: '2031-01-13', uncoveredYears: [2031] });
    expect(cal.workdaysBetween('2031-01-06', '2031-01-13')).toEqual({ days: 5, uncoveredYears: [2031] });
    expect(cal.coverage('2026-12-01', '2027-03-01').uncoveredYears).toEqual([2027]);
    expect(cal.coverage('2026-06-01').uncoveredYears).toEqual([]);
    // A deadline running from late 2026 into a year the package lacks.
    expect(cal.addWorkdays('2026-12-21', 20).uncoveredYears).toEqual([2027]);
    expect(cal.addWorkdays('2026-12-01', 10).uncoveredYears).toEqual([]);
    expect(uncoveredYearsWarning([2031])).toMatch(/2031 年的节假日安排尚未录入/);
    expect(uncoveredYearsWarning([])).toBeNull();
  });

  it('uses the admin override list in that year', () => {
    const withHoliday = createCalendar({ ...data, overrides: [{ kind: 'holiday', date: '2031-01-08', name: '测试放假' }] });
    expect(withHoliday.addWorkdays('2031-01-06', 5)).toEqual({ date: '2031-01-14', uncoveredYears: [2031] });
    const withWorkday = createCalendar({ ...data, overrides: [{ kind: 'workday', date: '2031-01-11', name: '调休上班' }] });
    expect(withWorkday.addWorkdays('2031-01-06', 5).date).toBe('2031-01-11');
    expect(withWorkday.dayInfo('2031-01-11')).toMatchObject({ workday: true, kind: 'makeup_workday', source: 'override', covered: false });
  });

  it('counts a year as covered once the admin marks it complete', () => {
    const complete = createCalendar({
      ...data,
      overrides: [
        { kind: 'holiday', date: '2031-01-08', name: '测试放假' },
        { kind: 'year_complete', year: 2031, name: '国办发明电〔2030〕X号' },
      ],
    });
    expect(complete.addWorkdays('2031-01-06', 5)).toEqual({ date: '2031-01-14', uncoveredYears: [] });
    expect(complete.coveredYears).toContain(2031);
    expect(complete.coverage('2030-12-31', '2031-01-02').uncoveredYears).toEqual([2030]);
  });

  it('lets an override win over the package data', () => {
    const o = createCalendar({
      ...data,
      overrides: [
        { kind: 'holiday', date: '2026-02-14', name: '本地不调休' },
        { kind: 'workday', date: '2026-02-23', name: '本地提前上班' },
      ],
    });
    expect(o.addWorkdays('2026-02-13', 1).date).toBe('2026-02-23');
    expect(cal.addWorkdays('2026-02-13', 1).date).toBe('2026-02-14');
  });

  it('works with no package data at all', () => {
    const bare = createCalendar({ holidays: {}, workdays: {}, coveredYears: [] });
    expect(bare.addWorkdays('2026-02-13', 1)).toEqual({ date: '2026-02-16', uncoveredYears: [2026] });
    expect(bare.workdaysBetween('2026-02-13', '2026-02-16').days).toBe(1);
  });

  it('reports problems in the override list in Chinese', () => {
    const problems = checkOverrides([
      { kind: 'holiday', date: '2027-02-06', name: '春节' },
      { kind: 'workday', date: '2027-02-06', name: '春节' },
      { kind: 'holiday', date: '2027-02-07', name: '春节' },
      { kind: 'holiday', date: '2027-02-07', name: '春节' },
      { kind: 'holiday', date: '2027-02-30', name: '春节' },
      { kind: 'holiday', date: '2027-02-08', name: ' ' },
      { kind: 'year_complete', year: 2028, name: '国办发明电' },
    ]);
    expect(problems).toHaveLength(5);
    expect(problems.join('\n')).toMatch(/2027-02-06 同时被标为放假和上班/);
    expect(problems.join('\n')).toMatch(/2027-02-07 重复录入/);
    expect(problems.join('\n')).toMatch(/2027-02-30.*无效/);
    expect(problems.join('\n')).toMatch(/第 6 条缺少名称/);
    expect(problems.join('\n')).toMatch(/已确认 2028 年安排完整，但没有录入/);
    expect(checkOverrides([{ kind: 'holiday', date: '2027-02-06', name: '春节' }, { kind: 'year_complete', year: 2027, name: 'x' }])).toEqual([]);
    expect(calendarOverridesSchema.safeParse([{ kind: 'holiday', date: '2027-02-30', name: '春节' }]).success).toBe(false);
    expect(calendarOverridesSchema.safeParse([{ kind: 'year_complete', year: 2027, name: '国办发明电〔2026〕X号' }]).success).toBe(true);
  });
});

describe('properties', () => {
  const covered = fc.integer({ min: toDay(`${data.coveredYears[0]}-01-01`), max: toDay('2026-12-31') });
  const anyDay = fc.integer({ min: toDay('1995-01-01'), max: toDay('2035-12-31') });

  it('workdaysBetween(d, addWorkdays(d, n)) === n', () => {
    fc.assert(
      fc.property(anyDay, fc.integer({ min: 0, max: 400 }), (d, n) => {
        const start = fromDay(d);
        const end = cal.addWorkdays(start, n);
        expect(cal.workdaysBetween(start, end.date).days).toBe(n);
        expect(cal.workdaysBetween(end.date, start).days).toBe(0 - n || 0);
        if (n > 0) expect(cal.isWorkday(end.date)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('addWorkdays equals the package’s own findWorkday on covered dates', () => {
    fc.assert(
      fc.property(covered, fc.integer({ min: 1, max: 60 }), (d, n) => {
        const start = fromDay(d);
        const r = cal.addWorkdays(start, n);
        fc.pre(r.uncoveredYears.length === 0);
        expect(r.date).toBe(chineseDays.findWorkday(n, start));
      }),
      { numRuns: 1000 },
    );
  });

  it('day numbers round-trip and step one calendar day at a time', () => {
    fc.assert(
      fc.property(fc.integer({ min: toDay('1900-01-01'), max: toDay('2200-12-31') }), (d) => {
        const iso = fromDay(d);
        expect(toDay(iso)).toBe(d);
        const utc = new Date(d * 86_400_000);
        expect(iso).toBe(utc.toISOString().slice(0, 10));
        expect(weekdayOf(d)).toBe(utc.getUTCDay());
      }),
      { numRuns: 2000 },
    );
  });
});
