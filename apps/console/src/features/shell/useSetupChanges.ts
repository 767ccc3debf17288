import { useApolloClient, useSubscription } from '@apollo/client/react';
import { MeDocument, SettingsChangedDocument, SetupAgentsDocument, SetupChannelsDocument, SetupQueuesDocument, type SettingsArea } from '@switchboard/schema';
import type { DocumentNode } from 'graphql';
import { useRef } from 'react';

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
  const restart = useRef<() => void>(() => undefined);
  const reread = (queries: DocumentNode[]) => {
    for (const query of queries) {
      client.query({ query, fetchPolicy: 'network-only' }).catch((error: unknown) => console.warn('Could not read the set-up again', error));
    }
  };
  const { restart: subscribeAgain } = useSubscription(SettingsChangedDocument, {
    onData: ({ data }) => {
      const area = data.data?.settingsChanged.area;
      reread((area && NAMES[area]) || []);
    },
    // The server ends it when my role changed (what I may hear of depends on it): read who I am
    // now, and subscribe again with the new rights.
    onComplete: () => {
      reread([MeDocument]);
      // A second later, so a server that kept ending it could never make this spin.
      setTimeout(() => restart.current(), 1_000);
    },
    // graphql-ws resubscribes after a dropped connection; a server-side error only costs freshness.
    onError: (error) => console.warn('Set-up changes: live updates stopped', error),
  });
  restart.current = subscribeAgain;
}
