import { useApolloClient } from '@apollo/client/react';
import { ThreadDocument } from '@switchboard/schema';
import { useEffect, useRef } from 'react';
import { useLiveEvents, type LiveEvent } from '../../app/live';
import { applyThreadEvent } from './thread-cache';
import { threadVariables } from './useThread';

/**
 * Keeps the open thread current from the console's one live feed: the thread from each event,
 * and each new message appended to the loaded conversation. Events that arrive before the thread
 * has loaded are applied once it has. A customer merge can move another thread's messages into
 * this one, and its event carries only the SYSTEM line saying so: the conversation is read again.
 */
export function useThreadLive(threadId: string, loaded: boolean): void {
  const client = useApolloClient();
  const { cache } = client;
  const waiting = useRef<LiveEvent[]>([]);

  useEffect(() => {
    waiting.current = [];
  }, [threadId]);

  useLiveEvents((event) => {
    if (event.thread.id !== threadId) return;
    if (!applyThreadEvent(cache, threadId, event)) waiting.current.push(event);
    if (event.type === 'CUSTOMER_MERGED') {
      void client.query({ query: ThreadDocument, variables: threadVariables(threadId), fetchPolicy: 'network-only' }).catch(() => undefined);
    }
  });

  useEffect(() => {
    if (!loaded || waiting.current.length === 0) return;
    const events = waiting.current;
    waiting.current = [];
    for (const event of events) applyThreadEvent(cache, threadId, event);
  }, [cache, loaded, threadId]);
}
