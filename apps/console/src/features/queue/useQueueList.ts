import { useApolloClient } from '@apollo/client/react';
import type { QueueRowFragment } from '@switchboard/schema';
import { useCallback, useMemo, useRef } from 'react';
import { applyThreadToList, recheckListedThread, type ListContext } from './queue-cache';
import { filterFromView, viewOrder, type QueueViewer } from './queue-view-filter';
import { QUEUE_PAGE_SIZE, useQueueThreads } from './useQueueThreads';
import { useQueueLiveUpdates } from './useQueueLiveUpdates';
import { useQueueViewer } from './useQueueViewer';
import { useViewFilter } from './useViewFilter';

/**
 * The queue's data: who I am, the view I chose, and the threads it lists, kept current by live
 * events. `applyThread` places a thread a mutation returned; a pinned row stays listed even when
 * it stops matching (a claim notice is showing on it) until it is unpinned.
 */
export function useQueueList() {
  const { cache } = useApolloClient();
  const viewer = useQueueViewer();
  const meData = viewer.data?.me ?? null;
  const queues = useMemo(() => meData?.queues ?? [], [meData]);
  const me = useMemo<QueueViewer | null>(() => (meData ? { id: meData.id, queueIds: queues.map((q) => q.id) } : null), [meData, queues]);
  const { view, setView, search, setSearch } = useViewFilter();

  const variables = useMemo(() => (me ? { filter: filterFromView(view, me), orderBy: viewOrder(view), first: QUEUE_PAGE_SIZE } : null), [me, view]);
  const threads = useQueueThreads(variables);

  const pinned = useRef(new Set<string>());
  const list = useMemo<ListContext | null>(
    () => (variables && me ? { variables, view, me, keep: (id) => pinned.current.has(id) } : null),
    [variables, view, me],
  );
  const listRef = useRef(list);
  listRef.current = list;
  useQueueLiveUpdates(list);

  const applyThread = useCallback(
    (thread: QueueRowFragment) => {
      if (listRef.current) applyThreadToList(cache, thread, listRef.current);
    },
    [cache],
  );
  const pin = useCallback((threadId: string) => void pinned.current.add(threadId), []);
  const unpin = useCallback(
    (threadId: string) => {
      pinned.current.delete(threadId);
      if (listRef.current) recheckListedThread(cache, threadId, listRef.current);
    },
    [cache],
  );

  const rows = useMemo(() => threads.data?.threads.edges.map((edge) => edge.node) ?? [], [threads.data]);
  const { refetch: refetchViewer } = viewer;
  const { refetch: refetchThreads } = threads;
  const viewerFailed = viewer.error !== undefined;
  const retry = useCallback(() => void (viewerFailed ? refetchViewer() : refetchThreads()), [viewerFailed, refetchViewer, refetchThreads]);

  return {
    me,
    role: meData?.role ?? null,
    queues,
    view,
    setView,
    search,
    setSearch,
    rows,
    count: threads.data?.threads.totalCount,
    hasNextPage: threads.data?.threads.pageInfo.hasNextPage ?? false,
    loadMore: threads.loadMore,
    loading: viewer.loading || (threads.loading && !threads.data),
    failed: viewer.error ?? (threads.data ? undefined : threads.error),
    retry,
    applyThread,
    pin,
    unpin,
  };
}
