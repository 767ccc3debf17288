import { ApolloClient, ApolloLink, CombinedGraphQLErrors, HttpLink, InMemoryCache, ServerError } from '@apollo/client';
import { SetContextLink } from '@apollo/client/link/context';
import { ErrorLink } from '@apollo/client/link/error';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { getMainDefinition } from '@apollo/client/utilities';
import { backoff, type BackoffOptions } from '@switchboard/schema';
import { OperationTypeNode } from 'graphql';
import { createClient, type Client as WsClient } from 'graphql-ws';
import { createSuspicion, PING_INTERVAL_MS, watchPongs, type Suspicion } from './connection';
import { resumableWebSocket } from './resumable-socket';

/** Close code the server sends when connection_init carries no valid token. */
export const WS_FORBIDDEN_CLOSE_CODE = 4403;

export interface ApolloOptions {
  /** Read on every request and every (re)connect, so a new token needs no new client. */
  getToken(): string | null;
  /** Called when the server rejects the token the console sent. */
  /** The session ended (401, UNAUTHENTICATED, or a 4403 close with its reason). */
  onAuthError(closeReason?: string): void;
  /** Defaults to the page's own origin (the Vite proxy in development). */
  httpUrl?: string;
  wsUrl?: string;
  /** The browser's WebSocket unless given (tests pass a scripted one). */
  webSocketImpl?: typeof WebSocket;
}

export interface ConsoleApollo {
  client: ApolloClient;
  ws: WsClient;
  /** The socket is suspected dead (a pong is late): "Reconnecting…" before the socket is dropped (connection.ts). */
  suspect: Suspicion;
  /** Forget everything the signed-out agent loaded and drop the socket; the next subscription reconnects with the next token. */
  reset(): Promise<void>;
}

export function defaultWsUrl(location: Pick<Location, 'protocol' | 'host'> = window.location): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/graphql`;
}

/**
 * The console's one reconnect schedule: the socket's (graphql-ws retries it, the live feed only
 * resubscribes once it is back). Jittered, so a restarting server is not hit by every console at once.
 */
export const RECONNECT_BACKOFF: BackoffOptions = { baseMs: 1_000, maxMs: 30_000, jitter: 'full' };

function isCloseEvent(value: unknown): value is { code: number; reason?: string } {
  return typeof value === 'object' && value !== null && 'code' in value && typeof value.code === 'number';
}

/** The console's cache; tests build theirs here too, so they normalize and replace as the console does. */
export function createCache(): InMemoryCache {
  return new InMemoryCache({
    // Every boardUpdated push is the whole board as it stands: it replaces the cached one.
    typePolicies: { Query: { fields: { board: { merge: false } } } },
  });
}

export function createApolloClient({ getToken, onAuthError, httpUrl = '/graphql', wsUrl, webSocketImpl = WebSocket }: ApolloOptions): ConsoleApollo {
  // terminate() gives up on the socket at once (a close handshake with a dead peer can take a
  // minute) and reports it closed with 4499, which graphql-ws retries like a dropped connection.
  const suspect = createSuspicion();
  const pongs = watchPongs({ suspect: (value) => suspect.set(value), lost: () => ws.terminate() });
  const ws: WsClient = createClient({
    url: wsUrl ?? defaultWsUrl(),
    // A 4500 close ("dispatch failed: resume") is retried by this client like a dropped connection.
    webSocketImpl: resumableWebSocket(webSocketImpl),
    lazy: true,
    connectionParams: () => {
      const token = getToken();
      return token ? { authorization: `Bearer ${token}` } : {};
    },
    // A server that died without closing sends nothing: only a missed pong tells (see connection.ts).
    keepAlive: PING_INTERVAL_MS,
    retryAttempts: Infinity,
    retryWait: (retries) => backoff(retries, RECONNECT_BACKOFF),
    // A rejected token will not get better by retrying.
    shouldRetry: (event) => !(isCloseEvent(event) && (event.code === WS_FORBIDDEN_CLOSE_CODE || event.code === 4401)),
    on: {
      ping: (received) => pongs.ping(received),
      pong: (received) => pongs.pong(received),
      closed: (event) => {
        pongs.stop();
        if (isCloseEvent(event) && event.code === WS_FORBIDDEN_CLOSE_CODE) onAuthError(event.reason);
      },
    },
  });

  const auth = new SetContextLink((prev) => {
    const token = getToken();
    return token ? { headers: { ...prev.headers, authorization: `Bearer ${token}` } } : {};
  });

  const errors = new ErrorLink(({ error, operation }) => {
    // Only a request that carried a token can have an expired one; a failed login is not a sign-out.
    const sentToken = Boolean(operation.getContext().headers?.authorization);
    if (!sentToken) return;
    const unauthenticated =
      (CombinedGraphQLErrors.is(error) && error.errors.some((e) => e.extensions?.code === 'UNAUTHENTICATED')) ||
      (ServerError.is(error) && error.statusCode === 401);
    if (unauthenticated) onAuthError();
  });

  const transport = ApolloLink.split(
    ({ query }) => {
      const definition = getMainDefinition(query);
      return definition.kind === 'OperationDefinition' && definition.operation === OperationTypeNode.SUBSCRIPTION;
    },
    new GraphQLWsLink(ws),
    new HttpLink({ uri: httpUrl }),
  );

  const client = new ApolloClient({
    link: ApolloLink.from([auth, errors, transport]),
    cache: createCache(),
  });

  return {
    client,
    ws,
    suspect,
    async reset() {
      ws.terminate();
      await client.clearStore();
    },
  };
}
