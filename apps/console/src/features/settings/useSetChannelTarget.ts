import { useMutation } from '@apollo/client/react';
import { SetChannelTargetDocument } from '@switchboard/schema';

export function useSetChannelTarget() {
  return useMutation(SetChannelTargetDocument);
}
