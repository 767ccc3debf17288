import { useApolloClient } from '@apollo/client/react';
import { ErrorCode, type ChannelKind, type ThreadDetailFragment, type ThreadMessageFragment } from '@switchboard/schema';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { replyChannels } from './reply-channels';
import { appendMessage } from './thread-cache';
import { actionError, notConnectedError, type ActionError } from './thread-errors';
import { createTypingThrottle } from './typing-throttle';
import { useAddNote } from './useAddNote';
import { useLiveGate } from './useLiveGate';
import { useReply } from './useReply';
import { useSetTyping } from './useSetTyping';

export type ComposerMode = 'reply' | 'note';

/**
 * The draft and sending it: a reply on a channel of the customer's, or an internal note. Typing
 * is announced (throttled) while there is text; a sent message joins the conversation at once.
 * While not live nothing is sent: the draft stays and says why.
 */
export function useComposer(thread: ThreadDetailFragment, participant: boolean) {
  const { cache } = useApolloClient();
  const [reply] = useReply();
  const [addNote] = useAddNote();
  const [setTyping] = useSetTyping();
  const [mode, setMode] = useState<ComposerMode>('reply');
  const [body, setBody] = useState('');
  const channels = useMemo(() => replyChannels(thread), [thread]);
  const [channelKind, setChannelKind] = useState<ChannelKind>(thread.channel.kind);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<ActionError | null>(null);
  // One key per draft: a retry of the same text on the same channel cannot send it twice.
  const attempt = useRef<{ key: string; body: string; channelKind: ChannelKind } | null>(null);
  const threadId = thread.id;
  const canAct = useLiveGate(error, useCallback(() => setError(null), []));

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
    // Refused here, not sent into a dead socket's void; the draft stays in the box.
    if (!canAct) {
      setError(notConnectedError(mode));
      return;
    }
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

  function edit(next: string) {
    setBody(next);
    throttle.input(next);
  }

  return { mode, setMode, body, edit, channels, channelKind, setChannelKind, address, text, sending, error, submit, stopTyping: throttle.stop };
}
