import type { ApolloClient } from '@apollo/client';
import {
  EventCursorDocument,
  startLiveFeed,
  ThreadEventsDocument,
  type FeedGraphQLError,
  type FeedStatus,
  type LiveFeed,
  type ThreadEventsSubscription,
} from '@switchboard/schema';
import { print } from 'graphql';
import type { Client as WsClient } from 'graphql-ws';
import { RECONNECT_BACKOFF } from './apollo';
import { writeLiveThread } from './live-cache';
import { syncServerClock } from './server-clock';

export type LiveEvent = ThreadEventsSubscription['threadEvents'];

/** What the header shows after the server sent errors on the live feed. */
export interface LiveProblem {
  code: string;
  message: string;
}

const THREAD_EVENTS = print(ThreadEventsDocument);

/** The server masks internals, so the code is all there is to show; the words are ours. */
export function liveProblem(errors: readonly FeedGraphQLError[]): LiveProblem {
  const code = errors.map((error) => error.extensions?.code).find((value): value is string => typeof value === 'string') ?? 'UNKNOWN';
  return { code, message: 'Some live updates could not be loaded. The console is catching up from the last one it received.' };
}

export interface ConsoleFeedOptions {
  apollo: ApolloClient;
  ws: WsClient;
  onEvent(event: LiveEvent): void;
  onStatus(status: FeedStatus): void;
  onError(errors: readonly FeedGraphQLError[]): void;
}

/**
 * The console's one live feed: cursor first (before any list loads), then the subscription from
 * it. graphql-ws owns reconnecting the socket (see RECONNECT_BACKOFF); given as the feed's
 * transport, the feed resubscribes from its last cursor whenever the socket is back, and each
 * event's thread is written to the cache once, here.
 */
export function startConsoleFeed({ apollo, ws, onEvent, onStatus, onError }: ConsoleFeedOptions): LiveFeed {
  return startLiveFeed<LiveEvent>({
    subscribe: (payload, sink) => ws.subscribe(payload, sink),
    transport: ws,
    readCursor: async () => {
      const { data } = await apollo.query({ query: EventCursorDocument, fetchPolicy: 'network-only' });
      if (!data) throw new Error('eventCursor came back empty');
      // Read with the cursor, so the feed's lag is judged on the server's clock from its first event.
      syncServerClock(data.serverTime);
      return data.eventCursor;
    },
    query: THREAD_EVENTS,
    onEvent: (event) => {
      // The thread is null when the event took it out of our sight (handed to a queue we are not in).
      if (event.thread) writeLiveThread(apollo.cache, event.thread);
      onEvent(event);
    },
    onStatus,
    onError,
    onReset: () => apollo.refetchQueries({ include: 'active' }).then(() => undefined),
    // Only for what the socket's retry does not cover (a subscription the server ended, a cursor
    // read that failed), on the same schedule as the socket.
    backoffMs: RECONNECT_BACKOFF.baseMs,
    maxBackoffMs: RECONNECT_BACKOFF.maxMs,
  });
}
