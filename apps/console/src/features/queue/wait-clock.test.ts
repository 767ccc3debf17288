import { describe, expect, it } from 'vitest';
import { dueState, formatDue, formatDuration, formatWait, targetUsed, waitClock, waitLevel } from './wait-clock';

const T0 = Date.parse('2026-03-01T10:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

describe('formatWait', () => {
  it('shows mm:ss under an hour', () => {
    expect(formatWait(0)).toBe('00:00');
    expect(formatWait(999)).toBe('00:00');
    expect(formatWait(65_000)).toBe('01:05');
    expect(formatWait(59 * 60_000 + 59_000)).toBe('59:59');
  });

  it('shows h:mm:ss from an hour on', () => {
    expect(formatWait(3_600_000)).toBe('1:00:00');
    expect(formatWait(26 * 3_600_000 + 3 * 60_000 + 7_000)).toBe('26:03:07');
  });

  it('reads a negative duration (server clock ahead of the row) as zero', () => {
    expect(formatWait(-4_000)).toBe('00:00');
  });
});

describe('waitLevel', () => {
  it('is calm below half the target, amber below all of it, breached from there', () => {
    expect(waitLevel(0)).toBe('calm');
    expect(waitLevel(0.49)).toBe('calm');
    expect(waitLevel(0.5)).toBe('warning');
    expect(waitLevel(0.99)).toBe('warning');
    expect(waitLevel(1)).toBe('breached');
    expect(waitLevel(3)).toBe('breached');
  });
});

describe('targetUsed', () => {
  it('divides the wait by responseDueAt − waitingSince', () => {
    expect(targetUsed(T0, T0 + 300_000, T0 + 150_000)).toBe(0.5);
  });

  it('treats a zero target as used up once due', () => {
    expect(targetUsed(T0, T0, T0 - 1)).toBe(0);
    expect(targetUsed(T0, T0, T0)).toBe(1);
  });
});

describe('waitClock', () => {
  const sms = { waitingSince: iso(T0), responseDueAt: iso(T0 + 5 * 60_000), breached: false };

  it('ticks from waitingSince and colours by the share of the SMS target used', () => {
    expect(waitClock(sms, T0 + 60_000)).toEqual({ level: 'calm', text: '01:00', used: 0.2 });
    expect(waitClock(sms, T0 + 3 * 60_000)).toMatchObject({ level: 'warning', text: '03:00' });
    expect(waitClock(sms, T0 + 5 * 60_000)).toMatchObject({ level: 'breached', text: '05:00' });
  });

  it('trusts the server when it says the wait breached', () => {
    expect(waitClock({ ...sms, breached: true }, T0 + 1_000).level).toBe('breached');
  });

  it('shows a dash and no colour when nobody waits', () => {
    expect(waitClock({ waitingSince: null, responseDueAt: null }, T0)).toEqual({ level: 'none', text: '—', used: null });
  });
});

describe('formatDuration', () => {
  it('shows the two largest units with seconds below an hour', () => {
    expect(formatDuration(45_000)).toBe('45 s');
    expect(formatDuration(4 * 60_000 + 10_000)).toBe('4 min 10 s');
    expect(formatDuration(3 * 3_600_000 + 5 * 60_000 + 9_000)).toBe('3 h 5 min');
    expect(formatDuration(2 * 86_400_000 + 3 * 3_600_000 + 59 * 60_000)).toBe('2 d 3 h');
  });

  it('drops a zero unit, so a target reads "60 s", "1 min" or "4 h"', () => {
    expect(formatDuration(60_000)).toBe('1 min');
    expect(formatDuration(4 * 3_600_000)).toBe('4 h');
    expect(formatDuration(3_600_000 + 30_000)).toBe('1 h');
    expect(formatDuration(0)).toBe('0 s');
    expect(formatDuration(-5_000)).toBe('0 s');
  });

  it('says a day and more in hours when asked, as targets are said ("24 h")', () => {
    expect(formatDuration(86_400_000, 'h')).toBe('24 h');
    expect(formatDuration(36 * 3_600_000 + 5 * 60_000, 'h')).toBe('36 h 5 min');
    expect(formatDuration(86_400_000)).toBe('1 d');
  });
});

describe('dueState', () => {
  const due = { responseDueAt: iso(T0 + 5 * 60_000), breached: false };
  const at = (ms: number) => formatDue(dueState(due, T0 + 5 * 60_000 + ms));

  it('counts down to the due time by the second, a part-second left reading "1 s"', () => {
    expect(dueState(due, T0)).toEqual({ state: 'due', ms: 300_000 });
    expect(dueState(due, T0 + 50_000)).toEqual({ state: 'due', ms: 250_000 });
    expect(dueState(due, T0 + 299_500)).toEqual({ state: 'due', ms: 1_000 });
  });

  it('counts up once the due time passed', () => {
    expect(dueState(due, T0 + 5 * 60_000)).toEqual({ state: 'overdue', ms: 0 });
    expect(dueState(due, T0 + 8 * 60_000 + 5_000)).toEqual({ state: 'overdue', ms: 185_000 });
  });

  it('reads each second for exactly one second across the due time, "Due now" for the first past it', () => {
    expect([-2_000, -1_001, -1_000, -999, -1, 0, 999, 1_000, 1_999, 2_000].map(at)).toEqual([
      'Due in 2 s', 'Due in 2 s', 'Due in 1 s', 'Due in 1 s', 'Due in 1 s', 'Due now', 'Due now', 'Overdue 1 s', 'Overdue 1 s', 'Overdue 2 s',
    ]);
  });

  it('reads overdue when the server says breached, even if this clock is behind', () => {
    expect(dueState({ ...due, breached: true }, T0)).toEqual({ state: 'overdue', ms: 0 });
    expect(formatDue(dueState({ ...due, breached: true }, T0))).toBe('Due now');
  });

  it('is none when nobody waits', () => {
    expect(dueState({ responseDueAt: null }, T0)).toEqual({ state: 'none', ms: 0 });
  });
});

describe('formatDue', () => {
  it('words the queue row and the thread header alike', () => {
    expect(formatDue({ state: 'due', ms: 43 * 60_000 + 43_000 })).toBe('Due in 43 min 43 s');
    expect(formatDue({ state: 'overdue', ms: 4 * 60_000 + 10_000 })).toBe('Overdue 4 min 10 s');
    expect(formatDue({ state: 'overdue', ms: 0 })).toBe('Due now');
  });
});
