import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createE2eWorld, screenshotPath, TEST_TIMEOUT_MS, type Agent, type SignInOptions } from '../support/e2e-world.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';

// Agents in real Chromium contexts against the built server and a real PostgreSQL. The browsers
// reach the server through a TCP proxy, so a test can cut their connections. Each test builds its
// own team: a queue of its own (the SMS channel routes there while it runs), its agents, and the
// customers who write in, so any test runs alone (`-t`) and in any order.
// How the queue view renders 2,000 waiting threads is measured, not asserted: `pnpm bench`.
const world = createE2eWorld({ database: 'console' });
const { ingest, claimAs } = world;
let proxy: TcpProxy;

interface SignedIn extends Agent {
  page: Page;
}

/** A queue of the test's own, where new SMS threads land from now on, and its agents (not signed in yet). */
const team = (queueName: string, names: readonly string[]) => world.team(queueName, ['SMS'], names);

/** Signed in through the proxy. */
async function signIn(agent: Agent, options: SignInOptions = {}): Promise<SignedIn> {
  return { ...agent, page: await world.signIn(agent, { url: `http://127.0.0.1:${proxy.port}/`, ...options }) };
}

const row = (page: Page, threadId: string) => page.locator(`[data-thread-id="${threadId}"]`).first();
const threadUrl = (threadId: string) => `http://127.0.0.1:${proxy.port}/threads/${threadId}`;

beforeAll(async () => {
  await world.start();
  proxy = await startTcpProxy(Number(new URL(world.server.url).port));
}, 120_000);

afterEach(() => world.closeContexts());

afterAll(async () => {
  await proxy?.close();
  await world.close();
});

describe('the agent console', () => {
  it('shows a thread ingested through the API on both consoles, live, with a ticking clock', { timeout: TEST_TIMEOUT_MS }, async () => {
    const agents = await team('Deliveries', ['Ada Lovelace', 'Ben Okafor']);
    const ada = await signIn(agents[0]!, { screenshot: 'sign-in.png' });
    const ben = await signIn(agents[1]!);

    const from = world.phone();
    const threadId = await ingest({ body: 'My order never arrived', from, receivedAgoMs: 90_000 });
    await row(ada.page, threadId).waitFor({ timeout: 5000 });
    await row(ben.page, threadId).waitFor({ timeout: 5000 });
    await expect.poll(() => row(ada.page, threadId).textContent()).toContain(from);
    const clock = row(ada.page, threadId).locator('[data-wait-clock]');
    const first = await clock.textContent();
    await expect.poll(() => clock.textContent(), { timeout: 5000 }).not.toBe(first);
    await ada.page.screenshot({ path: screenshotPath('queue.png') });
  });

  it('shows the other agent who took a thread as soon as it is claimed', { timeout: TEST_TIMEOUT_MS }, async () => {
    const agents = await team('Callbacks', ['Ada Lovelace', 'Ben Okafor']);
    const ada = await signIn(agents[0]!);
    const ben = await signIn(agents[1]!);
    const threadId = await ingest({ body: 'Can someone call me back?' });
    await row(ada.page, threadId).waitFor({ timeout: 5000 });
    await row(ben.page, threadId).waitFor({ timeout: 5000 });

    await row(ada.page, threadId).getByRole('button', { name: 'Claim' }).click();
    await expect.poll(() => row(ben.page, threadId).textContent(), { timeout: 3000 }).toContain('Ada Lovelace');
    await ben.page.screenshot({ path: screenshotPath('queue-claimed.png') });
  });

  it('hands a thread from Ada to Ben with a note, and Ben sees it arrive', { timeout: TEST_TIMEOUT_MS }, async () => {
    const agents = await team('Refunds', ['Ada Lovelace', 'Ben Okafor']);
    const threadId = await ingest({ body: 'My order never arrived', receivedAgoMs: 90_000 });
    await claimAs(agents[0]!, threadId);
    const ada = await signIn(agents[0]!);
    const ben = await signIn(agents[1]!);

    await row(ada.page, threadId).click();
    await ada.page.getByRole('button', { name: 'Hand off' }).click();
    const dialog = ada.page.getByRole('dialog');
    await dialog.getByText('Ben Okafor').click();
    await dialog.getByLabel('Note').fill('Customer wants a refund; order #4411');
    await ada.page.screenshot({ path: screenshotPath('hand-off.png') });
    await dialog.getByRole('button', { name: 'Hand off' }).click();
    await expect.poll(() => row(ben.page, threadId).textContent(), { timeout: 3000 }).toMatch(/Ben Okafor|You/);
    await row(ben.page, threadId).click();
    await ben.page.getByLabel('Messages').getByText('Customer wants a refund; order #4411').waitFor({ timeout: 5000 });
    await ben.page.screenshot({ path: screenshotPath('thread.png') });
  });

  it("lets Ada join Ben's thread, and both reply", { timeout: TEST_TIMEOUT_MS }, async () => {
    const agents = await team('Orders', ['Ada Lovelace', 'Ben Okafor']);
    const threadId = await ingest({ body: 'Where is my parcel?' });
    await claimAs(agents[1]!, threadId);
    const ada = await signIn(agents[0]!);
    const ben = await signIn(agents[1]!);
    await ben.page.goto(threadUrl(threadId));
    await ben.page.getByLabel('Reply', { exact: true }).waitFor();

    await ada.page.goto(threadUrl(threadId));
    await ada.page.getByRole('button', { name: 'Join', exact: true }).click();
    await ada.page.getByLabel('Reply', { exact: true }).fill('Hi, Ada here, looking at your order now.');
    await ada.page.getByRole('button', { name: 'Send' }).click();
    await ben.page.getByLabel('Reply', { exact: true }).fill('And Ben: the refund is on its way.');
    await ben.page.getByRole('button', { name: 'Send' }).click();
    for (const page of [ada.page, ben.page]) {
      const conversation = page.getByLabel('Messages');
      await conversation.getByText('Hi, Ada here, looking at your order now.').waitFor({ timeout: 5000 });
      await conversation.getByText('And Ben: the refund is on its way.').waitFor({ timeout: 5000 });
    }
  });

  it('resumes after a dropped connection and shows what was missed, without a reload', { timeout: TEST_TIMEOUT_MS }, async () => {
    const agents = await team('Outages', ['Ada Lovelace', 'Ben Okafor']);
    const ada = await signIn(agents[0]!);
    const ben = await signIn(agents[1]!);

    proxy.dropConnections();
    const missed = await ingest({ body: 'Written while the console was cut off' });
    await row(ben.page, missed).waitFor({ timeout: 15_000 });
    await row(ada.page, missed).waitFor({ timeout: 15_000 });
    await ben.page.locator('[data-live-status="live"]').waitFor();
  });

  it('works on a narrow window: one pane at a time', { timeout: TEST_TIMEOUT_MS }, async () => {
    const agents = await team('Mobile', ['Ada Lovelace']);
    const threadId = await ingest({ body: 'Writing from my phone' });
    const ada = await signIn(agents[0]!, { viewport: { width: 420, height: 800 } });

    await row(ada.page, threadId).waitFor();
    await ada.page.screenshot({ path: screenshotPath('queue-narrow.png') });
    await row(ada.page, threadId).locator('button').first().click();
    await ada.page.getByLabel('Reply', { exact: true }).waitFor();
    await expect.poll(() => row(ada.page, threadId).isVisible()).toBe(false);
    await ada.page.screenshot({ path: screenshotPath('thread-narrow.png') });
  });
});
