import { ApolloClient, ApolloLink, InMemoryCache } from '@apollo/client';
import { ApolloProvider } from '@apollo/client/react';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { useState } from 'react';
import { Observable } from 'rxjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildLiveEvent, buildQueueRow, type LiveEventData } from '../../../test/factories';
import { fakeWsClient } from '../../../test/fake-ws';
import { LiveProvider } from '../../app/live';
import { Toasts } from '../../ui/Toasts';
import { useDocumentTitle } from '../../ui/useDocumentTitle';
import { useHandOffNotices } from './useHandOffNotices';

const ME = 'agt_me';
const ben = { id: 'agt_ben', name: 'Ben Okafor' };

function handOff(cursor: string, threadId: string, customer: string, note: string | null, to = ME): LiveEventData {
  const thread = buildQueueRow({ id: threadId, customer: { id: `cus_${threadId}`, name: customer }, owner: { id: to, name: 'Grace' } });
  const event = buildLiveEvent(cursor, thread, 3);
  return { ...event, type: 'HANDED_OFF', actor: ben, note, before: { ...event.after, ownerId: ben.id } };
}

/** The shell's wiring: the hook, the toast region, the tab's title, and the open thread in state (the URL's stand-in). */
function Harness({ onOpen }: { onOpen(threadId: string): void }) {
  const [open, setOpen] = useState<string | null>(null);
  useDocumentTitle('Queue');
  const handOffs = useHandOffNotices(ME, open, (threadId) => {
    onOpen(threadId);
    setOpen(threadId);
  });
  return <Toasts toasts={handOffs.toasts} onDismiss={handOffs.dismiss} label="Hand-offs" />;
}

function renderHarness() {
  const link = new ApolloLink(
    (operation) =>
      new Observable<ApolloLink.Result>((observer) => {
        if (operation.operationName === 'EventCursor') observer.next({ data: { eventCursor: 'c0', serverTime: new Date().toISOString() } });
        else observer.error(new Error(`unexpected ${operation.operationName}`));
        observer.complete();
      }),
  );
  const { ws, sinks } = fakeWsClient();
  const onOpen = vi.fn();
  render(
    <ApolloProvider client={new ApolloClient({ link, cache: new InMemoryCache() })}>
      <LiveProvider ws={ws}>
        <Harness onOpen={onOpen} />
      </LiveProvider>
    </ApolloProvider>,
  );
  const push = async (event: LiveEventData) => {
    await waitFor(() => expect(sinks).toHaveLength(1));
    act(() => sinks[0]!.next({ data: { threadEvents: event } } as never));
  };
  return { push, onOpen };
}

const region = () => screen.getByRole('region', { name: 'Hand-offs' });

describe('useHandOffNotices', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('shows a toast with who, the customer and the note, counts it in the title, and does not take focus', async () => {
    const { push } = renderHarness();
    const before = document.activeElement;
    await push(handOff('c1', 'thr_1', 'Carla Diaz', 'Card declined twice, see the note'));

    const toast = await within(region()).findByRole('listitem');
    expect(within(toast).getByText('Ben Okafor handed you Carla Diaz')).toBeTruthy();
    expect(within(toast).getByText('Card declined twice, see the note')).toBeTruthy();
    expect(within(toast).getByRole('button', { name: 'Open' })).toBeTruthy();
    expect(region().querySelector('[aria-live="polite"]')).not.toBeNull();
    expect(document.title).toBe('(1) Queue · Switchboard');
    expect(document.activeElement).toBe(before);

    await push(handOff('c2', 'thr_2', 'Dan Brown', null));
    await waitFor(() => expect(document.title).toBe('(2) Queue · Switchboard'));
    expect(within(region()).getAllByRole('listitem')).toHaveLength(2);
  });

  it('clears the count when the tab gets focus back; Open opens the thread and settles its toast', async () => {
    const { push, onOpen } = renderHarness();
    await push(handOff('c1', 'thr_1', 'Carla Diaz', null));
    await push(handOff('c2', 'thr_2', 'Dan Brown', null));
    await waitFor(() => expect(document.title).toBe('(2) Queue · Switchboard'));

    act(() => void window.dispatchEvent(new Event('focus')));
    expect(document.title).toBe('Queue · Switchboard');
    // Seen, not dealt with: the toasts stay until opened or dismissed.
    expect(within(region()).getAllByRole('listitem')).toHaveLength(2);

    fireEvent.click(within(within(region()).getByText('Ben Okafor handed you Carla Diaz').closest('li')!).getByRole('button', { name: 'Open' }));
    expect(onOpen).toHaveBeenCalledWith('thr_1');
    await waitFor(() => expect(within(region()).getAllByRole('listitem')).toHaveLength(1));

    fireEvent.click(within(region()).getByRole('button', { name: 'Dismiss' }));
    expect(within(region()).queryAllByRole('listitem')).toHaveLength(0);
  });

  it('ignores a hand-off to someone else', async () => {
    const { push } = renderHarness();
    await push(handOff('c1', 'thr_1', 'Carla Diaz', null, 'agt_ada'));
    await push(handOff('c2', 'thr_2', 'Dan Brown', null));
    await within(region()).findByText('Ben Okafor handed you Dan Brown');
    expect(within(region()).getAllByRole('listitem')).toHaveLength(1);
    expect(document.title).toBe('(1) Queue · Switchboard');
  });

  it('sends a browser notification when allowed and the tab is in the background', async () => {
    const shown: Array<{ title: string; options: NotificationOptions }> = [];
    vi.stubGlobal(
      'Notification',
      Object.assign(
        function Notification(this: { onclick: unknown; close(): void }, title: string, options: NotificationOptions) {
          shown.push({ title, options });
          this.close = () => undefined;
        },
        { permission: 'granted' },
      ),
    );
    const hasFocus = vi.spyOn(document, 'hasFocus').mockReturnValue(false);
    const { push } = renderHarness();
    await push(handOff('c1', 'thr_1', 'Carla Diaz', 'Over to you'));
    await within(region()).findByText('Ben Okafor handed you Carla Diaz');
    expect(shown).toEqual([{ title: 'Ben Okafor handed you Carla Diaz', options: { body: 'Over to you', tag: 'handoff-thr_1' } }]);
    hasFocus.mockRestore();
  });
});
