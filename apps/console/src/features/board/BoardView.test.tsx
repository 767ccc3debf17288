import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildAgentLoad, buildBoard, buildChannelBoardRow, buildQueueBoardRow } from '../../../test/factories';
import { BoardView } from './BoardView';

const AS_OF = Date.parse('2026-03-02T10:00:00.000Z');
const ago = (seconds: number) => new Date(AS_OF - seconds * 1000).toISOString();

const sms = buildChannelBoardRow({
  channel: { id: 'chn_sms', kind: 'SMS', name: 'SMS', responseTargetSeconds: 60 },
  waitingCount: 4,
  unassignedCount: 3,
  oldestWaitingSince: ago(185),
  longestWaitSeconds: 185,
  medianWaitingSince: ago(70),
  medianWaitSeconds: 70,
  p90WaitingSince: ago(170),
  p90WaitSeconds: 170,
  breachedCount: 2,
  answeredLastHour: 12,
  serviceLevelLastHour: 0.8333,
  longestWaitingThreadId: 'thr_oldest',
});
const email = buildChannelBoardRow({
  channel: { id: 'chn_email', kind: 'EMAIL', name: 'Email', responseTargetSeconds: 4 * 3600 },
  waitingCount: 1,
  unassignedCount: 1,
  oldestWaitingSince: ago(9000),
  longestWaitSeconds: 9000,
  medianWaitingSince: ago(9000),
  medianWaitSeconds: 9000,
  p90WaitingSince: ago(9000),
  p90WaitSeconds: 9000,
  longestWaitingThreadId: 'thr_mail',
});
const chat = buildChannelBoardRow({ channel: { id: 'chn_chat', kind: 'CHAT', name: 'Chat', responseTargetSeconds: 90 } });

function renderBoard(board = buildBoard({ channels: [sms, email, chat] }), onSetPresence = vi.fn()) {
  render(<BoardView board={board} busyAgentId={null} onSetPresence={onSetPresence} />);
  return { onSetPresence };
}

const channelRow = (name: string) => screen.getByRole('row', { name: new RegExp(`^${name}\\b`) });
const figure = (row: HTMLElement, name: string) => row.querySelector(`[data-figure="${name}"]`)?.textContent;

afterEach(() => {
  vi.useRealTimers();
  window.history.replaceState(null, '', '/');
});

