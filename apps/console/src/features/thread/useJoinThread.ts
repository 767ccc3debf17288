import { useMutation } from '@apollo/client/react';
import { JoinThreadDocument } from '@switchboard/schema';

export function useJoinThread() {
  return useMutation(JoinThreadDocument);
}
