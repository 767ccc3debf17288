import { afterEach, describe, expect, it, vi } from 'vitest';
import { canAct, connectionState, OFFLINE_AFTER_MS, PONG_TIMEOUT_MS, trackOffline, watchPongs } from './connection';

afterEach(() => {
  vi.useRealTimers();
});

describe('watchPongs', () => {
  it('reports the connection lost when a sent ping gets no pong within PONG_TIMEOUT_MS', () => {
    vi.useFakeTimers();
    const onLost = vi.fn();
    const pongs = watchPongs(onLost);
    pongs.ping(false);
    vi.advanceTimersByTime(PONG_TIMEOUT_MS - 1);
    expect(onLost).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onLost).toHaveBeenCalledTimes(1);
  });

  it('stays quiet while every ping is answered, and ignores pings the server sent', () => {
    vi.useFakeTimers();
    const onLost = vi.fn();
    const pongs = watchPongs(onLost);
    for (let i = 0; i < 5; i++) {
      pongs.ping(false);
      vi.advanceTimersByTime(PONG_TIMEOUT_MS - 100);
      pongs.pong(true);
      vi.advanceTimersByTime(1_000);
    }
    pongs.ping(true);
    vi.advanceTimersByTime(PONG_TIMEOUT_MS * 2);
    expect(onLost).not.toHaveBeenCalled();
  });

  it('owes nothing once the socket closed', () => {
    vi.useFakeTimers();
    const onLost = vi.fn();
    const pongs = watchPongs(onLost);
    pongs.ping(false);
    pongs.stop();
    vi.advanceTimersByTime(PONG_TIMEOUT_MS * 2);
    expect(onLost).not.toHaveBeenCalled();
  });
});

describe('trackOffline', () => {
  it('goes offline after OFFLINE_AFTER_MS of reconnecting, and back once live', () => {
    vi.useFakeTimers();
    const onChange = vi.fn();
    const tracker = trackOffline(onChange);
    tracker.status('live');
    tracker.status('reconnecting');
    vi.advanceTimersByTime(OFFLINE_AFTER_MS - 1);
    // Each failed attempt reports "reconnecting" again: the clock runs from the first.
    tracker.status('reconnecting');
    expect(onChange).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onChange).toHaveBeenLastCalledWith(true);
    tracker.status('live');
    expect(onChange).toHaveBeenLastCalledWith(false);
    expect(onChange).toHaveBeenCalledTimes(2);
  });

  it('starts the clock again after a reconnect that came back', () => {
    vi.useFakeTimers();
    const onChange = vi.fn();
    const tracker = trackOffline(onChange);
    tracker.status('reconnecting');
    vi.advanceTimersByTime(OFFLINE_AFTER_MS - 10);
    tracker.status('live');
    tracker.status('reconnecting');
    vi.advanceTimersByTime(OFFLINE_AFTER_MS - 10);
    expect(onChange).not.toHaveBeenCalled();
    tracker.stop();
  });
});

describe('connectionState', () => {
  it('says "live" only when connected and caught up', () => {
    expect(connectionState('live', false, false)).toBe('live');
    expect(connectionState('live', true, false)).toBe('catching-up');
    expect(connectionState('reconnecting', false, false)).toBe('reconnecting');
    expect(connectionState('reconnecting', false, true)).toBe('offline');
    expect(connectionState('stopped', false, false)).toBe('offline');
    expect(connectionState('connecting', false, false)).toBe('connecting');
  });

  it('refuses actions only while the connection is known to be down', () => {
    expect(['connecting', 'live', 'catching-up', 'reconnecting', 'offline'].map((s) => canAct(s as never))).toEqual([true, true, true, false, false]);
  });
});
