import type { ThreadMessageFragment } from '@switchboard/schema';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { buildConversation, channelLabel, deliveryLabel, formatFullDateTime, formatMessageTime, initials, type ConversationItem } from './conversation';

// Within this distance of the bottom, the reader is following along: keep the newest in view.
const FOLLOW_PX = 120;

/** When the message was received (inbound) or written (the rest); the full date and time on hover. */
function MessageTime({ message }: { message: ThreadMessageFragment }) {
  return (
    <time dateTime={message.receivedAt} title={formatFullDateTime(message.receivedAt)}>
      {formatMessageTime(message.receivedAt)}
    </time>
  );
}

function MessageMeta({ message }: { message: ThreadMessageFragment }) {
  const delivery = message.kind === 'REPLY' ? deliveryLabel(message.deliveryStatus) : null;
  return (
    <div className="message__meta">
      {/* A note goes to no channel: only agents see it. */}
      {message.kind === 'NOTE' ? null : <span className="message__channel">{channelLabel(message.channel.kind)}</span>}
      {message.kind === 'REPLY' && message.to ? <span className="message__to">to {message.to}</span> : null}
      <MessageTime message={message} />
      {delivery ? (
        <span className={`message__delivery message__delivery--${(message.deliveryStatus ?? '').toLowerCase()}`}>{delivery}</span>
      ) : null}
    </div>
  );
}

function Group({ item, customerName, meId }: { item: Extract<ConversationItem, { type: 'group' }>; customerName: string; meId: string | null }) {
  if (item.kind === 'SYSTEM') {
    return (
      <>
        {item.messages.map((message) => (
          <article key={message.id} className="message message--system" aria-label="System event">
            <p className="message__system-text">
              {message.body} · <MessageTime message={message} />
            </p>
          </article>
        ))}
      </>
    );
  }
  const who = item.kind === 'INBOUND' ? customerName : (item.authorName ?? 'Unknown agent');
  const mine = item.messages[0]?.author?.id === meId && meId !== null;
  const kindClass = item.kind === 'NOTE' ? 'note' : item.kind === 'REPLY' ? 'reply' : 'inbound';
  const label = item.kind === 'NOTE' ? 'Internal note' : item.kind === 'REPLY' ? 'Reply' : 'Message';
  return (
    <div className={`message-group message-group--${item.side} message-group--${kindClass}`}>
      <span className={`message-group__avatar message-group__avatar--${kindClass}`} aria-hidden="true">
        {initials(who)}
      </span>
      <div className="message-group__body">
        <div className={`message-group__author message-group__author--${kindClass}`}>
          {item.kind === 'NOTE' ? (
            <>
              <svg className="message-group__lock" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
                <path d="M4 7V5a4 4 0 1 1 8 0v2M3.5 7h9v7h-9z" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinejoin="round" />
              </svg>
              <span className="message-group__note-label">Internal note</span>
              {' · '}
            </>
          ) : null}
          {who}
          {mine ? <span className="message-group__you"> (you)</span> : null}
        </div>
        {item.messages.map((message) => (
          <article key={message.id} className={`message message--${kindClass}`} aria-label={`${label} from ${who}`}>
            <p className="message__body">{message.body}</p>
            <MessageMeta message={message} />
          </article>
        ))}
      </div>
    </div>
  );
}

function isAtBottom(element: HTMLElement): boolean {
  return element.scrollHeight - element.scrollTop - element.clientHeight < FOLLOW_PX;
}

/**
 * The messages, oldest first. It opens at the newest and stays there while the reader is at the
 * bottom (new messages, a taller composer, late fonts); a reader who scrolled up to read is left
 * where they are and offered "New messages ↓" instead. Keyed by thread, so each opens at the bottom.
 */
export function Conversation({ messages, customerName, meId }: { messages: readonly ThreadMessageFragment[]; customerName: string; meId: string | null }) {
  const items = useMemo(() => buildConversation(messages), [messages]);
  const scroller = useRef<HTMLDivElement>(null);
  const content = useRef<HTMLDivElement>(null);
  const following = useRef(true);
  const [unseen, setUnseen] = useState(false);
  const lastId = messages[messages.length - 1]?.id;
  const lastIsMine = meId !== null && messages[messages.length - 1]?.author?.id === meId;
  const seenLast = useRef(lastId);

  const toBottom = useCallback(() => {
    const element = scroller.current;
    if (!element) return;
    element.scrollTop = element.scrollHeight;
    following.current = true;
    setUnseen(false);
  }, []);

  useLayoutEffect(() => {
    const arrived = lastId !== seenLast.current;
    seenLast.current = lastId;
    // What I just sent always scrolls into view: I expect to see it.
    if (following.current || lastIsMine) toBottom();
    else if (arrived) setUnseen(true);
  }, [lastId, lastIsMine, toBottom]);

  useEffect(() => {
    // Heights change without a new message (the composer's notice, the window, fonts): stay at the bottom.
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => {
      if (following.current) toBottom();
    });
    if (scroller.current) observer.observe(scroller.current);
    if (content.current) observer.observe(content.current);
    return () => observer.disconnect();
  }, [toBottom]);

  return (
    <div className="conversation-frame">
      <div
        ref={scroller}
        className="conversation"
        role="log"
        aria-label="Messages"
        tabIndex={0}
        onScroll={(event) => {
          following.current = isAtBottom(event.currentTarget);
          if (following.current) setUnseen(false);
        }}
      >
        <div ref={content} className="conversation__messages">
          {items.length === 0 ? <p className="conversation__empty">No messages yet.</p> : null}
          {items.map((item) =>
            item.type === 'day' ? (
              <div key={item.key} className="conversation__day" role="separator" aria-label={item.label}>
                <span>{item.label}</span>
              </div>
            ) : (
              <Group key={item.key} item={item} customerName={customerName} meId={meId} />
            ),
          )}
        </div>
      </div>
      {unseen ? (
        <button type="button" className="conversation__new" onClick={toBottom}>
          New messages ↓
        </button>
      ) : null}
    </div>
  );
}
