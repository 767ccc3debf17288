import { useMutation } from '@apollo/client/react';
import { SetChannelQueueDocument } from '@switchboard/schema';

export function useSetChannelQueue() {
  return useMutation(SetChannelQueueDocument);
}
