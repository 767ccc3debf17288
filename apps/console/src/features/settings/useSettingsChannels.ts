import { useQuery } from '@apollo/client/react';
import { SettingsChannelsDocument } from '@switchboard/schema';

/** Every channel with its target and queue; read afresh each time the page opens. */
export function useSettingsChannels() {
  return useQuery(SettingsChannelsDocument, { fetchPolicy: 'cache-and-network' });
}
