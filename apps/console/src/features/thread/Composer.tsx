import { ErrorCode, type ChannelKind, type ThreadDetailFragment, type ThreadMessageFragment } from '@switchboard/schema';
import { useEffect, useId, useMemo, useRef, useState, type Ref } from 'react';
import { useApolloClient } from '@apollo/client/react';
import { Button } from '../../ui/Button';
import { channelLabel } from './conversation';
import { appendMessage } from './thread-cache';
import { actionError, type ActionError } from './thread-errors';
import { createTypingThrottle } from './typing-throttle';
import { useAddNote } from './useAddNote';
import { useReply } from './useReply';
import { useSetTyping } from './useSetTyping';

type Mode = 'reply' | 'note';

/** The channels the customer can be answered on; the thread's own channel first. */
export function replyChannels(thread: Pick<ThreadDetailFragment, 'channel' | 'customer'>): ChannelKind[] {
  const kinds = [thread.channel.kind, ...thread.customer.identities.map((identity) => identity.channelKind)];
  return [...new Set(kinds)];
}

interface ComposerProps {
  thread: ThreadDetailFragment;
  textareaRef: Ref<HTMLTextAreaElement>;
  /** Owner, collaborator or supervisor: a "join first" hint no longer applies. */
  participant: boolean;
  onJoin(): void;
  joining: boolean;
}

export function Composer({ thread, textareaRef, participant, onJoin, joining }: ComposerProps) {
  const { cache } = useApolloClient();
  const [reply] = useReply();
  const [addNote] = useAddNote();
  const [setTyping] = useSetTyping();
  const [mode, setMode] = useState<Mode>('reply');
  const [body, setBody] = useState('');
  const channels = useMemo(() => replyChannels(thread), [thread]);
  const [channelKind, setChannelKind] = useState<ChannelKind>(thread.channel.kind);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<ActionError | null>(null);
  // One key per draft: a retry of the same text on the same channel cannot send it twice.
  const attempt = useRef<{ key: string; body: string; channelKind: ChannelKind } | null>(null);
  const hintId = useId();
  const threadId = thread.id;

  const throttle = useMemo(
    () => createTypingThrottle((typing) => void setTyping({ variables: { threadId, typing } }).catch(() => undefined)),
    [setTyping, threadId],
  );
  useEffect(() => () => throttle.stop(), [throttle]);
  useEffect(() => {
    if (participant) setError((current) => (current?.code === ErrorCode.NOT_A_PARTICIPANT ? null : current));
  }, [participant]);

  const address = thread.customer.identities.find((identity) => identity.channelKind === channelKind)?.address ?? null;
  const text = body.trim();

  async function submit() {
    if (text === '' || sending) return;
    setSending(true);
    setError(null);
    throttle.stop();
    try {
      let message: ThreadMessageFragment | undefined;
      if (mode === 'note') {
        const result = await addNote({ variables: { threadId, body: text } });
        message = result.data?.addNote?.message;
      } else {
        if (!attempt.current || attempt.current.body !== text || attempt.current.channelKind !== channelKind) {
          attempt.current = { key: crypto.randomUUID(), body: text, channelKind };
        }
        const result = await reply({ variables: { threadId, body: text, channelKind, idempotencyKey: attempt.current.key } });
        message = result.data?.reply?.message;
        attempt.current = null;
      }
      if (message) appendMessage(cache, threadId, message);
      setBody('');
    } catch (caught) {
      setError(actionError(caught));
    } finally {
      setSending(false);
    }
  }

  const needsJoin = error?.code === ErrorCode.NOT_A_PARTICIPANT;
  const label = mode === 'note' ? 'Internal note' : 'Reply';

  return (
    <form
      className={`composer composer--${mode}`}
      aria-label="Compose"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <div className="composer__bar">
        <div className="composer__modes" role="group" aria-label="Message type">
          <button type="button" className="composer__mode" aria-pressed={mode === 'reply'} onClick={() => setMode('reply')}>
            Reply
          </button>
          <button type="button" className="composer__mode composer__mode--note" aria-pressed={mode === 'note'} onClick={() => setMode('note')}>
            Internal note
          </button>
        </div>
        {mode === 'reply' ? (
          <label className="composer__channel">
            <span className="composer__channel-label">via</span>
            <select aria-label="Channel" value={channelKind} onChange={(event) => setChannelKind(event.target.value as ChannelKind)}>
              {channels.map((kind) => (
                <option key={kind} value={kind}>
                  {channelLabel(kind)}
                </option>
              ))}
            </select>
            {address ? <span className="composer__address">to {address}</span> : null}
          </label>
        ) : (
          <span className="composer__note-hint">Only agents see notes</span>
        )}
      </div>
      <textarea
        ref={textareaRef}
        className="composer__input"
        aria-label={label}
        aria-describedby={error ? hintId : undefined}
        placeholder={mode === 'note' ? 'Write a note for your team…' : `Reply to ${thread.customer.name}…`}
        rows={3}
        value={body}
        onChange={(event) => {
          setBody(event.target.value);
          throttle.input(event.target.value);
        }}
        onBlur={() => throttle.stop()}
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            // First Esc leaves the box; the next one (outside it) closes the thread.
            event.stopPropagation();
            event.currentTarget.blur();
          } else if (event.key === 'Enter' && (event.metaKey || event.ctrlKey)) {
            event.preventDefault();
            void submit();
          }
        }}
      />
      <div className="composer__footer">
        <div className="composer__feedback" id={hintId} role={error ? 'alert' : undefined}>
          {error ? (
            <span className={needsJoin ? 'composer__hint' : 'composer__error'}>
              {error.message}
              {needsJoin ? (
                <Button variant="ghost" className="composer__join" onClick={onJoin} disabled={joining}>
                  Join now
                </Button>
              ) : null}
            </span>
          ) : (
            <span className="composer__keys">
              <kbd>Ctrl</kbd> + <kbd>Enter</kbd> to send
            </span>
          )}
        </div>
        <Button type="submit" variant="primary" disabled={text === '' || sending}>
          {mode === 'note' ? 'Add note' : 'Send'}
        </Button>
      </div>
    </form>
  );
}
