import type { Priority, ThreadStatus } from '@switchboard/schema';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Button } from '../../ui/Button';
import { EmptyState } from '../../ui/EmptyState';
import { Composer } from './Composer';
import { Conversation } from './Conversation';
import { typingText } from './conversation';
import { HandOffDialog } from './HandOffDialog';
import { actionError, type ActionError } from './thread-errors';
import { threadActions } from './thread-permissions';
import { isTextField } from './thread-shortcuts';
import { ThreadHeader, type HeaderAction } from './ThreadHeader';
import { useClaimThread } from './useClaimThread';
import { useJoinThread } from './useJoinThread';
import { useLeaveThread } from './useLeaveThread';
import { useReleaseThread } from './useReleaseThread';
import { useSetThreadPriority } from './useSetThreadPriority';
import { useSetThreadStatus } from './useSetThreadStatus';
import { useThread } from './useThread';
import { useThreadLive } from './useThreadLive';
import { useTyping } from './useTyping';
import './thread.css';

export { THREAD_SHORTCUTS } from './thread-shortcuts';

const STATUS_FOR: Partial<Record<HeaderAction, ThreadStatus>> = { pending: 'PENDING', resolve: 'RESOLVED', reopen: 'OPEN' };

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

  const [claim] = useClaimThread();
  const [release] = useReleaseThread();
  const [join] = useJoinThread();
  const [leave] = useLeaveThread();
  const [setStatus] = useSetThreadStatus();
  const [setPriority] = useSetThreadPriority();
  const [busy, setBusy] = useState<HeaderAction | 'priority' | null>(null);
  const [failure, setFailure] = useState<ActionError | null>(null);
  const [handingOff, setHandingOff] = useState(false);
  const replyBox = useRef<HTMLTextAreaElement>(null);
  const handOffButton = useRef<HTMLButtonElement>(null);

  // r and Esc work anywhere in the console while this thread is open, but never while typing.
  const closeRef = useRef(onClose);
  closeRef.current = onClose;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.metaKey || event.ctrlKey || event.altKey || isTextField(event.target)) return;
      // A dialog (hand-off, the shell's help) owns the keyboard while it is open.
      if (event.target instanceof Element && event.target.closest('[role="dialog"]')) return;
      if (event.key === 'r' || event.key === 'R') {
        if (!replyBox.current) return;
        event.preventDefault();
        replyBox.current.focus();
      } else if (event.key === 'Escape') {
        event.preventDefault();
        closeRef.current();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const closeHandOff = useCallback(() => setHandingOff(false), []);

  async function run(action: HeaderAction | 'priority', mutate: () => Promise<unknown>) {
    setBusy(action);
    setFailure(null);
    try {
      await mutate();
    } catch (caught) {
      setFailure(actionError(caught));
    } finally {
      setBusy(null);
    }
  }

  function onAction(action: HeaderAction) {
    const variables = { threadId };
    const status = STATUS_FOR[action];
    if (status) return void run(action, () => setStatus({ variables: { threadId, status } }));
    switch (action) {
      case 'claim':
        return void run(action, () => claim({ variables }));
      case 'release':
        return void run(action, () => release({ variables }));
      case 'join':
        return void run(action, () => join({ variables }));
      case 'leave':
        return void run(action, () => leave({ variables }));
      case 'handOff':
        setFailure(null);
        return setHandingOff(true);
    }
  }

  if (!thread || !me) {
    return (
      <div className="thread thread--empty">
        <div className="thread__bar">
          <button type="button" className="thread__close" aria-label="Close" title="Close (Esc)" onClick={onClose}>
            <svg viewBox="0 0 20 20" aria-hidden="true" focusable="false">
              <path d="M5 5l10 10M15 5L5 15" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
            </svg>
          </button>
        </div>
        {loading ? (
          <div className="thread__loading" aria-busy="true" aria-label="Loading conversation">
            <span className="skeleton" style={{ width: '40%' }} />
            <span className="skeleton" style={{ width: '65%' }} />
            <span className="skeleton" style={{ width: '55%' }} />
          </div>
        ) : error ? (
          <EmptyState title="Could not load this conversation">
            <p>{actionError(error).message}</p>
            <p>
              <Button onClick={() => void refetch()}>Try again</Button>
            </p>
          </EmptyState>
        ) : (
          <EmptyState title="Conversation not available">
            <p>It may have moved to a queue you are not in.</p>
          </EmptyState>
        )}
      </div>
    );
  }

  const actions = threadActions(thread, me);
  const messages = thread.messages.edges.map((edge) => edge.node);
  const typingLine = typingText(typing.map((agent) => agent.name));

  return (
    <div className="thread" aria-labelledby={`thread-${thread.id}-title`} role="region">
      <ThreadHeader
        thread={thread}
        actions={actions}
        meId={me.id}
        busy={busy}
        onAction={onAction}
        onPriority={(priority: Priority) => void run('priority', () => setPriority({ variables: { threadId, priority } }))}
        onClose={onClose}
        handOffRef={handOffButton}
      />
      {failure ? (
        <div className="thread__alert notice notice--error" role="alert">
          {failure.message}
          <button type="button" className="thread__alert-dismiss" aria-label="Dismiss" onClick={() => setFailure(null)}>
            ×
          </button>
        </div>
      ) : null}
      <Conversation messages={messages} customerName={thread.customer.name} meId={me.id} />
      <div className="thread__typing" aria-live="polite">
        {typingLine ? (
          <>
            <span className="typing-dots" aria-hidden="true">
              <span />
              <span />
              <span />
            </span>
            {typingLine}
          </>
        ) : null}
      </div>
      <Composer
        thread={thread}
        textareaRef={replyBox}
        participant={actions.reply}
        onJoin={() => onAction('join')}
        joining={busy === 'join'}
      />
      {handingOff ? <HandOffDialog thread={thread} onClose={closeHandOff} /> : null}
    </div>
  );
}
