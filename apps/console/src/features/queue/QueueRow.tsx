import { initials } from '../../ui/labels';
import type { QueueRowFragment } from '@switchboard/schema';
import { memo } from 'react';
import { subjectLine } from '../../ui/subject';
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
  /** The queue's name, when the list spans several queues. */
  showQueue: boolean;
  onOpen(threadId: string): void;
  onClaim(threadId: string): void;
}

const PRIORITY_LABELS: Partial<Record<string, string>> = { URGENT: 'Urgent', HIGH: 'High' };
// Clients must tolerate enum values they do not know yet, hence Partial and the fallback.
const STATUS_LABELS: Partial<Record<string, string>> = { PENDING: 'Pending', RESOLVED: 'Resolved' };

/** Who holds it (the owner's full name), who helps, and the queue: one line beside the customer. */
function People({ owner, collaborators, queue, resolved }: Pick<QueueRowFragment, 'owner' | 'collaborators'> & { queue: { name: string } | null; resolved: boolean }) {
  const shown = collaborators.slice(0, 3);
  const more = collaborators.length - shown.length;
  return (
    <span className="queue-row__people">
      {owner ? <span className="queue-row__owner">{owner.name}</span> : resolved ? null : <span className="queue-row__owner queue-row__owner--none">Unassigned</span>}
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
      {queue ? (
        <span className="queue-row__queue">
          <span aria-hidden="true">· </span>
          {queue.name}
        </span>
      ) : null}
    </span>
  );
}

/**
 * The row's second line: the subject where the channel has subjects (e-mail, forums), then the
 * last message; on SMS, chat, social and voice only the message, never "No subject".
 */
function Summary({ row }: { row: Pick<QueueRowFragment, 'subject' | 'preview' | 'channel'> }) {
  const subject = subjectLine(row.subject, row.channel.kind);
  const preview = row.preview ?? (subject ? null : 'No message yet');
  const title = [subject && !subject.missing ? subject.text : null, row.preview].filter(Boolean).join(' — ');
  return (
    <span className="queue-row__summary" title={title || undefined}>
      {subject && !subject.missing ? <span className="queue-row__subject">{subject.text}</span> : null}
      {subject && !subject.missing && preview ? <span aria-hidden="true"> — </span> : null}
      {preview ? <span className="queue-row__preview">{preview}</span> : null}
    </span>
  );
}

/** One conversation; memoized so a tick or an event elsewhere leaves it alone. */
export const QueueRow = memo(function QueueRow({ row, index, setSize, selected, open, tabbable, notice, claiming, showQueue, onOpen, onClaim }: QueueRowProps) {
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
        <span className="queue-row__top">
          <span className="queue-row__customer">{row.customer.name}</span>
          {priority && <span className={`queue-row__priority queue-row__priority--${row.priority.toLowerCase()}`}>{priority}</span>}
          <People owner={row.owner} collaborators={row.collaborators} queue={showQueue ? row.queue : null} resolved={row.status === 'RESOLVED'} />
        </span>
        <span className="queue-row__bottom">
          <span className={`queue-row__channel queue-row__channel--${row.channel.kind.toLowerCase()}`}>{channelLabel(row.channel.kind)}</span>
          <Summary row={row} />
        </span>
        {row.status === 'OPEN' ? (
          <WaitClock row={row} />
        ) : (
          <span className={`queue-row__status queue-row__status--${row.status.toLowerCase()}`}>{STATUS_LABELS[row.status] ?? row.status}</span>
        )}
      </button>
      <span className="queue-row__action">
        {notice ? (
          <span className={`queue-row__notice queue-row__notice--${notice.kind}`} role="status" title={notice.title}>
            {notice.text}
          </span>
        ) : row.owner === null && row.status !== 'RESOLVED' ? (
          <button type="button" className="queue-row__claim" onClick={() => onClaim(row.id)} disabled={claiming}>
            Claim
          </button>
        ) : null}
      </span>
    </li>
  );
});
