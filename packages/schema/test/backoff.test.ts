import { afterEach, describe, expect, it, vi } from 'vitest';
import { backoff, backoffDelay, sleep } from '../src/backoff.js';

const top = () => 1 - Number.EPSILON;

describe('backoffDelay', () => {
  it('doubles the ceiling per attempt from baseMs and stops at maxMs', () => {
    const delays = [0, 1, 2, 3, 4, 5, 6].map((attempt) => backoffDelay(attempt, { baseMs: 100, maxMs: 2_000, jitter: 'none' }));
    expect(delays).toEqual([100, 200, 400, 800, 1_600, 2_000, 2_000]);
  });

  it('spreads full jitter over [0, ceiling) and equal jitter over [ceiling / 2, ceiling)', () => {
    const options = { baseMs: 1_000, maxMs: 30_000 };
    expect(backoffDelay(2, { ...options, jitter: 'full', random: () => 0 })).toBe(0);
    expect(backoffDelay(2, { ...options, jitter: 'full', random: () => 0.5 })).toBe(2_000);
    expect(backoffDelay(2, { ...options, jitter: 'full', random: top })).toBeLessThan(4_000);
    expect(backoffDelay(2, { ...options, jitter: 'equal', random: () => 0 })).toBe(2_000);
    expect(backoffDelay(2, { ...options, jitter: 'equal', random: top })).toBeLessThan(4_000);
    expect(backoffDelay(2, { ...options, jitter: 'equal', random: top })).toBeGreaterThan(3_999);
  });

  it('defaults to full jitter under 1 s, 2 s, … capped at 30 s', () => {
    expect(backoffDelay(0, { random: top })).toBeLessThan(1_000);
    expect(backoffDelay(0, { random: top })).toBeGreaterThan(999);
    expect(backoffDelay(3, { random: () => 0.5 })).toBe(4_000);
    expect(backoffDelay(40, { random: top })).toBeLessThan(30_000);
    expect(backoffDelay(40, { random: top })).toBeGreaterThan(29_999);
  });

  it('stays finite for absurd attempts, a zero base and bad input', () => {
    expect(backoffDelay(Number.POSITIVE_INFINITY, { jitter: 'none' })).toBe(30_000);
    expect(backoffDelay(10_000, { baseMs: 0, jitter: 'none' })).toBe(0);
    expect(backoffDelay(-3, { baseMs: 100, jitter: 'none' })).toBe(100);
    expect(backoffDelay(Number.NaN, { baseMs: 100, jitter: 'none' })).toBe(100);
    expect(backoffDelay(1.7, { baseMs: 100, jitter: 'none' })).toBe(200);
  });

  it('uses Math.random when no source is given', () => {
    const random = vi.spyOn(Math, 'random').mockReturnValue(0.25);
    expect(backoffDelay(1, { baseMs: 1_000 })).toBe(500);
    expect(random).toHaveBeenCalledTimes(1);
    random.mockRestore();
  });
});

describe('sleep', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('resolves after the wait', async () => {
    vi.useFakeTimers();
    let done = false;
    void sleep(500).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(499);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(done).toBe(true);
  });

  it('rejects with the reason as soon as the signal aborts, and at once when it already has', async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const waiting = sleep(30_000, controller.signal);
    controller.abort(new Error('shutting down'));
    await expect(waiting).rejects.toThrow('shutting down');
    await expect(sleep(10, controller.signal)).rejects.toThrow('shutting down');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('backoff() waits backoffDelay(attempt)', async () => {
    vi.useFakeTimers();
    let done = false;
    void backoff(3, { baseMs: 10, jitter: 'none' }).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(79);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(done).toBe(true);
  });
});
