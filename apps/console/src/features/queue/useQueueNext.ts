import type { QueueRowFragment } from '@switchboard/schema';
import { useCallback, useEffect, useState } from 'react';
import { NOT_CONNECTED, useCanAct } from '../../app/live';
import { describeClaimError } from './claim-errors';
import { useClaimNext } from './useClaimNext';

const NEXT_NOTICE_MS = 3000;

interface QueueNextOptions {
  /** The queue chosen in the view; null for all of mine. */
  queueId: string | null;
  applyThread(thread: QueueRowFragment): void;
  onClaimed(threadId: string): void;
}

/** The Next button: claims the thread due soonest, or says briefly why it could not. */
export function useQueueNext({ queueId, applyThread, onClaimed }: QueueNextOptions) {
  const [claimNext, state] = useClaimNext();
  const [notice, setNotice] = useState<string | null>(null);
  const canAct = useCanAct();
  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => setNotice(null), NEXT_NOTICE_MS);
    return () => clearTimeout(timer);
  }, [notice]);

  const next = useCallback(async () => {
    if (!canAct) {
      setNotice(NOT_CONNECTED);
      return;
    }
    try {
      const { data } = await claimNext({ variables: { queueId } });
      const thread = data?.claimNext?.thread;
      if (!thread) {
        setNotice('No unclaimed thread to take');
        return;
      }
      applyThread(thread);
      onClaimed(thread.id);
    } catch (error) {
      setNotice(describeClaimError(error).text);
    }
  }, [canAct, claimNext, queueId, applyThread, onClaimed]);

  return { next, notice, busy: state.loading };
}
