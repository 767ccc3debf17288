import { useMutation } from '@apollo/client/react';
import { CreateAgentDocument, SettingsAgentsDocument, SettingsQueuesDocument } from '@switchboard/schema';

/** The new agent is listed once this resolves, and is among the members of the queues given. */
export function useCreateAgent() {
  return useMutation(CreateAgentDocument, { refetchQueries: [SettingsAgentsDocument, SettingsQueuesDocument], awaitRefetchQueries: true });
}