describe('BoardView', () => {
  it('shows each channel as a table row with its figures, its target and the share answered within it', () => {
    vi.useFakeTimers({ now: AS_OF });
    renderBoard();

    const table = screen.getByRole('table', { name: 'Channels' });
    expect(within(table).getAllByRole('columnheader').map((th) => th.textContent)).toEqual([
      'Channel', 'Waiting', 'Unassigned', 'Longest wait', 'Median', 'p90', 'Breached', 'Answered (1 h)', 'In target (1 h)', 'Target', 'Actions',
    ]);
    const row = channelRow('SMS');
    expect(within(row).getByRole('rowheader').textContent).toBe('SMS');
    expect(figure(row, 'waiting')).toBe('4');
    expect(figure(row, 'unassigned')).toBe('3');
    expect(figure(row, 'longest')).toBe('03:05');
    expect(figure(row, 'median')).toBe('01:10');
    expect(figure(row, 'p90')).toBe('02:50');
    expect(figure(row, 'answered')).toBe('12');
    expect(figure(row, 'in-target')).toBe('83%');
    expect(figure(row, 'target')).toBe('1 min');
    expect(figure(channelRow('Email'), 'target')).toBe('4 h');
    expect(figure(channelRow('Chat'), 'target')).toBe('1 min 30 s');
    expect(figure(channelRow('Chat'), 'in-target')).toBe('—');
    expect(figure(channelRow('Chat'), 'longest')).toBe('—');
  });

  it('makes breaches unmistakable: a red row, and a badge with the count and the word', () => {
    vi.useFakeTimers({ now: AS_OF });
    renderBoard();
    const row = channelRow('SMS');
    expect(row.getAttribute('data-state')).toBe('breached');
    expect(row.querySelector('.board-breached')?.textContent).toBe('2 breached');
    // The totals' Breached tile turns red with the sum.
    const breachedTile = document.querySelector('[data-figure="total-breached"]')!;
    expect(breachedTile.className).toContain('board-tile--alert');
    expect(breachedTile.querySelector('dd')?.textContent).toBe('2');
    // 2.5 h of a 4 h target: amber; nothing waiting: neutral.
    expect(channelRow('Email').getAttribute('data-state')).toBe('warning');
    expect(channelRow('Chat').getAttribute('data-state')).toBe('fine');
    expect(figure(channelRow('Chat'), 'breached')).toBe('0');
  });

  it('ticks the waits every second from their waitingSince between pushes', async () => {
    vi.useFakeTimers({ now: AS_OF });
    renderBoard();
    const row = channelRow('SMS');
    expect(figure(row, 'longest')).toBe('03:05');

    await act(() => vi.advanceTimersByTimeAsync(3_000));
    expect(figure(row, 'longest')).toBe('03:08');
    expect(figure(row, 'median')).toBe('01:13');
    expect(figure(row, 'p90')).toBe('02:53');
    expect(document.querySelector('[data-figure="total-longest"] dd')?.textContent).toBe('2:30:03');
    // Counts are the server's: they only change with a push.
    expect(figure(row, 'waiting')).toBe('4');
  });

  it('turns a channel amber by itself once its longest wait passes half the target', async () => {
    vi.useFakeTimers({ now: AS_OF });
    const quiet = buildChannelBoardRow({ waitingCount: 1, oldestWaitingSince: ago(140), longestWaitSeconds: 140 }); // target 300 s
    renderBoard(buildBoard({ channels: [quiet] }));
    expect(channelRow('SMS').getAttribute('data-state')).toBe('fine');
    await act(() => vi.advanceTimersByTimeAsync(10_000));
    expect(channelRow('SMS').getAttribute('data-state')).toBe('warning');
  });

  it('lists queues with the agents online, and opens the longest wait from a row', () => {
    vi.useFakeTimers({ now: AS_OF });
    const board = buildBoard({
      channels: [sms],
      queues: [
        buildQueueBoardRow({ waitingCount: 4, unassignedCount: 3, oldestWaitingSince: ago(185), longestWaitSeconds: 185, breachedCount: 2, onlineAgentCount: 3, longestWaitingThreadId: 'thr_oldest' }),
        buildQueueBoardRow({ queue: { id: 'que_vip', name: 'VIP' }, onlineAgentCount: 1 }),
      ],
    });
    renderBoard(board);
    const table = screen.getByRole('table', { name: 'Queues' });
    const general = within(table).getByRole('row', { name: /^General/ });
    expect(figure(general, 'waiting')).toBe('4');
    expect(figure(general, 'online')).toBe('3');
    expect(general.querySelector('.board-breached')?.textContent).toBe('2 breached');

    within(general).getByRole('button', { name: 'Open longest wait on General' }).click();
    expect(window.location.pathname).toBe('/threads/thr_oldest');
    expect((within(table).getByRole('button', { name: 'Open longest wait on VIP' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('shows each agent with a worded presence, who set it, their load and the threads they hold', () => {
    vi.useFakeTimers({ now: AS_OF });
    const board = buildBoard({
      agents: [
        buildAgentLoad({ capacity: 4 }, {
          ownedThreadCount: 2,
          threads: [
            { __typename: 'BoardThread', id: 'thr_a', subject: 'Card declined', breached: true, customerName: 'Carla Diaz', waitingSince: null, responseDueAt: null },
            { __typename: 'BoardThread', id: 'thr_b', subject: null, breached: false, customerName: 'Ben Ortiz', waitingSince: null, responseDueAt: null },
          ] as never,
        }),
        buildAgentLoad({ id: 'agt_ben', name: 'Ben Okafor', presence: 'AWAY', presenceSetBy: { id: 'agt_dana', name: 'Dana' } }),
      ],
    });
    const { onSetPresence } = renderBoard(board);
    const table = screen.getByRole('table', { name: 'Agents' });
    const ada = within(table).getByRole('row', { name: /^Ada Lovelace/ });
    expect(ada.querySelector('[data-presence]')?.textContent).toBe('Online');
    expect(ada.querySelector('.board-load__text')?.textContent).toBe('2 / 4');
    expect(within(ada).getByRole('link', { name: 'Card declined' }).getAttribute('href')).toBe('/threads/thr_a');
    expect(within(ada).getByRole('link', { name: 'Ben Ortiz' }).getAttribute('href')).toBe('/threads/thr_b');
    expect(within(ada).getByText('overdue')).toBeTruthy();

    const ben = within(table).getByRole('row', { name: /^Ben Okafor/ });
    expect(ben.querySelector('[data-presence]')?.textContent).toBe('Away — set by Dana');
    expect((within(ben).getByRole('button', { name: 'Set away Ben Okafor' }) as HTMLButtonElement).disabled).toBe(true);

    fireEvent.click(within(ada).getByRole('button', { name: 'Set away Ada Lovelace' }));
    fireEvent.click(within(ben).getByRole('button', { name: 'Set offline Ben Okafor' }));
    expect(onSetPresence.mock.calls).toEqual([
      ['agt_ada', 'AWAY'],
      ['agt_ben', 'OFFLINE'],
    ]);
  });

  it('says "Nobody is waiting" and still lists every channel, with zeros', () => {
    vi.useFakeTimers({ now: AS_OF });
    renderBoard(buildBoard({ channels: [chat, buildChannelBoardRow()] }));
    expect(screen.getByText('Nobody is waiting')).toBeTruthy();
    expect(figure(channelRow('Chat'), 'waiting')).toBe('0');
    expect(figure(channelRow('SMS'), 'waiting')).toBe('0');
    expect(figure(channelRow('SMS'), 'breached')).toBe('0');
  });
});
