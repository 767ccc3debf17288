import type { Priority, ThreadDetailFragment, ThreadStatus } from '@switchboard/schema';
import { Button } from '../../ui/Button';
import { useNow } from '../queue/useNow';
import { dueState, dueWords, formatDue, formatDuration, waitClock } from '../queue/wait-clock';
import { initials } from './conversation';
import type { HeaderAction, ThreadActions } from './thread-permissions';


const STATUS_LABELS: Partial<Record<ThreadStatus, string>> = { OPEN: 'Open', PENDING: 'Pending', RESOLVED: 'Resolved' };
const PRIORITIES: Array<{ value: Priority; label: string }> = [
  { value: 'LOW', label: 'Low' },
  { value: 'NORMAL', label: 'Normal' },
  { value: 'HIGH', label: 'High' },
  { value: 'URGENT', label: 'Urgent' },
];

export interface ThreadFactsProps {
  thread: ThreadDetailFragment;
  actions: ThreadActions;
  meId: string;
  busy: HeaderAction | 'priority' | null;
  onAction(action: HeaderAction): void;
  onPriority(priority: Priority): void;
}

const dueTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/**
 * Counts down to the reply's due time by the second, then up once overdue, in the queue row's
 * words and colours: amber ("due soon") past the same share of the target as the row's clock.
 * The due time itself is in the title; how long the customer has waited follows, quieter.
 */
function Due({ thread }: { thread: ThreadDetailFragment }) {
  const now = useNow();
  const due = dueState(thread, now);
  if (due.state === 'none') {
    return thread.status === 'RESOLVED' ? null : (
      <span className="thread-due thread-due--answered" data-due="none" title="Nobody is waiting for an answer">
        Answered
      </span>
    );
  }
  const at = dueTime.format(new Date(thread.responseDueAt!));
  const clock = waitClock(thread, now);
  const waited = thread.waitingSince ? (
    <span className="thread-waited" data-waited>
      waiting {formatDuration(now - Date.parse(thread.waitingSince))}
    </span>
  ) : null;
  if (due.state === 'overdue') {
    const { lead, duration } = dueWords(due);
    return (
      <>
        <span className="thread-due thread-due--overdue" data-due="overdue" title={`The reply was due ${at}`}>
          <svg className="thread-due__icon" viewBox="0 0 20 20" aria-hidden="true" focusable="false">
            <path d="M10 2.5 18.5 17h-17z" fill="currentColor" />
            <path d="M10 8v4m0 2.6v.1" stroke="#fff" strokeWidth="2" strokeLinecap="round" />
          </svg>
          <strong>{lead}</strong>
          {duration === null ? null : ` ${duration}`}
        </span>
        {waited}
      </>
    );
  }
  const soon = clock.level === 'warning';
  return (
    <>
      <span
        className={soon ? 'thread-due thread-due--due thread-due--soon' : 'thread-due thread-due--due'}
        data-due="due"
        data-due-soon={soon ? '' : undefined}
        title={`Reply due ${at}${soon ? ' (due soon)' : ''}`}
      >
        {formatDue(due)}
      </span>
      {waited}
    </>
  );
}

function Person({ agent, meId, owner = false }: { agent: { id: string; name: string }; meId: string; owner?: boolean }) {
  return (
    <li className={`person ${owner ? 'person--owner' : ''}`}>
      <span className="person__avatar" aria-hidden="true">
        {initials(agent.name)}
      </span>
      {agent.name}
      {agent.id === meId ? ' (you)' : ''}
      {owner ? <span className="person__role">Owner</span> : null}
    </li>
  );
}

/** Status and due time, priority (editable by participants), queue, owner and participants. */
export function ThreadFacts({ thread, actions, meId, busy, onAction, onPriority }: ThreadFactsProps) {
  const priorityKnown = PRIORITIES.some((p) => p.value === thread.priority);
  return (
    <dl className="thread__facts">
      <div className="fact">
        <dt>Status</dt>
        <dd>
          <span className={`status-badge status-badge--${thread.status.toLowerCase()}`}>{STATUS_LABELS[thread.status] ?? thread.status}</span>
          <Due thread={thread} />
        </dd>
      </div>
      <div className="fact">
        <dt>
          <label htmlFor={`thread-${thread.id}-priority`}>Priority</label>
        </dt>
        <dd>
          <select
            id={`thread-${thread.id}-priority`}
            className={`priority-select priority-select--${thread.priority.toLowerCase()}`}
            value={thread.priority}
            disabled={!actions.setStatus || busy === 'priority'}
            title={actions.setStatus ? undefined : 'Only the owner, collaborators and supervisors can change the priority'}
            onChange={(event) => onPriority(event.target.value as Priority)}
          >
            {priorityKnown ? null : <option value={thread.priority}>{thread.priority}</option>}
            {PRIORITIES.map((p) => (
              <option key={p.value} value={p.value}>
                {p.label}
              </option>
            ))}
          </select>
        </dd>
      </div>
      <div className="fact">
        <dt>Channel</dt>
        {/* The name, not the kind: a center with two SMS numbers or inboxes tells them apart here. */}
        <dd>{thread.channel.name}</dd>
      </div>
      <div className="fact">
        <dt>Queue</dt>
        <dd>{thread.queue.name}</dd>
      </div>
      <div className="fact">
        <dt>Owner</dt>
        <dd>{thread.owner ? (thread.owner.id === meId ? `${thread.owner.name} (you)` : thread.owner.name) : <span className="thread__unassigned">Unassigned</span>}</dd>
      </div>
      <div className="fact fact--people">
        <dt id={`thread-${thread.id}-people`}>Participants</dt>
        <dd>
          <ul className="people" aria-labelledby={`thread-${thread.id}-people`}>
            {thread.owner ? <Person agent={thread.owner} meId={meId} owner /> : null}
            {thread.collaborators.map((agent) => (
              <Person key={agent.id} agent={agent} meId={meId} />
            ))}
            {!thread.owner && thread.collaborators.length === 0 ? <li className="person person--none">Nobody yet</li> : null}
          </ul>
          {actions.join ? (
            <Button variant="ghost" className="thread__people-action" onClick={() => onAction('join')} disabled={busy !== null}>
              Join
            </Button>
          ) : null}
          {actions.leave ? (
            <Button variant="ghost" className="thread__people-action" onClick={() => onAction('leave')} disabled={busy !== null}>
              Leave
            </Button>
          ) : null}
        </dd>
      </div>
    </dl>
  );
}
