import { CombinedGraphQLErrors } from '@apollo/client';

/** The server's own words for a GraphQL error; a plain sentence for a network failure. */
export function errorMessage(error: unknown): string {
  if (CombinedGraphQLErrors.is(error)) {
    return error.errors[0]?.message ?? 'The server rejected the request.';
  }
  return 'Could not reach Switchboard. Check your connection and try again.';
}
