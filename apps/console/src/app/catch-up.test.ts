import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { behindAfter, LAG_LIMIT_MS, QUIET_MS, trackCatchUp } from './catch-up';

const SERVER_NOW = Date.parse('2026-03-02T10:00:10.000Z');
const loggedAgo = (ms: number) => new Date(SERVER_NOW - ms).toISOString();

describe('behindAfter', () => {
  it('counts a resume from the cursor as behind: the missed events may be replaying', () => {
    expect(behindAfter({ kind: 'resumed' }, SERVER_NOW)).toBe(true);
  });

  it('counts an event logged more than LAG_LIMIT_MS before the server\'s now as behind, and one within it as caught up', () => {
    expect(behindAfter({ kind: 'event', at: loggedAgo(LAG_LIMIT_MS + 1) }, SERVER_NOW)).toBe(true);
    expect(behindAfter({ kind: 'event', at: loggedAgo(LAG_LIMIT_MS) }, SERVER_NOW)).toBe(false);
    expect(behindAfter({ kind: 'event', at: loggedAgo(0) }, SERVER_NOW)).toBe(false);
    // Logged "after" now: the offset estimate is off by the round trip, not a lag.
    expect(behindAfter({ kind: 'event', at: loggedAgo(-500) }, SERVER_NOW)).toBe(false);
  });

  it('counts an event whose time cannot be read as caught up', () => {
    expect(behindAfter({ kind: 'event', at: 'not a date' }, SERVER_NOW)).toBe(false);
  });

  it('is caught up after a quiet spell and while the feed is down (its status says so)', () => {
    expect(behindAfter({ kind: 'quiet' }, SERVER_NOW)).toBe(false);
    expect(behindAfter({ kind: 'down' }, SERVER_NOW)).toBe(false);
  });
});

describe('trackCatchUp', () => {
  let changes: boolean[];
  let tracker: ReturnType<typeof trackCatchUp>;

  beforeEach(() => {
    vi.useFakeTimers();
    changes = [];
    tracker = trackCatchUp(() => SERVER_NOW, (behind) => changes.push(behind));
  });
  afterEach(() => {
    tracker.stop();
    vi.useRealTimers();
  });

  it('catches up at the first fresh event of a replay', () => {
    tracker.resumed();
    tracker.event(loggedAgo(60_000));
    tracker.event(loggedAgo(30_000));
    expect(changes).toEqual([true]);
    tracker.event(loggedAgo(100));
    expect(changes).toEqual([true, false]);
    vi.advanceTimersByTime(QUIET_MS * 5);
    expect(changes).toEqual([true, false]);
  });

  it('catches up QUIET_MS after the last late event, each late event restarting the wait', () => {
    tracker.event(loggedAgo(5_000));
    vi.advanceTimersByTime(QUIET_MS - 1);
    tracker.event(loggedAgo(5_000));
    vi.advanceTimersByTime(QUIET_MS - 1);
    expect(changes).toEqual([true]);
    vi.advanceTimersByTime(1);
    expect(changes).toEqual([true, false]);
  });

  it('catches up QUIET_MS after a resume that replays nothing', () => {
    tracker.resumed();
    vi.advanceTimersByTime(QUIET_MS);
    expect(changes).toEqual([true, false]);
  });

  it('stops being behind when the feed goes down, and no quiet timer fires later', () => {
    tracker.resumed();
    tracker.down();
    expect(changes).toEqual([true, false]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('judges lag on the clock it is given, not this machine\'s', () => {
    // This machine's clock is an hour ahead of the server; the event is fresh by the server's clock.
    vi.setSystemTime(SERVER_NOW + 3_600_000);
    tracker.event(loggedAgo(500));
    expect(changes).toEqual([]);
  });
});
