import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { DataSource } from 'typeorm';
import { DomainError, ErrorCode } from '../../errors.js';

/**
 * Counters every replica shares, in PostgreSQL (rate-limiter-flexible's RateLimiterPostgres over
 * the app's pool). Their table is the migration's (`rate_limit`, unlogged: a crash may reset
 * counters, nothing else), so the library never creates one. While the database cannot be
 * reached, each process counts in memory with the same limits.
 */
export const RATE_LIMIT_TABLE = 'rate_limit';

export interface CounterOptions {
  /** Prefix of the counter's keys, e.g. `login-email`. */
  name: string;
  points: number;
  durationSeconds: number;
}

export type Counter = RateLimiterPostgres | RateLimiterMemory;

export function createCounter(dataSource: DataSource, { name, points, durationSeconds }: CounterOptions): Counter {
  return new RateLimiterPostgres({
    storeClient: dataSource,
    storeType: 'typeorm',
    tableName: RATE_LIMIT_TABLE,
    tableCreated: true,
    keyPrefix: name,
    points,
    duration: durationSeconds,
    // A key over its limit is refused from memory until its window ends: a flood costs no query.
    inMemoryBlockOnConsumed: points + 1,
    insuranceLimiter: new RateLimiterMemory({ keyPrefix: name, points, duration: durationSeconds }),
  });
}

/** RATE_LIMITED with `extensions.retryAfterSeconds` (at least 1). */
export function rateLimited(what: string, msBeforeNext: number): DomainError {
  const retryAfterSeconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
  return new DomainError(ErrorCode.RATE_LIMITED, `${what}; retry in ${retryAfterSeconds} s`, { retryAfterSeconds });
}

/** Spends `points` of `key`, or throws RATE_LIMITED saying `what` when they are used up. */
export async function spend(counter: Counter, key: string, what: string, points = 1): Promise<void> {
  try {
    await counter.consume(key, points);
  } catch (error) {
    if (error instanceof RateLimiterRes) throw rateLimited(what, error.msBeforeNext);
    throw error;
  }
}

/** Keys fit the table's varchar(255) with their prefix, whatever a client sends. */
export function counterKey(value: string): string {
  return value.length <= 200 ? value : value.slice(0, 200);
}
