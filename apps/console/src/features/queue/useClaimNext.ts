import { useMutation } from '@apollo/client/react';
import { QueueClaimNextDocument } from '@switchboard/schema';

export function useClaimNext() {
  return useMutation(QueueClaimNextDocument);
}
