import { useMutation } from '@apollo/client/react';
import { SetTypingDocument } from '@switchboard/schema';

export function useSetTyping() {
  return useMutation(SetTypingDocument);
}
