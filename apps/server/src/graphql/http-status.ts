import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ErrorCode } from '../errors.js';
import { isDatabaseUnreachable } from './database-unavailable.js';

/** The HTTP status of a response whose errors carry these codes (GraphQL over HTTP answers 200 otherwise). */
const STATUS_OF_CODE: Readonly<Record<string, number>> = {
  BAD_REQUEST: 400,
  [ErrorCode.PAYLOAD_TOO_LARGE]: 413,
  [ErrorCode.SERVICE_UNAVAILABLE]: 503,
};

/** The status of a response with these formatted errors, when one of their codes has one. */
export function httpStatusOf(errors: readonly GraphQLFormattedError[]): number | undefined {
  const statuses = errors.map((error) => STATUS_OF_CODE[String(error.extensions?.code)]).filter((status) => status !== undefined);
  return statuses.length ? Math.max(...statuses) : undefined;
}

/** Sets the HTTP status of an executed operation from its formatted errors (503 while the database is down). */
export function httpStatusPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const status = httpStatusOf(response.body.singleResult.errors ?? []);
          if (status !== undefined) response.http.status = status;
        },
      };
    },
  };
}

/**
 * Apollo answers a context that failed to build (authentication reads the database) outside the
 * request pipeline, where no plugin runs; its status comes from the error's `extensions.http`.
 * The formatter still decides the code from the wrapped error.
 */
export function contextFailure(error: unknown): unknown {
  if (!(error instanceof Error) || !isDatabaseUnreachable(error)) return error;
  return new GraphQLError('Context creation failed: the database is unreachable', {
    originalError: error,
    extensions: { http: { status: STATUS_OF_CODE[ErrorCode.SERVICE_UNAVAILABLE] } },
  });
}
