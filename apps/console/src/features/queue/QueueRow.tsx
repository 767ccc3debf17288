import { initials } from '../../ui/labels';
import type { QueueRowFragment } from '@switchboard/schema';
import { memo } from 'react';
import { ChannelIcon, channelLabel } from './ChannelIcon';
import { WaitClock } from './WaitClock';

/** Fixed, so the list can be windowed by arithmetic; queue.css uses the same value. */
export const QUEUE_ROW_HEIGHT = 60;

export interface RowNotice {
  kind: 'taken' | 'error';
  text: string;
  /** The whole sentence when `text` is cut short for the row. */
  title?: string;
}

interface QueueRowProps {
  row: QueueRowFragment;
  index: number;
  setSize: number;
  /** The keyboard selection (j / k). */
  selected: boolean;
  /** The thread open beside the queue. */
  open: boolean;
  /** The one row Tab reaches (roving tabindex); j / k move it. */
  tabbable: boolean;
  notice: RowNotice | undefined;
  claiming: boolean;
  onOpen(threadId: string): void;
  onClaim(threadId: string): void;
}

const PRIORITY_LABELS: Partial<Record<string, string>> = { URGENT: 'Urgent', HIGH: 'High' };


function People({ owner, collaborators, queue }: Pick<QueueRowFragment, 'owner' | 'collaborators' | 'queue'>) {
  const shown = collaborators.slice(0, 3);
  const more = collaborators.length - shown.length;
  return (
    <span className="queue-row__people">
      <span className="queue-row__people-top">
      <span className={owner ? 'queue-row__owner' : 'queue-row__owner queue-row__owner--none'}>{owner ? owner.name : 'Unassigned'}</span>
      {collaborators.length > 0 && (
        <span className="queue-row__collaborators">
          <span className="visually-hidden">with {collaborators.map((c) => c.name).join(', ')}</span>
          {shown.map((c) => (
            <span key={c.id} className="queue-row__avatar" title={c.name} aria-hidden="true">
              {initials(c.name)}
            </span>
          ))}
          {more > 0 && (
            <span className="queue-row__avatar queue-row__avatar--more" aria-hidden="true">
              +{more}
            </span>
          )}
        </span>
      )}
      </span>
      <span className="queue-row__queue">{queue.name}</span>
    </span>
  );
}

/** One conversation; memoized so a tick or an event elsewhere leaves it alone. */
export const QueueRow = memo(function QueueRow({ row, index, setSize, selected, open, tabbable, notice, claiming, onOpen, onClaim }: QueueRowProps) {
  const priority = PRIORITY_LABELS[row.priority];
  const classes = ['queue-row', selected ? 'queue-row--selected' : '', open ? 'queue-row--open' : '', row.breached ? 'queue-row--breached' : '']
    .filter(Boolean)
    .join(' ');
  return (
    <li
      className={classes}
      data-thread-id={row.id}
      aria-posinset={index + 1}
      aria-setsize={setSize}
      aria-current={open ? 'true' : undefined}
      style={{ transform: `translateY(${index * QUEUE_ROW_HEIGHT}px)` }}
    >
      <button type="button" className="queue-row__open" onClick={() => onOpen(row.id)} tabIndex={tabbable ? 0 : -1}>
        <ChannelIcon kind={row.channel.kind} />
        <span className="queue-row__main">
          <span className="queue-row__top">
            <span className="queue-row__customer">{row.customer.name}</span>
            {priority && <span className={`queue-row__priority queue-row__priority--${row.priority.toLowerCase()}`}>{priority}</span>}
          </span>
          <span className="queue-row__bottom">
            <span className={`queue-row__channel queue-row__channel--${row.channel.kind.toLowerCase()}`}>{channelLabel(row.channel.kind)}</span>
            <span className="queue-row__subject">{row.subject ?? row.preview ?? 'No message yet'}</span>
          </span>
        </span>
        <People owner={row.owner} collaborators={row.collaborators} queue={row.queue} />
        <WaitClock row={row} />
      </button>
      <span className="queue-row__action">
        {notice ? (
          <span className={`queue-row__notice queue-row__notice--${notice.kind}`} role="status" title={notice.title}>
            {notice.text}
          </span>
        ) : row.owner === null ? (
          <button type="button" className="queue-row__claim" onClick={() => onClaim(row.id)} disabled={claiming}>
            Claim
          </button>
        ) : null}
      </span>
    </li>
  );
});
