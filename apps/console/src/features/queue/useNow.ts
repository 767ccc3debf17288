import { useSyncExternalStore } from 'react';

// One shared 1 s timer for every wait clock: only the rows on screen subscribe (virtualized), so
// 2,000 waiting threads cost as many re-renders per second as there are visible rows.
let offsetMs = 0;
let now = Date.now();
let timer: ReturnType<typeof setInterval> | undefined;
const listeners = new Set<() => void>();

function tick(): void {
  now = Date.now() + offsetMs;
  listeners.forEach((listener) => listener());
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (timer === undefined) {
    now = Date.now() + offsetMs;
    timer = setInterval(tick, 1000);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== undefined) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

const snapshot = () => now;

/** The server's clock now (ms since epoch), updated once a second. */
export function useNow(): number {
  return useSyncExternalStore(subscribe, snapshot, snapshot);
}

/** offset = serverTime − Date.now() at receipt; the clocks jump to it at once. */
export function setServerClockOffset(ms: number): void {
  offsetMs = ms;
  tick();
}
