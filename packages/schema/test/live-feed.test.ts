import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  DISPATCH_FAILED_CLOSE_CODE,
  isResumableClose,
  startLiveFeed,
  type FeedGraphQLError,
  type FeedStatus,
  type FeedTransport,
  type LiveFeedOptions,
  type SubscribeFn,
} from '../src/live-feed.js';

interface TestEvent {
  cursor: string;
  threadVersion: number;
  thread: { id: string };
}

type Sink = Parameters<SubscribeFn>[1];

interface Subscription {
  after: unknown;
  sink: Sink;
  unsubscribed: boolean;
}

/** A transport double: records every subscribe, and lets a test play the server and the socket. */
function fakeTransport() {
  const subscriptions: Subscription[] = [];
  const listeners = { closed: new Set<() => void>(), connected: new Set<() => void>() };
  const subscribe: SubscribeFn = (payload, sink) => {
    const subscription = { after: payload.variables?.after, sink, unsubscribed: false };
    subscriptions.push(subscription);
    return () => {
      subscription.unsubscribed = true;
    };
  };
  const transport: FeedTransport = {
    on(event, listener) {
      listeners[event].add(listener);
      return () => listeners[event].delete(listener);
    },
  };
  const last = () => {
    const subscription = subscriptions.at(-1);
    if (!subscription) throw new Error('nothing subscribed');
    return subscription;
  };
  return {
    subscribe,
    transport,
    subscriptions,
    last,
    listenerCount: () => listeners.closed.size + listeners.connected.size,
    /** The server sends one event on the newest subscription. */
    send: (cursor: string, threadId = 'thr_1', threadVersion = Number(cursor.replace(/\D/g, ''))) =>
      last().sink.next({ data: { threadEvents: { cursor, threadVersion, thread: { id: threadId } } } }),
    emit: (event: 'closed' | 'connected') => listeners[event].forEach((listener) => listener()),
  };
}

type Fake = ReturnType<typeof fakeTransport>;

function start(fake: Fake, overrides: Partial<LiveFeedOptions<TestEvent>> = {}) {
  const events: string[] = [];
  const statuses: FeedStatus[] = [];
  const errors: FeedGraphQLError[][] = [];
  const readCursor = vi.fn(async () => 'c0');
  const feed = startLiveFeed<TestEvent>({
    subscribe: fake.subscribe,
    readCursor,
    query: 'subscription($after: String) { threadEvents(after: $after) { cursor threadVersion thread { id } } }',
    onEvent: (event) => events.push(event.cursor),
    onStatus: (status) => statuses.push(status),
    onError: (list) => errors.push([...list]),
    backoffMs: 100,
    maxBackoffMs: 1_000,
    ...overrides,
  });
  return { feed, events, statuses, errors, readCursor };
}

