import { useMutation } from '@apollo/client/react';
import { HandOffThreadDocument } from '@switchboard/schema';

export function useHandOffThread() {
  return useMutation(HandOffThreadDocument);
}
