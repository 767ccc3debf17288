import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { withDatabase } from '../support/postgres.js';
import { launchChromium } from '../support/browser.js';
import { gql, REPO_ROOT, startBuiltServer, type BuiltServer } from '../support/built-server.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';

// Agents in real Chromium contexts against the built server and a real PostgreSQL. The browsers
// reach the server through a TCP proxy, so a test can cut their connections. Each test builds its
// own team: a queue of its own (the SMS channel routes there while it runs), its agents, and the
// customers who write in, so any test runs alone (`-t`) and in any order.
// How the queue view renders 2,000 waiting threads is measured, not asserted: `pnpm bench`.
const database = `sb_e2e_${process.pid}`;
const ADMIN = { email: 'e2e-admin@example.com', password: 'e2e-admin-password' };
const AGENT_PASSWORD = 'agent-password';
const TEST_TIMEOUT_MS = 60_000;
// Screenshots land in test-results/ (ignored); UPDATE_SCREENSHOTS=1 refreshes the ones in docs/.
const SCREENSHOTS = path.join(REPO_ROOT, process.env.UPDATE_SCREENSHOTS ? 'docs/screenshots' : 'test-results/screenshots');
fs.mkdirSync(SCREENSHOTS, { recursive: true });
let db: pg.Client;
let server: BuiltServer;
let proxy: TcpProxy;
let browser: Browser;
let adminToken: string;
let smsChannelId: string;
/** Makes phone numbers, e-mails and external ids unique across the file. */
let sequence = 0;
const contexts: BrowserContext[] = [];

interface Agent {
  id: string;
  name: string;
  email: string;
  token: string;
}

interface SignedIn extends Agent {
  page: Page;
}

async function api<T>(query: string, variables: Record<string, unknown> = {}, token = adminToken): Promise<T> {
  const result = await gql<T>(server.url, query, variables, token);
  expect(result.errors).toBeUndefined();
  return result.data!;
}

/** A queue of the test's own, where new SMS threads land from now on, and its agents (not signed in yet). */
async function team(queueName: string, names: readonly string[]): Promise<{ queueId: string; agents: Agent[] }> {
  const { createQueue } = await api<{ createQueue: { id: string } }>('mutation($n: String!) { createQueue(name: $n) { id } }', { n: queueName });
  await api('mutation($c: ID!, $q: ID!) { setChannelQueue(channelId: $c, queueId: $q) { id } }', { c: smsChannelId, q: createQueue.id });
  const agents: Agent[] = [];
  for (const name of names) {
    const email = `${name.split(' ')[0]!.toLowerCase()}.${++sequence}@example.com`;
    const { createAgent } = await api<{ createAgent: { id: string } }>('mutation($i: CreateAgentInput!) { createAgent(input: $i) { id } }', {
      i: { name, email, password: AGENT_PASSWORD, queueIds: [createQueue.id] },
    });
    const { login } = await api<{ login: { token: string } }>('mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', { e: email, p: AGENT_PASSWORD });
    agents.push({ id: createAgent.id, name, email, token: login.token });
  }
  return { queueId: createQueue.id, agents };
}

/** A customer writes in by SMS from a number of their own; the thread it opened or joined. */
async function ingest(body: string, { receivedAgoMs = 0, from = `+1555777${String(++sequence).padStart(4, '0')}` } = {}): Promise<{ threadId: string; from: string }> {
  const { receiveMessage } = await api<{ receiveMessage: { thread: { id: string } } }>(
    'mutation($i: InboundMessageInput!) { receiveMessage(input: $i) { thread { id } } }',
    { i: { channelKind: 'SMS', from, body, externalId: `e2e-${++sequence}`, receivedAt: new Date(Date.now() - receivedAgoMs).toISOString() } },
  );
  return { threadId: receiveMessage.thread.id, from };
}

async function claimAs(agent: Agent, threadId: string): Promise<void> {
  await api('mutation($t: ID!) { claimThread(threadId: $t) { cursor } }', { t: threadId }, agent.token);
}

