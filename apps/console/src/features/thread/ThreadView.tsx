import { useRef, useState } from 'react';
import { Button } from '../../ui/Button';
import { useDocumentTitle } from '../../ui/useDocumentTitle';
import { useFocusWhenLost } from '../../ui/useFocusWhenLost';
import { CustomerPanel } from '../customer/CustomerPanel';
import { Composer, type ComposerHandle } from './Composer';
import { Conversation } from './Conversation';
import { HandOffDialog } from './HandOffDialog';
import { threadActions } from './thread-permissions';
import { ThreadHeader } from './ThreadHeader';
import { ThreadUnavailable } from './ThreadUnavailable';
import { TypingIndicator } from './TypingIndicator';
import { useThread } from './useThread';
import { useThreadActions } from './useThreadActions';
import { useThreadKeyboard } from './useThreadKeyboard';
import { useThreadLive } from './useThreadLive';
import { useTyping } from './useTyping';
import './thread.css';

export { THREAD_SHORTCUTS } from './thread-shortcuts';

export interface ThreadViewProps {
  threadId: string;
  onClose(): void;
}

/** One conversation: who, what state, every message live, and the reply box. */
export function ThreadView({ threadId, onClose }: ThreadViewProps) {
  const { data, loading, error, refetch } = useThread(threadId);
  const thread = data?.thread ?? null;
  const me = data?.me ?? null;
  useThreadLive(threadId, thread !== null);
  const typing = useTyping(threadId, me?.id ?? null);
  const actions = useThreadActions(threadId);
  const composer = useRef<ComposerHandle>(null);
  const handOffButton = useRef<HTMLButtonElement>(null);
  const allowed = thread && me ? threadActions(thread, me) : null;
  const act = (name: 'resolve' | 'pending' | 'handOff') => (allowed?.[name] && actions.busy === null ? () => actions.onAction(name) : undefined);
  useThreadKeyboard({
    reply: allowed ? () => composer.current?.write('reply') : undefined,
    note: allowed ? () => composer.current?.write('note') : undefined,
    resolve: act('resolve'),
    pending: act('pending'),
    handOff: act('handOff'),
    close: onClose,
  });
  useDocumentTitle(thread ? thread.customer.name : 'Conversation');
  // Its actions follow the owner, status and co-responders: the button in focus may go with them.
  const heading = useFocusWhenLost<HTMLHeadingElement>(thread !== null && me !== null, thread ? `${thread.owner?.id ?? ''}:${thread.status}:${thread.collaborators.length}` : '');
  const [customerOpen, setCustomerOpen] = useState(false);
  const customerToggle = useRef<HTMLButtonElement>(null);

  if (!thread || !me || !allowed) {
    return <ThreadUnavailable loading={loading} error={error} onRetry={() => void refetch()} onClose={onClose} />;
  }

  const panelId = `thread-${thread.id}-customer`;
  return (
    <div className={customerOpen ? 'thread-split thread-split--customer-open' : 'thread-split'}>
      <div className="thread" aria-labelledby={`thread-${thread.id}-title`} role="region">
        <ThreadHeader
          thread={thread}
          actions={allowed}
          meId={me.id}
          busy={actions.busy}
          onAction={actions.onAction}
          onPriority={actions.onPriority}
          onClose={onClose}
          handOffRef={handOffButton}
          headingRef={heading}
          customerToggle={
            <Button
              ref={customerToggle}
              className="customer-toggle"
              aria-expanded={customerOpen}
              aria-controls={panelId}
              onClick={() => setCustomerOpen((open) => !open)}
            >
              Customer
            </Button>
          }
        />
        {actions.failure ? (
          <div className="thread__alert notice notice--error" role="alert">
            {actions.failure.message}
            <button type="button" className="thread__alert-dismiss" aria-label="Dismiss" onClick={actions.dismissFailure}>
              ×
            </button>
          </div>
        ) : null}
        <Conversation key={thread.id} messages={thread.messages.edges.map((edge) => edge.node)} customerName={thread.customer.name} meId={me.id} />
        <TypingIndicator names={typing.map((agent) => agent.name)} />
        <Composer
          thread={thread}
          handle={composer}
          participant={allowed.reply}
          onJoin={() => actions.onAction('join')}
          joining={actions.busy === 'join'}
        />
        {actions.handingOff ? <HandOffDialog thread={thread} onClose={actions.closeHandOff} /> : null}
      </div>
      <CustomerPanel
        id={panelId}
        customerId={thread.customer.id}
        threadId={thread.id}
        open={customerOpen}
        onClose={() => {
          setCustomerOpen(false);
          customerToggle.current?.focus();
        }}
      />
    </div>
  );
}
