import type { QueueRowFragment } from '@switchboard/schema';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { minutes, rowIds, rowOf, thread, event, renderQueue } from './queue-view.fixtures';

describe('QueueView', () => {
  it('lists the threads as rows in DUE_SOONEST order with their owner, channel and clock', async () => {
    renderQueue({
      rows: [
        thread('thr_later', { responseDueAt: minutes(30) }),
        thread('thr_answered', { waitingSince: null, responseDueAt: null, owner: { __typename: 'Agent', id: 'agt_ben', name: 'Ben' } } as Partial<QueueRowFragment>),
        thread('thr_soon', { responseDueAt: minutes(3) }),
      ],
    });

    await waitFor(() => expect(rowIds()).toEqual(['thr_soon', 'thr_later', 'thr_answered']));
    expect(screen.getByRole('heading', { name: /Queue/ }).textContent).toContain('3');
    expect(within(rowOf('thr_answered')).getByText('Ben')).toBeTruthy();
    expect(within(rowOf('thr_answered')).getByText('Answered')).toBeTruthy();
    expect(within(rowOf('thr_answered')).queryByRole('button', { name: 'Claim' })).toBeNull();
    expect(within(rowOf('thr_soon')).getByText('Unassigned')).toBeTruthy();
    expect(within(rowOf('thr_soon')).getByText('SMS')).toBeTruthy();
    expect(within(rowOf('thr_soon')).getByRole('button', { name: 'Claim' })).toBeTruthy();
    for (const name of ['Queue', 'Channel', 'Search conversations']) expect(screen.getByLabelText(name)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Next' })).toBeTruthy();
  });

  it('shows "Taken by Ada" on the row when someone else claimed it first', async () => {
    const { requests } = renderQueue({
      rows: [thread('thr_a'), thread('thr_b', { responseDueAt: minutes(10) })],
      claimError: { message: 'Taken by Ada', extensions: { code: 'THREAD_ALREADY_CLAIMED', ownerId: 'agt_ada', ownerName: 'Ada' } },
    });
    await waitFor(() => expect(rowIds()).toEqual(['thr_a', 'thr_b']));

    fireEvent.click(within(rowOf('thr_a')).getByRole('button', { name: 'Claim' }));

    await waitFor(() => expect(within(rowOf('thr_a')).getByRole('status').textContent).toBe('Taken by Ada'));
    expect(within(rowOf('thr_a')).getByText('Ada')).toBeTruthy();
    expect(within(rowOf('thr_a')).queryByRole('button', { name: 'Claim' })).toBeNull();
    expect(within(rowOf('thr_b')).getByRole('button', { name: 'Claim' })).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(requests.filter((r) => r.name === 'QueueClaimThread')).toEqual([{ name: 'QueueClaimThread', variables: { threadId: 'thr_a' } }]);
  });

  it('applies live events to the cache: re-sorts, inserts and removes rows without refetching', async () => {
    const { push, sinks, requests } = renderQueue({ rows: [thread('thr_a'), thread('thr_b', { responseDueAt: minutes(10) })] });
    await waitFor(() => expect(rowIds()).toEqual(['thr_a', 'thr_b']));
    await waitFor(() => expect(sinks).toHaveLength(1));
    const listLoads = requests.filter((r) => r.name === 'QueueThreads').length;

    push(event(thread('thr_b', { priority: 'URGENT', responseDueAt: minutes(10) }), 'PRIORITY_CHANGED', 2));
    await waitFor(() => expect(rowIds()).toEqual(['thr_b', 'thr_a']));
    expect(within(rowOf('thr_b')).getByText('Urgent')).toBeTruthy();

    push(event(thread('thr_new', { responseDueAt: minutes(1) }), 'CREATED', 1));
    await waitFor(() => expect(rowIds()).toEqual(['thr_b', 'thr_new', 'thr_a']));
    expect(screen.getByRole('heading', { name: /Queue/ }).textContent).toContain('3');

    push(event(thread('thr_a', { status: 'RESOLVED', waitingSince: null, responseDueAt: null }), 'STATUS_CHANGED', 2));
    await waitFor(() => expect(rowIds()).toEqual(['thr_b', 'thr_new']));

    push(event(thread('thr_elsewhere', { queue: { __typename: 'Queue', id: 'que_billing', name: 'Billing' } } as Partial<QueueRowFragment>), 'CREATED', 1));
    // Events apply in order: once the next one shows, the one before it has been decided.
    push(event(thread('thr_new', { priority: 'HIGH', responseDueAt: minutes(1) }), 'PRIORITY_CHANGED', 2));
    await waitFor(() => expect(within(rowOf('thr_new')).getByText('High')).toBeTruthy());
    expect(rowIds()).toEqual(['thr_b', 'thr_new']);
    expect(requests.filter((r) => r.name === 'QueueThreads')).toHaveLength(listLoads);
  });

  it('drops a row claimed by someone else from "Unassigned"', async () => {
    const { push, sinks, requests } = renderQueue({ rows: [thread('thr_a'), thread('thr_b', { responseDueAt: minutes(10) })] });
    await waitFor(() => expect(rowIds()).toEqual(['thr_a', 'thr_b']));
    fireEvent.click(screen.getByRole('button', { name: 'Unassigned' }));
    await waitFor(() => expect(requests.some((r) => r.name === 'QueueThreads' && (r.variables.filter as { unassigned?: boolean }).unassigned)).toBe(true));
    await waitFor(() => expect(sinks).toHaveLength(1));

    push(event(thread('thr_a', { owner: { __typename: 'Agent', id: 'agt_ben', name: 'Ben' } } as Partial<QueueRowFragment>), 'CLAIMED', 2));
    await waitFor(() => expect(rowIds()).toEqual(['thr_b']));

    // A list shown before comes back from the cache at once and is refreshed, since events only kept the current one.
    fireEvent.click(screen.getByRole('button', { name: 'All' }));
    await waitFor(() => expect(requests.filter((r) => r.name === 'QueueThreads')).toHaveLength(3));
  });

  it('keeps rows in place while the pointer is over the list and re-sorts when it leaves', async () => {
    const { push, sinks } = renderQueue({ rows: [thread('thr_a'), thread('thr_b', { responseDueAt: minutes(10) })] });
    await waitFor(() => expect(rowIds()).toEqual(['thr_a', 'thr_b']));
    await waitFor(() => expect(sinks).toHaveLength(1));
    const list = screen.getByRole('list', { name: 'Conversations' }).parentElement!;

    fireEvent.pointerEnter(list);
    push(event(thread('thr_b', { priority: 'URGENT', responseDueAt: minutes(10) }), 'PRIORITY_CHANGED', 2));
    await waitFor(() => expect(within(rowOf('thr_b')).getByText('Urgent')).toBeTruthy());
    expect(rowIds()).toEqual(['thr_a', 'thr_b']);

    fireEvent.pointerLeave(list);
    await waitFor(() => expect(rowIds()).toEqual(['thr_b', 'thr_a']));
  });

  it('refuses Claim and Next while the live connection is down, sending nothing', async () => {
    const { requests, sinks } = renderQueue({ rows: [thread('thr_a')] });
    await waitFor(() => expect(rowIds()).toEqual(['thr_a']));
    await waitFor(() => expect(sinks).toHaveLength(1));
    // The socket failed: the feed is reconnecting.
    act(() => sinks[0]!.error(new Error('socket closed')));

    fireEvent.click(within(rowOf('thr_a')).getByRole('button', { name: 'Claim' }));
    expect((await within(rowOf('thr_a')).findByRole('status', {}, { timeout: 5_000 })).textContent).toBe('Not connected — reconnecting…');
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    // The header's own notice (the row's may have gone by now on a slow machine).
    await waitFor(() => expect(document.querySelector('.queue__next-notice')?.textContent).toBe('Not connected — reconnecting…'), { timeout: 5_000 });
    expect(requests.filter((r) => r.name === 'QueueClaimThread' || r.name === 'QueueClaimNext')).toEqual([]);
  });

  it('says "No unclaimed thread to take" when Next finds none (others may own the waiting ones)', async () => {
    const { onOpen } = renderQueue({ rows: [] });
    await screen.findByText('Nothing waits');
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect((await screen.findByRole('status')).textContent).toBe('No unclaimed thread to take');
    expect(onOpen).not.toHaveBeenCalled();
  });

  it('moves the selection with j / k and opens it with Enter', async () => {
    const { onOpen } = renderQueue({ rows: [thread('thr_a'), thread('thr_b', { responseDueAt: minutes(10) })] });
    await waitFor(() => expect(rowIds()).toEqual(['thr_a', 'thr_b']));
    fireEvent.keyDown(document.body, { key: 'j' });
    fireEvent.keyDown(document.body, { key: 'j' });
    fireEvent.keyDown(document.body, { key: 'k' });
    fireEvent.keyDown(document.body, { key: 'j' });
    fireEvent.keyDown(document.body, { key: 'Enter' });
    expect(onOpen).toHaveBeenCalledWith('thr_b');
    fireEvent.keyDown(screen.getByLabelText('Search conversations'), { key: 'k' });
    fireEvent.keyDown(document.body, { key: 'Enter' });
    expect(onOpen).toHaveBeenLastCalledWith('thr_b');
  });

  it('renders only the rows in view of 2,000, and the ones scrolled to', async () => {
    const many = Array.from({ length: 2000 }, (_, i) => thread(`thr_${String(i).padStart(4, '0')}`, { responseDueAt: minutes(3 + i) }));
    renderQueue({ rows: many });
    await waitFor(() => expect(rowIds()[0]).toBe('thr_0000'));
    expect(rowIds().length).toBeLessThan(40);

    const scroller = screen.getByRole('list', { name: 'Conversations' }).parentElement!;
    scroller.scrollTop = 1000 * 60;
    fireEvent.scroll(scroller);
    await waitFor(() => expect(rowIds()).toContain('thr_1000'));
    expect(rowIds()).not.toContain('thr_0000');
    expect(rowIds().length).toBeLessThan(40);
    expect(rowOf('thr_1000').getAttribute('aria-posinset')).toBe('1001');
  });

  it('loads the next page with fetchMore when the end of the list comes into view', async () => {
    const first = Array.from({ length: 200 }, (_, i) => thread(`thr_${String(i).padStart(3, '0')}`, { responseDueAt: minutes(3 + i) }));
    const second = Array.from({ length: 50 }, (_, i) => thread(`thr_${200 + i}`, { responseDueAt: minutes(300 + i) }));
    const { requests } = renderQueue({ rows: first, total: 250, pages: { end: { rows: second, endCursor: 'end2', hasNextPage: false } } });
    await waitFor(() => expect(rowIds()[0]).toBe('thr_000'));

    const scroller = screen.getByRole('list', { name: 'Conversations' }).parentElement!;
    scroller.scrollTop = 190 * 60;
    fireEvent.scroll(scroller);

    await waitFor(() => expect(requests.filter((r) => r.name === 'QueueThreads').map((r) => r.variables.after)).toContain('end'));
    scroller.scrollTop = 240 * 60;
    fireEvent.scroll(scroller);
    await waitFor(() => expect(rowIds()).toContain('thr_249'));
  });
  it('claims the next thread with n and focuses the search with /, but not while typing', async () => {
    const { requests } = renderQueue({ rows: [thread('thr_a')] });
    await waitFor(() => expect(rowIds()).toEqual(['thr_a']));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Next' }).hasAttribute('disabled')).toBe(false));

    fireEvent.keyDown(document.body, { key: 'n' });
    await waitFor(() => expect(requests.filter((r) => r.name === 'QueueClaimNext')).toHaveLength(1));

    const search = screen.getByLabelText('Search conversations');
    fireEvent.keyDown(document.body, { key: '/' });
    expect(document.activeElement).toBe(search);
    fireEvent.keyDown(search, { key: 'n' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(requests.filter((r) => r.name === 'QueueClaimNext')).toHaveLength(1);

    // Escape clears what was typed, a second one leaves the box, and n is Next again.
    fireEvent.change(search, { target: { value: 'parcel' } });
    fireEvent.keyDown(search, { key: 'Escape' });
    expect((search as HTMLInputElement).value).toBe('');
    expect(document.activeElement).toBe(search);
    fireEvent.keyDown(search, { key: 'Escape' });
    expect(document.activeElement).not.toBe(search);
    fireEvent.keyDown(document.body, { key: 'n' });
    await waitFor(() => expect(requests.filter((r) => r.name === 'QueueClaimNext')).toHaveLength(2));
  });

  it('shows the message on channels without subjects, and subject then message on e-mail', async () => {
    renderQueue({
      rows: [
        thread('thr_sms', { subject: null, preview: 'My card was declined at the checkout' }),
        thread('thr_chat', { subject: null, preview: null, channel: { __typename: 'Channel', id: 'chn_chat', kind: 'CHAT', name: 'Chat' } } as Partial<QueueRowFragment>),
        thread('thr_mail', { subject: 'Invoice copy', preview: 'Could you send it again?', channel: { __typename: 'Channel', id: 'chn_mail', kind: 'EMAIL', name: 'Email' } } as Partial<QueueRowFragment>),
      ],
    });
    await waitFor(() => expect(rowIds()).toHaveLength(3));
    expect(rowOf('thr_sms').querySelector('.queue-row__summary')!.textContent).toBe('My card was declined at the checkout');
    expect(rowOf('thr_chat').querySelector('.queue-row__summary')!.textContent).toBe('No message yet');
    expect(rowOf('thr_mail').querySelector('.queue-row__summary')!.textContent).toBe('Invoice copy — Could you send it again?');
    expect(document.body.textContent).not.toMatch(/no subject/i);
  });

  it('keeps the open thread in its place when a reply moves it down the order', async () => {
    const { push, sinks } = renderQueue({
      rows: [thread('thr_a', { responseDueAt: minutes(1) }), thread('thr_b', { responseDueAt: minutes(2) }), thread('thr_c', { responseDueAt: minutes(3) })],
      selectedThreadId: 'thr_a',
    });
    await waitFor(() => expect(rowIds()).toEqual(['thr_a', 'thr_b', 'thr_c']));
    await waitFor(() => expect(sinks).toHaveLength(1));

    // Answered: nobody waits on it any more, so DUE_SOONEST would put it last.
    push(event(thread('thr_a', { waitingSince: null, responseDueAt: null, owner: { __typename: 'Agent', id: 'agt_me', name: 'Grace' } } as Partial<QueueRowFragment>), 'REPLIED', 2));
    await waitFor(() => expect(within(rowOf('thr_a')).getByText('Answered')).toBeTruthy());
    expect(rowIds()).toEqual(['thr_a', 'thr_b', 'thr_c']);
    expect(rowOf('thr_a').getAttribute('aria-current')).toBe('true');
  });
});
