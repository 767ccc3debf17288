import { useMutation } from '@apollo/client/react';
import { SetThreadPriorityDocument } from '@switchboard/schema';

export function useSetThreadPriority() {
  return useMutation(SetThreadPriorityDocument);
}
