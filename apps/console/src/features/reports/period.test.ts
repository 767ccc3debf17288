import { describe, expect, it } from 'vitest';
import {
  addDays,
  daysIn,
  isBucketed,
  last7Period,
  periodFileStem,
  periodFromSearch,
  periodInstants,
  periodProblem,
  periodSearch,
  presetOf,
  startOfDay,
  todayPeriod,
} from './period';

// A local time, whatever the machine's zone: 30 Nov 2026, 09:15.
const NOW = new Date(2026, 10, 30, 9, 15);

describe('report periods', () => {
  it('makes Today the local day so far and Last 7 days the six before it and today', () => {
    expect(todayPeriod(NOW)).toEqual({ from: '2026-11-30', to: '2026-11-30' });
    expect(last7Period(NOW)).toEqual({ from: '2026-11-24', to: '2026-11-30' });
    // Across a month and a year end.
    expect(last7Period(new Date(2027, 0, 3, 8))).toEqual({ from: '2026-12-28', to: '2027-01-03' });
  });

  it('asks the server for local midnight to the midnight after the end day', () => {
    expect(periodInstants({ from: '2026-11-30', to: '2026-11-30' })).toEqual({
      from: new Date(2026, 10, 30).toISOString(),
      to: new Date(2026, 11, 1).toISOString(),
    });
    expect(periodInstants({ from: '2026-11-24', to: '2026-11-30' })).toEqual({
      from: new Date(2026, 10, 24).toISOString(),
      to: new Date(2026, 11, 1).toISOString(),
    });
  });

  it('never asks for more than the server takes, 400 × 24 h, whatever DST adds', () => {
    const { from, to } = periodInstants({ from: '2026-01-01', to: addDays('2026-01-01', 399) });
    expect(Date.parse(to) - Date.parse(from)).toBeLessThanOrEqual(400 * 86_400_000);
  });

  it('says over a day is bucketed (the note on the page) and a single day is not', () => {
    expect(isBucketed(todayPeriod(NOW))).toBe(false);
    expect(isBucketed(last7Period(NOW))).toBe(true);
  });

  it('lights up the preset a period matches, Custom for any other', () => {
    expect(presetOf(todayPeriod(NOW), NOW)).toBe('today');
    expect(presetOf(last7Period(NOW), NOW)).toBe('last7');
    expect(presetOf({ from: '2026-11-29', to: '2026-11-29' }, NOW)).toBe('custom');
    expect(presetOf({ from: '2026-11-23', to: '2026-11-29' }, NOW)).toBe('custom');
  });

  it('refuses an end before the start, more than 400 days, and what is not a day, in words', () => {
    expect(periodProblem({ from: '2026-11-30', to: '2026-11-29' })).toBe('The end day is before the start day.');
    expect(periodProblem({ from: '2025-01-01', to: '2026-02-05' })).toBe('A report covers at most 400 days.');
    expect(periodProblem({ from: '2025-01-01', to: addDays('2025-01-01', 399) })).toBeNull();
    expect(periodProblem({ from: '2026-02-31', to: '2026-03-01' })).toBe('The start is not a day. Use the date picker, or YYYY-MM-DD.');
    expect(periodProblem({ from: '2026-11-01', to: 'tomorrow' })).toBe('The end is not a day. Use the date picker, or YYYY-MM-DD.');
    expect(periodProblem({ from: '', to: '2026-11-30' })).toBe('Pick a start and an end day.');
    expect(periodProblem({ from: '2026-11-30', to: '2026-11-30' })).toBeNull();
  });

  it('counts days with both ends included, across DST changes', () => {
    expect(daysIn('2026-11-30', '2026-11-30')).toBe(1);
    expect(daysIn('2026-03-01', '2026-03-31')).toBe(31);
    expect(daysIn('2026-10-20', '2026-11-05')).toBe(17);
    expect(startOfDay('2026-13-01')).toBeNull();
  });

  it('round-trips through the URL, and reads Today from a URL that names no period', () => {
    const period = { from: '2026-11-24', to: '2026-11-30' };
    expect(periodSearch(period)).toBe('?from=2026-11-24&to=2026-11-30');
    expect(periodFromSearch(periodSearch(period), NOW)).toEqual(period);
    expect(periodFromSearch('', NOW)).toEqual(todayPeriod(NOW));
    // Whatever a hand-edited link says comes back as is, for the page to say what is wrong with it.
    expect(periodFromSearch('?from=2026-11-30', NOW)).toEqual({ from: '2026-11-30', to: '' });
  });

  it('names CSV files after the day, or the first and last day', () => {
    expect(periodFileStem({ from: '2026-11-30', to: '2026-11-30' })).toBe('2026-11-30');
    expect(periodFileStem({ from: '2026-11-24', to: '2026-11-30' })).toBe('2026-11-24_2026-11-30');
  });
});
