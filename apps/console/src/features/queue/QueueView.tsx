import { CombinedGraphQLErrors } from '@apollo/client';
import { useApolloClient } from '@apollo/client/react';
import { ErrorCode } from '@switchboard/schema';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Button } from '../../ui/Button';
import { applyThreadToList, recheckListedThread, writeThreadOwner, type ListContext } from './queue-cache';
import { isTypingTarget } from './queue-shortcuts';
import { DEFAULT_VIEW, filterFromView, type QueueViewer, type QueueViewFilter } from './queue-view-filter';
import { QueueFilters } from './QueueFilters';
import { QUEUE_ROW_HEIGHT, QueueRow, type RowNotice } from './QueueRow';
import { useClaimNext } from './useClaimNext';
import { useClaimThread } from './useClaimThread';
import { useFreeze, useFrozenOrder } from './useFrozenOrder';
import { QUEUE_PAGE_SIZE, useQueueThreads } from './useQueueThreads';
import { useQueueLiveUpdates } from './useQueueLiveUpdates';
import { useQueueViewer } from './useQueueViewer';
import { useServerClockOffset } from './useServerClockOffset';
import { useWindowedRows } from './useWindowedRows';
import './queue.css';

export { QUEUE_SHORTCUTS } from './queue-shortcuts';

export interface QueueViewProps {
  selectedThreadId: string | null;
  onOpen(threadId: string): void;
}

const SEARCH_DEBOUNCE_MS = 250;
const NOTICE_MS = 5000;
/** Start loading the next page this many rows before the end comes into view. */
const LOAD_AHEAD_ROWS = 40;

// One place maps error codes to what an agent reads on the row; unknown codes show the server's words.
const CLAIM_ERRORS: Partial<Record<string, string>> = {
  [ErrorCode.AGENT_AT_CAPACITY]: 'You are at capacity',
  [ErrorCode.INVALID_STATE]: 'Already resolved',
  [ErrorCode.NOT_FOUND]: 'No longer in your queues',
  [ErrorCode.FORBIDDEN]: 'Not your queue',
};

function describeError(error: unknown): { code: string | undefined; text: string; extensions: Record<string, unknown> } {
  if (CombinedGraphQLErrors.is(error)) {
    const first = error.errors[0];
    const code = typeof first?.extensions?.code === 'string' ? first.extensions.code : undefined;
    return { code, text: (code && CLAIM_ERRORS[code]) ?? first?.message ?? 'Could not claim', extensions: first?.extensions ?? {} };
  }
  return { code: undefined, text: 'Could not reach Switchboard', extensions: {} };
}

