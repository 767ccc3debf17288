import { useMutation } from '@apollo/client/react';
import { ReplyDocument } from '@switchboard/schema';

export function useReply() {
  return useMutation(ReplyDocument);
}
