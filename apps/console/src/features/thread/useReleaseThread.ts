import { useMutation } from '@apollo/client/react';
import { ReleaseThreadDocument } from '@switchboard/schema';

export function useReleaseThread() {
  return useMutation(ReleaseThreadDocument);
}
