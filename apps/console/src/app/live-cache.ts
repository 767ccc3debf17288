import type { ApolloCache } from '@apollo/client';
import { QueueRowFragmentDoc, QueueRowVersionFragmentDoc, type QueueRowFragment } from '@switchboard/schema';

type Named = { id: string; name: string };
const agent = (a: Named) => ({ ...a, __typename: 'Agent' as const });
const channel = <T extends { id: string }>(c: T) => ({ ...c, __typename: 'Channel' as const });

/**
 * Live events are read off the socket directly, without the __typename Apollo adds to its own
 * results; the cache needs them to normalize the thread and its agents by reference.
 */
export function withTypenames(row: QueueRowFragment): QueueRowFragment & { __typename: 'Thread' } {
  return {
    ...row,
    __typename: 'Thread',
    customer: { ...row.customer, __typename: 'Customer' },
    queue: { ...row.queue, __typename: 'Queue' },
    channel: channel(row.channel),
    waitChannel: row.waitChannel && channel(row.waitChannel),
    owner: row.owner && agent(row.owner),
    collaborators: row.collaborators.map(agent),
    lastMessage: row.lastMessage && { ...row.lastMessage, __typename: 'Message' },
  } as QueueRowFragment & { __typename: 'Thread' };
}

export type LiveWrite = 'written' | 'current' | 'older';

/**
 * The one writer of a thread from a live event into the normalized cache. The live feed writes
 * each event's thread once; a feature that calls it again for the same version only reads
 * ('current'). An older picture never overwrites a newer one ('older', e.g. a mutation's answer
 * arrived first).
 */
export function writeLiveThread(cache: ApolloCache, thread: QueueRowFragment): LiveWrite {
  const id = cache.identify({ __typename: 'Thread', id: thread.id });
  const complete = cache.readFragment({ id, fragment: QueueRowFragmentDoc, fragmentName: 'QueueRow' });
  const cachedVersion = complete?.version ?? cache.readFragment({ id, fragment: QueueRowVersionFragmentDoc })?.version;
  if (cachedVersion !== undefined && cachedVersion > thread.version) return 'older';
  if (complete && complete.version === thread.version) return 'current';
  cache.writeFragment({ id, fragment: QueueRowFragmentDoc, fragmentName: 'QueueRow', data: withTypenames(thread) });
  return 'written';
}
