import { describe, expect, it } from 'vitest';
import { chinaToday, formatMetric, initialDraft, periodOf } from '../../renderer/supervision/reports/format.js';

// The report page's period picker: what it asks the host for, and what it says is missing.

describe('report period picker', () => {
  const base = initialDraft('2026-11-23');

  it('starts on the current month in the hall', () => {
    expect(base).toMatchObject({ kind: 'month', month: '2026-11', date: '2026-11-23', year: '2026', from: '2026-11-01', to: '2026-11-23' });
    // 23:30 UTC on the 22nd is already the 23rd in China.
    expect(chinaToday(Date.parse('2026-11-22T23:30:00Z'))).toBe('2026-11-23');
  });

  it('builds each kind of period', () => {
    expect(periodOf({ ...base, kind: 'day' })).toEqual({ period: { kind: 'day', date: '2026-11-23' } });
    expect(periodOf({ ...base, kind: 'week' })).toEqual({ period: { kind: 'week', date: '2026-11-23' } });
    expect(periodOf({ ...base, kind: 'month', month: '2026-10' })).toEqual({ period: { kind: 'month', month: '2026-10' } });
    expect(periodOf({ ...base, kind: 'year', year: '2025' })).toEqual({ period: { kind: 'year', year: 2025 } });
    expect(periodOf({ ...base, kind: 'range', from: '2026-01-01', to: '2026-03-31' })).toEqual({ period: { kind: 'range', from: '2026-01-01', to: '2026-03-31' } });
  });

  it('says what is missing or wrong instead of asking the host', () => {
    expect(periodOf({ ...base, kind: 'day', date: '' })).toEqual({ problem: '请选择日期。' });
    expect(periodOf({ ...base, kind: 'month', month: '2026-13' })).toEqual({ problem: '请选择月份。' });
    expect(periodOf({ ...base, kind: 'year', year: '1999' })).toEqual({ problem: '请填写 2000 至 2100 之间的年份。' });
    expect(periodOf({ ...base, kind: 'range', from: '2026-12-01', to: '2026-11-01' })).toEqual({ problem: '开始日期晚于结束日期，请调换后再查询。' });
  });

  it('formats figures as the tables show them', () => {
    expect(formatMetric('onTimeRate', 0.875)).toBe('87.5%');
    expect(formatMetric('readyMedian', 2.5)).toBe('2.5');
    expect(formatMetric('readyMedian', 3)).toBe('3');
    expect(formatMetric('correctionsPerCase', 1 / 3)).toBe('0.33');
    expect(formatMetric('fieldsMerged', null)).toBe('—');
    expect(formatMetric('cases', 12)).toBe('12');
  });
});
