import { useMutation } from '@apollo/client/react';
import { SetThreadStatusDocument } from '@switchboard/schema';

export function useSetThreadStatus() {
  return useMutation(SetThreadStatusDocument);
}
