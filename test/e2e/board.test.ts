import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelKind as Kind } from '@switchboard/schema';
import { createE2eWorld, screenshotPath, TEST_TIMEOUT_MS, type Agent } from '../support/e2e-world.js';

// The supervisor's board in real Chromium against the built server and a real PostgreSQL. Each
// test builds its own team (a queue, the channels it routes there, its agents and a supervisor)
// and reads the board's row of its own queue, whose figures nothing else in the file moves.
// Channel rows are shared by the file's tests, so they are only read where one test owns the channel.
/** Generous: a push follows a change within 250 ms, but CI machines stall. */
const LIVE_MS = 10_000;
const world = createE2eWorld({ database: 'board' });
const { api, channelId, queueFor, createAgent, ingest, claimAs, signIn } = world;

/** Signed in, then to the board through the header's link (a supervisor's way there). */
async function openBoard(supervisor: Agent, options?: { viewport: { width: number; height: number } }): Promise<Page> {
  const page = await signIn(supervisor, options);
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Board' }).click();
  await page.getByRole('table', { name: 'Channels' }).waitFor();
  return page;
}

const queueRow = (page: Page, queueId: string) => page.locator(`tr[data-queue-id="${queueId}"]`);
const channelRow = (page: Page, kind: Kind) => page.locator(`tr[data-channel-id="${channelId(kind)}"]`);
const agentRow = (page: Page, agentId: string) => page.locator(`tr[data-agent-id="${agentId}"]`);
const figure = (row: Locator, name: string) => row.locator(`[data-figure="${name}"]`);
const text = (locator: Locator) => () => locator.textContent();

beforeAll(() => world.start(), 120_000);
afterEach(() => world.closeContexts());
afterAll(() => world.close());

