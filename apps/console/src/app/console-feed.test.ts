import type { FeedGraphQLError, FeedStatus } from '@switchboard/schema';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildLiveEvent, buildQueueRow } from '../../test/factories';
import { scriptedServer, type ScriptedSocket } from '../../test/scripted-socket';
import { createApolloClient } from './apollo';
import { liveProblem, startConsoleFeed, type LiveEvent } from './console-feed';

/** The one feed subscription a socket carries. */
function feedSubscription(socket: ScriptedSocket): { id: string; variables: Record<string, unknown> | undefined } {
  const found = [...socket.subscribed].filter(([, payload]) => payload.query.includes('threadEvents'));
  expect(found).toHaveLength(1);
  const [id, payload] = found[0]!;
  return { id, variables: payload.variables };
}

function setup() {
  vi.stubGlobal(
    'fetch',
    vi.fn(async () =>
      Response.json({ data: { eventCursor: 'c0', serverTime: '2026-03-02T10:00:00.000Z' } }, { headers: { 'content-type': 'application/json' } }),
    ),
  );
  const server = scriptedServer();
  const onAuthError = vi.fn();
  const apollo = createApolloClient({ getToken: () => 'tok', onAuthError, httpUrl: 'http://console.test/graphql', wsUrl: 'ws://console.test/graphql', webSocketImpl: server.WebSocket });
  const events: string[] = [];
  const statuses: FeedStatus[] = [];
  const errors: FeedGraphQLError[][] = [];
  const feed = startConsoleFeed({
    apollo: apollo.client,
    ws: apollo.ws,
    onEvent: (event: LiveEvent) => events.push(event.cursor),
    onStatus: (status) => statuses.push(status),
    onError: (list) => errors.push([...list]),
  });
  return { server, apollo, feed, events, statuses, errors, onAuthError };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('startConsoleFeed over the console socket', () => {
  it('resumes from its cursor through the socket client\'s own retry when the server closes with 4500', async () => {
    const { server, apollo, feed, events, statuses } = setup();
    await vi.advanceTimersByTimeAsync(0);
    const first = server.latest();
    const { id: feedId, variables } = feedSubscription(first);
    expect(variables).toEqual({ after: 'c0' });
    // Another subscription on the same socket (a thread's typing indicator does this).
    const typing = { next: vi.fn(), error: vi.fn(), complete: vi.fn() };
    apollo.ws.subscribe({ query: 'subscription { typing(threadId: "thr_1") { threadId typing } }' }, typing);
    await vi.advanceTimersByTimeAsync(0);

    first.next(feedId, { data: { threadEvents: buildLiveEvent('c1', buildQueueRow({ version: 2 })) } });
    first.serverClose(4500, 'Dispatch failed; resume with your cursor');
    expect(statuses.at(-1)).toBe('reconnecting');

    await vi.advanceTimersByTimeAsync(1_000); // the first ceiling of RECONNECT_BACKOFF
    expect(server.sockets).toHaveLength(2);
    const second = server.latest();
    // One feed subscription, from the cursor it reached; the transport's replay from c0 was replaced.
    const resumed = feedSubscription(second);
    expect(resumed.variables).toEqual({ after: 'c1' });
    expect([...second.subscribed.values()].filter((p) => p.query.includes('typing('))).toHaveLength(1);
    expect(typing.error).not.toHaveBeenCalled();
    expect(statuses.at(-1)).toBe('live');

    second.next(resumed.id, { data: { threadEvents: buildLiveEvent('c2', buildQueueRow({ version: 3 })) } });
    expect(events).toEqual(['c1', 'c2']);
    feed.stop();
    await apollo.ws.dispose();
  });

  it('passes masked errors on the feed to onError and keeps the cursor for the resume', async () => {
    const { server, feed, events, errors } = setup();
    await vi.advanceTimersByTimeAsync(0);
    const { id: feedId } = feedSubscription(server.latest());
    const masked = { message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } };

    server.latest().next(feedId, { data: null, errors: [masked] });
    expect(errors).toEqual([[masked]]);
    expect(events).toEqual([]);
    expect(feed.cursor).toBe('c0');
    expect(liveProblem(errors[0]!)).toMatchObject({ code: 'INTERNAL_SERVER_ERROR' });
    feed.stop();
  });

  it('signs out on 4403 and does not reconnect', async () => {
    const { server, feed, onAuthError } = setup();
    await vi.advanceTimersByTimeAsync(0);
    server.latest().serverClose(4403, 'Agent deactivated');
    expect(onAuthError).toHaveBeenCalledTimes(1);
    expect(onAuthError).toHaveBeenCalledWith('Agent deactivated');
    feed.stop(); // what signing out does: the provider unmounts
    await vi.advanceTimersByTimeAsync(60_000);
    expect(server.sockets).toHaveLength(1);
  });
});
