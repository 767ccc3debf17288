import { useQuery } from '@apollo/client/react';
import { SettingsQueuesDocument } from '@switchboard/schema';

/** Every queue with its members; read afresh each time the page opens (others change set-up too). */
export function useSettingsQueues() {
  return useQuery(SettingsQueuesDocument, { fetchPolicy: 'cache-and-network' });
}
