import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, createE2eWorld, screenshotPath, TEST_TIMEOUT_MS } from '../support/e2e-world.js';

// An agent's day around the queue, in real Chromium against the built server and a real
// PostgreSQL: the first run, finding a resolved conversation again, being handed one, and the
// header on a phone-wide window. The first test needs the fresh database (the admin alone, no
// message yet); every later one builds its own team and customers.
const world = createE2eWorld({ database: 'history' });
const { api, ingest, claimAs, phone, unique, signIn } = world;

/** A queue of the test's own, where new SMS and e-mail threads land from now on, and its agents. */
const team = (queueName: string, names: string[]) => world.team(queueName, ['SMS', 'EMAIL'], names);

const row = (page: Page, threadId: string) => page.locator(`[data-thread-id="${threadId}"]`);

beforeAll(() => world.start(), 120_000);
afterEach(() => world.closeContexts());
afterAll(() => world.close());

describe('the queue, first run', () => {
  it('tells the admin alone what to set up: agents and queues in Settings, a channel through the API', { timeout: TEST_TIMEOUT_MS }, async () => {
    const page = await signIn(ADMIN);
    const settings = page.getByRole('link', { name: 'Create agents and queues in Settings' });
    await settings.waitFor();
    expect(await settings.getAttribute('href')).toBe('/settings');
    expect(await page.getByRole('link', { name: 'Connect a channel through the API' }).getAttribute('href')).toBe('/graphql');
    expect(await page.getByText('Nothing here').count()).toBe(0);
    await page.screenshot({ path: screenshotPath('first-run.png') });
  });
});

describe('history', () => {
  it('finds a resolved thread by search, lists it under Resolved, and opens it from its URL', { timeout: TEST_TIMEOUT_MS }, async () => {
    const [agent] = await team('History', ['Ada Lovelace']);
    const open = await ingest({ channelKind: 'SMS', from: phone(), fromName: 'Grace Hopper', body: 'My card was declined at the checkout this morning' });
    const resolved = await ingest({ channelKind: 'SMS', from: phone(), fromName: 'Edsger Dijkstra', body: 'Refund for order 7781 please, the parcel never arrived' });
    const older = await ingest({ channelKind: 'EMAIL', from: `alan.${unique()}@example.com`, fromName: 'Alan Turing', subject: 'Invoice copy', body: 'Could you send me the October invoice again?' });
    await api('mutation($t: ID!) { setThreadStatus(threadId: $t, status: RESOLVED) { thread { id } } }', { t: older });
    await api('mutation($t: ID!) { setThreadStatus(threadId: $t, status: RESOLVED) { thread { id } } }', { t: resolved });
    const page = await signIn(agent!);

    await row(page, open).waitFor();
    expect(await row(page, resolved).count()).toBe(0);

    // Search looks through resolved conversations too, and says they are resolved.
    await page.keyboard.press('/');
    await page.keyboard.type('7781');
    await row(page, resolved).getByText('Resolved').waitFor();
    await expect.poll(() => row(page, open).count()).toBe(0);
    await page.getByLabel('Search conversations').fill('');
    await row(page, open).waitFor();

    // Resolved: newest first, no Claim.
    await page.getByRole('button', { name: 'Resolved', exact: true }).click();
    await row(page, older).waitFor();
    await expect
      .poll(() => page.locator('[data-thread-id]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-thread-id'))))
      .toEqual([resolved, older]);
    expect(await row(page, resolved).getByRole('button', { name: 'Claim' }).count()).toBe(0);
    await page.screenshot({ path: screenshotPath('queue-resolved.png') });

    // Its address opens it from anywhere, though the list on screen does not hold it.
    await page.getByRole('button', { name: 'All', exact: true }).click();
    await row(page, open).waitFor();
    await page.goto(`${world.server.url}/threads/${resolved}`);
    await page.locator('[data-live-status="live"]').waitFor();
    await page.getByRole('heading', { name: 'Edsger Dijkstra' }).first().waitFor();
    await page.getByLabel('Messages').getByText('Refund for order 7781 please, the parcel never arrived').waitFor();
    expect(await row(page, resolved).count()).toBe(0);
  });
});

describe('being handed a thread', () => {
  it('shows the new owner a toast with who, the customer and the note, and counts it in the title', { timeout: TEST_TIMEOUT_MS }, async () => {
    const [ada, ben] = await team('Hand-offs', ['Ada Lovelace', 'Ben Okafor']);
    await ingest({ channelKind: 'SMS', from: phone(), fromName: 'Margaret Hamilton', body: 'Your service has been down for an hour, what is going on?' });
    const threadId = await ingest({ channelKind: 'SMS', from: phone(), fromName: 'Katherine Johnson', body: 'The app crashes whenever I open the settings page' });
    // Ben's console is open (a hand-off needs him present), on the queue.
    const page = await signIn(ben!);
    await row(page, threadId).waitFor();
    await expect.poll(() => page.title()).toBe('Queue · Switchboard');

    await claimAs(ada!, threadId);
    const note = 'Crash on the settings page: she is on Android 14, logs are in the ticket.';
    await api('mutation($t: ID!, $a: ID!, $n: String) { handOffThread(threadId: $t, toAgentId: $a, note: $n) { thread { id } } }', { t: threadId, a: ben!.id, n: note }, ada!.token);

    const toasts = page.getByRole('region', { name: 'Hand-offs' });
    const toast = toasts.getByRole('listitem').filter({ hasText: 'Ada Lovelace handed you Katherine Johnson' });
    await toast.waitFor();
    await toast.getByText(note).waitFor();
    await expect.poll(() => page.title()).toBe('(1) Queue · Switchboard');
    // Announced politely, without taking focus from what Ben was doing.
    expect(await toasts.locator('[aria-live="polite"]').count()).toBe(1);
    expect(await page.evaluate(() => document.activeElement === document.body)).toBe(true);
    await row(page, threadId).locator('.queue-row__owner', { hasText: 'Ben Okafor' }).waitFor();
    await page.screenshot({ path: screenshotPath('handoff-toast.png'), animations: 'disabled' });

    await toast.getByRole('button', { name: 'Open' }).click();
    await page.waitForURL(`**/threads/${threadId}`);
    await page.getByRole('heading', { name: 'Katherine Johnson' }).first().waitFor();
    await expect.poll(() => toasts.getByRole('listitem').count()).toBe(0);
    await expect.poll(() => page.title()).not.toMatch(/^\(\d+\)/);
  });
});

describe('the header on a phone-wide window', () => {
  it('fits 400 px without scrolling sideways, for an admin and for an agent', { timeout: TEST_TIMEOUT_MS }, async () => {
    const [agent] = await team('Narrow', ['Alan Turing']);
    for (const who of [ADMIN, agent!]) {
      const page = await signIn(who, { viewport: { width: 400, height: 800 } });
      await page.getByRole('button', { name: 'Sign out' }).waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(400);
      const header = (await page.locator('.shell__header').boundingBox())!;
      expect(header.x + header.width).toBeLessThanOrEqual(400);
      for (const name of ['Sign out', 'Keyboard shortcuts']) {
        const box = (await page.getByRole('button', { name }).boundingBox())!;
        expect(box.x + box.width).toBeLessThanOrEqual(400);
      }
    }
  });
});
