import { useMutation } from '@apollo/client/react';
import { CreateQueueDocument, SettingsQueuesDocument } from '@switchboard/schema';

/** The new queue is listed once this resolves. */
export function useCreateQueue() {
  return useMutation(CreateQueueDocument, { refetchQueries: [SettingsQueuesDocument], awaitRefetchQueries: true });
}
