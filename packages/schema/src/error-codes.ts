/**
 * Every `extensions.code` the Switchboard API sets on an error. Clients branch on the code, never
 * on the message, and must tolerate codes they do not know yet: this list grows.
 */
export enum ErrorCode {
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  /** For example acting on a RESOLVED thread. */
  INVALID_STATE = 'INVALID_STATE',
  /** Carries `extensions.ownerId` and `extensions.ownerName`. */
  THREAD_ALREADY_CLAIMED = 'THREAD_ALREADY_CLAIMED',
  NOT_THREAD_OWNER = 'NOT_THREAD_OWNER',
  NOT_A_PARTICIPANT = 'NOT_A_PARTICIPANT',
  AGENT_AT_CAPACITY = 'AGENT_AT_CAPACITY',
  /** The target agent is offline or inactive. */
  AGENT_UNAVAILABLE = 'AGENT_UNAVAILABLE',
  NO_CUSTOMER_IDENTITY = 'NO_CUSTOMER_IDENTITY',
  CURSOR_EXPIRED = 'CURSOR_EXPIRED',
  /** Carries `extensions.retryAfterSeconds`. */
  RATE_LIMITED = 'RATE_LIMITED',
  /** The operation's depth or cost is over the limit; refused before execution. */
  QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX',
  /** HTTP 413: the request body or WebSocket message is too large. */
  PAYLOAD_TOO_LARGE = 'PAYLOAD_TOO_LARGE',
  /** HTTP 503: the database is unreachable; retry later. */
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

/** True when `code` is one of the codes this version of the schema package knows. */
export function isKnownErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.values(ErrorCode).includes(code as ErrorCode);
}
