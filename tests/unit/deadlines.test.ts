import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calendarData } from '../../seeds/calendar.js';
import { createCalendar, fromDay, toDay, type CalendarOverride } from '../../shared/calendar.js';
import {
  commitmentDeadline,
  computeDeadline,
  computeDeadlines,
  PAUSE_REASONS,
  type ClockPause,
  type DeadlineInput,
} from '../../shared/deadlines.js';
import { AppError } from '../../shared/errors.js';

const data = calendarData();
const cal = createCalendar(data);

const at = (input: DeadlineInput, today: string) => computeDeadline(cal, input, today);
const both = (input: DeadlineInput, today: string) => {
  const simple = computeDeadline(cal, input, today);
  expect(computeDeadlines(cal, [input], today)).toEqual([simple]);
  return simple;
};

describe('deadlines across the 2026 Spring Festival', () => {
  it('gives promised and statutory due dates counted from the day after acceptance', () => {
    expect(both({ start: '2026-02-12', promisedDays: 5, statutoryDays: 20 }, '2026-02-13')).toEqual({
      dueDate: '2026-02-26',
      statutoryDueDate: '2026-03-18',
      limitDays: 5,
      warnDate: '2026-02-25', // the 4th counted day: 4/5 ≥ 2/3
      usedWorkdays: 1,
      remainingWorkdays: 4,
      overdueWorkdays: 0,
      level: 'green',
      pausedNow: false,
      uncoveredYears: [],
    });
  });

  it('turns yellow at exactly two thirds, stays yellow on the due day and turns red the day after', () => {
    const item = { start: '2026-02-12', promisedDays: 6, statutoryDays: 20 }; // due 2026-02-27
    expect(both(item, '2026-02-21')).toMatchObject({ usedWorkdays: 2, level: 'green' }); // inside the holiday
    expect(both(item, '2026-02-24')).toMatchObject({ usedWorkdays: 3, level: 'green' });
    expect(both(item, '2026-02-25')).toMatchObject({ usedWorkdays: 4, level: 'yellow', warnDate: '2026-02-25' }); // 4/6: the stored warn date is the first yellow day
    expect(both(item, '2026-02-27')).toMatchObject({ dueDate: '2026-02-27', usedWorkdays: 6, remainingWorkdays: 0, level: 'yellow' });
    expect(both(item, '2026-02-28')).toMatchObject({ usedWorkdays: 7, overdueWorkdays: 1, level: 'red' }); // make-up Saturday
    expect(both(item, '2026-03-01')).toMatchObject({ usedWorkdays: 7, level: 'red' });
  });

  it('measures two thirds of a three-day limit without rounding', () => {
    const item = { start: '2026-03-02', promisedDays: 3, statutoryDays: null }; // due Thursday 2026-03-05
    expect(both(item, '2026-03-03').level).toBe('green'); // 1/3
    expect(both(item, '2026-03-04').level).toBe('yellow'); // 2/3
    expect(both(item, '2026-03-05').level).toBe('yellow');
    expect(both(item, '2026-03-06').level).toBe('red');
  });

  it('is red on the weekend after a Friday due date with no working day overdue yet', () => {
    expect(both({ start: '2026-03-02', promisedDays: 4, statutoryDays: 10 }, '2026-03-07')).toMatchObject({
      dueDate: '2026-03-06',
      usedWorkdays: 4,
      overdueWorkdays: 0,
      level: 'red',
    });
  });

  it('measures against the statutory limit when no promised limit is set, and is green without limits', () => {
    expect(both({ start: '2026-02-12', promisedDays: null, statutoryDays: 5 }, '2026-02-25')).toMatchObject({
      dueDate: null,
      statutoryDueDate: '2026-02-26',
      limitDays: 5,
      usedWorkdays: 4,
      level: 'yellow',
    });
    expect(both({ start: '2026-02-12', promisedDays: null, statutoryDays: null }, '2027-01-01')).toMatchObject({
      dueDate: null,
      statutoryDueDate: null,
      limitDays: null,
      remainingWorkdays: null,
      level: 'green',
    });
  });

  it('crosses National Day from the unblocking date of a dependent item', () => {
    expect(both({ start: '2026-09-24', promisedDays: 6, statutoryDays: 10 }, '2026-10-08')).toMatchObject({
      dueDate: '2026-10-10',
      statutoryDueDate: '2026-10-15',
      usedWorkdays: 4,
      level: 'yellow',
    });
  });
});