async function signIn(agent: Agent, { screenshot, viewport = { width: 1280, height: 800 } }: { screenshot?: string; viewport?: { width: number; height: number } } = {}): Promise<SignedIn> {
  const context = await browser.newContext({ viewport });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(`http://127.0.0.1:${proxy.port}/`);
  await page.getByLabel('Email').waitFor();
  if (screenshot) await page.screenshot({ path: path.join(SCREENSHOTS, screenshot) });
  await page.getByLabel('Email').fill(agent.email);
  await page.getByLabel('Password').fill(AGENT_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('[data-live-status="live"]').waitFor();
  return { ...agent, page };
}

const row = (page: Page, threadId: string) => page.locator(`[data-thread-id="${threadId}"]`).first();
const threadUrl = (threadId: string) => `http://127.0.0.1:${proxy.port}/threads/${threadId}`;

beforeAll(async () => {
  const { adminUrl } = inject('postgres');
  db = new pg.Client({ connectionString: adminUrl });
  await db.connect();
  await db.query(`CREATE DATABASE ${database}`);
  server = await startBuiltServer({ DATABASE_URL: withDatabase(adminUrl, database), SWITCHBOARD_ADMIN_EMAIL: ADMIN.email, SWITCHBOARD_ADMIN_PASSWORD: ADMIN.password });
  proxy = await startTcpProxy(Number(new URL(server.url).port));
  adminToken = (await gql<{ login: { token: string } }>(server.url, 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', { e: ADMIN.email, p: ADMIN.password })).data!.login.token;
  smsChannelId = (await api<{ channels: Array<{ id: string; kind: string }> }>('{ channels { id kind } }')).channels.find((c) => c.kind === 'SMS')!.id;
  browser = await launchChromium();
}, 120_000);

afterEach(async () => {
  await Promise.all(contexts.splice(0).map((context) => context.close()));
});

afterAll(async () => {
  await browser?.close();
  await proxy?.close();
  await server?.stop();
  await db.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await db.end();
});

describe('the agent console', () => {
  it('shows a thread ingested through the API on both consoles, live, with a ticking clock', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { agents } = await team('Deliveries', ['Ada Lovelace', 'Ben Okafor']);
    const ada = await signIn(agents[0]!, { screenshot: 'sign-in.png' });
    const ben = await signIn(agents[1]!);

    const { threadId, from } = await ingest('My order never arrived', { receivedAgoMs: 90_000 });
    await row(ada.page, threadId).waitFor({ timeout: 5000 });
    await row(ben.page, threadId).waitFor({ timeout: 5000 });
    await expect.poll(() => row(ada.page, threadId).textContent()).toContain(from);
    const clock = row(ada.page, threadId).locator('[data-wait-clock]');
    const first = await clock.textContent();
    await expect.poll(() => clock.textContent(), { timeout: 5000 }).not.toBe(first);
    await ada.page.screenshot({ path: path.join(SCREENSHOTS, 'queue.png') });
  });

  it('shows the other agent who took a thread as soon as it is claimed', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { agents } = await team('Callbacks', ['Ada Lovelace', 'Ben Okafor']);
    const ada = await signIn(agents[0]!);
    const ben = await signIn(agents[1]!);
    const { threadId } = await ingest('Can someone call me back?');
    await row(ada.page, threadId).waitFor({ timeout: 5000 });
    await row(ben.page, threadId).waitFor({ timeout: 5000 });

    await row(ada.page, threadId).getByRole('button', { name: 'Claim' }).click();
    await expect.poll(() => row(ben.page, threadId).textContent(), { timeout: 3000 }).toContain('Ada Lovelace');
    await ben.page.screenshot({ path: path.join(SCREENSHOTS, 'queue-claimed.png') });
  });

  it('hands a thread from Ada to Ben with a note, and Ben sees it arrive', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { agents } = await team('Refunds', ['Ada Lovelace', 'Ben Okafor']);
    const { threadId } = await ingest('My order never arrived', { receivedAgoMs: 90_000 });
    await claimAs(agents[0]!, threadId);
    const ada = await signIn(agents[0]!);
    const ben = await signIn(agents[1]!);

    await row(ada.page, threadId).click();
    await ada.page.getByRole('button', { name: 'Hand off' }).click();
    const dialog = ada.page.getByRole('dialog');
    await dialog.getByText('Ben Okafor').click();
    await dialog.getByLabel('Note').fill('Customer wants a refund; order #4411');
    await ada.page.screenshot({ path: path.join(SCREENSHOTS, 'hand-off.png') });
    await dialog.getByRole('button', { name: 'Hand off' }).click();
    await expect.poll(() => row(ben.page, threadId).textContent(), { timeout: 3000 }).toMatch(/Ben Okafor|You/);
    await row(ben.page, threadId).click();
    await ben.page.getByLabel('Messages').getByText('Customer wants a refund; order #4411').waitFor({ timeout: 5000 });
    await ben.page.screenshot({ path: path.join(SCREENSHOTS, 'thread.png') });
  });

  it("lets Ada join Ben's thread, and both reply", { timeout: TEST_TIMEOUT_MS }, async () => {
    const { agents } = await team('Orders', ['Ada Lovelace', 'Ben Okafor']);
    const { threadId } = await ingest('Where is my parcel?');
    await claimAs(agents[1]!, threadId);
    const ada = await signIn(agents[0]!);
    const ben = await signIn(agents[1]!);
    await ben.page.goto(threadUrl(threadId));
    await ben.page.getByLabel('Reply', { exact: true }).waitFor();

    await ada.page.goto(threadUrl(threadId));
    await ada.page.getByRole('button', { name: 'Join' }).click();
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
    const { agents } = await team('Outages', ['Ada Lovelace', 'Ben Okafor']);
    const ada = await signIn(agents[0]!);
    const ben = await signIn(agents[1]!);

    proxy.dropConnections();
    const { threadId: missed } = await ingest('Written while the console was cut off');
    await row(ben.page, missed).waitFor({ timeout: 15_000 });
    await row(ada.page, missed).waitFor({ timeout: 15_000 });
    await ben.page.locator('[data-live-status="live"]').waitFor();
  });

  it('works on a narrow window: one pane at a time', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { agents } = await team('Mobile', ['Ada Lovelace']);
    const { threadId } = await ingest('Writing from my phone');
    const ada = await signIn(agents[0]!, { viewport: { width: 420, height: 800 } });

    await row(ada.page, threadId).waitFor();
    await ada.page.screenshot({ path: path.join(SCREENSHOTS, 'queue-narrow.png') });
    await row(ada.page, threadId).locator('button').first().click();
    await ada.page.getByLabel('Reply', { exact: true }).waitFor();
    await expect.poll(() => row(ada.page, threadId).isVisible()).toBe(false);
    await ada.page.screenshot({ path: path.join(SCREENSHOTS, 'thread-narrow.png') });
  });
});
