import { useApolloClient } from '@apollo/client/react';
import { ErrorCode, type QueueRowFragment } from '@switchboard/schema';
import { useCallback, useState } from 'react';
import { NOT_CONNECTED, useCanAct } from '../../app/live';
import { describeClaimError } from './claim-errors';
import { writeThreadOwner } from './queue-cache';
import type { RowNotice } from './QueueRow';
import { useClaimThread } from './useClaimThread';

interface QueueClaimOptions {
  applyThread(thread: QueueRowFragment): void;
  showNotice(threadId: string, notice: RowNotice): void;
  onOpen(threadId: string): void;
}

/** Claiming a row: the claimed thread opens; a lost race names the winner on the row at once. */
export function useQueueClaim({ applyThread, showNotice, onOpen }: QueueClaimOptions) {
  const { cache } = useApolloClient();
  const [claimThread] = useClaimThread();
  const [claiming, setClaiming] = useState<string | null>(null);
  const canAct = useCanAct();

  const claim = useCallback(
    async (threadId: string) => {
      // Refused here rather than sent into a dead socket's void; the button stays for scripts.
      if (!canAct) {
        showNotice(threadId, { kind: 'error', text: NOT_CONNECTED });
        return;
      }
      setClaiming(threadId);
      try {
        const { data } = await claimThread({ variables: { threadId } });
        const thread = data?.claimThread?.thread;
        if (thread) applyThread(thread);
        onOpen(threadId);
      } catch (error) {
        const { code, text, detail, extensions } = describeClaimError(error);
        if (code === ErrorCode.THREAD_ALREADY_CLAIMED) {
          const ownerName = typeof extensions.ownerName === 'string' ? extensions.ownerName : 'someone else';
          if (typeof extensions.ownerId === 'string') writeThreadOwner(cache, threadId, { id: extensions.ownerId, name: ownerName });
          showNotice(threadId, { kind: 'taken', text: `Taken by ${ownerName}` });
        } else {
          showNotice(threadId, { kind: 'error', text, title: detail === text ? undefined : detail });
        }
      } finally {
        setClaiming(null);
      }
    },
    [canAct, cache, claimThread, applyThread, onOpen, showNotice],
  );

  return { claim, claiming };
}
