import { useSyncExternalStore } from 'react';
import { onServerClockChange, serverNow } from '../../app/server-clock';

// One shared 1 s timer for every wait clock: only the rows on screen subscribe (virtualized), so
// 2,000 waiting threads cost as many re-renders per second as there are visible rows.
let now = serverNow();
let timer: ReturnType<typeof setInterval> | undefined;
let offClockChange: (() => void) | undefined;
const listeners = new Set<() => void>();

function tick(): void {
  now = serverNow();
  listeners.forEach((listener) => listener());
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (timer === undefined) {
    now = serverNow();
    timer = setInterval(tick, 1000);
    // A new offset moves the clocks at once, not at the next tick.
    offClockChange = onServerClockChange(tick);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== undefined) {
      clearInterval(timer);
      timer = undefined;
      offClockChange?.();
      offClockChange = undefined;
    }
  };
}

const snapshot = () => now;

/** The server's clock now (ms since epoch), updated once a second. */
export function useNow(): number {
  return useSyncExternalStore(subscribe, snapshot, snapshot);
}
