import { ErrorCode } from '@switchboard/schema';
import { fieldError } from '../../ui/field-error';

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
  const { code, field, message, extensions } = fieldError(error);
  switch (code) {
    case ErrorCode.BAD_USER_INPUT: {
      if (typeof extensions.ownerId === 'string' && typeof extensions.ownerName === 'string') {
        const owner = { id: extensions.ownerId, name: extensions.ownerName };
        return { code, field, message: `This address already belongs to ${owner.name}.`, owner };
      }
      return { code, field, message, owner: null };
    }
    case ErrorCode.INVALID_STATE:
      return { code, field, message: 'That customer was merged into another one already. Search again to find who they are now.', owner: null };
    case ErrorCode.NOT_FOUND:
      return { code, field, message: 'That customer no longer exists, or you may not see them.', owner: null };
    default:
      return { code, field, message, owner: null };
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
