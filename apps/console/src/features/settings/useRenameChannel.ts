import { useMutation } from '@apollo/client/react';
import { RenameChannelDocument } from '@switchboard/schema';

export function useRenameChannel() {
  return useMutation(RenameChannelDocument);
}
