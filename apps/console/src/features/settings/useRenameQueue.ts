import { useMutation } from '@apollo/client/react';
import { RenameQueueDocument } from '@switchboard/schema';

export function useRenameQueue() {
  return useMutation(RenameQueueDocument);
}
