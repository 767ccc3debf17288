import { useMutation } from '@apollo/client/react';
import { QueueClaimThreadDocument } from '@switchboard/schema';

export function useClaimThread() {
  return useMutation(QueueClaimThreadDocument);
}
