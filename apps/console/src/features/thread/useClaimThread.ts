import { useMutation } from '@apollo/client/react';
import { ClaimThreadDocument } from '@switchboard/schema';

export function useClaimThread() {
  return useMutation(ClaimThreadDocument);
}
