import type { Priority, ThreadStatus } from '@switchboard/schema';
import { useCallback, useState } from 'react';
import { actionError, notConnectedError, type ActionError } from './thread-errors';
import type { HeaderAction } from './thread-permissions';
import { useClaimThread } from './useClaimThread';
import { useJoinThread } from './useJoinThread';
import { useLeaveThread } from './useLeaveThread';
import { useLiveGate } from './useLiveGate';
import { useReleaseThread } from './useReleaseThread';
import { useSetThreadPriority } from './useSetThreadPriority';
import { useSetThreadStatus } from './useSetThreadStatus';

const STATUS_FOR: Partial<Record<HeaderAction, ThreadStatus>> = { pending: 'PENDING', resolve: 'RESOLVED', reopen: 'OPEN' };

/**
 * The thread header's actions: one runs at a time (`busy`), a failure shows until dismissed or
 * the next action, and "Hand off" opens the dialog instead of calling the server. While not live
 * nothing is sent: the failure says so.
 */
export function useThreadActions(threadId: string) {
  const [claim] = useClaimThread();
  const [release] = useReleaseThread();
  const [join] = useJoinThread();
  const [leave] = useLeaveThread();
  const [setStatus] = useSetThreadStatus();
  const [setPriority] = useSetThreadPriority();
  const [busy, setBusy] = useState<HeaderAction | 'priority' | null>(null);
  const [failure, setFailure] = useState<ActionError | null>(null);
  const [handingOff, setHandingOff] = useState(false);
  const dismissFailure = useCallback(() => setFailure(null), []);
  const canAct = useLiveGate(failure, dismissFailure);

  async function run(action: HeaderAction | 'priority', mutate: () => Promise<unknown>) {
    // Refused here while not live, not sent into the void (the hand-off dialog refuses on its own).
    if (!canAct) {
      setFailure(notConnectedError(action));
      return;
    }
    setBusy(action);
    setFailure(null);
    try {
      await mutate();
    } catch (caught) {
      setFailure(actionError(caught, action));
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

  const onPriority = (priority: Priority) => void run('priority', () => setPriority({ variables: { threadId, priority } }));
  const closeHandOff = useCallback(() => setHandingOff(false), []);

  return { busy, failure, dismissFailure, handingOff, closeHandOff, onAction, onPriority };
}
