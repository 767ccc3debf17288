import { fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cannedApollo, type CannedAnswers } from '../../../test/canned-apollo';
import { buildAgentLoad, buildBoard, buildChannelBoardRow, buildSnapshot } from '../../../test/factories';
import { BoardPage } from './BoardPage';

/** The board page over the shared canned client; the test pushes subscription results itself. */
function renderBoardPage(role: 'AGENT' | 'SUPERVISOR' | 'ADMIN', answers: CannedAnswers = {}) {
  const { calls, subscribers, wrap, push } = cannedApollo(answers);
  render(wrap(<BoardPage me={{ role }} loading={false} />));
  return { calls, subscribers, push };
}

const serverTime = () => ({ data: { serverTime: new Date().toISOString() } });
const waiting = (count: number) => buildChannelBoardRow({ waitingCount: count, unassignedCount: count });

afterEach(() => {
  vi.restoreAllMocks();
  window.history.replaceState(null, '', '/');
});

describe('BoardPage', () => {
  it('tells an agent the board is for supervisors and admins, with the way back, and asks the server nothing', () => {
    const { calls } = renderBoardPage('AGENT');
    expect(screen.getByRole('heading', { name: 'The board is for supervisors and admins.' })).toBeTruthy();
    expect(screen.getByText('Ask an admin for access.')).toBeTruthy();
    const back = screen.getByRole('link', { name: 'Back to the queue' });
    expect(back.getAttribute('href')).toBe('/');
    expect(calls).toEqual([]);

    window.history.replaceState(null, '', '/board');
    fireEvent.click(back);
    expect(window.location.pathname).toBe('/');
  });

  it('says the same when the server refuses the board (the role changed since sign-in)', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    renderBoardPage('SUPERVISOR', {
      ServerTime: serverTime,
      Board: () => ({ data: null, errors: [{ message: 'Forbidden', extensions: { code: 'FORBIDDEN' } }] }),
    });
    expect(await screen.findByRole('heading', { name: 'The board is for supervisors and admins.' })).toBeTruthy();
  });

  it('reads the board once, subscribes to boardUpdated, and replaces the board with each push', async () => {
    const { calls, subscribers, push } = renderBoardPage('SUPERVISOR', {
      ServerTime: serverTime,
      Board: () => ({ data: { board: buildBoard({ channels: [waiting(2)], agents: [buildAgentLoad()] }) } }),
    });
    const table = await screen.findByRole('table', { name: 'Channels' });
    const sms = () => within(table).getByRole('row', { name: /^SMS/ });
    expect(sms().querySelector('[data-figure="waiting"]')?.textContent).toBe('2');
    expect(subscribers).toHaveLength(1);
    expect(calls.filter((call) => call.name === 'Board')).toHaveLength(1);
    expect(calls.map((call) => call.name)).toContain('BoardUpdated');

    // A fresh board: the agent Ada is gone from it, Ben is new; nothing of the old one is kept.
    await push({
      boardUpdated: buildBoard({
        asOf: '2026-03-02T10:00:05.000Z',
        channels: [{ ...waiting(3), unassignedCount: 1 }],
        agents: [buildAgentLoad({ id: 'agt_ben', name: 'Ben Okafor' })],
      }),
    });
    expect(sms().querySelector('[data-figure="waiting"]')?.textContent).toBe('3');
    expect(sms().querySelector('[data-figure="unassigned"]')?.textContent).toBe('1');
    const agents = screen.getByRole('table', { name: 'Agents' });
    expect(within(agents).queryByRole('row', { name: /^Ada Lovelace/ })).toBeNull();
    expect(within(agents).getByRole('row', { name: /^Ben Okafor/ })).toBeTruthy();
    expect(calls.filter((call) => call.name === 'Board')).toHaveLength(1);
  });

  it('draws the chart under the channels from boardHistory, fed by the same boardUpdated pushes as the tables', async () => {
    const ago = (seconds: number) => new Date(Date.now() - seconds * 1000).toISOString();
    const sms = { id: 'chn_sms', name: 'SMS', kind: 'SMS' as const };
    const { calls, push } = renderBoardPage('SUPERVISOR', {
      ServerTime: serverTime,
      Board: () => ({ data: { board: buildBoard({ asOf: ago(30), channels: [waiting(2)] }) } }),
      BoardHistory: () => ({ data: { boardHistory: [buildSnapshot(ago(120), sms, 1), buildSnapshot(ago(60), sms, 2)] } }),
    });
    const chart = await screen.findByRole('region', { name: /^Waiting per channel/ });
    const table = await within(chart).findByRole('table', { name: /^Waiting customers per channel, last 3 hours/ });
    const channels = screen.getByRole('table', { name: 'Channels' });
    // Under the channels, before the queues and agents.
    expect(channels.compareDocumentPosition(chart) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(chart.compareDocumentPosition(screen.getByRole('table', { name: 'Agents' })) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();

    await push({ boardUpdated: buildBoard({ asOf: new Date().toISOString(), channels: [waiting(4)] }) });
    expect(within(table).getByRole('row', { name: /^SMS/ }).querySelector('[data-figure="chart-waiting"]')?.textContent).toBe('4');
    expect(calls.filter((call) => call.name === 'BoardUpdated')).toHaveLength(1);
    expect(calls.filter((call) => call.name === 'BoardHistory')).toHaveLength(1);
  });

  it('sets an agent away with setAgentPresence and shows who did it from the answer', async () => {
    const { calls } = renderBoardPage('ADMIN', {
      ServerTime: serverTime,
      Board: () => ({ data: { board: buildBoard() } }),
      SetAgentPresence: ({ agentId, presence }) => ({
        data: { setAgentPresence: { __typename: 'Agent', id: agentId, presence, presenceSetBy: { __typename: 'Agent', id: 'agt_dana', name: 'Dana Supervisor' } } },
      }),
    });
    const ada = await screen.findByRole('row', { name: /^Ada Lovelace/ });
    fireEvent.click(within(ada).getByRole('button', { name: 'Set away Ada Lovelace' }));
    await screen.findByText('— set by Dana Supervisor');
    expect(ada.querySelector('[data-presence]')?.textContent).toBe('Away — set by Dana Supervisor');
    expect(calls.find((call) => call.name === 'SetAgentPresence')?.variables).toEqual({ agentId: 'agt_ada', presence: 'AWAY' });
  });

  it('says so when setting a presence fails', async () => {
    renderBoardPage('SUPERVISOR', {
      ServerTime: serverTime,
      Board: () => ({ data: { board: buildBoard() } }),
      SetAgentPresence: () => ({ data: null, errors: [{ message: 'That agent is inactive.', extensions: { code: 'BAD_USER_INPUT' } }] }),
    });
    const ada = await screen.findByRole('row', { name: /^Ada Lovelace/ });
    fireEvent.click(within(ada).getByRole('button', { name: 'Set offline Ada Lovelace' }));
    expect((await screen.findByRole('alert')).textContent).toContain('That agent is inactive.');
  });
});
