import { useApolloClient, useSubscription } from '@apollo/client/react';
import { MeDocument, SettingsChangedDocument, SetupAgentsDocument, SetupChannelsDocument, SetupQueuesDocument, type SettingsArea } from '@switchboard/schema';
import type { DocumentNode } from 'graphql';

/** What a change makes stale on every screen: the names the cache holds for the whole console. */
const NAMES: Partial<Record<SettingsArea, DocumentNode[]>> = {
  QUEUES: [SetupQueuesDocument],
  CHANNELS: [SetupChannelsDocument],
  AGENTS: [SetupAgentsDocument, MeDocument],
};

/**
 * A queue renamed, a channel's target changed, an agent's role or name changed, by anyone: the
 * console reads those names again, so the queue's rows and filters, an open thread's header and
 * my own role (the pages I may open) follow without a reload. The settings page reads its own
 * tables again besides (features/settings/useSettingsLive.ts).
 */
export function useSetupChanges(): void {
  const client = useApolloClient();
  useSubscription(SettingsChangedDocument, {
    onData: ({ data }) => {
      const area = data.data?.settingsChanged.area;
      for (const query of (area && NAMES[area]) || []) {
        client.query({ query, fetchPolicy: 'network-only' }).catch((error: unknown) => console.warn('Could not read the set-up again', error));
      }
    },
    // graphql-ws resubscribes after a dropped connection; a server-side error only costs freshness.
    onError: (error) => console.warn('Set-up changes: live updates stopped', error),
  });
}
