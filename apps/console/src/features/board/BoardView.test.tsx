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
const wait = (row: HTMLElement, name: string) => row.querySelector(`[data-figure="${name}"] .board-wait__time`)?.textContent;

afterEach(() => {
  vi.useRealTimers();
  window.history.replaceState(null, '', '/');
});

describe('BoardView', () => {
  it('shows each channel as a table row with its figures, its target and the share answered within it', () => {
    vi.useFakeTimers({ now: AS_OF });
    renderBoard();

    const table = screen.getByRole('table', { name: 'Channels' });
    expect(screen.getByRole('heading', { level: 2, name: 'Channels' })).toBeTruthy();
    expect(within(table).getAllByRole('columnheader').map((th) => th.textContent)).toEqual([
      'Channel', 'Waiting', 'Unassigned', 'Longest wait', 'Median wait', '90% wait', 'Overdue', 'Last hour', 'Target', 'Answered', 'On time',
    ]);
    expect(within(table).getByRole('columnheader', { name: 'Median wait' }).title).toMatch(/half of the waiting customers have waited longer than this/);
    expect(within(table).getByRole('columnheader', { name: '90% wait' }).title).toMatch(/one in ten waiting customers has waited longer than this/);
    const row = channelRow('SMS');
    expect(within(row).getByRole('rowheader').querySelector('.board-name__text')?.textContent).toBe('SMS');
    expect(figure(row, 'waiting')).toBe('4');
    expect(figure(row, 'unassigned')).toBe('3');
    expect(wait(row, 'longest')).toBe('03:05');
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

  it('says a day-long target in days, as the settings form takes it', () => {
    vi.useFakeTimers({ now: AS_OF });
    renderBoard(buildBoard({ channels: [buildChannelBoardRow({ channel: { id: 'chn_forum', kind: 'FORUM', name: 'Forum', responseTargetSeconds: 86_400 } })] }));
    expect(figure(channelRow('Forum'), 'target')).toBe('1 d');
  });

  it('puts the worst channel first: most overdue, then the longest wait for its target, then the name', () => {
    vi.useFakeTimers({ now: AS_OF });
    const calm = buildChannelBoardRow({ channel: { id: 'chn_fb', kind: 'FACEBOOK', name: 'Facebook', responseTargetSeconds: 3600 }, waitingCount: 1, oldestWaitingSince: ago(60), longestWaitSeconds: 60 });
    renderBoard(buildBoard({ channels: [chat, calm, email, sms] }));
    const table = screen.getByRole('table', { name: 'Channels' });
    const names = within(table).getAllByRole('rowheader').map((th) => th.querySelector('.board-name__text')?.textContent);
    // SMS has 2 overdue; E-mail used 62% of its target, Facebook 2%; nobody waits on Chat.
    expect(names).toEqual(['SMS', 'Email', 'Facebook', 'Chat']);
    expect(screen.getByText('Worst first')).toBeTruthy();
    expect(table.getAttribute('aria-describedby')).toBe(screen.getByText('Worst first').id);
  });

  it("colours a channel's longest wait by its own share of the target, and says how far past it is", () => {
    vi.useFakeTimers({ now: AS_OF });
    renderBoard();
    const longest = channelRow('SMS').querySelector('[data-figure="longest"]')!;
    expect(longest.className).toContain('board-wait--breached');
    // 185 s against 60 s: two whole minutes over.
    expect(longest.querySelector('[data-figure="longest-over"]')?.textContent).toBe('+2 min over');
    const amber = channelRow('Email').querySelector('[data-figure="longest"]')!;
    expect(amber.className).toContain('board-wait--warning');
    expect(amber.querySelector('[data-figure="longest-over"]')).toBeNull();
  });

  it('makes breaches unmistakable: a red row, and a badge with the count and the word', () => {
    vi.useFakeTimers({ now: AS_OF });
    renderBoard();
    const row = channelRow('SMS');
    expect(row.getAttribute('data-state')).toBe('breached');
    expect(row.querySelector('.board-breached')?.textContent).toBe('2 overdue');
    // The totals' Overdue tile turns red with the sum.
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
    expect(wait(row, 'longest')).toBe('03:05');

    await act(() => vi.advanceTimersByTimeAsync(3_000));
    expect(wait(row, 'longest')).toBe('03:08');
    expect(figure(row, 'median')).toBe('01:13');
    expect(figure(row, 'p90')).toBe('02:53');
    expect(document.querySelector('[data-figure="total-longest"] dd')?.textContent).toBe('2:30:03 · Email');
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

  it('names the channel of the longest wait in its tile, which opens that thread', () => {
    vi.useFakeTimers({ now: AS_OF });
    renderBoard();
    const link = within(document.querySelector<HTMLElement>('[data-figure="total-longest"]')!).getByRole('link');
    expect(link.textContent).toBe('2:30:00 · Email');
    expect(link.getAttribute('href')).toBe('/threads/thr_mail?from=board');
  });

  it('counts only agents (not supervisors or admins) in "Agents online"', () => {
    vi.useFakeTimers({ now: AS_OF });
    renderBoard(
      buildBoard({
        agents: [
          buildAgentLoad(),
          buildAgentLoad({ id: 'agt_ben', name: 'Ben Okafor', presence: 'AWAY' }),
          buildAgentLoad({ id: 'agt_dana', name: 'Dana Whitfield', role: 'SUPERVISOR' }),
          buildAgentLoad({ id: 'agt_root', name: 'Admin', role: 'ADMIN' }),
        ],
      }),
    );
    expect(document.querySelector('[data-figure="total-online"] dd')?.textContent).toBe('1 / 2');
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
    expect(general.querySelector('.board-breached')?.textContent).toBe('2 overdue');
    // A queue has no target: its longest wait is not coloured by the row's overdue count.
    expect(general.querySelector('[data-figure="longest"]')?.className).not.toMatch(/board-wait--(breached|warning)/);
    expect(general.getAttribute('data-state')).toBe('breached');

    within(general).getByRole('button', { name: 'General, open the longest wait' }).click();
    expect(window.location.pathname + window.location.search).toBe('/threads/thr_oldest?from=board');
    const vip = within(table).getByRole('row', { name: /^VIP/ });
    expect(within(vip).queryByRole('button')).toBeNull();
    expect(within(vip).getByRole('rowheader').textContent).toBe('VIP');
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
    expect(within(ada).getByRole('link', { name: 'Card declined' }).getAttribute('href')).toBe('/threads/thr_a?from=board');
    expect(within(ada).getByRole('link', { name: 'Ben Ortiz' }).getAttribute('href')).toBe('/threads/thr_b?from=board');
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

  it('offers no status change for an agent with no console (OFFLINE), and says why', () => {
    vi.useFakeTimers({ now: AS_OF });
    renderBoard(buildBoard({ agents: [buildAgentLoad({ id: 'agt_devi', name: 'Devi Rao', presence: 'OFFLINE' })] }));
    const devi = within(screen.getByRole('table', { name: 'Agents' })).getByRole('row', { name: /^Devi Rao/ });
    expect(devi.querySelector('[data-presence]')?.textContent).toBe('Offline');
    for (const name of ['Set away Devi Rao', 'Set offline Devi Rao']) {
      const button = within(devi).getByRole('button', { name }) as HTMLButtonElement;
      expect(button.disabled).toBe(true);
      expect(button.title).toBe('Not connected');
    }
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
