/**
 * The one place that recognises "the database cannot be reached right now" (down, restarting,
 * shutting down, the pool timed out waiting for a connection) as opposed to a statement that is
 * wrong. The error formatter answers those with SERVICE_UNAVAILABLE, which a client may retry.
 */

/** SQLSTATEs of a server that is going away or not accepting sessions (class 08: connection exception). */
const UNAVAILABLE_SQLSTATES = new Set([
  '57P01', // admin_shutdown: a fast shutdown ended our session
  '57P02', // crash_shutdown: another backend crashed, the server restarts
  '57P03', // cannot_connect_now: starting up, shutting down, in recovery
  '53300', // too_many_connections
]);

/** Socket errors of a server that is not there (or no longer answers). */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED', 'EAI_AGAIN']);

/** node-postgres and pg-pool say so in their messages only. */
const MESSAGES = [
  /^Connection terminated/, // "… unexpectedly", "… due to connection timeout"
  /^timeout exceeded when trying to connect$/, // pg-pool: no connection free within connectionTimeoutMillis
  /is not queryable$/, // a client whose connection already failed
];

/** True when `error`, or what it wraps (TypeORM's driverError, a cause, GraphQL's originalError), says the database is unreachable. */
export function isDatabaseUnreachable(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 5) return false;
  const { code, message, driverError, cause, originalError, errors } = error as Record<string, unknown>;
  if (typeof code === 'string' && (code.startsWith('08') || UNAVAILABLE_SQLSTATES.has(code) || SOCKET_CODES.has(code))) return true;
  if (typeof message === 'string' && MESSAGES.some((pattern) => pattern.test(message))) return true;
  // Node's happy-eyeballs connect reports one error per address tried in an AggregateError.
  if (Array.isArray(errors) && errors.some((inner) => isDatabaseUnreachable(inner, depth + 1))) return true;
  return [driverError, cause, originalError].some((inner) => inner !== error && isDatabaseUnreachable(inner, depth + 1));
}
