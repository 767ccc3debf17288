import type { ApolloCache } from '@apollo/client';
import {
  ThreadDocument,
  ThreadMessageFragmentDoc,
  type DeliveryStatus,
  type ThreadEventsSubscription,
  type ThreadMessageFragment,
} from '@switchboard/schema';
import { writeLiveThread } from '../../app/live-cache';
import { threadVariables } from './useThread';

type LiveEvent = ThreadEventsSubscription['threadEvents'];
type EventMessage = NonNullable<LiveEvent['message']>;

type Named = { id: string; name: string };
const agent = (a: Named) => ({ __typename: 'Agent' as const, ...a });
const channel = <T extends { id: string }>(c: T) => ({ __typename: 'Channel' as const, ...c });

// The live feed reads the socket directly, so its payloads lack the __typename the cache needs
// to normalize them; without it, owner or customer would be stored inline instead of by reference.

function typedMessage(message: ThreadMessageFragment) {
  return {
    __typename: 'Message' as const,
    ...message,
    channel: channel(message.channel),
    author: message.author && agent(message.author),
  };
}

/**
 * The event's message as the conversation shows it. The feed's selection has no `to` or
 * `deliveryStatus`: keep what the cache knows, else a new reply is QUEUED (its state at REPLIED);
 * when the feed's selection gains those fields, they are used.
 */
export function messageFromEvent(message: EventMessage, known: ThreadMessageFragment | null): ThreadMessageFragment {
  const extra = message as EventMessage & { to?: string | null; deliveryStatus?: DeliveryStatus | null };
  return {
    id: message.id,
    kind: message.kind,
    body: message.body,
    createdAt: message.createdAt,
    receivedAt: message.receivedAt,
    channel: { id: message.channel.id, kind: message.channel.kind, name: message.channel.name },
    author: message.author && { id: message.author.id, name: message.author.name },
    to: extra.to !== undefined ? extra.to : (known?.to ?? null),
    deliveryStatus:
      extra.deliveryStatus !== undefined ? extra.deliveryStatus : (known?.deliveryStatus ?? (message.kind === 'REPLY' ? 'QUEUED' : null)),
  };
}

/**
 * Adds a message at the end of the loaded conversation (no refetch). Returns false when the
 * thread is not loaded yet, so the caller can retry once it is; a message already there is
 * merged, never duplicated. While later pages are still unloaded, the message waits for them.
 */
export function appendMessage(cache: ApolloCache, threadId: string, message: ThreadMessageFragment): boolean {
  let loaded = false;
  cache.updateQuery({ query: ThreadDocument, variables: threadVariables(threadId) }, (data) => {
    if (!data?.thread) return undefined;
    loaded = true;
    const { messages } = data.thread;
    if (messages.pageInfo.hasNextPage) return undefined;
    const node = typedMessage(message);
    if (messages.edges.some((edge) => edge.node.id === message.id)) {
      // Known message: refresh its fields (delivery status) through the normalized entity.
      cache.writeFragment({ id: cache.identify(node), fragment: ThreadMessageFragmentDoc, data: node });
      return undefined;
    }
    return {
      ...data,
      thread: {
        ...data.thread,
        messages: { ...messages, edges: [...messages.edges, { __typename: 'MessageEdge' as const, cursor: `live:${message.id}`, node }] },
      },
    };
  });
  return loaded;
}

/** Applies one live event to this thread's cache entries; false when it must be retried after loading. */
export function applyThreadEvent(cache: ApolloCache, threadId: string, event: LiveEvent): boolean {
  if (event.thread.id !== threadId) return true;
  // Usually the live feed has written it already; then this only reads.
  writeLiveThread(cache, event.thread);
  if (!event.message) return true;
  const known = cache.readFragment({ id: cache.identify({ __typename: 'Message', id: event.message.id }), fragment: ThreadMessageFragmentDoc });
  return appendMessage(cache, threadId, messageFromEvent(event.message, known));
}