const internal = { message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('startLiveFeed', () => {
  it('reads the cursor, subscribes after it, delivers events once and drops stale versions', async () => {
    const fake = fakeTransport();
    const { feed, events, statuses, readCursor } = start(fake);
    await vi.advanceTimersByTimeAsync(0);

    expect(readCursor).toHaveBeenCalledTimes(1);
    expect(fake.subscriptions.map((s) => s.after)).toEqual(['c0']);
    expect(feed.status).toBe('live');
    fake.send('c1', 'thr_1', 1);
    fake.send('c2', 'thr_2', 1);
    fake.send('c3', 'thr_1', 1); // the same version again
    fake.send('c4', 'thr_1', 2);
    expect(events).toEqual(['c1', 'c2', 'c4']);
    expect(feed.cursor).toBe('c4');
    expect(statuses).toEqual(['live']);
    feed.stop();
  });

  it('without a transport, resubscribes from the last cursor after a back-off when the subscription fails', async () => {
    const random = vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const fake = fakeTransport();
    const { feed, events, statuses, readCursor } = start(fake);
    await vi.advanceTimersByTimeAsync(0);
    fake.send('c1');

    fake.last().sink.error({ code: 1006, reason: '' });
    expect(feed.status).toBe('reconnecting');
    await vi.advanceTimersByTimeAsync(49); // half of the 100 ms ceiling, as Math.random says
    expect(fake.subscriptions).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(fake.subscriptions.map((s) => s.after)).toEqual(['c0', 'c1']);

    // Failing again waits longer; an event resets the schedule.
    fake.last().sink.complete();
    await vi.advanceTimersByTimeAsync(99);
    expect(fake.subscriptions).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(fake.subscriptions.map((s) => s.after)).toEqual(['c0', 'c1', 'c1']);
    fake.send('c2');
    fake.last().sink.error(new Error('socket hang up'));
    await vi.advanceTimersByTimeAsync(50);
    expect(fake.subscriptions.map((s) => s.after)).toEqual(['c0', 'c1', 'c1', 'c2']);

    expect(events).toEqual(['c1', 'c2']);
    expect(statuses).toEqual(['live', 'reconnecting', 'live', 'reconnecting', 'live', 'reconnecting', 'live']);
    expect(readCursor).toHaveBeenCalledTimes(1);
    expect(random).toHaveBeenCalled();
    feed.stop();
  });

  it('treats a 4500 close (dispatch failed) as "resume from the cursor"', async () => {
    const fake = fakeTransport();
    const { feed, events } = start(fake);
    await vi.advanceTimersByTimeAsync(0);
    fake.send('c1');

    const close = { code: DISPATCH_FAILED_CLOSE_CODE, reason: 'Dispatch failed', wasClean: true };
    expect(isResumableClose(close)).toBe(true);
    expect(isResumableClose({ code: 4403, reason: 'Forbidden' })).toBe(false);
    fake.last().sink.error(close);
    await vi.advanceTimersByTimeAsync(100);

    expect(fake.subscriptions.map((s) => s.after)).toEqual(['c0', 'c1']);
    fake.send('c2');
    expect(events).toEqual(['c1', 'c2']);
    expect(feed.status).toBe('live');
    feed.stop();
  });

  it('with a transport that reconnects itself, runs no timer and resubscribes from the cursor once it is connected', async () => {
    const fake = fakeTransport();
    const { feed, events, statuses } = start(fake, { transport: fake.transport });
    await vi.advanceTimersByTimeAsync(0);
    fake.emit('connected');
    fake.send('c1');

    fake.emit('closed');
    expect(feed.status).toBe('reconnecting');
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fake.subscriptions).toHaveLength(1);

    fake.emit('connected');
    // Replaced at once, in the listener, before the transport would replay the old subscription from c0.
    expect(fake.subscriptions.map((s) => [s.after, s.unsubscribed])).toEqual([
      ['c0', true],
      ['c1', false],
    ]);
    expect(feed.status).toBe('live');

    fake.send('c2');
    expect(events).toEqual(['c1', 'c2']);
    expect(statuses).toEqual(['live', 'reconnecting', 'live']);
    feed.stop();
  });

  it('does not replace a subscription made after the drop when the transport comes back', async () => {
    const fake = fakeTransport();
    const { feed } = start(fake, { transport: fake.transport });
    await vi.advanceTimersByTimeAsync(0);
    fake.send('c1');

    // A transport that gave up: the socket closed and the subscription failed; the feed retries.
    fake.emit('closed');
    fake.last().sink.error({ code: 1006, reason: '' });
    await vi.advanceTimersByTimeAsync(100);
    expect(fake.subscriptions.map((s) => s.after)).toEqual(['c0', 'c1']);
    expect(feed.status).toBe('reconnecting');

    fake.emit('connected');
    expect(fake.subscriptions).toHaveLength(2);
    expect(feed.status).toBe('live');
    feed.stop();
  });

  it('resubscribes at once when the transport is back during a back-off', async () => {
    const fake = fakeTransport();
    const { feed } = start(fake, { transport: fake.transport, backoffMs: 10_000 });
    await vi.advanceTimersByTimeAsync(0);
    fake.send('c1');
    fake.last().sink.complete();
    expect(vi.getTimerCount()).toBe(1);

    fake.emit('connected');
    expect(vi.getTimerCount()).toBe(0);
    expect(fake.subscriptions.map((s) => s.after)).toEqual(['c0', 'c1']);
    feed.stop();
  });

  it('passes errors in a payload to onError; an error without an event leaves the cursor where it was', async () => {
    const fake = fakeTransport();
    const { feed, events, errors } = start(fake);
    await vi.advanceTimersByTimeAsync(0);
    fake.send('c1');

    fake.last().sink.next({ data: null, errors: [internal] });
    fake.last().sink.next({ errors: [internal] });
    expect(errors).toEqual([[internal], [internal]]);
    expect(feed.cursor).toBe('c1');
    expect(events).toEqual(['c1']);
    expect(feed.status).toBe('live');

    // Partial data: the event is delivered and the error still reported.
    const fieldError = { message: 'Could not load the customer', path: ['threadEvents', 'thread', 'customer'], extensions: { code: 'INTERNAL_SERVER_ERROR' } };
    fake.last().sink.next({ data: { threadEvents: { cursor: 'c2', threadVersion: 2, thread: { id: 'thr_1' } } }, errors: [fieldError] });
    expect(events).toEqual(['c1', 'c2']);
    expect(errors.at(-1)).toEqual([fieldError]);

    // The server then closes the socket (4500): the feed asks again from c2.
    fake.last().sink.error({ code: 4500, reason: 'Dispatch failed' });
    await vi.advanceTimersByTimeAsync(100);
    expect(fake.last().after).toBe('c2');
    feed.stop();
  });

  it('reports the errors a subscription fails with, then retries', async () => {
    const fake = fakeTransport();
    const { feed, errors } = start(fake);
    await vi.advanceTimersByTimeAsync(0);
    const invalid = [{ message: 'Cannot query field "nope" on type "ThreadEvent".', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }];
    fake.last().sink.error(invalid);
    expect(errors).toEqual([invalid]);
    await vi.advanceTimersByTimeAsync(100);
    expect(fake.subscriptions).toHaveLength(2);
    feed.stop();
  });

  it('logs errors with console.error when no onError is given, instead of dropping them', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const fake = fakeTransport();
    const { feed } = start(fake, { onError: undefined });
    await vi.advanceTimersByTimeAsync(0);
    fake.last().sink.next({ data: null, errors: [internal] });
    expect(log).toHaveBeenCalledWith(expect.stringContaining('live feed'), [internal]);
    feed.stop();
  });

  it('on CURSOR_EXPIRED reads a fresh cursor first, then lets the client reload, then subscribes from it', async () => {
    const fake = fakeTransport();
    const order: string[] = [];
    const readCursor = vi.fn(async () => {
      order.push('readCursor');
      return `fresh${readCursor.mock.calls.length}`;
    });
    const { feed, events, errors } = start(fake, {
      cursor: 'c_old',
      readCursor,
      onReset: async () => {
        order.push('reset');
      },
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(readCursor).not.toHaveBeenCalled();
    expect(fake.last().after).toBe('c_old');
    fake.send('c5', 'thr_1', 5);

    fake.last().sink.next({ data: null, errors: [{ message: 'Cursor expired', extensions: { code: 'CURSOR_EXPIRED' } }] });
    fake.subscriptions[0]!.sink.complete(); // what graphql-ws does next: ignored
    await vi.advanceTimersByTimeAsync(0);

    expect(order).toEqual(['readCursor', 'reset']);
    expect(fake.subscriptions.map((s) => [s.after, s.unsubscribed])).toEqual([
      ['c_old', true],
      ['fresh1', false],
    ]);
    // Versions were forgotten with the old cursor: the reloaded lists decide from here.
    fake.send('c6', 'thr_1', 1);
    expect(events).toEqual(['c5', 'c6']);
    expect(errors).toEqual([]);
    feed.stop();
  });

  it('retries reading the cursor with back-off', async () => {
    const fake = fakeTransport();
    const readCursor = vi.fn().mockRejectedValueOnce(new Error('offline')).mockResolvedValue('c9');
    const { feed, statuses } = start(fake, { readCursor });
    await vi.advanceTimersByTimeAsync(0);
    expect(statuses).toEqual(['reconnecting']);
    expect(fake.subscriptions).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(100);
    expect(fake.subscriptions.map((s) => s.after)).toEqual(['c9']);
    expect(feed.status).toBe('live');
    feed.stop();
  });

  it('stop() unsubscribes, cancels a pending retry and stops listening to the transport', async () => {
    const fake = fakeTransport();
    const { feed, statuses } = start(fake, { transport: fake.transport });
    await vi.advanceTimersByTimeAsync(0);
    expect(fake.listenerCount()).toBe(2);
    fake.last().sink.complete();
    expect(vi.getTimerCount()).toBe(1);

    feed.stop();
    expect(vi.getTimerCount()).toBe(0);
    expect(fake.listenerCount()).toBe(0);
    expect(fake.subscriptions.every((s) => s.unsubscribed)).toBe(true);
    expect(statuses.at(-1)).toBe('stopped');
    fake.emit('connected');
    expect(fake.subscriptions).toHaveLength(1);
  });

  it('reconnect() resubscribes from the cursor at once', async () => {
    const fake = fakeTransport();
    const { feed } = start(fake);
    await vi.advanceTimersByTimeAsync(0);
    fake.send('c3');
    feed.reconnect();
    expect(fake.subscriptions.map((s) => [s.after, s.unsubscribed])).toEqual([
      ['c0', true],
      ['c3', false],
    ]);
    feed.stop();
  });

  it('retries a subscription that fails while it is being made', async () => {
    const fake = fakeTransport();
    let failNext = true;
    const subscribe: SubscribeFn = (payload, sink) => {
      const unsubscribe = fake.subscribe(payload, sink);
      if (failNext) {
        failNext = false;
        sink.error({ code: 1006, reason: '' });
      }
      return unsubscribe;
    };
    const { feed } = start(fake, { subscribe });
    await vi.advanceTimersByTimeAsync(0);
    expect(fake.subscriptions[0]!.unsubscribed).toBe(true);
    expect(feed.status).toBe('reconnecting');
    await vi.advanceTimersByTimeAsync(100);
    expect(fake.subscriptions).toHaveLength(2);
    expect(feed.status).toBe('live');
    feed.stop();
  });
});
