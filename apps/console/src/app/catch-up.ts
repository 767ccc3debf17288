/**
 * When the console is behind the live stream ("Catching up…" rather than "Live"): the one place
 * this rule lives. Behind after a resume from the cursor (missed events may be replaying) and
 * after an event the server logged more than LAG_LIMIT_MS ago by the server's clock; caught up
 * at the next fresh event, or once QUIET_MS pass without an event.
 */

/** An event logged longer ago than this (server clock) was delivered late. */
export const LAG_LIMIT_MS = 2_000;
/** After a resume or a late event, this long without events means the replay or backlog is done. */
export const QUIET_MS = 1_000;

export type CatchUpSignal =
  /** Resubscribed from the cursor after a drop: what was missed may be replaying. */
  | { kind: 'resumed' }
  /** An event arrived; `at` is when the server logged it. */
  | { kind: 'event'; at: string }
  /** QUIET_MS passed since the last signal that left the console behind. */
  | { kind: 'quiet' }
  /** The feed is not live: its status says so instead. */
  | { kind: 'down' };

/** Whether the console is behind after `signal`, given the server's clock now (ms since epoch). */
export function behindAfter(signal: CatchUpSignal, serverNowMs: number): boolean {
  switch (signal.kind) {
    case 'resumed':
      return true;
    case 'event':
      // An unreadable `at` (NaN) counts as fresh: better "Live" than a "Catching up…" that never ends.
      return serverNowMs - Date.parse(signal.at) > LAG_LIMIT_MS;
    case 'quiet':
    case 'down':
      return false;
  }
}

export interface CatchUpTracker {
  resumed(): void;
  event(at: string): void;
  down(): void;
  stop(): void;
}

/**
 * Feeds signals through {@link behindAfter} and sends `quiet` itself; `onChange` hears only
 * changes. `serverNow` is the console's estimate of the server's clock (see server-clock.ts).
 */
export function trackCatchUp(serverNow: () => number, onChange: (behind: boolean) => void): CatchUpTracker {
  let behind = false;
  let quietTimer: ReturnType<typeof setTimeout> | undefined;

  const apply = (signal: CatchUpSignal) => {
    clearTimeout(quietTimer);
    quietTimer = undefined;
    const next = behindAfter(signal, serverNow());
    if (next) quietTimer = setTimeout(() => apply({ kind: 'quiet' }), QUIET_MS);
    if (next === behind) return;
    behind = next;
    onChange(next);
  };

  return {
    resumed: () => apply({ kind: 'resumed' }),
    event: (at) => apply({ kind: 'event', at }),
    down: () => apply({ kind: 'down' }),
    stop: () => clearTimeout(quietTimer),
  };
}
