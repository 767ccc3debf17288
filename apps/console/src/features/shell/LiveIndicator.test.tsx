import { ApolloClient, ApolloLink, InMemoryCache } from '@apollo/client';
import { ApolloProvider } from '@apollo/client/react';
import { act, render, screen, waitFor } from '@testing-library/react';
import { Observable } from 'rxjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildLiveEvent, buildQueueRow } from '../../../test/factories';
import { fakeWsClient } from '../../../test/fake-ws';
import { LiveProvider } from '../../app/live';
import { LiveIndicator } from './LiveIndicator';


function renderIndicator() {
  const link = new ApolloLink(
    () =>
      new Observable<ApolloLink.Result>((observer) => {
        observer.next({ data: { eventCursor: 'c0', serverTime: '2026-03-02T10:00:00.000Z' } });
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

afterEach(() => {
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
});