describe('clock pauses', () => {
  const correction = (from: string, to: string | null): ClockPause => ({ from, to, reason: 'correction' });

  it('does not count the working days of a closed pause, both ends included', () => {
    const r = both({ start: '2026-02-12', promisedDays: 5, statutoryDays: null, pauses: [correction('2026-02-24', '2026-02-25')] }, '2026-02-26');
    expect(r).toMatchObject({ dueDate: '2026-02-28', usedWorkdays: 3, pausedNow: false, level: 'green' });
  });

  it('stops the clock while a pause is open and restarts it after the pause ends', () => {
    const item = { start: '2026-02-12', promisedDays: 5, statutoryDays: 20, pauses: [correction('2026-02-25', null)] };
    const first = both(item, '2026-03-03');
    expect(first).toMatchObject({ usedWorkdays: 3, remainingWorkdays: 2, dueDate: '2026-03-05', pausedNow: true, level: 'green' });
    const next = both(item, '2026-03-04');
    expect(next).toMatchObject({ usedWorkdays: 3, dueDate: '2026-03-06', pausedNow: true });
    const closed = both({ ...item, pauses: [correction('2026-02-25', '2026-03-04')] }, '2026-03-05');
    expect(closed).toMatchObject({ usedWorkdays: 4, dueDate: '2026-03-06', pausedNow: false, level: 'yellow' });
  });

  it('keeps an item paused on its due day from turning red', () => {
    // Without the pause the 2-day limit ends on the make-up Saturday 2026-02-14.
    expect(both({ start: '2026-02-12', promisedDays: 2, statutoryDays: null }, '2026-02-26').level).toBe('red');
    const paused = both({ start: '2026-02-12', promisedDays: 2, statutoryDays: null, pauses: [{ from: '2026-02-14', to: null, reason: 'expert_review' }] }, '2026-02-26');
    expect(paused).toMatchObject({ usedWorkdays: 1, dueDate: '2026-02-27', pausedNow: true, level: 'green' });
  });

  it('merges overlapping pauses and ignores days before the start', () => {
    const r = both(
      {
        start: '2026-02-12',
        promisedDays: 5,
        statutoryDays: null,
        pauses: [correction('2026-02-01', '2026-02-12'), { from: '2026-02-24', to: '2026-02-26', reason: 'site_inspection' }, { from: '2026-02-25', to: '2026-02-27', reason: 'expert_review' }],
      },
      '2026-03-09',
    );
    expect(r).toMatchObject({ dueDate: '2026-03-03', usedWorkdays: 9, overdueWorkdays: 4, level: 'red' }); // 13, 14, 28, Mar 2–6, 9
  });

  it('refuses a pause that ends before it starts', () => {
    const bad = { start: '2026-02-12', promisedDays: 5, statutoryDays: null, pauses: [correction('2026-02-25', '2026-02-24')] };
    expect(() => at(bad, '2026-03-01')).toThrow(AppError);
    expect(() => computeDeadlines(cal, [bad], '2026-03-01')).toThrow(/早于开始日期/);
  });
});

describe('years without calendar data', () => {
  it('reports the uncovered year for a deadline running into it', () => {
    expect(both({ start: '2026-12-21', promisedDays: 20, statutoryDays: null }, '2026-12-22').uncoveredYears).toEqual([2027]);
    expect(both({ start: '2026-11-02', promisedDays: 10, statutoryDays: null }, '2026-11-05').uncoveredYears).toEqual([]);
  });

  it('uses the override list there', () => {
    const item = { start: '2031-01-06', promisedDays: 5, statutoryDays: null };
    expect(computeDeadline(cal, item, '2031-01-07')).toMatchObject({ dueDate: '2031-01-13', uncoveredYears: [2031] });
    const withHoliday = createCalendar({ ...data, overrides: [{ kind: 'holiday', date: '2031-01-08', name: '测试放假' }] });
    expect(computeDeadline(withHoliday, item, '2031-01-07')).toMatchObject({ dueDate: '2031-01-14', uncoveredYears: [2031] });
    expect(computeDeadlines(withHoliday, [item], '2031-01-07')[0]).toMatchObject({ dueDate: '2031-01-14', uncoveredYears: [2031] });
  });
});

