import { act, render } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WaitClock } from './WaitClock';

const NOW = Date.parse('2026-03-02T10:00:00.000Z');
const at = (seconds: number) => new Date(NOW + seconds * 1000).toISOString();
const clock = () => document.querySelector('[data-wait-clock]')!;

afterEach(() => {
  vi.useRealTimers();
});

describe('WaitClock', () => {
  it('shows the time waited and the time left, ticking each second, then how long it is overdue', async () => {
    vi.useFakeTimers({ now: NOW });
    render(<WaitClock row={{ waitingSince: at(-250), responseDueAt: at(130), breached: false }} />);
    expect(clock().querySelector('.wait-clock__time')?.textContent).toBe('04:10');
    expect(clock().querySelector('[data-due]')?.textContent).toBe('Due in 2 min 10 s');
    expect(clock().textContent).toBe('04:10 waiting, Due in 2 min 10 s');

    await act(() => vi.advanceTimersByTimeAsync(1_000));
    expect(clock().querySelector('[data-due]')?.textContent).toBe('Due in 2 min 9 s');

    await act(() => vi.advanceTimersByTimeAsync(129_000 + 65_000));
    expect(clock().getAttribute('data-wait-clock')).toBe('breached');
    expect(clock().querySelector('[data-due="overdue"]')?.textContent).toBe('Overdue 1 min 5 s');
  });

  it('says "Answered" when nobody waits', () => {
    render(<WaitClock row={{ waitingSince: null, responseDueAt: null }} />);
    expect(clock().textContent).toBe('Answered');
  });
});
