/**
 * A gap-free live feed of thread events for a client: reads `eventCursor`, subscribes to
 * `threadEvents(after: cursor)`, and after any interruption resubscribes from the last cursor it
 * saw, so nothing is missed and nothing is applied twice (stale events are dropped by
 * `threadVersion`). Transport-agnostic: pass graphql-ws's `client.subscribe` (or any function of
 * the same shape), and, when that transport reconnects by itself, the transport too.
 */
import { backoffDelay, type BackoffOptions } from './backoff.js';

/** A GraphQL error as the server sends it: masked, so branch on `extensions.code`, never on the message. */
export interface FeedGraphQLError {
  message: string;
  path?: ReadonlyArray<string | number>;
  extensions?: Record<string, unknown>;
}

/** The slice of a graphql-ws client the feed needs (`Client.subscribe`). */
export type SubscribeFn = (
  payload: { query: string; variables?: Record<string, unknown> },
  sink: {
    next(value: { data?: unknown; errors?: ReadonlyArray<FeedGraphQLError> | null }): void;
    error(error: unknown): void;
    complete(): void;
  },
) => () => void;

/**
 * A transport that reconnects its socket by itself and says when (a graphql-ws `Client` created
 * with `retryAttempts > 0` fits as it is). `closed`: the socket dropped; `connected`: a socket is
 * up and acknowledged again.
 */
export interface FeedTransport {
  on(event: 'closed' | 'connected', listener: () => void): () => void;
}

/** The fields the feed itself needs from each event; select more in `query`. */
export interface FeedEvent {
  cursor: string;
  threadVersion: number;
  thread: { id: string };
}

export type FeedStatus = 'connecting' | 'live' | 'reconnecting' | 'stopped';

/**
 * The close code a Switchboard server sends when it could not dispatch an event to a live socket.
 * It means "reconnect and resume from your cursor", although graphql-ws's client treats 4500 as
 * fatal and will not retry it by itself: `startLiveFeed` resubscribes after a back-off, and a
 * client that wants its own retry loop to handle it can map it with {@link isResumableClose}.
 */
export const DISPATCH_FAILED_CLOSE_CODE = 4500;

/** True for a WebSocket close (or graphql-ws close event) that asks the client to resume from its cursor. */
export function isResumableClose(event: unknown): boolean {
  return typeof event === 'object' && event !== null && 'code' in event && event.code === DISPATCH_FAILED_CLOSE_CODE;
}

export interface LiveFeedOptions<E extends FeedEvent> {
  subscribe: SubscribeFn;
  /**
   * Give it when the transport reconnects by itself (graphql-ws with `retryAttempts > 0`): the
   * feed then runs no timer for a dropped socket; it leaves reconnecting to the transport and,
   * once the transport is `connected` again, resubscribes at once from its last cursor (replacing
   * the subscription the transport would replay from the first cursor). Leave it out when the
   * transport does not retry (`retryAttempts: 0`): the feed's own back-off then brings it back.
   */
  transport?: FeedTransport;
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
  /**
   * GraphQL errors the server sent on the feed: in a `next` payload (masked, e.g.
   * INTERNAL_SERVER_ERROR) or as the subscription's error. A payload with errors and no event
   * does not move the cursor, so the resumed feed asks for that event again. Without this
   * option the errors go to `console.error`; they are never dropped silently.
   */
  onError?(errors: readonly FeedGraphQLError[]): void;
  /**
   * The log no longer holds our cursor (CURSOR_EXPIRED): the feed reads a fresh cursor, then
   * calls this to reload lists, then subscribes from that cursor.
   */
  onReset?(): void | Promise<void>;
  /** Ceiling of the first retry in ms (`backoffDelay`'s `baseMs`, full jitter); default 500. */
  backoffMs?: number;
  /** No retry waits longer; default 30000. */
  maxBackoffMs?: number;
}

export interface LiveFeed {
  /** The cursor of the last event delivered (or skipped as stale). */
  readonly cursor: string | undefined;
  readonly status: FeedStatus;
  /** Resubscribes from the last cursor now, skipping any back-off in progress. */
  reconnect(): void;
  stop(): void;
}

type FeedSink = Parameters<SubscribeFn>[1];

const CURSOR_EXPIRED = 'CURSOR_EXPIRED';

function isGraphQLErrorList(value: unknown): value is FeedGraphQLError[] {
  return Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'object' && item !== null && typeof item.message === 'string');
}

/**
 * Starts a feed; events arrive in commit order, once each, newest version per thread.
 *
 * One retry loop per client: a socket the transport reconnects itself (see `transport`) is the
 * transport's; the feed's back-off only covers what the transport does not retry: a subscription
 * that ended (error, completion, a fatal close such as 4500) and a cursor that could not be read.
 */