/** The agent's queue: every waiting or owned conversation of their queues, most urgent first, live. */
export function QueueView({ selectedThreadId, onOpen }: QueueViewProps) {
  useServerClockOffset();
  const { cache } = useApolloClient();
  const viewer = useQueueViewer();
  const meData = viewer.data?.me ?? null;
  const queues = useMemo(() => meData?.queues ?? [], [meData]);
  const me = useMemo<QueueViewer | null>(() => (meData ? { id: meData.id, queueIds: queues.map((q) => q.id) } : null), [meData, queues]);

  const [view, setView] = useState<QueueViewFilter>(DEFAULT_VIEW);
  const [search, setSearch] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setView((current) => (current.search === search ? current : { ...current, search })), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [search]);

  const variables = useMemo(() => (me ? { filter: filterFromView(view, me), first: QUEUE_PAGE_SIZE } : null), [me, view]);
  const threads = useQueueThreads(variables);

  // Rows showing a claim notice stay listed until it fades, even if the claim made them leave the view.
  const [notices, setNotices] = useState<Record<string, RowNotice>>({});
  const noticeIds = useRef(new Set<string>());
  const list = useMemo<ListContext | null>(
    () => (variables && me ? { variables, view, me, keep: (id) => noticeIds.current.has(id) } : null),
    [variables, view, me],
  );
  const listRef = useRef(list);
  listRef.current = list;
  useQueueLiveUpdates(list);

  const noticeTimers = useRef(new Map<string, ReturnType<typeof setTimeout>>());
  const showNotice = useCallback(
    (threadId: string, notice: RowNotice) => {
      noticeIds.current.add(threadId);
      setNotices((current) => ({ ...current, [threadId]: notice }));
      clearTimeout(noticeTimers.current.get(threadId));
      noticeTimers.current.set(
        threadId,
        setTimeout(() => {
          noticeIds.current.delete(threadId);
          noticeTimers.current.delete(threadId);
          setNotices(({ [threadId]: _gone, ...rest }) => rest);
          if (listRef.current) recheckListedThread(cache, threadId, listRef.current);
        }, NOTICE_MS),
      );
    },
    [cache],
  );
  useEffect(() => {
    const timers = noticeTimers.current;
    return () => timers.forEach((timer) => clearTimeout(timer));
  }, []);

  const rows = useMemo(() => threads.data?.threads.edges.map((edge) => edge.node) ?? [], [threads.data]);
  const freeze = useFreeze();
  const ordered = useFrozenOrder(rows, freeze.frozen);

  const [cursorId, setCursorId] = useState<string | null>(selectedThreadId);
  useEffect(() => {
    if (selectedThreadId) setCursorId(selectedThreadId);
  }, [selectedThreadId]);
  const cursorIndex = cursorId === null ? -1 : ordered.findIndex((row) => row.id === cursorId);

  const scroller = useRef<HTMLDivElement>(null);
  const windowed = useWindowedRows(scroller, ordered.length, QUEUE_ROW_HEIGHT);

  const hasNextPage = threads.data?.threads.pageInfo.hasNextPage ?? false;
  const { loadMore } = threads;
  useEffect(() => {
    if (hasNextPage && windowed.end >= ordered.length - LOAD_AHEAD_ROWS) void loadMore();
  }, [hasNextPage, windowed.end, ordered.length, loadMore]);

  const [claimThread] = useClaimThread();
  const [claiming, setClaiming] = useState<string | null>(null);
  const claim = useCallback(
    async (threadId: string) => {
      setClaiming(threadId);
      try {
        const { data } = await claimThread({ variables: { threadId } });
        const thread = data?.claimThread?.thread;
        if (thread && listRef.current) applyThreadToList(cache, thread, listRef.current);
        onOpen(threadId);
      } catch (error) {
        const { code, text, extensions } = describeError(error);
        if (code === ErrorCode.THREAD_ALREADY_CLAIMED) {
          const ownerName = typeof extensions.ownerName === 'string' ? extensions.ownerName : 'someone else';
          if (typeof extensions.ownerId === 'string') writeThreadOwner(cache, threadId, { id: extensions.ownerId, name: ownerName });
          showNotice(threadId, { kind: 'taken', text: `Taken by ${ownerName}` });
        } else {
          showNotice(threadId, { kind: 'error', text });
        }
      } finally {
        setClaiming(null);
      }
    },
    [cache, claimThread, onOpen, showNotice],
  );

  const [claimNext, nextState] = useClaimNext();
  const [nextNotice, setNextNotice] = useState<string | null>(null);
  useEffect(() => {
    if (!nextNotice) return;
    const timer = setTimeout(() => setNextNotice(null), 3000);
    return () => clearTimeout(timer);
  }, [nextNotice]);
  const next = useCallback(async () => {
    try {
      const { data } = await claimNext({ variables: { queueId: view.queueId } });
      const thread = data?.claimNext?.thread;
      if (!thread) {
        setNextNotice('Nothing waiting');
        return;
      }
      if (listRef.current) applyThreadToList(cache, thread, listRef.current);
      setCursorId(thread.id);
      onOpen(thread.id);
    } catch (error) {
      setNextNotice(describeError(error).text);
    }
  }, [cache, claimNext, onOpen, view.queueId]);

  // Keyboard: j / k / Enter / c anywhere on the page, unless the agent is typing.
  const keyState = useRef({ ordered, cursorIndex, claim, onOpen });
  keyState.current = { ordered, cursorIndex, claim, onOpen };
  const { scrollToIndex } = windowed;
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.defaultPrevented || event.metaKey || event.ctrlKey || event.altKey || isTypingTarget(event.target)) return;
      const { ordered: rowsNow, cursorIndex: index, claim: claimRow, onOpen: open } = keyState.current;
      const current = rowsNow[index];
      if (event.key === 'j' || event.key === 'k') {
        const target = rowsNow[Math.max(0, Math.min(rowsNow.length - 1, index + (event.key === 'j' ? 1 : -1)))];
        if (!target) return;
        event.preventDefault();
        setCursorId(target.id);
        scrollToIndex(rowsNow.indexOf(target));
        // Keep keyboard focus on the selection when it was in the list already.
        if (scroller.current?.contains(document.activeElement)) {
          requestAnimationFrame(() => scroller.current?.querySelector<HTMLElement>(`[data-thread-id="${target.id}"] .queue-row__open`)?.focus());
        }
      } else if (event.key === 'Enter' && current && !(event.target instanceof HTMLButtonElement || event.target instanceof HTMLAnchorElement)) {
        event.preventDefault();
        open(current.id);
      } else if (event.key === 'c' && current && current.owner === null) {
        event.preventDefault();
        void claimRow(current.id);
      }
    }
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [scrollToIndex]);

  const openRow = useCallback(
    (threadId: string) => {
      setCursorId(threadId);
      onOpen(threadId);
    },
    [onOpen],
  );
  const claimRow = useCallback((threadId: string) => void claim(threadId), [claim]);

  const count = threads.data?.threads.totalCount;
  const loading = viewer.loading || (threads.loading && !threads.data);
  const failed = viewer.error ?? (threads.data ? undefined : threads.error);
  const visible = ordered.slice(windowed.start, windowed.end);
  const tabbableId = cursorIndex >= 0 ? cursorId : (ordered[0]?.id ?? null);

  return (
    <section className="queue" aria-labelledby="queue-title">
      <header className="queue__header">
        <div className="queue__titlebar">
          <h2 id="queue-title" className="queue__title">
            Queue
            {count !== undefined && (
              <span className="queue__count" aria-label={`${count} conversations`}>
                {count}
              </span>
            )}
          </h2>
          <div className="queue__next">
            {nextNotice && (
              <span className="queue__next-notice" role="status">
                {nextNotice}
              </span>
            )}
            <Button variant="primary" className="queue__next-button" onClick={() => void next()} disabled={nextState.loading || !me}>
              Next
            </Button>
          </div>
        </div>
        <QueueFilters view={view} queues={queues} search={search} onSearch={setSearch} onChange={setView} />
      </header>
      <div className="queue__scroller" ref={scroller} onScroll={windowed.onScroll} {...freeze.handlers}>
        {failed ? (
          <p className="notice notice--error queue__message" role="alert">
            Could not load the queue. <button type="button" className="queue__retry" onClick={() => void (viewer.error ? viewer.refetch() : threads.refetch())}>Try again</button>
          </p>
        ) : loading ? (
          <ul className="queue__list" aria-label="Loading conversations" aria-busy="true">
            {Array.from({ length: 6 }, (_, i) => (
              <li key={i} className="queue-row queue-row--skeleton" style={{ transform: `translateY(${i * QUEUE_ROW_HEIGHT}px)` }}>
                <span className="skeleton" />
              </li>
            ))}
          </ul>
        ) : ordered.length === 0 ? (
          <div className="queue__empty">
            <p className="queue__empty-title">Nothing here</p>
            <p>No conversation matches these filters right now. New ones appear here as they arrive.</p>
          </div>
        ) : (
          <ul className="queue__list" role="list" aria-label="Conversations" style={{ height: windowed.totalHeight }}>
            {visible.map((row, i) => (
              <QueueRow
                key={row.id}
                row={row}
                index={windowed.start + i}
                setSize={count ?? ordered.length}
                selected={row.id === cursorId}
                open={row.id === selectedThreadId}
                tabbable={row.id === tabbableId}
                notice={notices[row.id]}
                claiming={claiming === row.id}
                onOpen={openRow}
                onClaim={claimRow}
              />
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
