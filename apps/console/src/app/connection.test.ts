import { afterEach, describe, expect, it, vi } from 'vitest';
import { canAct, connectionState, DROP_AFTER_MS, OFFLINE_AFTER_MS, PONG_TIMEOUT_MS, trackOffline, watchPongs } from './connection';

afterEach(() => {
  vi.useRealTimers();
});

describe('watchPongs', () => {
  it('suspects the connection when a sent ping gets no pong within PONG_TIMEOUT_MS, and drops it after DROP_AFTER_MS', () => {
    vi.useFakeTimers();
    const on = { suspect: vi.fn(), lost: vi.fn() };
    const pongs = watchPongs(on);
    pongs.ping(false);
    vi.advanceTimersByTime(PONG_TIMEOUT_MS - 1);
    expect(on.suspect).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(on.suspect).toHaveBeenLastCalledWith(true);
    expect(on.lost).not.toHaveBeenCalled();
    vi.advanceTimersByTime(DROP_AFTER_MS - PONG_TIMEOUT_MS);
    expect(on.lost).toHaveBeenCalledTimes(1);
    expect(on.suspect).toHaveBeenLastCalledWith(false);
  });

  it('clears the suspicion without dropping the socket when the pong comes late (a server that stalled)', () => {
    vi.useFakeTimers();
    const on = { suspect: vi.fn(), lost: vi.fn() };
    const pongs = watchPongs(on);
    pongs.ping(false);
    vi.advanceTimersByTime(2_000);
    expect(on.suspect).toHaveBeenLastCalledWith(true);
    pongs.pong(true);
    expect(on.suspect).toHaveBeenLastCalledWith(false);
    vi.advanceTimersByTime(DROP_AFTER_MS * 2);
    expect(on.lost).not.toHaveBeenCalled();
  });

  it('stays quiet while every ping is answered, and ignores pings the server sent', () => {
    vi.useFakeTimers();
    const on = { suspect: vi.fn(), lost: vi.fn() };
    const pongs = watchPongs(on);
    for (let i = 0; i < 5; i++) {
      pongs.ping(false);
      vi.advanceTimersByTime(PONG_TIMEOUT_MS - 100);
      pongs.pong(true);
      vi.advanceTimersByTime(1_000);
    }
    pongs.ping(true);
    vi.advanceTimersByTime(DROP_AFTER_MS * 2);
    expect(on.suspect).not.toHaveBeenCalled();
    expect(on.lost).not.toHaveBeenCalled();
  });

  it('owes nothing once the socket closed', () => {
    vi.useFakeTimers();
    const on = { suspect: vi.fn(), lost: vi.fn() };
    const pongs = watchPongs(on);
    pongs.ping(false);
    pongs.stop();
    vi.advanceTimersByTime(DROP_AFTER_MS * 2);
    expect(on.suspect).not.toHaveBeenCalled();
    expect(on.lost).not.toHaveBeenCalled();
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
    // A late pong: still subscribed, but nobody can tell the server is there.
    expect(connectionState('live', false, false, true)).toBe('reconnecting');
  });

  it('refuses actions only while the connection is known to be down', () => {
    expect(['connecting', 'live', 'catching-up', 'reconnecting', 'offline'].map((s) => canAct(s as never))).toEqual([true, true, true, false, false]);
  });
});
