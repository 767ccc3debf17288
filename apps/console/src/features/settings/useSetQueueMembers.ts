import { useMutation } from '@apollo/client/react';
import { SetQueueMembersDocument, SettingsAgentsDocument } from '@switchboard/schema';

/** The queue's members come back with the answer; each agent's queues and open threads are read again. */
export function useSetQueueMembers() {
  return useMutation(SetQueueMembersDocument, { refetchQueries: [SettingsAgentsDocument], awaitRefetchQueries: true });
}
