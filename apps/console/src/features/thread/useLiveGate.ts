import { useEffect } from 'react';
import { useCanAct } from '../../app/live';
import { NOT_CONNECTED_CODE, type ActionError } from './thread-errors';

/**
 * Whether a thread action may be sent now (app/live.tsx decides); a "Not connected" notice the
 * action showed is cleared once Live returns, since what it refused can now be sent.
 */
export function useLiveGate(error: ActionError | null, clear: () => void): boolean {
  const canAct = useCanAct();
  const refused = error?.code === NOT_CONNECTED_CODE;
  useEffect(() => {
    if (canAct && refused) clear();
  }, [canAct, refused, clear]);
  return canAct;
}
