import { useApolloClient } from '@apollo/client/react';
import { EventCursorDocument, startLiveFeed, ThreadEventsDocument, type FeedStatus, type ThreadEventsSubscription } from '@switchboard/schema';
import type { Client as WsClient } from 'graphql-ws';
import { print } from 'graphql';
import { writeLiveThread } from './live-cache';
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';

export type LiveEvent = ThreadEventsSubscription['threadEvents'];
type Listener = (event: LiveEvent) => void;

interface LiveContextValue {
  status: FeedStatus;
  /** Listen to every change this agent may see; returns the unsubscribe function. */
  listen(listener: Listener): () => void;
}

const LiveContext = createContext<LiveContextValue>({ status: 'connecting', listen: () => () => undefined });

const THREAD_EVENTS = print(ThreadEventsDocument);

/**
 * The console's one live feed (resume and reconnect live in `startLiveFeed`): cursor first, then
 * lists, then the subscription from that cursor; when the socket drops it resumes from the last
 * cursor it saw, and features listen here instead of subscribing on their own.
 */
export function LiveProvider({ ws, children }: { ws: WsClient; children: ReactNode }) {
  const apollo = useApolloClient();
  const [status, setStatus] = useState<FeedStatus>('connecting');
  const listeners = useRef(new Set<Listener>());

  useEffect(() => {
    const feed = startLiveFeed<LiveEvent>({
      subscribe: (payload, sink) => ws.subscribe(payload, sink as never),
      readCursor: async () => (await apollo.query({ query: EventCursorDocument, fetchPolicy: 'network-only' })).data!.eventCursor,
      query: THREAD_EVENTS,
      onEvent: (event) => {
        // Each event's thread goes into the cache once, here; features then place or extend it.
        if (event.thread) writeLiveThread(apollo.cache, event.thread);
        listeners.current.forEach((listener) => listener(event));
      },
      onStatus: setStatus,
      onReset: () => apollo.refetchQueries({ include: 'active' }).then(() => undefined),
    });
    // graphql-ws reconnects by itself but would replay from the first cursor: resume from ours.
    const offClosed = ws.on('closed', () => feed.reconnect());
    return () => {
      offClosed();
      feed.stop();
    };
  }, [apollo, ws]);

  const value = useRef<LiveContextValue>({ status, listen: () => () => undefined });
  value.current = {
    status,
    listen: (listener) => {
      listeners.current.add(listener);
      return () => listeners.current.delete(listener);
    },
  };
  return <LiveContext.Provider value={value.current}>{children}</LiveContext.Provider>;
}

export function useLiveStatus(): FeedStatus {
  return useContext(LiveContext).status;
}

export function useLiveEvents(listener: Listener): void {
  const { listen } = useContext(LiveContext);
  const latest = useRef(listener);
  latest.current = listener;
  useEffect(() => listen((event) => latest.current(event)), [listen]);
}
