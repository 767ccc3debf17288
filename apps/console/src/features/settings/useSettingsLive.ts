import { useApolloClient, useSubscription } from '@apollo/client/react';
import { SettingsAgentsDocument, SettingsChangedDocument, SettingsChannelsDocument, SettingsQueuesDocument, type SettingsArea } from '@switchboard/schema';
import type { DocumentNode } from 'graphql';
import { useState } from 'react';

/**
 * What each area's change makes stale. Members and queues hang on both queues and agents, and a
 * channel row names its queue, so a change to one is read again by the others that show it. The
 * integrations sections name their queries ApiKeys and Webhooks for this (and a key names its agent).
 */
const STALE: Partial<Record<SettingsArea, Array<DocumentNode | string>>> = {
  QUEUES: [SettingsQueuesDocument, SettingsAgentsDocument, SettingsChannelsDocument],
  AGENTS: [SettingsAgentsDocument, SettingsQueuesDocument, 'ApiKeys'],
  CHANNELS: [SettingsChannelsDocument],
  API_KEYS: ['ApiKeys'],
  WEBHOOKS: ['Webhooks'],
};

/**
 * Keeps the settings page current while anyone (on any console) changes the set-up. Only the
 * queries on screen are read again; the others read afresh when they mount. graphql-ws
 * resubscribes after a dropped connection by itself; a subscription the server ended with an
 * error is reported, and resuming reads everything on screen again (changes may have been missed).
 */
export function useSettingsLive(): { failed: boolean; resume(): void } {
  const client = useApolloClient();
  const [failed, setFailed] = useState(false);
  // Skipped while failed: that ends the subscription, and Resume starts a new one.
  useSubscription(SettingsChangedDocument, {
    skip: failed,
    onData: ({ data }) => {
      const area = data.data?.settingsChanged.area;
      const stale = area ? STALE[area] : undefined;
      if (stale) void client.refetchQueries({ include: stale });
    },
    onError: (error) => {
      console.warn('Settings: live updates stopped', error);
      setFailed(true);
    },
  });
  const resume = () => {
    setFailed(false);
    void client.refetchQueries({ include: [...new Set(Object.values(STALE).flat())] });
  };
  return { failed, resume };
}
