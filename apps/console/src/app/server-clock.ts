// The server's clock as this console estimates it. Wait clocks and the live feed's lag both read
// it, so a machine whose clock is off neither misjudges a deadline nor thinks the feed is behind.
let offsetMs = 0;
const listeners = new Set<() => void>();

/** The server's clock now (ms since epoch); this machine's clock until a `serverTime` was read. */
export function serverNow(): number {
  return Date.now() + offsetMs;
}

/** offset = serverTime − Date.now() at receipt; listeners (the wait clocks) jump to it at once. */
export function syncServerClock(serverTime: string): void {
  const server = Date.parse(serverTime);
  if (Number.isNaN(server)) return;
  offsetMs = server - Date.now();
  listeners.forEach((listener) => listener());
}

export function onServerClockChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
