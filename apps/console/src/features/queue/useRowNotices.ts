import { useCallback, useEffect, useRef, useState } from 'react';
import type { RowNotice } from './QueueRow';

const NOTICE_MS = 5000;

/**
 * Short-lived notices on rows ("Taken by Ada"). `onShow` and `onExpire` bracket each one, so the
 * list can keep the row in place while its notice is up.
 */
export function useRowNotices(onShow: (threadId: string) => void, onExpire: (threadId: string) => void) {
  const [notices, setNotices] = useState<Record<string, RowNotice>>({});
  const timers = useRef(new Map<string, ReturnType<typeof setTimeout>>());

  const show = useCallback(
    (threadId: string, notice: RowNotice) => {
      onShow(threadId);
      setNotices((current) => ({ ...current, [threadId]: notice }));
      clearTimeout(timers.current.get(threadId));
      timers.current.set(
        threadId,
        setTimeout(() => {
          timers.current.delete(threadId);
          setNotices(({ [threadId]: _gone, ...rest }) => rest);
          onExpire(threadId);
        }, NOTICE_MS),
      );
    },
    [onShow, onExpire],
  );

  useEffect(() => {
    const pending = timers.current;
    return () => pending.forEach((timer) => clearTimeout(timer));
  }, []);

  return { notices, show };
}
