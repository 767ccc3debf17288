/** The server absorbs a `true` within 2 s of the last one; sending more only costs traffic. */
export const TYPING_RENEW_MS = 2_000;

export interface TypingThrottle {
  /** The composer's text changed: announce typing (at most every 2 s), or stop when it is empty. */
  input(text: string): void;
  /** Sent, blurred or unmounted: stop, if typing was announced. */
  stop(): void;
}

export function createTypingThrottle(send: (typing: boolean) => void, now: () => number = Date.now, renewMs = TYPING_RENEW_MS): TypingThrottle {
  let lastTrueAt: number | null = null;
  const stop = () => {
    if (lastTrueAt === null) return;
    lastTrueAt = null;
    send(false);
  };
  return {
    input(text) {
      if (text.trim() === '') return stop();
      const at = now();
      if (lastTrueAt !== null && at - lastTrueAt < renewMs) return;
      lastTrueAt = at;
      send(true);
    },
    stop,
  };
}
