import { ApolloClient, ApolloLink, InMemoryCache } from '@apollo/client';
import { ApolloProvider } from '@apollo/client/react';
import { act, render, screen, waitFor } from '@testing-library/react';
import { Observable } from 'rxjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildLiveEvent, buildQueueRow } from '../../../test/factories';
import { fakeWsClient } from '../../../test/fake-ws';
import { scriptedServer, type ScriptedSocket } from '../../../test/scripted-socket';
import { createApolloClient } from '../../app/apollo';
import { QUIET_MS } from '../../app/catch-up';
import { DROP_AFTER_MS, OFFLINE_AFTER_MS, PING_INTERVAL_MS, PONG_TIMEOUT_MS } from '../../app/connection';
import { LiveProvider } from '../../app/live';
import { LiveIndicator } from './LiveIndicator';

const SERVER_TIME = '2026-03-02T10:00:00.000Z';

/** An event about its own thread, logged `secondsAgo` before SERVER_TIME (plus however long the test ran). */
function eventLogged(cursor: string, secondsAgo: number) {
  const at = new Date(Date.parse(SERVER_TIME) - secondsAgo * 1000).toISOString();
  return { data: { threadEvents: buildLiveEvent(cursor, buildQueueRow({ id: `thr_${cursor}`, updatedAt: at })) } };
}

function renderIndicator() {
  const link = new ApolloLink(
    () =>
      new Observable<ApolloLink.Result>((observer) => {
        observer.next({ data: { eventCursor: 'c0', serverTime: SERVER_TIME } });
        observer.complete();
      }),
  );
  const client = new ApolloClient({ link, cache: new InMemoryCache() });
  const { ws, sinks } = fakeWsClient();
  render(
    <ApolloProvider client={client}>
      <LiveProvider ws={ws}>
        <LiveIndicator />
      </LiveProvider>
    </ApolloProvider>,
  );
  const sink = () => {
    const last = sinks.at(-1);
    if (!last) throw new Error('the live feed has not subscribed');
    return last;
  };
  return { sinks, sink };
}

/** The console's own client over a scripted socket, so a reconnect runs the way it does in a browser. */
function renderOverSocket(webSocket?: (base: typeof WebSocket) => typeof WebSocket) {
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => Response.json({ data: { eventCursor: 'c0', serverTime: SERVER_TIME } }, { headers: { 'content-type': 'application/json' } })),
  );
  const server = scriptedServer();
  const apollo = createApolloClient({ getToken: () => 'tok', onAuthError: vi.fn(), httpUrl: 'http://console.test/graphql', wsUrl: 'ws://console.test/graphql', webSocketImpl: webSocket ? webSocket(server.WebSocket) : server.WebSocket });
  render(
    <ApolloProvider client={apollo.client}>
      <LiveProvider ws={apollo.ws} suspect={apollo.suspect}>
        <LiveIndicator />
      </LiveProvider>
    </ApolloProvider>,
  );
  return { server, apollo };
}

function feedId(socket: ScriptedSocket): string {
  const found = [...socket.subscribed].filter(([, payload]) => payload.query.includes('threadEvents'));
  expect(found).toHaveLength(1);
  return found[0]![0];
}

