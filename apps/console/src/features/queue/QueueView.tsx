import { useCallback, useRef } from 'react';
import { QUEUE_ROW_HEIGHT } from './QueueRow';
import { QueueEmpty } from './QueueEmpty';
import { QueueHeader } from './QueueHeader';
import { viewOrder } from './queue-view-filter';
import { rowComparator } from './queue-order';
import { QueueRows } from './QueueRows';
import { useFreeze, useFrozenOrder } from './useFrozenOrder';
import { useLoadAhead } from './useLoadAhead';
import { useQueueClaim } from './useQueueClaim';
import { useQueueKeyboard } from './useQueueKeyboard';
import { useQueueList } from './useQueueList';
import { useQueueNext } from './useQueueNext';
import { useQueueSelection } from './useQueueSelection';
import { useRowNotices } from './useRowNotices';
import { useServerClockOffset } from './useServerClockOffset';
import { useWindowedRows } from './useWindowedRows';
import './queue.css';

export { QUEUE_SHORTCUTS } from './queue-shortcuts';

export interface QueueViewProps {
  selectedThreadId: string | null;
  onOpen(threadId: string): void;
}

/** The agent's queue: every waiting or owned conversation of their queues, most urgent first, live. */
export function QueueView({ selectedThreadId, onOpen }: QueueViewProps) {
  useServerClockOffset();
  const list = useQueueList();
  // Rows showing a claim notice stay listed until it fades, even if the claim made them leave the view.
  const { notices, show: showNotice } = useRowNotices(list.pin, list.unpin);

  const freeze = useFreeze();
  const ordered = useFrozenOrder(list.rows, freeze.frozen, selectedThreadId, rowComparator(viewOrder(list.view)));
  const { cursorId, cursorIndex, setCursorId } = useQueueSelection(ordered, selectedThreadId);
  const scroller = useRef<HTMLDivElement>(null);
  const searchBox = useRef<HTMLInputElement>(null);
  const windowed = useWindowedRows(scroller, ordered.length, QUEUE_ROW_HEIGHT);
  useLoadAhead(list.hasNextPage, list.loadMore, windowed.end, ordered.length);

  const openRow = useCallback(
    (threadId: string) => {
      setCursorId(threadId);
      onOpen(threadId);
    },
    [onOpen, setCursorId],
  );
  const { claim, claiming } = useQueueClaim({ applyThread: list.applyThread, showNotice, onOpen });
  const claimRow = useCallback((threadId: string) => void claim(threadId), [claim]);
  const next = useQueueNext({ queueId: list.view.queueId, applyThread: list.applyThread, onClaimed: openRow });
  const nextThread = next.next;
  const nextRow = useCallback(() => {
    if (!next.busy && list.me) void nextThread();
  }, [next.busy, list.me, nextThread]);
  const focusSearch = useCallback(() => searchBox.current?.focus(), []);
  useQueueKeyboard({ rows: ordered, cursorIndex, select: setCursorId, open: onOpen, claim: claimRow, next: nextRow, search: focusSearch, scrollToIndex: windowed.scrollToIndex, scroller });

  return (
    <section className="queue" aria-labelledby="queue-title">
      <QueueHeader
        count={list.count}
        nextNotice={next.notice}
        nextDisabled={next.busy || !list.me}
        onNext={() => void next.next()}
        view={list.view}
        searchRef={searchBox}
        queues={list.queues}
        search={list.search}
        onSearch={list.setSearch}
        onChange={list.setView}
      />
      <div className="queue__scroller" ref={scroller} onScroll={windowed.onScroll} {...freeze.handlers}>
        <QueueRows
          failed={Boolean(list.failed)}
          onRetry={list.retry}
          loading={list.loading}
          empty={<QueueEmpty view={list.view} role={list.role} />}
          total={ordered.length}
          visible={ordered.slice(windowed.start, windowed.end)}
          start={windowed.start}
          totalHeight={windowed.totalHeight}
          setSize={list.count ?? ordered.length}
          cursorId={cursorId}
          selectedThreadId={selectedThreadId}
          tabbableId={cursorIndex >= 0 ? cursorId : (ordered[0]?.id ?? null)}
          notices={notices}
          claiming={claiming}
          showQueue={!list.view.queueId && list.queues.length !== 1}
          onOpen={openRow}
          onClaim={claimRow}
        />
      </div>
    </section>
  );
}
