import { useSubscription } from '@apollo/client/react';
import { TypingDocument } from '@switchboard/schema';
import { useEffect, useRef, useState } from 'react';

/** The server says `false` about 5 s after the last renewal; this covers a lost `false`. */
const TYPING_EXPIRES_MS = 7_000;

export interface TypingAgent {
  id: string;
  name: string;
}

/** Who else is typing in this thread now (never me). */
export function useTyping(threadId: string, meId: string | null): TypingAgent[] {
  const [typing, setTyping] = useState<TypingAgent[]>([]);
  const timers = useRef(new Map<string, ReturnType<typeof setTimeout>>());

  useEffect(() => {
    const pending = timers.current;
    setTyping([]);
    return () => {
      pending.forEach(clearTimeout);
      pending.clear();
    };
  }, [threadId]);

  useSubscription(TypingDocument, {
    variables: { threadId },
    onData: ({ data }) => {
      const event = data.data?.typing;
      if (!event || event.threadId !== threadId || event.agent.id === meId) return;
      const { id, name } = event.agent;
      const timer = timers.current.get(id);
      if (timer !== undefined) clearTimeout(timer);
      timers.current.delete(id);
      if (event.typing) {
        timers.current.set(
          id,
          setTimeout(() => {
            timers.current.delete(id);
            setTyping((agents) => agents.filter((agent) => agent.id !== id));
          }, TYPING_EXPIRES_MS),
        );
        setTyping((agents) => (agents.some((agent) => agent.id === id) ? agents : [...agents, { id, name }]));
      } else {
        setTyping((agents) => agents.filter((agent) => agent.id !== id));
      }
    },
  });

  return typing;
}