const advance = (ms: number) => act(() => vi.advanceTimersByTimeAsync(ms));

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('LiveIndicator', () => {
  it('says so when the server sends errors on the feed, logs them, and clears once events flow again', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { sinks, sink } = renderIndicator();
    await waitFor(() => expect(sinks).toHaveLength(1));
    const status = screen.getByRole('status');
    expect(status.getAttribute('data-live-status')).toBe('live');
    expect(status.textContent).toBe('Live');

    const masked = { message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
    act(() => sink().next({ data: null, errors: [masked] } as never));
    expect(status.textContent).toBe('Live, some updates failed');
    expect(status.getAttribute('data-live-problem')).toBe('INTERNAL_SERVER_ERROR');
    expect(status.getAttribute('title')).toContain('catching up');
    expect(warn).toHaveBeenCalledWith(expect.any(String), [masked]);

    act(() => sink().next({ data: { threadEvents: buildLiveEvent('c1', buildQueueRow()) } } as never));
    expect(status.textContent).toBe('Live');
    expect(status.getAttribute('data-live-problem')).toBeNull();
  });

  it('says "Catching up…" while events arrive late by the server\'s clock, and "Live" again at the next fresh one', async () => {
    // This machine's clock is a day ahead of the server's: lag is judged on the server's clock.
    vi.useFakeTimers({ now: Date.parse(SERVER_TIME) + 86_400_000 });
    const { sinks, sink } = renderIndicator();
    await advance(0);
    expect(sinks).toHaveLength(1);
    const status = screen.getByRole('status');

    act(() => sink().next(eventLogged('c1', 0) as never));
    expect(status.textContent).toBe('Live');

    act(() => sink().next(eventLogged('c2', 5) as never));
    expect(status.textContent).toBe('Catching up…');
    expect(status.className).toContain('live-indicator--catching-up');
    expect(status.getAttribute('data-live-catching-up')).toBe('true');
    // The feed's own status is unchanged: it is connected, only behind.
    expect(status.getAttribute('data-live-status')).toBe('live');

    act(() => sink().next(eventLogged('c3', 1) as never));
    expect(status.textContent).toBe('Live');
    expect(status.getAttribute('data-live-catching-up')).toBeNull();
  });

  it('says "Live" again when no event arrived for QUIET_MS after the last late one', async () => {
    vi.useFakeTimers({ now: Date.parse(SERVER_TIME) });
    const { sink } = renderIndicator();
    await advance(0);
    const status = screen.getByRole('status');

    act(() => sink().next(eventLogged('c1', 10) as never));
    await advance(QUIET_MS - 100);
    act(() => sink().next(eventLogged('c2', 10) as never));
    await advance(QUIET_MS - 100);
    expect(status.textContent).toBe('Catching up…');
    await advance(100);
    expect(status.textContent).toBe('Live');
  });

  it('says "Catching up…" after a reconnect while the missed events replay from the cursor, then "Live"', async () => {
    vi.useFakeTimers({ now: Date.parse(SERVER_TIME) });
    // The socket is back after half the first back-off ceiling (1 s), so the resume is under a second old at the check.
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const { server, apollo } = renderOverSocket();
    await advance(0);
    const status = screen.getByRole('status');
    const first = server.latest();
    first.next(feedId(first), eventLogged('c1', 0));
    await advance(0);
    expect(status.textContent).toBe('Live');

    first.serverClose(4500, 'Dispatch failed; resume with your cursor');
    await advance(0);
    expect(status.textContent).toBe('Reconnecting…');
    await advance(1_000);
    expect(server.sockets).toHaveLength(2);
    const second = server.latest();
    const resumed = feedId(second);
    expect(second.subscribed.get(resumed)?.variables).toEqual({ after: 'c1' });
    expect(status.textContent).toBe('Catching up…');

    // The replay: what was logged while the console was away.
    second.next(resumed, eventLogged('c2', 4));
    second.next(resumed, eventLogged('c3', 3));
    await advance(QUIET_MS - 1);
    expect(status.textContent).toBe('Catching up…');
    await advance(1);
    expect(status.textContent).toBe('Live');
    await apollo.ws.dispose();
  });

  it('says "Reconnecting…" when a ping goes unanswered, and "Live" once the resume caught up', async () => {
    vi.useFakeTimers({ now: Date.parse(SERVER_TIME) });
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const net = network();
    const { server, apollo } = renderOverSocket(net.webSocket);
    await advance(0);
    const status = screen.getByRole('status');
    const first = server.latest();
    first.next(feedId(first), eventLogged('c1', 0));
    await advance(PING_INTERVAL_MS * 3);
    expect(status.textContent).toBe('Live');

    // The server dies silently: no close, no error, no pong.
    net.silent = true;
    let waited = 0;
    while (status.textContent !== 'Reconnecting…' && waited < PING_INTERVAL_MS + PONG_TIMEOUT_MS) {
      await advance(50);
      waited += 50;
    }
    expect(status.textContent).toBe('Reconnecting…');
    expect(status.getAttribute('data-connection')).toBe('reconnecting');

    // Still the same socket: it is dropped only when no pong came for DROP_AFTER_MS.
    expect(server.sockets).toHaveLength(1);
    net.silent = false;
    for (let spent = 0; server.sockets.length < 2 && spent < DROP_AFTER_MS + 5_000; spent += 50) await advance(50);
    expect(server.sockets).toHaveLength(2);
    await advance(0);
    const second = server.latest();
    const resumed = feedId(second);
    expect(second.subscribed.get(resumed)?.variables).toEqual({ after: 'c1' });
    expect(status.textContent).toBe('Catching up…');
    second.next(resumed, eventLogged('c2', 2));
    await advance(QUIET_MS);
    expect(status.textContent).toBe('Live');
    await apollo.ws.dispose();
  });

  it('says "Offline" after OFFLINE_AFTER_MS of failed reconnects, and "Live" when the server is back', async () => {
    vi.useFakeTimers({ now: Date.parse(SERVER_TIME) });
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const net = network();
    const { server, apollo } = renderOverSocket(net.webSocket);
    await advance(0);
    const status = screen.getByRole('status');
    const first = server.latest();
    first.next(feedId(first), eventLogged('c1', 0));
    await advance(0);
    expect(status.textContent).toBe('Live');

    net.refusing = true;
    first.serverClose(1006, '');
    await advance(0);
    expect(status.textContent).toBe('Reconnecting…');
    await advance(OFFLINE_AFTER_MS - 100);
    expect(status.textContent).toBe('Reconnecting…');
    await advance(100);
    expect(status.textContent).toBe('Offline');
    expect(status.getAttribute('data-connection')).toBe('offline');
    expect(server.sockets.length).toBeGreaterThan(3);

    net.refusing = false;
    // The longest back-off is 30 s, halved by the jitter above; then the quiet period of the resume.
    await advance(15_000 + QUIET_MS);
    expect(status.textContent).toBe('Live');
    await apollo.ws.dispose();
  });
});

/**
 * The scripted server, made to answer pings the way the real one does; `silent` stops every
 * answer without closing (a dead server), `refusing` makes new sockets fail to open (nothing listens).
 */
function network() {
  const net = {
    silent: false,
    refusing: false,
    webSocket: (Base: typeof WebSocket): typeof WebSocket =>
      class Network extends Base {
        constructor(url: string | URL, protocols?: string | string[]) {
          super(url, protocols);
          if (!net.refusing) return;
          (this as { readyState: number }).readyState = 3;
          setTimeout(() => this.onclose?.({ code: 1006, reason: '', wasClean: false } as CloseEvent), 0);
        }

        override send(data: string) {
          if (net.silent) return;
          super.send(data);
          if ((JSON.parse(data) as { type: string }).type === 'ping') {
            setTimeout(() => {
              if (!net.silent) this.onmessage?.({ data: JSON.stringify({ type: 'pong' }) } as MessageEvent);
            }, 0);
          }
        }
      },
  };
  return net;
}
