import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { DomainError, ErrorCode } from '../errors.js';
import type { Logger } from '../logger.js';
import { isDatabaseUnreachable } from './database-unavailable.js';

/** Codes produced by graphql-js and Apollo themselves, passed through unchanged. */
const TRANSPORT_CODES = new Set<string>([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  ErrorCode.UNAUTHENTICATED,
]);

export type ErrorFormatter = (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;

/**
 * The one place that decides what a client sees of an error, on every transport (Apollo's
 * formatError, graphql-ws results, frames the live hub writes): a DomainError passes with its
 * code and extensions; graphql-js's own request errors pass; an unreachable database becomes
 * SERVICE_UNAVAILABLE (the client may retry; HTTP answers 503, see http-status.ts); anything else
 * is logged with its stack and becomes INTERNAL_SERVER_ERROR without internals.
 */
export function createErrorFormatter(logger: Logger): ErrorFormatter {
  return (formatted, error) => {
    const original = unwrap(error);
    const where = { locations: formatted.locations, path: formatted.path };
    if (original instanceof DomainError) {
      return { message: original.message, ...where, extensions: { ...original.extensions, code: original.code } };
    }
    if (isDatabaseUnreachable(original)) {
      // One line, no stack: during an outage every request fails this way.
      const cause = original as { message?: unknown; code?: unknown };
      logger.warn({ cause: { message: cause.message, code: cause.code }, path: formatted.path }, 'database unreachable');
      return { message: 'The database is unreachable; retry shortly', ...where, extensions: { code: ErrorCode.SERVICE_UNAVAILABLE } };
    }
    const code = formatted.extensions?.code;
    // graphql-js reports a bad request (syntax, validation, variables) before execution: no path,
    // no original error. A field error without a DomainError behind it is a bug of ours.
    const badRequest = original instanceof GraphQLError && !original.originalError && !formatted.path;
    if (typeof code === 'string' && TRANSPORT_CODES.has(code)) return { message: formatted.message, ...where, extensions: { code } };
    if (badRequest) return { message: formatted.message, ...where, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } };
    logger.error({ err: original, path: formatted.path }, 'unexpected error while resolving');
    return { message: 'Internal server error', ...where, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
  };
}

/** Formats errors of an execution result (graphql-ws frames, the live hub's rendered payloads). */
export function formatErrors(format: ErrorFormatter, errors: readonly GraphQLError[]): GraphQLFormattedError[] {
  return errors.map((error) => format(error.toJSON(), error));
}

function unwrap(error: unknown): unknown {
  let current = error;
  while (current instanceof GraphQLError && current.originalError && current.originalError !== current) {
    current = current.originalError;
  }
  return current;
}
