import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { DomainError, ErrorCode } from '../errors.js';
import { isDatabaseUnreachable } from './database-unavailable.js';

/** The HTTP status of a response whose errors carry these codes (GraphQL over HTTP answers 200 otherwise). */
const STATUS_OF_CODE: Readonly<Record<string, number>> = {
  BAD_REQUEST: 400,
  [ErrorCode.QUERY_TOO_COMPLEX]: 400,
  [ErrorCode.PAYLOAD_TOO_LARGE]: 413,
  [ErrorCode.RATE_LIMITED]: 429,
  [ErrorCode.SERVICE_UNAVAILABLE]: 503,
};

/** The status of a response with these formatted errors, when one of their codes has one. */
export function httpStatusOf(errors: readonly GraphQLFormattedError[]): number | undefined {
  const statuses = errors.map((error) => STATUS_OF_CODE[String(error.extensions?.code)]).filter((status) => status !== undefined);
  return statuses.length ? Math.max(...statuses) : undefined;
}

/** `Retry-After` (seconds) of a response whose errors say when to retry (RATE_LIMITED). */
export function retryAfterOf(errors: readonly GraphQLFormattedError[]): number | undefined {
  const seconds = errors.map((error) => error.extensions?.retryAfterSeconds).filter((value): value is number => typeof value === 'number');
  return seconds.length ? Math.max(...seconds) : undefined;
}

/** Sets the HTTP status of an executed operation from its formatted errors (503 while the database is down). */
export function httpStatusPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const errors = response.body.singleResult.errors ?? [];
          const status = httpStatusOf(errors);
          if (status !== undefined) response.http.status = status;
          const retryAfter = retryAfterOf(errors);
          if (retryAfter !== undefined) response.http.headers.set('retry-after', String(retryAfter));
        },
      };
    },
  };
}

/**
 * Apollo answers a context that failed to build (authentication reads the database, the request
 * limiter refuses) outside the request pipeline, where no plugin runs; its status and headers
 * come from the error's `extensions.http`. The formatter still decides the code from the wrapped error.
 */
export function contextFailure(error: unknown): unknown {
  if (error instanceof DomainError && STATUS_OF_CODE[error.code] !== undefined) {
    const retryAfter = error.extensions.retryAfterSeconds;
    return new GraphQLError(error.message, {
      originalError: error,
      extensions: {
        http: { status: STATUS_OF_CODE[error.code], headers: new HeaderMap(typeof retryAfter === 'number' ? [['retry-after', String(retryAfter)]] : []) },
      },
    });
  }
  if (!(error instanceof Error) || !isDatabaseUnreachable(error)) return error;
  return new GraphQLError('Context creation failed: the database is unreachable', {
    originalError: error,
    extensions: { http: { status: STATUS_OF_CODE[ErrorCode.SERVICE_UNAVAILABLE] } },
  });
}
