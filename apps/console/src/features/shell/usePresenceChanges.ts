import { useSubscription } from '@apollo/client/react';
import { AgentPresenceChangedDocument } from '@switchboard/schema';

/**
 * Presence changes as they happen, mine included when a supervisor sets it from the board: the
 * answer is an Agent with its id, so the normalized cache updates `me` (and the account bar) by itself.
 */
export function usePresenceChanges(): void {
  useSubscription(AgentPresenceChangedDocument);
}
