import { ErrorCode } from '@switchboard/schema';

export { ErrorCode };

/**
 * An error a client may branch on. Services throw these (they know nothing of GraphQL); the API
 * edge (graphql/errors.ts) turns them into GraphQL errors with `extensions.code`, for HTTP and
 * the live path alike. Anything else that escapes is an internal error: logged, and masked.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extensions: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const unauthenticated = (message = 'Sign in first: send Authorization: Bearer <token>') =>
  new DomainError(ErrorCode.UNAUTHENTICATED, message);

export const forbidden = (message = 'Your role does not allow this') => new DomainError(ErrorCode.FORBIDDEN, message);

export const notFound = (what: string, id: string) =>
  new DomainError(ErrorCode.NOT_FOUND, `${what} ${id} was not found`, { id });

/** Bad input names the offending field in the message and in `extensions.field`. */
export const badInput = (field: string, message: string, extensions: Record<string, unknown> = {}) =>
  new DomainError(ErrorCode.BAD_USER_INPUT, `${field}: ${message}`, { ...extensions, field });

export const invalidState = (message: string) => new DomainError(ErrorCode.INVALID_STATE, message);

/** A subscription asked for anywhere but graphql-ws: over HTTP, or with no live request. */
export const subscriptionOverWebSocketOnly = () => new DomainError(ErrorCode.BAD_USER_INPUT, 'Subscriptions run over WebSocket (graphql-ws) on /graphql');
