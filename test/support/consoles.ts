import { backoff, startLiveFeed, type FeedEvent, type LiveFeed } from '@switchboard/schema';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { gql } from './built-server.js';

export interface ConsoleEvent {
  cursor: string;
  type: string;
  threadId: string;
}

export interface TestConsole {
  /**
   * Every event the server delivered on the feed's current subscription, in arrival order: raw,
   * before the feed's own version check, so a duplicate the server sends shows here.
   */
  events: ConsoleEvent[];
  /** Error payloads and subscription errors the feed reported. */
  errors: unknown[];
  /** How many times the socket connected (and was acknowledged). */
  readonly connections: number;
  feed: LiveFeed;
  client: Client;
  /** Resolves once the feed has its starting cursor: anything written afterwards reaches it. */
  started(timeoutMs?: number): Promise<void>;
  /** Resolves once an event with this cursor or a later one has arrived. */
  waitForCursor(cursor: string, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

const QUERY = 'subscription($after: String) { threadEvents(after: $after) { cursor threadVersion type thread { id } } }';
const RETRY = { baseMs: 200, maxMs: 2_000 };

/**
 * A console as the app runs one (apps/console/src/app): a graphql-ws client that reconnects by
 * itself, to whichever server `pick()` names when it does (a load balancer), and the shared
 * `startLiveFeed` over it, which reads `eventCursor` first and resumes from its last cursor.
 */
export function startTestConsole({ pick, token }: { pick: () => string; token: string }): TestConsole {
  const events: ConsoleEvent[] = [];
  const errors: unknown[] = [];
  let connections = 0;
  const client = createClient({
    url: () => `${pick().replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: Infinity,
    retryWait: (retries) => backoff(retries, RETRY),
    shouldRetry: () => true,
    on: { connected: () => void connections++ },
  });
  const feed = startLiveFeed<FeedEvent & { type: string }>({
    subscribe: (payload, sink) => {
      let current = true;
      const unsubscribe = client.subscribe(payload, {
        next: (value) => {
          const event = (value.data as { threadEvents?: FeedEvent & { type: string } } | null | undefined)?.threadEvents;
          if (current && event) events.push({ cursor: event.cursor, type: event.type, threadId: event.thread.id });
          sink.next(value as never);
        },
        error: (error) => sink.error(error),
        complete: () => sink.complete(),
      });
      return () => {
        current = false;
        unsubscribe();
      };
    },
    transport: client,
    readCursor: async () => {
      const result = await gql<{ eventCursor: string }>(pick(), '{ eventCursor }', {}, token);
      if (!result.data) throw new Error(`eventCursor: ${JSON.stringify(result.errors)}`);
      return result.data.eventCursor;
    },
    query: QUERY,
    onEvent: () => undefined,
    onError: (reported) => void errors.push(...reported),
    backoffMs: RETRY.baseMs,
    maxBackoffMs: RETRY.maxMs,
  });
  return {
    events,
    errors,
    get connections() {
      return connections;
    },
    feed,
    client,
    async started(timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (feed.cursor === undefined) {
        if (Date.now() > deadline) throw new Error(`the feed read no cursor within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    async waitForCursor(cursor, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (!events.some((event) => BigInt(event.cursor) >= BigInt(cursor))) {
        if (Date.now() > deadline) {
          throw new Error(`no event at or after cursor ${cursor} within ${timeoutMs} ms; got ${JSON.stringify(events.slice(-5))}, errors ${JSON.stringify(errors.slice(-3))}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    async stop() {
      feed.stop();
      await client.dispose();
    },
  };
}
