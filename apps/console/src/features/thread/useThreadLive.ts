import { useApolloClient } from '@apollo/client/react';
import { useEffect, useRef } from 'react';
import { useLiveEvents, type LiveEvent } from '../../app/live';
import { applyThreadEvent } from './thread-cache';

/**
 * Keeps the open thread current from the console's one live feed: the thread from each event,
 * and each new message appended to the loaded conversation. Events that arrive before the thread
 * has loaded are applied once it has.
 */
export function useThreadLive(threadId: string, loaded: boolean): void {
  const { cache } = useApolloClient();
  const waiting = useRef<LiveEvent[]>([]);

  useEffect(() => {
    waiting.current = [];
  }, [threadId]);

  useLiveEvents((event) => {
    if (event.thread.id !== threadId) return;
    if (!applyThreadEvent(cache, threadId, event)) waiting.current.push(event);
  });

  useEffect(() => {
    if (!loaded || waiting.current.length === 0) return;
    const events = waiting.current;
    waiting.current = [];
    for (const event of events) applyThreadEvent(cache, threadId, event);
  }, [cache, loaded, threadId]);
}
