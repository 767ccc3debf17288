import type { ApolloClient } from '@apollo/client';
import { useApolloClient, useSubscription } from '@apollo/client/react';
import {
  MeDocument, SettingsAgentsDocument, SettingsChangedDocument, SettingsChannelsDocument, SettingsQueuesDocument, SetupAgentsDocument,
  SetupChannelsDocument, SetupQueuesDocument, type SettingsArea,
} from '@switchboard/schema';
import type { DocumentNode } from 'graphql';
import { createContext, createElement, useContext, useRef, useState, type ReactNode } from 'react';

/**
 * What a change to each area makes stale, in one place:
 * - `names`: what every screen shows from the cache (queue and channel names, agents, my own
 *   role), read again from the server whether on screen or not, unless the change carried its
 *   item (the payload's agent, queue or channel, cached with it) and `listed` already holds it: a
 *   new item, or a change that carries none, reads the names again;
 * - `screens`: the settings tables on screen, read again only if mounted. Members and queues hang
 *   on both queues and agents, and a channel row names its queue, so a change to one is read again
 *   by the others that show it. The integrations sections name their queries ApiKeys and Webhooks
 *   for this (and a key names its agent).
 */
type Stale = {
  names: DocumentNode[];
  screens: Array<DocumentNode | string>;
  /** The area's list as cached: a change carrying an item it holds needs no read of the names. */
  listed?(client: ApolloClient): ReadonlyArray<{ id: string }> | undefined;
};

const STALE: Partial<Record<SettingsArea, Stale>> = {
  QUEUES: {
    names: [SetupQueuesDocument],
    screens: [SettingsQueuesDocument, SettingsAgentsDocument, SettingsChannelsDocument],
    listed: (client) => client.readQuery({ query: SetupQueuesDocument })?.queues,
  },
  AGENTS: {
    names: [SetupAgentsDocument, MeDocument],
    screens: [SettingsAgentsDocument, SettingsQueuesDocument, 'ApiKeys'],
    listed: (client) => client.readQuery({ query: SetupAgentsDocument })?.agents,
  },
  CHANNELS: {
    names: [SetupChannelsDocument],
    screens: [SettingsChannelsDocument],
    listed: (client) => client.readQuery({ query: SetupChannelsDocument })?.channels,
  },
  API_KEYS: { names: [], screens: ['ApiKeys'] },
  WEBHOOKS: { names: [], screens: ['Webhooks'] },
};

/** What shows my own queues (QueueViewer) and their threads: read again, if on screen, when my queues change. */
const MINE = ['QueueViewer', 'QueueThreads'];

export interface SetupChanges {
  /** The server ended the subscription with an error: changes made elsewhere no longer show. */
  failed: boolean;
  /** Subscribes again and reads everything on screen again (changes may have been missed). */
  resume(): void;
}

/**
 * The console's one `settingsChanged` subscription. A queue renamed, a channel's target changed,
 * an agent's role or name changed, by anyone: the console reads those names again, so the queue's
 * rows and filters, an open thread's header and my own role (the pages I may open) follow without a
 * reload, and the settings page reads its tables again. graphql-ws resubscribes after a dropped
 * connection by itself; the server ends it when my role changed (what I may hear of depends on
 * it), and then it reads who I am and subscribes again with the new rights.
 */
export function useSetupChanges(): SetupChanges {
  const client = useApolloClient();
  const [failed, setFailed] = useState(false);
  const restart = useRef<() => void>(() => undefined);
  const reread = (queries: DocumentNode[]) => {
    for (const query of queries) {
      client.query({ query, fetchPolicy: 'network-only' }).catch((error: unknown) => console.warn('Could not read the set-up again', error));
    }
  };
  // Skipped while failed: that ends the subscription, and resume starts a new one.
  const { restart: subscribeAgain } = useSubscription(SettingsChangedDocument, {
    skip: failed,
    onData: ({ data }) => {
      const change = data.data?.settingsChanged;
      const stale = change ? STALE[change.area] : undefined;
      if (!change || !stale) return;
      const carried = change.agent ?? change.queue ?? change.channel;
      const listed = carried ? stale.listed?.(client)?.some((item) => item.id === carried.id) : false;
      if (!listed) reread(stale.names);
      // A change to me (added to or taken out of a queue, say): my queue view follows at once.
      const mine = change.area === 'AGENTS' && change.id !== null && change.id === client.readQuery({ query: MeDocument })?.me?.id;
      const screens = mine ? [...stale.screens, ...MINE] : stale.screens;
      if (screens.length > 0) void client.refetchQueries({ include: screens });
    },
    onComplete: () => {
      reread([MeDocument]);
      // A second later, so a server that kept ending it could never make this spin.
      setTimeout(() => restart.current(), 1_000);
    },
    onError: (error) => {
      console.warn('Set-up changes: live updates stopped', error);
      setFailed(true);
    },
  });
  restart.current = subscribeAgain;
  const resume = () => {
    setFailed(false);
    void client.refetchQueries({ include: [...new Set(Object.values(STALE).flatMap((stale) => stale.screens))] });
  };
  return { failed, resume };
}

const SetupChangesContext = createContext<SetupChanges>({ failed: false, resume: () => undefined });

/** Holds the one subscription for everything below it (the signed-in console). */
export function SetupChangesProvider({ children }: { children: ReactNode }) {
  return createElement(SetupChangesContext.Provider, { value: useSetupChanges() }, children);
}

/** Whether changes made elsewhere still show (the settings page says so when they do not). */
export function useSetupChangesStatus(): SetupChanges {
  return useContext(SetupChangesContext);
}
