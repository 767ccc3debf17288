import type { QueueRowFragment } from '@switchboard/schema';
import type { ReactNode } from 'react';
import { QUEUE_ROW_HEIGHT, QueueRow, type RowNotice } from './QueueRow';

interface QueueRowsProps {
  failed: boolean;
  onRetry(): void;
  loading: boolean;
  /** What shows when no row does (see QueueEmpty). */
  empty: ReactNode;
  /** Every row in order (the list's length); only `visible` are mounted. */
  total: number;
  visible: readonly QueueRowFragment[];
  /** The index of `visible[0]`. */
  start: number;
  totalHeight: number;
  /** What aria-setsize announces: the server's count when known. */
  setSize: number;
  cursorId: string | null;
  selectedThreadId: string | null;
  tabbableId: string | null;
  notices: Readonly<Record<string, RowNotice>>;
  claiming: string | null;
  /** Rows name their queue when the list spans several. */
  showQueue: boolean;
  onOpen(threadId: string): void;
  onClaim(threadId: string): void;
}

/** What the queue's scroller shows: the error, a skeleton, the empty state, or the windowed rows. */
export function QueueRows(props: QueueRowsProps) {
  const { failed, onRetry, loading, empty, total, visible, start, totalHeight, setSize, cursorId, selectedThreadId, tabbableId, notices, claiming, showQueue, onOpen, onClaim } = props;
  if (failed) {
    return (
      <p className="notice notice--error queue__message" role="alert">
        Could not load the queue. <button type="button" className="queue__retry" onClick={onRetry}>Try again</button>
      </p>
    );
  }
  if (loading) {
    return (
      <ul className="queue__list" aria-label="Loading conversations" aria-busy="true">
        {Array.from({ length: 6 }, (_, i) => (
          <li key={i} className="queue-row queue-row--skeleton" style={{ transform: `translateY(${i * QUEUE_ROW_HEIGHT}px)` }}>
            <span className="skeleton" />
          </li>
        ))}
      </ul>
    );
  }
  if (total === 0) return <div className="queue__empty">{empty}</div>;
  return (
    <ul className="queue__list" role="list" aria-label="Conversations" style={{ height: totalHeight }}>
      {visible.map((row, i) => (
        <QueueRow
          key={row.id}
          row={row}
          index={start + i}
          setSize={setSize}
          selected={row.id === cursorId}
          open={row.id === selectedThreadId}
          tabbable={row.id === tabbableId}
          notice={notices[row.id]}
          claiming={claiming === row.id}
          showQueue={showQueue}
          onOpen={onOpen}
          onClaim={onClaim}
        />
      ))}
    </ul>
  );
}
