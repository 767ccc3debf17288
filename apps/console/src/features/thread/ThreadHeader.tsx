import type { ReactNode, Ref } from 'react';
import { Button } from '../../ui/Button';
import { CloseButton } from '../../ui/CloseButton';
import { channelLabel, initials } from './conversation';
import { ThreadFacts, type ThreadFactsProps } from './ThreadFacts';
import type { HeaderAction } from './thread-permissions';
import { subjectLine } from '../../ui/subject';

interface ThreadHeaderProps extends ThreadFactsProps {
  onClose(): void;
  handOffRef: Ref<HTMLButtonElement>;
  /** Takes focus when the thread opens from a view that went away (the board). */
  headingRef?: Ref<HTMLHeadingElement>;
  /** Shows the customer panel where it does not fit beside the conversation. */
  customerToggle?: ReactNode;
}

/** Who the customer is, the subject, the actions I may take, and the thread's facts. */
export function ThreadHeader({ thread, actions, meId, busy, onAction, onPriority, onClose, handOffRef, headingRef, customerToggle }: ThreadHeaderProps) {
  const action = (name: HeaderAction, label: string, variant: 'primary' | 'secondary' = 'secondary') => (
    <Button variant={variant} onClick={() => onAction(name)} disabled={busy !== null}>
      {label}
    </Button>
  );
  const subject = subjectLine(thread.subject, thread.channel.kind);
  return (
    <header className="thread__header">
      <div className="thread__top">
        <span className="thread__avatar" aria-hidden="true">
          {initials(thread.customer.name)}
        </span>
        <div className="thread__who">
          <h2 className="thread__customer" id={`thread-${thread.id}-title`} ref={headingRef} tabIndex={-1}>
            {thread.customer.name}
          </h2>
          <ul className="thread__identities" aria-label="Customer addresses">
            {thread.customer.identities.map((identity) => (
              <li key={`${identity.channelKind}:${identity.address}`} className="identity">
                <span className="identity__kind">{channelLabel(identity.channelKind)}</span>
                <span className="identity__address">{identity.address}</span>
              </li>
            ))}
          </ul>
        </div>
        {customerToggle}
        <CloseButton onClose={onClose} />
      </div>

      <div className="thread__row">
        <p className="thread__subject">{subject ? <span className={subject.missing ? 'thread__no-subject' : undefined}>{subject.text}</span> : null}</p>
        <div className="thread__actions" role="group" aria-label="Thread actions">
          {actions.claim ? action('claim', 'Claim', 'primary') : null}
          {actions.release ? action('release', 'Release') : null}
          {actions.handOff ? (
            <Button ref={handOffRef} onClick={() => onAction('handOff')} disabled={busy !== null} aria-haspopup="dialog">
              Hand off
            </Button>
          ) : null}
          {actions.pending ? action('pending', 'Pending') : null}
          {actions.resolve ? action('resolve', 'Resolve', actions.claim ? 'secondary' : 'primary') : null}
          {actions.reopen ? action('reopen', 'Reopen') : null}
        </div>
      </div>

      <ThreadFacts thread={thread} actions={actions} meId={meId} busy={busy} onAction={onAction} onPriority={onPriority} />
    </header>
  );
}
