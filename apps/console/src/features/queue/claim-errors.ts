import { CombinedGraphQLErrors } from '@apollo/client';
import { ErrorCode } from '@switchboard/schema';

// One place maps error codes to what an agent reads on the row; unknown codes show the server's words.
const CLAIM_ERRORS: Partial<Record<string, string>> = {
  [ErrorCode.AGENT_AT_CAPACITY]: 'You are at capacity',
  [ErrorCode.INVALID_STATE]: 'Already resolved',
  [ErrorCode.NOT_FOUND]: 'No longer in your queues',
  [ErrorCode.FORBIDDEN]: 'Not your queue',
};

export interface ClaimError {
  code: string | undefined;
  text: string;
  extensions: Record<string, unknown>;
}

/** The code, the words for the row, and the extensions (THREAD_ALREADY_CLAIMED names the winner) of a failed claim. */
export function describeClaimError(error: unknown): ClaimError {
  if (CombinedGraphQLErrors.is(error)) {
    const first = error.errors[0];
    const code = typeof first?.extensions?.code === 'string' ? first.extensions.code : undefined;
    return { code, text: (code && CLAIM_ERRORS[code]) ?? first?.message ?? 'Could not claim', extensions: first?.extensions ?? {} };
  }
  return { code: undefined, text: 'Could not reach Switchboard', extensions: {} };
}
