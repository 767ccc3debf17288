import { describe, expect, it } from 'vitest';
import { compareNewestRows, compareQueueRows, rowComparator, type SortableRow } from './queue-order';

function row(overrides: Partial<SortableRow> & { id: string }): SortableRow {
  return { priority: 'NORMAL', waitingSince: null, responseDueAt: null, updatedAt: '2026-03-01T09:00:00.000Z', ...overrides };
}

const waiting = (id: string, due: string, priority: SortableRow['priority'] = 'NORMAL') =>
  row({ id, priority, waitingSince: '2026-03-01T09:00:00.000Z', responseDueAt: due });

const ids = (rows: SortableRow[]) => [...rows].sort(compareQueueRows).map((r) => r.id);

describe('compareQueueRows', () => {
  it('puts waiting threads before threads nobody waits on, whatever their priority', () => {
    expect(ids([row({ id: 'released', priority: 'URGENT' }), waiting('w', '2026-03-01T12:00:00.000Z', 'LOW')])).toEqual(['w', 'released']);
  });

  it('orders waiting threads by priority URGENT > HIGH > NORMAL > LOW', () => {
    const due = '2026-03-01T10:00:00.000Z';
    expect(ids([waiting('low', due, 'LOW'), waiting('urgent', due, 'URGENT'), waiting('normal', due), waiting('high', due, 'HIGH')])).toEqual([
      'urgent',
      'high',
      'normal',
      'low',
    ]);
  });

  it('then by the earliest due time: an SMS due in minutes beats an e-mail due in hours', () => {
    expect(ids([waiting('email', '2026-03-01T13:00:00.000Z'), waiting('sms', '2026-03-01T09:05:00.000Z')])).toEqual(['sms', 'email']);
  });

  it('breaks ties by id so the order is total and stable', () => {
    const due = '2026-03-01T10:00:00.000Z';
    expect(ids([waiting('thr_b', due), waiting('thr_a', due)])).toEqual(['thr_a', 'thr_b']);
    expect(ids([row({ id: 'thr_2' }), row({ id: 'thr_1' })])).toEqual(['thr_1', 'thr_2']);
    expect(compareQueueRows(waiting('x', due), waiting('x', due))).toBe(0);
  });

  it('ranks an unknown priority as NORMAL', () => {
    const due = '2026-03-01T10:00:00.000Z';
    const future = { ...waiting('future', due), priority: 'CRITICAL' as SortableRow['priority'] };
    expect(ids([waiting('low', due, 'LOW'), future, waiting('high', due, 'HIGH')])).toEqual(['high', 'future', 'low']);
  });
});

describe('compareNewestRows', () => {
  it('puts the latest change first (the Resolved view), then the higher id', () => {
    const rows = [
      row({ id: 'thr_a', updatedAt: '2026-03-01T09:00:00.000Z' }),
      row({ id: 'thr_c', updatedAt: '2026-03-01T11:00:00.000Z' }),
      row({ id: 'thr_b', updatedAt: '2026-03-01T09:00:00.000Z' }),
    ];
    expect([...rows].sort(compareNewestRows).map((r) => r.id)).toEqual(['thr_c', 'thr_b', 'thr_a']);
    expect(rowComparator('NEWEST')).toBe(compareNewestRows);
    expect(rowComparator('DUE_SOONEST')).toBe(compareQueueRows);
  });
});
