import { useApolloClient } from '@apollo/client/react';
import { useLiveEvents } from '../../app/live';
import { applyThreadToList, type ListContext } from './queue-cache';

/**
 * Applies every live event to the cache from the event itself (it carries the thread as it is
 * now, as a queue row): no request per event, whatever the rate.
 */
export function useQueueLiveUpdates(list: ListContext | null): void {
  const { cache } = useApolloClient();
  useLiveEvents((event) => {
    // The thread may have become invisible to us (handed to a queue we are not in) and come as null.
    if (!list || !event.thread) return;
    applyThreadToList(cache, event.thread, list);
  });
}
