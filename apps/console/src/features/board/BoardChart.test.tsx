import type { FeedStatus } from '@switchboard/schema';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cannedApollo, type CannedAnswers } from '../../../test/canned-apollo';
import { buildBoard, buildChannelBoardRow, buildSnapshot } from '../../../test/factories';
import { BoardChart } from './BoardChart';

// The live feed's status, set by each test: the chart re-reads its history when it comes back.
const live = vi.hoisted(() => ({ status: 'live' as FeedStatus }));
vi.mock('../../app/live', () => ({ useLiveStatus: () => live.status }));

const SMS = { id: 'chn_sms', name: 'SMS', kind: 'SMS' as const };
const ago = (seconds: number) => new Date(Date.now() - seconds * 1000).toISOString();
const board = (asOfAgo: number, waitingCount: number, breachedCount = 0) =>
  buildBoard({ asOf: ago(asOfAgo), channels: [buildChannelBoardRow({ waitingCount, breachedCount })] });
const HISTORY = [buildSnapshot(ago(180), SMS, 1), buildSnapshot(ago(120), SMS, 2), buildSnapshot(ago(60), SMS, 2)];

function renderChart(answers: CannedAnswers = { BoardHistory: () => ({ data: { boardHistory: HISTORY } }) }, first = board(30, 2)) {
  const apollo = cannedApollo(answers);
  const view = render(apollo.wrap(<BoardChart board={first} />));
  const rerender = (next: ReturnType<typeof buildBoard>) => view.rerender(apollo.wrap(<BoardChart board={next} />));
  const historyCalls = () => apollo.calls.filter((call) => call.name === 'BoardHistory').map((call) => Date.parse(call.variables.since as string));
  return { ...apollo, rerender, historyCalls };
}

const smsRow = (table: HTMLElement) => within(table).getByRole('row', { name: /^SMS/ });
const figure = (row: HTMLElement, name: string) => row.querySelector(`[data-figure="${name}"]`)?.textContent;

afterEach(() => {
  live.status = 'live';
});

describe('BoardChart', () => {
  it('reads the last 3 hours once, then adds a point per push; its table says what the canvas shows', async () => {
    const { rerender, historyCalls } = renderChart();
    expect(screen.getByText('Loading the chart…')).toBeTruthy();
    const table = await screen.findByRole('table', { name: /^Waiting customers per channel, last 3 hours, as of/ });
    expect(historyCalls()).toHaveLength(1);
    expect(Date.now() - historyCalls()[0]!).toBeGreaterThanOrEqual(3 * 3_600_000);
    expect(Date.now() - historyCalls()[0]!).toBeLessThan(3 * 3_600_000 + 60_000);
    expect(table.getAttribute('data-points')).toBe('4');
    expect([figure(smsRow(table), 'chart-waiting'), figure(smsRow(table), 'chart-peak'), figure(smsRow(table), 'chart-breaches')]).toEqual(['2', '2', '0']);

    // A push: a wait breached, and more customers wait. History is not read again.
    rerender(board(0, 5, 1));
    expect([figure(smsRow(table), 'chart-waiting'), figure(smsRow(table), 'chart-peak'), figure(smsRow(table), 'chart-breaches')]).toEqual(['5', '5', '1']);
    expect(table.getAttribute('data-points')).toBe('5');
    const legend = screen.getByRole('list', { name: 'Legend' });
    expect(within(legend).getByText('▲ 1 went overdue in this span')).toBeTruthy();
    expect(within(legend).getByText('a wait went overdue')).toBeTruthy();
    expect(historyCalls()).toHaveLength(1);
  });

  it('says the chart fills in as snapshots are taken when there is no history yet', async () => {
    renderChart({ BoardHistory: () => ({ data: { boardHistory: [] } }) });
    expect(await screen.findByText('The chart fills in as snapshots are taken, every minute.')).toBeTruthy();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('re-reads the history for another span', async () => {
    const { historyCalls } = renderChart();
    await screen.findByRole('table', { name: /last 3 hours/ });
    fireEvent.click(screen.getByRole('button', { name: '1 h' }));
    expect(screen.getByRole('button', { name: '1 h' }).getAttribute('aria-pressed')).toBe('true');
    expect(await screen.findByRole('table', { name: /^Waiting customers per channel, last hour/ })).toBeTruthy();
    expect(historyCalls()).toHaveLength(2);
    expect(Date.now() - historyCalls()[1]!).toBeLessThan(3_600_000 + 60_000);
  });

  it('re-reads the history when the socket is back after a drop, not on the first connect', async () => {
    live.status = 'connecting';
    const { rerender, historyCalls } = renderChart();
    await screen.findByRole('table', { name: /last 3 hours/ });
    live.status = 'live';
    rerender(board(5, 2));
    expect(historyCalls()).toHaveLength(1);
    live.status = 'reconnecting';
    rerender(board(5, 2));
    live.status = 'live';
    rerender(board(5, 2));
    await vi.waitFor(() => expect(historyCalls()).toHaveLength(2));
  });

  it('says when there are too many snapshots to draw, and offers to try again', async () => {
    let answers = 0;
    renderChart({
      BoardHistory: () =>
        ++answers === 1
          ? { data: null, errors: [{ message: 'the range holds more than 100000 snapshots', extensions: { code: 'BAD_USER_INPUT' } }] }
          : { data: { boardHistory: HISTORY } },
    });
    expect(await screen.findByText(/There are too many snapshots to draw the last 3 hours: pick a shorter span\./)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('table', { name: /last 3 hours/ })).toBeTruthy();
  });
});
