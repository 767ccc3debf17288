import { useMutation } from '@apollo/client/react';
import { UpdateAgentDocument } from '@switchboard/schema';

/** The agent comes back changed (deactivated: with no open threads left), and the cache follows. */
export function useUpdateAgent() {
  return useMutation(UpdateAgentDocument);
}
