/**
 * The one retry schedule of Switchboard's clients (the console's socket, `startLiveFeed`, the
 * server's event feed): capped exponential back-off with jitter, so a fleet of clients that lost
 * the same server does not come back at the same instant. Plain TypeScript, no dependencies.
 */

/**
 * How the wait is randomized around the capped exponential `ceiling = min(maxMs, baseMs * 2^attempt)`:
 * - `full`: anywhere in `[0, ceiling)`; spreads a crowd best (the default).
 * - `equal`: in `[ceiling / 2, ceiling)`; never retries sooner than half the ceiling.
 * - `none`: exactly `ceiling` (tests, or a single client with nothing to spread).
 */
export type BackoffJitter = 'full' | 'equal' | 'none';

export interface BackoffOptions {
  /** The ceiling of the first retry (attempt 0), in ms. Default 1000. */
  baseMs?: number;
  /** No wait is longer than this, in ms. Default 30000. */
  maxMs?: number;
  /** Default `full`. */
  jitter?: BackoffJitter;
  /** A source of numbers in [0, 1); `Math.random` by default (inject one to make tests exact). */
  random?: () => number;
}

const MAX_STEP = 64;

/** The defaults of {@link backoffDelay}. */
export const DEFAULT_BACKOFF: Readonly<Required<Omit<BackoffOptions, 'random'>>> = { baseMs: 1_000, maxMs: 30_000, jitter: 'full' };

/**
 * How long to wait before retry number `attempt` (0 for the first retry after a failure), in ms.
 * Reset `attempt` to 0 once a connection succeeds.
 *
 * @example
 * // graphql-ws: retryWait: (retries) => sleep(backoffDelay(retries, { baseMs: 1000, maxMs: 30000 }))
 */
export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const baseMs = Math.max(0, options.baseMs ?? DEFAULT_BACKOFF.baseMs);
  const maxMs = Math.max(0, options.maxMs ?? DEFAULT_BACKOFF.maxMs);
  const jitter = options.jitter ?? DEFAULT_BACKOFF.jitter;
  const random = options.random ?? Math.random;
  // Bad input (negative, NaN) waits like a first retry; past 2^64 every ceiling is the cap anyway,
  // and keeping the product finite keeps `0 * 2 ** attempt` from turning into NaN.
  const step = Number.isNaN(attempt) ? 0 : Math.min(MAX_STEP, Math.max(0, Math.floor(attempt)));
  const ceiling = Math.min(maxMs, baseMs * 2 ** step);
  switch (jitter) {
    case 'none':
      return ceiling;
    case 'equal':
      return ceiling / 2 + random() * (ceiling / 2);
    case 'full':
      return random() * ceiling;
  }
}

/**
 * Resolves after `ms`; rejects with the signal's reason if `signal` aborts first (a shutdown
 * must not wait out a 30-second back-off).
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** `sleep(backoffDelay(attempt, options), signal)`: the wait before retry number `attempt`. */
export function backoff(attempt: number, options?: BackoffOptions, signal?: AbortSignal): Promise<void> {
  return sleep(backoffDelay(attempt, options), signal);
}