describe("the supervisor's board", () => {
  // First, so the picture shows this team alone (the later tests add queues of their own).
  it('reads at a glance at 1366 px and 1920 px: several channels with waits, one overdue, several agents (screenshot)', { timeout: TEST_TIMEOUT_MS }, async () => {
    const queueId = await queueFor('Front desk', ['SMS', 'CHAT', 'EMAIL', 'TWITTER']);
    const dana = await createAgent('Dana Whitfield', queueId, 'SUPERVISOR');
    const [ada, ben, chen] = await Promise.all(['Ada Lovelace', 'Ben Okafor', 'Chen Wei'].map((name) => createAgent(name, queueId)));
    const devi = await createAgent('Devi Rao', queueId); // never signed in: OFFLINE
    // ONLINE for a minute without a console (the presence grace): enough for the picture.
    for (const agent of [ada!, ben!, chen!]) await api('mutation { setPresence(presence: ONLINE) { id } }', {}, agent.token);

    const waits: Array<[Kind, string, string, number]> = [
      ['CHAT', 'Maria Gonzalez', 'Is anyone there? My payment failed twice', 190_000],
      ['CHAT', 'Tom Becker', 'Need help with my login', 45_000],
      ['SMS', 'Priya Shah', 'Where is my parcel?', 200_000],
      ['SMS', 'Liam Murphy', 'Can I change my delivery address?', 70_000],
      ['SMS', 'Sofia Rossi', 'Refund status please', 20_000],
      ['EMAIL', 'Noah Kim', 'Invoice #4411 is wrong', 35 * 60_000],
      ['EMAIL', 'Emma Larsen', 'Cancel my subscription', 12 * 60_000],
      ['TWITTER', 'Jack Wilson', '@switchboard your app keeps crashing', 8 * 60_000],
    ];
    const threads: string[] = [];
    for (const [kind, name, body, ago] of waits) threads.push(await ingest({ channelKind: kind, body, receivedAgoMs: ago, fromName: name }));
    await claimAs(ada!, threads[0]!);
    await claimAs(ada!, threads[5]!);
    await claimAs(ben!, threads[2]!);
    await claimAs(chen!, threads[7]!);
    // Answered in the last hour: two SMS within their 5 min target, one late, and an e-mail.
    const answered: Array<[Kind, number]> = [['SMS', 60_000], ['SMS', 120_000], ['SMS', 7 * 60_000], ['EMAIL', 50 * 60_000]];
    for (const [kind, ago] of answered) {
      const threadId = await ingest({ channelKind: kind, body: 'Quick question', receivedAgoMs: ago, fromName: `Customer ${world.unique()}` });
      await claimAs(ben!, threadId);
      await api('mutation($t: ID!, $b: String!) { reply(threadId: $t, body: $b) { cursor } }', { t: threadId, b: 'Sorted, thanks for waiting!' }, ben!.token);
      await api('mutation($t: ID!) { setThreadStatus(threadId: $t, status: RESOLVED) { cursor } }', { t: threadId }, ben!.token);
    }
    await api('mutation($a: ID!) { setAgentPresence(agentId: $a, presence: AWAY) { id } }', { a: chen!.id }, dana.token);

    // A laptop first: the channels fit, nothing is cut off, and the page does not scroll sideways.
    const page = await openBoard(dana, { viewport: { width: 1366, height: 768 } });
    await expect.poll(text(figure(queueRow(page, queueId), 'waiting')), { timeout: LIVE_MS }).toBe('8');
    await expect.poll(text(figure(channelRow(page, 'CHAT'), 'breached')), { timeout: LIVE_MS }).toMatch(/overdue/);
    await expect.poll(text(figure(channelRow(page, 'SMS'), 'in-target')), { timeout: LIVE_MS }).toBe('67%');
    await expect.poll(text(agentRow(page, chen!.id).locator('[data-presence]')), { timeout: LIVE_MS }).toBe('Away — set by Dana Whitfield');
    // Nobody to tell: an agent with no console cannot be set away or offline.
    for (const name of [/^Set away/, /^Set offline/]) {
      const button = agentRow(page, devi.id).getByRole('button', { name });
      expect(await button.isDisabled()).toBe(true);
      expect(await button.getAttribute('title')).toBe('Not connected');
    }
    // The chart under the channels loads on its own: the picture waits until it has.
    await page.locator('section.board-chart:not([data-state="loading"])').waitFor({ timeout: LIVE_MS });
    // Nothing scrolls sideways: not the page, not a table in its card.
    const overflow = () => page.evaluate(() => [document.documentElement, ...Array.from(document.querySelectorAll('.board-card__scroll'))].map((box) => box.scrollWidth - box.clientWidth));
    expect(await overflow()).toEqual([0, 0, 0, 0]);
    await page.screenshot({ path: screenshotPath('board-1366.png') });

    // A large desktop and a wall screen: queues and agents side by side, every table whole.
    for (const viewport of [{ width: 1600, height: 900 }, { width: 1920, height: 1080 }]) {
      await page.setViewportSize(viewport);
      const queues = await page.getByRole('table', { name: 'Queues' }).boundingBox();
      const agents = await page.getByRole('table', { name: 'Agents' }).boundingBox();
      expect(agents!.x).toBeGreaterThan(queues!.x + queues!.width);
      expect(await overflow()).toEqual([0, 0, 0, 0]);
    }
    await page.screenshot({ path: screenshotPath('board.png') });
  });

  it('updates live, without a reload, when a customer writes in and when an agent claims', { timeout: TEST_TIMEOUT_MS }, async () => {
    const queueId = await queueFor('Live board', ['SMS']);
    const dana = await createAgent('Dana Supervisor', queueId, 'SUPERVISOR');
    const ada = await createAgent('Ada Lovelace', queueId);
    const page = await openBoard(dana);
    const row = queueRow(page, queueId);
    await expect.poll(text(figure(row, 'waiting')), { timeout: LIVE_MS }).toBe('0');
    await page.evaluate(() => ((window as unknown as { boardPage: string }).boardPage = 'not reloaded'));

    // (a) a new inbound message: the waiting count rises.
    const threadId = await ingest({ body: 'My order never arrived' });
    await expect.poll(text(figure(row, 'waiting')), { timeout: LIVE_MS }).toBe('1');
    await expect.poll(text(figure(row, 'unassigned')), { timeout: LIVE_MS }).toBe('1');
    await row.getByRole('button', { name: /open the longest wait/ }).waitFor();

    // (b) a claim: the unassigned count falls; the customer still waits for an answer.
    await claimAs(ada, threadId);
    await expect.poll(text(figure(row, 'unassigned')), { timeout: LIVE_MS }).toBe('0');
    expect(await figure(row, 'waiting').textContent()).toBe('1');
    await expect.poll(() => agentRow(page, ada.id).getByRole('link').allTextContents(), { timeout: LIVE_MS }).toEqual([expect.any(String)]);
    expect(await page.evaluate(() => (window as unknown as { boardPage?: string }).boardPage)).toBe('not reloaded');

    // From the board to the thread, by keyboard: a supervisor may hand off or join a thread they do not own.
    await row.getByRole('button', { name: /open the longest wait/ }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/threads/${threadId}?from=board`);
    await page.getByRole('group', { name: 'Thread actions' }).getByRole('button', { name: 'Hand off' }).waitFor();
    await page.getByRole('button', { name: 'Join', exact: true }).waitFor();
    // Focus lands on the thread's heading, not on <body>; the tab names the customer.
    await expect.poll(() => page.evaluate(() => document.activeElement?.matches('h2.thread__customer') ?? false), { timeout: LIVE_MS }).toBe(true);
    expect(await page.title()).toMatch(/ · Switchboard$/);

    // Escape goes back to the board it came from.
    await page.keyboard.press('Escape');
    await page.waitForURL('**/board');
    await page.getByRole('table', { name: 'Channels' }).waitFor();
    expect(await page.title()).toBe('Board · Switchboard');
  });

  it("shows a breach as soon as the wait passes its target, with no write (the server's breach timer)", { timeout: TEST_TIMEOUT_MS }, async () => {
    const queueId = await queueFor('Forum desk', ['FORUM']);
    const dana = await createAgent('Dana Supervisor', queueId, 'SUPERVISOR');
    await api('mutation($c: ID!) { setChannelTarget(channelId: $c, responseTargetSeconds: 2) { id } }', { c: channelId('FORUM') });
    const page = await openBoard(dana);
    const row = queueRow(page, queueId);
    await expect.poll(text(figure(row, 'breached')), { timeout: LIVE_MS }).toBe('0');

    await ingest({ channelKind: 'FORUM', body: 'Thread about a bug nobody answers' });
    await expect.poll(text(figure(row, 'waiting')), { timeout: LIVE_MS }).toBe('1');
    // Nothing is written from here on: only the due time passing moves the figure.
    await expect.poll(text(figure(row, 'breached')), { timeout: LIVE_MS }).toBe('1 overdue');
    await expect.poll(text(figure(channelRow(page, 'FORUM'), 'breached')), { timeout: LIVE_MS }).toBe('1 overdue');
    expect(await row.getAttribute('data-state')).toBe('breached');

    // The thread says so too, counting up by the second, with the due time itself in the title.
    await row.getByRole('button', { name: /open the longest wait/ }).click();
    const due = page.locator('.thread__header [data-due]');
    await expect.poll(() => due.getAttribute('data-due'), { timeout: LIVE_MS }).toBe('overdue');
    const first = await due.textContent();
    expect(first).toMatch(/^(Due now|Overdue \d+ s)$/);
    await expect.poll(() => due.textContent(), { timeout: LIVE_MS }).not.toBe(first);
    expect(await due.getAttribute('title')).toMatch(/^The reply was due /);
    await page.screenshot({ path: screenshotPath('thread-overdue.png') });

    // The × goes back to the board too.
    await page.getByRole('button', { name: 'Close' }).click();
    await page.waitForURL('**/board');
    await queueRow(page, queueId).waitFor();
  });

  it('tells an agent who opens /board that it is for supervisors and admins, with the way back', { timeout: TEST_TIMEOUT_MS }, async () => {
    const queueId = await queueFor('Agents only', []);
    const ada = await createAgent('Ada Lovelace', queueId);
    const page = await signIn(ada);
    expect(await page.getByRole('navigation', { name: 'Pages' }).count()).toBe(0);

    await page.goto(`${world.server.url}/board`);
    await page.getByRole('heading', { name: 'The board is for supervisors and admins.' }).waitFor();
    await page.getByText('Ask an admin for access.').waitFor();
    expect(await page.getByRole('table').count()).toBe(0);
    await page.getByRole('link', { name: 'Back to the queue' }).click();
    await page.getByRole('heading', { name: /Queue/ }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
  });

  it("lets a supervisor set an agent away from the board, and the agent's console says who did", { timeout: TEST_TIMEOUT_MS }, async () => {
    const queueId = await queueFor('Presence', []);
    const dana = await createAgent('Dana Supervisor', queueId, 'SUPERVISOR');
    const ben = await createAgent('Ben Okafor', queueId);
    const benPage = await signIn(ben);
    const status = benPage.getByRole('combobox', { name: 'Status' });
    await expect.poll(() => status.inputValue(), { timeout: LIVE_MS }).toBe('ONLINE');

    const board = await openBoard(dana);
    const row = agentRow(board, ben.id);
    await expect.poll(text(row.locator('[data-presence]')), { timeout: LIVE_MS }).toBe('Online');
    await row.getByRole('button', { name: /^Set away/ }).click();
    await expect.poll(text(row.locator('[data-presence]')), { timeout: LIVE_MS }).toBe('Away — set by Dana Supervisor');

    await expect.poll(() => status.inputValue(), { timeout: LIVE_MS }).toBe('AWAY');
    await benPage.getByText('(set by Dana Supervisor)').waitFor({ timeout: LIVE_MS });

    // Ben sets himself back; the note goes, on his console and on the board.
    await status.selectOption('ONLINE');
    await benPage.getByText('(set by Dana Supervisor)').waitFor({ state: 'detached', timeout: LIVE_MS });
    await expect.poll(text(row.locator('[data-presence]')), { timeout: LIVE_MS }).toBe('Online');
  });
});
