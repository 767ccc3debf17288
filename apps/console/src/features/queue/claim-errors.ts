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
  /** Short enough for a queue row. */
  text: string;
  /** The whole sentence, with what to do about it (the thread header's alert, the row's title). */
  detail: string;
  extensions: Record<string, unknown>;
}

/**
 * AGENT_AT_CAPACITY on a claim is about me (on a hand-off it is about the agent I picked, see
 * thread-errors): how full I am and how to make room. `capacity` is the server's extension.
 */
export function atCapacityOnClaim(extensions: Record<string, unknown>): { text: string; detail: string } {
  const capacity = typeof extensions.capacity === 'number' ? extensions.capacity : null;
  if (capacity === null) return { text: 'You are at capacity', detail: 'You hold as many threads as your capacity allows. Resolve one or set it pending first.' };
  return {
    text: `At capacity (${capacity} of ${capacity})`,
    detail: `You hold ${capacity} of ${capacity} thread${capacity === 1 ? '' : 's'}, your capacity. Resolve one or set it pending first.`,
  };
}

/** The code, the words for the row, and the extensions (THREAD_ALREADY_CLAIMED names the winner) of a failed claim. */
export function describeClaimError(error: unknown): ClaimError {
  if (CombinedGraphQLErrors.is(error)) {
    const first = error.errors[0];
    const code = typeof first?.extensions?.code === 'string' ? first.extensions.code : undefined;
    const extensions = first?.extensions ?? {};
    if (code === ErrorCode.AGENT_AT_CAPACITY) return { code, ...atCapacityOnClaim(extensions), extensions };
    const text = (code && CLAIM_ERRORS[code]) ?? first?.message ?? 'Could not claim';
    return { code, text, detail: text, extensions };
  }
  return { code: undefined, text: 'Could not reach Switchboard', detail: 'Could not reach Switchboard. Check your connection and try again.', extensions: {} };
}