export function startLiveFeed<E extends FeedEvent>(options: LiveFeedOptions<E>): LiveFeed {
  const versions = new Map<string, number>();
  const backoff: BackoffOptions = { baseMs: options.backoffMs ?? 500, maxMs: options.maxBackoffMs ?? 30_000 };
  let cursor = options.cursor;
  let status: FeedStatus = 'connecting';
  let attempt = 0;
  let stopped = false;
  let resetPending = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  /** Each start is a session; callbacks and continuations of an abandoned one are ignored. */
  let session = 0;
  let current: { unsubscribe(): void; epoch: number } | undefined;
  /** Counts the transport's drops; a subscription made before the last drop is replaced when it is back. */
  let epoch = 0;
  let transportDown = false;

  const setStatus = (next: FeedStatus) => {
    if (status === next) return;
    status = next;
    options.onStatus?.(next);
  };

  const report = (errors: readonly FeedGraphQLError[]) => {
    if (options.onError) options.onError(errors);
    else console.error('Switchboard live feed: the server sent errors', errors);
  };

  /** Abandons the running session (its callbacks go quiet) and any retry waiting. */
  const abandon = () => {
    session++;
    clearTimeout(retryTimer);
    retryTimer = undefined;
    const ending = current;
    current = undefined;
    ending?.unsubscribe();
  };

  const scheduleRetry = () => {
    abandon();
    if (stopped) return;
    setStatus('reconnecting');
    retryTimer = setTimeout(() => void start(), backoffDelay(attempt++, backoff));
  };

  const onPayload = (value: Parameters<FeedSink['next']>[0]) => {
    const errors = value.errors ?? [];
    if (errors.some((error) => error.extensions?.code === CURSOR_EXPIRED)) {
      cursor = undefined;
      versions.clear();
      resetPending = true;
      setStatus('reconnecting');
      void start();
      return;
    }
    if (errors.length > 0) report(errors);
    const event = (value.data as { threadEvents?: E | null } | null | undefined)?.threadEvents;
    // Errors without an event: the cursor stays, so resuming asks for the failed event again.
    if (!event) return;
    attempt = 0;
    setStatus('live');
    cursor = event.cursor;
    const known = versions.get(event.thread.id);
    if (known !== undefined && event.threadVersion <= known) return; // stale or repeated
    versions.set(event.thread.id, event.threadVersion);
    options.onEvent(event);
  };

  const subscribeFrom = (from: string) => {
    const mine = ++session;
    const unsubscribe = options.subscribe(
      { query: options.query, variables: { ...options.variables, after: from } },
      {
        next: (value) => {
          if (mine === session) onPayload(value);
        },
        error: (error) => {
          if (mine !== session) return;
          if (isGraphQLErrorList(error)) report(error);
          scheduleRetry();
        },
        complete: () => {
          if (mine === session) scheduleRetry();
        },
      },
    );
    // The sink may have ended (and retried) before subscribe returned.
    if (mine !== session) return unsubscribe();
    current = { unsubscribe, epoch };
    // graphql-ws acknowledges no subscription: count it live unless the socket is known to be down.
    setStatus(transportDown ? 'reconnecting' : 'live');
  };

  // Synchronous when the cursor is known and no reset is pending, so a transport's `connected`
  // listener swaps the subscription before the transport replays the old one.
  const start = async () => {
    abandon();
    if (stopped) return;
    const mine = session;
    try {
      if (cursor === undefined) {
        const read = await options.readCursor();
        // A newer start (or stop) took over while we waited: its cursor, not this one, counts.
        if (mine !== session) return;
        cursor = read;
      }
      if (resetPending) {
        await options.onReset?.();
        if (mine !== session) return;
        resetPending = false;
      }
    } catch {
      if (mine === session) scheduleRetry();
      return;
    }
    subscribeFrom(cursor);
  };

  const offTransport = [
    options.transport?.on('closed', () => {
      if (stopped) return;
      epoch++;
      transportDown = true;
      if (current) setStatus('reconnecting');
    }),
    options.transport?.on('connected', () => {
      if (stopped) return;
      transportDown = false;
      attempt = 0;
      if (current && current.epoch === epoch) setStatus('live');
      // Subscribed before the drop, or waiting out a back-off: the server is reachable, resume now.
      else if (current || retryTimer !== undefined) void start();
    }),
  ];

  void start();
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
      void start();
    },
    stop() {
      if (stopped) return;
      stopped = true;
      abandon();
      offTransport.forEach((off) => off?.());
      setStatus('stopped');
    },
  };
}
