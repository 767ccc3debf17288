/**
 * A gap-free live feed of thread events for a client: reads `eventCursor`, subscribes to
 * `threadEvents(after: cursor)`, and when the connection drops, resubscribes with backoff from
 * the last cursor it saw, so nothing is missed and nothing is applied twice (stale events are
 * dropped by `threadVersion`). Transport-agnostic: pass graphql-ws's `client.subscribe`.
 */

/** The slice of a graphql-ws client the feed needs (`Client.subscribe`). */
export type SubscribeFn = (
  payload: { query: string; variables?: Record<string, unknown> },
  sink: {
    next(value: { data?: unknown; errors?: ReadonlyArray<{ message: string; extensions?: Record<string, unknown> }> | null }): void;
    error(error: unknown): void;
    complete(): void;
  },
) => () => void;

/** The fields the feed itself needs from each event; select more in `query`. */
export interface FeedEvent {
  cursor: string;
  threadVersion: number;
  thread: { id: string };
}

export type FeedStatus = 'connecting' | 'live' | 'reconnecting' | 'stopped';

export interface LiveFeedOptions<E extends FeedEvent> {
  subscribe: SubscribeFn;
  /** Reads `eventCursor` (call it BEFORE loading lists, then start the feed with it). */
  readCursor(): Promise<string>;
  /** A `subscription($after: String, …) { threadEvents(after: $after, …) { cursor threadVersion thread { id } … } }`. */
  query: string;
  /** Other variables of `query` (filter, types); `after` is the feed's. */
  variables?: Record<string, unknown>;
  /** Where to start; read with `readCursor` when omitted. */
  cursor?: string;
  onEvent(event: E): void;
  onStatus?(status: FeedStatus): void;
  /** The log no longer holds our cursor (CURSOR_EXPIRED): reload lists; the feed restarts from a fresh cursor. */
  onReset?(): void | Promise<void>;
  /** First retry after this many ms, doubling up to `maxBackoffMs`. */
  backoffMs?: number;
  maxBackoffMs?: number;
}

export interface LiveFeed {
  /** The cursor of the last event delivered (or skipped as stale). */
  readonly cursor: string | undefined;
  readonly status: FeedStatus;
  /** The transport lost its connection (e.g. graphql-ws `closed`): resubscribe from the last cursor. */
  reconnect(): void;
  stop(): void;
}

/** Starts a feed; events arrive in commit order, once each, newest version per thread. */
export function startLiveFeed<E extends FeedEvent>(options: LiveFeedOptions<E>): LiveFeed {
  const versions = new Map<string, number>();
  const base = options.backoffMs ?? 500;
  const max = options.maxBackoffMs ?? 30_000;
  let cursor = options.cursor;
  let status: FeedStatus = 'connecting';
  let attempt = 0;
  let unsubscribe: (() => void) | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  /** Each subscribe is a session; callbacks of an abandoned one are ignored. */
  let session = 0;

  const setStatus = (next: FeedStatus) => {
    if (status === next) return;
    status = next;
    options.onStatus?.(next);
  };

  const retry = () => {
    session++;
    unsubscribe?.();
    unsubscribe = undefined;
    clearTimeout(retryTimer);
    if (stopped) return;
    setStatus('reconnecting');
    const delay = Math.min(max, base * 2 ** attempt) * (0.75 + Math.random() * 0.5);
    attempt++;
    retryTimer = setTimeout(() => void connect(), delay);
  };

  const connect = async () => {
    try {
      if (cursor === undefined) cursor = await options.readCursor();
    } catch {
      retry();
      return;
    }
    if (stopped) return;
    const mine = ++session;
    let ended = false;
    unsubscribe = options.subscribe(
      { query: options.query, variables: { ...options.variables, after: cursor } },
      {
        next: (value) => {
          if (mine !== session) return;
          const expired = value.errors?.some((error) => error.extensions?.code === 'CURSOR_EXPIRED');
          if (expired) {
            ended = true;
            cursor = undefined;
            versions.clear();
            void Promise.resolve(options.onReset?.()).finally(retry);
            return;
          }
          const event = (value.data as { threadEvents?: E } | undefined)?.threadEvents;
          if (!event) return;
          attempt = 0;
          setStatus('live');
          cursor = event.cursor;
          const known = versions.get(event.thread.id);
          if (known !== undefined && event.threadVersion <= known) return; // stale or repeated
          versions.set(event.thread.id, event.threadVersion);
          options.onEvent(event);
        },
        error: () => {
          if (mine === session && !ended) retry();
          ended = true;
        },
        complete: () => {
          if (mine === session && !ended && !stopped) retry();
          ended = true;
        },
      },
    );
    // graphql-ws acknowledges no subscription: count it live once the socket is up.
    if (!ended) setStatus('live');
  };

  void connect();
  return {
    get cursor() {
      return cursor;
    },
    get status() {
      return status;
    },
    reconnect() {
      if (stopped) return;
      attempt = 0;
      retry();
    },
    stop() {
      stopped = true;
      clearTimeout(retryTimer);
      unsubscribe?.();
      setStatus('stopped');
    },
  };
}
