import { CombinedGraphQLErrors } from '@apollo/client';
import { ErrorCode } from '@switchboard/schema';
import { atCapacityOnClaim } from '../queue/claim-errors';
import type { HeaderAction } from './thread-permissions';

export interface ActionError {
  code: string | null;
  message: string;
}

/**
 * The code and the words to show for a failed mutation; every thread error is mapped here.
 * `action` tells whose capacity AGENT_AT_CAPACITY is about: mine on a claim, the target's otherwise.
 */
export function actionError(error: unknown, action?: string): ActionError {
  if (!CombinedGraphQLErrors.is(error)) {
    return { code: null, message: 'Could not reach Switchboard. Check your connection and try again.' };
  }
  const first = error.errors[0];
  const code = typeof first?.extensions?.code === 'string' ? first.extensions.code : null;
  const serverMessage = first?.message ?? 'The server rejected the request.';
  switch (code) {
    case ErrorCode.NOT_A_PARTICIPANT:
      return { code, message: 'Join the thread to reply' };
    case ErrorCode.NOT_THREAD_OWNER:
      return { code, message: 'Only the owner or a supervisor can do that.' };
    case ErrorCode.AGENT_UNAVAILABLE:
      return { code, message: 'That agent is offline or inactive. Pick someone who is online, or a queue.' };
    case ErrorCode.AGENT_AT_CAPACITY:
      if (action === 'claim') return { code, message: atCapacityOnClaim(first?.extensions ?? {}).detail };
      return { code, message: 'That agent is at capacity. Pick someone with room, or a queue.' };
    case ErrorCode.NO_CUSTOMER_IDENTITY:
      return { code, message: 'The customer has no address on that channel.' };
    case ErrorCode.THREAD_ALREADY_CLAIMED: {
      const owner = first?.extensions?.ownerName;
      return { code, message: typeof owner === 'string' ? `Taken by ${owner}` : serverMessage };
    }
    default:
      return { code, message: serverMessage };
  }
}

/** The code of an action refused in the console because it is not live (never sent to the server). */
export const NOT_CONNECTED_CODE = 'NOT_CONNECTED';

/**
 * What an action refused while not live says, where it was tried (useCanAct decides when): nothing
 * was sent, and what was typed is kept.
 */
export function notConnectedError(action: 'reply' | 'note' | HeaderAction | 'priority'): ActionError {
  const message =
    action === 'reply'
      ? 'Not connected: your reply was not sent; it is kept here and you can send it when Live returns.'
      : action === 'note'
        ? 'Not connected: your note was not added; it is kept here and you can add it when Live returns.'
        : `Not connected: ${NOT_SENT[action]} was not sent. Try again when Live returns.`;
  return { code: NOT_CONNECTED_CODE, message };
}

// The buttons' words, so the notice names what was pressed.
const NOT_SENT: Record<HeaderAction | 'priority', string> = {
  claim: '“Claim”',
  release: '“Release”',
  handOff: 'The hand-off',
  pending: '“Pending”',
  resolve: '“Resolve”',
  reopen: '“Reopen”',
  join: '“Join”',
  leave: '“Leave”',
  priority: 'The priority change',
};
