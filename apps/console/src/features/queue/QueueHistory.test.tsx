import type { QueueRowFragment } from '@switchboard/schema';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { minutes, ME, rowIds, rowOf, thread, event, renderQueue } from './queue-view.fixtures';

// The queue beyond today's work: resolved threads, search over them, and the first run's guidance.
describe('QueueView: history and first run', () => {
  it('lists RESOLVED threads of every queue I may see, newest first, under "Resolved"', async () => {
    const resolved = (id: string, updatedAt: string) =>
      thread(id, { status: 'RESOLVED', waitingSince: null, responseDueAt: null, updatedAt, queue: { __typename: 'Queue', id: 'que_billing', name: 'Billing' } } as Partial<QueueRowFragment>);
    const { requests, push, sinks } = renderQueue({ rows: [thread('thr_open')], history: [resolved('thr_old', minutes(-60)), resolved('thr_new', minutes(-5))] });
    await waitFor(() => expect(rowIds()).toEqual(['thr_open']));
    await waitFor(() => expect(sinks).toHaveLength(1));

    fireEvent.click(screen.getByRole('button', { name: 'Resolved' }));

    await waitFor(() => expect(rowIds()).toEqual(['thr_new', 'thr_old']));
    const asked = requests.filter((r) => r.name === 'QueueThreads').at(-1)!;
    expect(asked.variables).toMatchObject({ orderBy: 'NEWEST', filter: { status: ['RESOLVED'] } });
    // Not only my queues: the server shows every resolved thread I may see (ones I held elsewhere too).
    expect((asked.variables.filter as { queueIds?: string[] }).queueIds).toBeUndefined();
    expect(within(rowOf('thr_new')).getByText('Resolved')).toBeTruthy();
    expect(within(rowOf('thr_new')).queryByRole('button', { name: 'Claim' })).toBeNull();
    expect(within(rowOf('thr_new')).queryByText('Unassigned')).toBeNull();

    // A thread resolved just now comes in at the top.
    push(event(thread('thr_open', { status: 'RESOLVED', waitingSince: null, responseDueAt: null, updatedAt: minutes(0) }), 'STATUS_CHANGED', 2));
    await waitFor(() => expect(rowIds()).toEqual(['thr_open', 'thr_new', 'thr_old']));
  });

  it('searches resolved threads too, showing their status', async () => {
    const { requests } = renderQueue({
      rows: [thread('thr_open')],
      history: [thread('thr_done', { status: 'RESOLVED', waitingSince: null, responseDueAt: null, preview: 'Refund for order 7781' })],
    });
    await waitFor(() => expect(rowIds()).toEqual(['thr_open']));

    fireEvent.change(screen.getByLabelText('Search conversations'), { target: { value: '7781' } });

    await waitFor(() => expect(rowIds()).toEqual(['thr_done']));
    const asked = requests.filter((r) => r.name === 'QueueThreads').at(-1)!;
    expect(asked.variables.filter).toMatchObject({ search: '7781', status: ['OPEN', 'PENDING', 'RESOLVED'] });
    expect(within(rowOf('thr_done')).getByText('Resolved')).toBeTruthy();
  });

  it('tells an admin alone on a first run where to set up agents, queues and a channel', async () => {
    renderQueue({ rows: [], me: { ...ME, role: 'ADMIN' }, firstRun: { agents: 1, threads: 0 } });

    const settings = await screen.findByRole('link', { name: 'Create agents and queues in Settings' });
    expect(settings.getAttribute('href')).toBe('/settings');
    expect(screen.getByRole('link', { name: 'Connect a channel through the API' }).getAttribute('href')).toBe('/graphql');
    expect(screen.queryByText('Nothing here')).toBeNull();
  });

  it('tells an admin whose team is running that nothing waits', async () => {
    renderQueue({ rows: [], me: { ...ME, role: 'ADMIN' }, firstRun: { agents: 4, threads: 120 } });
    await screen.findByText('Nothing waits');
    expect(screen.getByText('New conversations appear here live.')).toBeTruthy();
    expect(screen.queryByRole('link', { name: /Settings/ })).toBeNull();
  });

  it('tells an agent that nothing waits, and a narrowed view that nothing matches', async () => {
    const { requests } = renderQueue({ rows: [] });
    await screen.findByText('Nothing waits');
    expect(screen.getByText('New conversations appear here live.')).toBeTruthy();
    // Agents are not asked the admin's question.
    expect(requests.some((r) => r.name === 'QueueFirstRun')).toBe(false);

    fireEvent.click(screen.getByRole('button', { name: 'Waiting' }));
    await screen.findByText('Nothing here');
  });
});
