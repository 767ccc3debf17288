import { CombinedGraphQLErrors } from '@apollo/client';
import { ErrorCode } from '@switchboard/schema';

/** The server's own words for a GraphQL error; a plain sentence for a network failure. */
export function errorMessage(error: unknown): string {
  if (CombinedGraphQLErrors.is(error)) {
    return error.errors[0]?.message ?? 'The server rejected the request.';
  }
  return 'Could not reach Switchboard. Check your connection and try again.';
}

/** The server refused for the agent's role (it may have changed since sign-in). */
export function isForbidden(error: unknown): boolean {
  return CombinedGraphQLErrors.is(error) && error.errors.some((e) => e.extensions?.code === ErrorCode.FORBIDDEN);
}
