import { useQuery } from '@apollo/client/react';
import { SettingsAgentsDocument } from '@switchboard/schema';

/** Every agent, active or not; read afresh each time the page opens. */
export function useSettingsAgents() {
  return useQuery(SettingsAgentsDocument, { fetchPolicy: 'cache-and-network' });
}
