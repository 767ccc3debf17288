import { useApolloClient } from '@apollo/client/react';
import type { FeedStatus } from '@switchboard/schema';
import type { Client as WsClient } from 'graphql-ws';
import { createContext, useContext, useEffect, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import { trackCatchUp } from './catch-up';
import { canAct, connectionState, trackOffline, type ConnectionState, type Suspicion } from './connection';
import { liveProblem, startConsoleFeed, type LiveEvent, type LiveProblem } from './console-feed';
import { serverNow } from './server-clock';

export type { LiveEvent, LiveProblem } from './console-feed';
export type { ConnectionState } from './connection';
type Listener = (event: LiveEvent) => void;

interface LiveContextValue {
  status: FeedStatus;
  /** Live, but behind the stream: replaying what was missed, or receiving events late (see catch-up.ts). */
  catchingUp: boolean;
  /** What the header shows: the feed's status, catching up, or offline after reconnecting too long (see connection.ts). */
  connection: ConnectionState;
  /** The last errors the server sent on the feed, until the next event or the next resubscription. */
  problem: LiveProblem | null;
  /** Listen to every change this agent may see; returns the unsubscribe function. */
  listen(listener: Listener): () => void;
}

const noSubscription = () => () => undefined;
const notSuspected = () => false;

const LiveContext = createContext<LiveContextValue>({ status: 'connecting', catchingUp: false, connection: 'connecting', problem: null, listen: () => () => undefined });

/**
 * Runs the console's one live feed (see startConsoleFeed) for as long as an agent is signed in;
 * features listen here instead of subscribing on their own.
 */
export function LiveProvider({ ws, suspect, children }: { ws: WsClient; suspect?: Suspicion; children: ReactNode }) {
  const apollo = useApolloClient();
  const [status, setStatus] = useState<FeedStatus>('connecting');
  const [catchingUp, setCatchingUp] = useState(false);
  const [offline, setOffline] = useState(false);
  const [problem, setProblem] = useState<LiveProblem | null>(null);
  const listeners = useRef(new Set<Listener>());
  const suspected = useSyncExternalStore(suspect?.subscribe ?? noSubscription, suspect?.current ?? notSuspected);

  useEffect(() => {
    const catchUp = trackCatchUp(serverNow, setCatchingUp);
    const offlineAfter = trackOffline(setOffline);
    let previous: FeedStatus = 'connecting';
    const feed = startConsoleFeed({
      apollo,
      ws,
      onEvent: (event) => {
        catchUp.event(event.at);
        setProblem(null);
        listeners.current.forEach((listener) => listener(event));
      },
      onStatus: (next) => {
        // Back from reconnecting means resubscribed from the cursor: the missed events replay first.
        if (next === 'live' && previous === 'reconnecting') catchUp.resumed();
        else if (next !== 'live') catchUp.down();
        previous = next;
        offlineAfter.status(next);
        setStatus(next);
        // Resubscribed from the cursor: whatever failed is being asked for again.
        if (next === 'live') setProblem(null);
      },
      onError: (errors) => {
        // Masked by the server: the codes are what support needs from a console's log.
        console.warn('Live feed: the server sent errors; resuming from the last cursor', errors);
        setProblem(liveProblem(errors));
      },
    });
    return () => {
      feed.stop();
      catchUp.stop();
      offlineAfter.stop();
    };
  }, [apollo, ws]);

  const value = useRef<LiveContextValue>({ status, catchingUp, connection: 'connecting', problem, listen: () => () => undefined });
  value.current = {
    status,
    catchingUp: status === 'live' && catchingUp,
    connection: connectionState(status, catchingUp, offline, suspected),
    problem,
    listen: (listener) => {
      listeners.current.add(listener);
      return () => listeners.current.delete(listener);
    },
  };
  return <LiveContext.Provider value={value.current}>{children}</LiveContext.Provider>;
}

export function useLiveStatus(): FeedStatus {
  return useContext(LiveContext).status;
}

/** True while the feed is live but behind the stream; the indicator says "Catching up…". */
export function useLiveCatchingUp(): boolean {
  return useContext(LiveContext).catchingUp;
}

/** "Live" only when connected and caught up; "Offline" after OFFLINE_AFTER_MS of failed reconnects. */
export function useLiveConnection(): ConnectionState {
  return useContext(LiveContext).connection;
}

/** What a refused action says. */
export const NOT_CONNECTED = 'Not connected — reconnecting…';

/** False while reconnecting or offline: an action sent then would go nowhere, so the UI refuses it. */
export function useCanAct(): boolean {
  return canAct(useContext(LiveContext).connection);
}

export function useLiveProblem(): LiveProblem | null {
  return useContext(LiveContext).problem;
}

export function useLiveEvents(listener: Listener): void {
  const { listen } = useContext(LiveContext);
  const latest = useRef(listener);
  latest.current = listener;
  useEffect(() => listen((event) => latest.current(event)), [listen]);
}
