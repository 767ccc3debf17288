import { CombinedGraphQLErrors } from '@apollo/client';
import { ErrorCode } from '@switchboard/schema';

export interface CustomerError {
  code: string | null;
  /** The input the server blamed (`extensions.field`), to show the message beside it. */
  field: string | null;
  message: string;
  /** Set when the address belongs to another customer: the merge to offer instead. */
  owner: { id: string; name: string } | null;
}

/** Every customer mutation's failure, in words for the panel; mapped here once. */
export function customerError(error: unknown): CustomerError {
  if (!CombinedGraphQLErrors.is(error)) {
    return { code: null, field: null, message: 'Could not reach Switchboard. Check your connection and try again.', owner: null };
  }
  const first = error.errors[0];
  const extensions = first?.extensions ?? {};
  const code = typeof extensions.code === 'string' ? extensions.code : null;
  const field = typeof extensions.field === 'string' ? extensions.field : null;
  const serverMessage = first?.message ?? 'The server rejected the request.';
  switch (code) {
    case ErrorCode.BAD_USER_INPUT: {
      if (typeof extensions.ownerId === 'string' && typeof extensions.ownerName === 'string') {
        const owner = { id: extensions.ownerId, name: extensions.ownerName };
        return { code, field, message: `This address already belongs to ${owner.name}.`, owner };
      }
      // The server writes "<field>: <reason>"; the field is shown beside the message already.
      const message = field && serverMessage.startsWith(`${field}: `) ? serverMessage.slice(field.length + 2) : serverMessage;
      return { code, field, message: message.charAt(0).toUpperCase() + message.slice(1), owner: null };
    }
    case ErrorCode.INVALID_STATE:
      return { code, field, message: 'That customer was merged into another one already. Search again to find who they are now.', owner: null };
    case ErrorCode.NOT_FOUND:
      return { code, field, message: 'That customer no longer exists, or you may not see them.', owner: null };
    default:
      return { code, field, message: serverMessage, owner: null };
  }
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** What a merge does, in the confirm dialog's words. */
export function mergeSummary(threadCount: number, addressCount: number, intoName: string): string {
  return (
    `Their ${plural(threadCount, 'thread', 'threads')} and ${plural(addressCount, 'address', 'addresses')} move to ${intoName}. ` +
    "If both have an open conversation, the newer one's messages move into the older one. This cannot be undone."
  );
}
