import { useMutation } from '@apollo/client/react';
import { CreateChannelDocument, SettingsChannelsDocument } from '@switchboard/schema';

/** The new channel is listed once this resolves. */
export function useCreateChannel() {
  return useMutation(CreateChannelDocument, { refetchQueries: [SettingsChannelsDocument], awaitRefetchQueries: true });
}
