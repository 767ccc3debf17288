import type { ErrorRequestHandler } from 'express';
import { GraphQLError } from 'graphql';
import { DomainError, ErrorCode } from '../errors.js';
import type { ErrorFormatter } from '../graphql/errors.js';
import { httpStatusOf } from '../graphql/http-status.js';

/** What body-parser (express.json) and express's router attach to the errors they pass on. */
interface HttpError extends Error {
  status?: number;
  type?: string;
  limit?: number;
  expose?: boolean;
}

/**
 * Errors raised before GraphQL runs (a body over the limit, malformed JSON, a bad URL) answered as
 * a GraphQL JSON error through the one formatter, instead of express's HTML page with the stack
 * printed on stderr: 413 PAYLOAD_TOO_LARGE, 400 BAD_REQUEST, anything else a logged 500.
 */
export function requestErrorHandler(formatError: ErrorFormatter): ErrorRequestHandler {
  return (error: HttpError, _req, res, next) => {
    if (res.headersSent) return next(error);
    const known = classify(error);
    const formatted = formatError(known instanceof GraphQLError ? known.toJSON() : { message: known.message }, known);
    res.status(httpStatusOf([formatted]) ?? 500).json({ errors: [formatted] });
  };
}

function classify(error: HttpError): Error {
  if (error.type === 'entity.too.large') {
    return new DomainError(ErrorCode.PAYLOAD_TOO_LARGE, `The request body is over the limit of ${error.limit} bytes`, { limitBytes: error.limit });
  }
  if (error.type === 'entity.parse.failed') {
    return new GraphQLError('The request body is not valid JSON', { extensions: { code: 'BAD_REQUEST' } });
  }
  // Other client faults body-parser and the router report (an unsupported charset, an aborted
  // upload, a malformed URL) carry a message meant for the client (`expose`).
  if (error.expose && error.status !== undefined && error.status >= 400 && error.status < 500) {
    return new GraphQLError(error.message, { extensions: { code: 'BAD_REQUEST' } });
  }
  return error;
}
