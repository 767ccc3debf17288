import { useMutation } from '@apollo/client/react';
import { SetAgentPresenceDocument } from '@switchboard/schema';
import { useState } from 'react';
import { errorMessage } from '../auth/error-message';

export interface PresenceFailure {
  agentId: string;
  message: string;
}

/**
 * A supervisor sets an agent AWAY or OFFLINE. The answer updates that agent in the cache at
 * once; the board push that follows carries the rest.
 */
export function useSetAgentPresence() {
  const [mutate] = useMutation(SetAgentPresenceDocument);
  const [busyAgentId, setBusyAgentId] = useState<string | null>(null);
  const [failure, setFailure] = useState<PresenceFailure | null>(null);

  async function setAgentPresence(agentId: string, presence: 'AWAY' | 'OFFLINE'): Promise<void> {
    setBusyAgentId(agentId);
    setFailure(null);
    try {
      await mutate({ variables: { agentId, presence } });
    } catch (error) {
      setFailure({ agentId, message: errorMessage(error) });
    } finally {
      setBusyAgentId(null);
    }
  }

  return { setAgentPresence, busyAgentId, failure, dismissFailure: () => setFailure(null) };
}