describe('容缺受理 commitment deadline', () => {
  it('grants the requested period within the promised limit', () => {
    expect(commitmentDeadline(cal, '2026-02-12', 3, 5)).toEqual({ date: '2026-02-24', days: 3, clamped: false, message: null, uncoveredYears: [] });
    expect(commitmentDeadline(cal, '2026-02-12', 30, null)).toMatchObject({ days: 30, clamped: false });
  });

  it('cuts a longer period to the promised limit and tells the clerk', () => {
    const r = commitmentDeadline(cal, '2026-02-12', 10, 5);
    expect(r).toMatchObject({ date: '2026-02-26', days: 5, clamped: true });
    expect(r.message).toMatch(/不能晚于事项的承诺办结时限（5 个工作日）/);
    expect(r.message).toMatch(/2026年2月26日/);
  });

  it('refuses a period that is not a positive whole number of working days', () => {
    expect(() => commitmentDeadline(cal, '2026-02-12', 0, 5)).toThrow(/整数个工作日/);
    expect(() => commitmentDeadline(cal, '2026-02-12', 2.5, 5)).toThrow(AppError);
  });
});

describe('bulk path equals the day-by-day path', () => {
  const pause = (lo: number, hi: number) =>
    fc.record({
      from: fc.integer({ min: lo, max: hi }),
      length: fc.integer({ min: 0, max: 40 }),
      open: fc.boolean(),
      reason: fc.constantFrom(...PAUSE_REASONS),
    });
  const items = (lo: number, hi: number) =>
    fc.array(
      fc.record({
        start: fc.integer({ min: lo, max: hi }),
        promisedDays: fc.option(fc.integer({ min: 0, max: 60 }), { nil: null, freq: 8 }),
        statutoryDays: fc.option(fc.integer({ min: 0, max: 120 }), { nil: null, freq: 3 }),
        pauses: fc.array(pause(-10, 120), { maxLength: 3 }),
      }),
      { minLength: 1, maxLength: 30 },
    );
  const toInput = (r: { start: number; promisedDays: number | null; statutoryDays: number | null; pauses: { from: number; length: number; open: boolean; reason: ClockPause['reason'] }[] }): DeadlineInput => ({
    start: fromDay(r.start),
    promisedDays: r.promisedDays,
    statutoryDays: r.statutoryDays,
    pauses: r.pauses.map((p) => ({ from: fromDay(r.start + p.from), to: p.open ? null : fromDay(r.start + p.from + p.length), reason: p.reason })),
  });

  function agree(calendar: ReturnType<typeof createCalendar>, lo: number, hi: number, runs: number) {
    fc.assert(
      fc.property(items(lo, hi), fc.integer({ min: -20, max: 200 }), (raw, todayOffset) => {
        const inputs = raw.map(toInput);
        const today = fromDay(raw[0]!.start + todayOffset);
        const bulk = computeDeadlines(calendar, inputs, today);
        expect(bulk).toEqual(inputs.map((i) => computeDeadline(calendar, i, today)));
      }),
      { numRuns: runs },
    );
  }

  it('on the package calendar, inside and around its years', () => {
    agree(cal, toDay('2003-09-01'), toDay('2027-06-30'), 400);
  });

  it('on a sparse calendar whose data sits in the middle of the range', () => {
    const overrides: CalendarOverride[] = [
      { kind: 'holiday', date: '2031-01-08', name: '放假' },
      { kind: 'workday', date: '2031-01-11', name: '上班' },
      { kind: 'holiday', date: '2031-10-01', name: '放假' },
      { kind: 'year_complete', year: 2031, name: '测试' },
    ];
    const sparse = createCalendar({ holidays: {}, workdays: {}, coveredYears: [], overrides });
    agree(sparse, toDay('2030-10-01'), toDay('2032-03-01'), 400);
  });
});
