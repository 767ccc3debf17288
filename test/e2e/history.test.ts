import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { gql, REPO_ROOT, startBuiltServer, type BuiltServer } from '../support/built-server.js';
import { withDatabase } from '../support/postgres.js';

// An agent's day around the queue, in real Chromium against the built server and a real
// PostgreSQL: the first run, finding a resolved conversation again, being handed one, and the
// header on a phone-wide window. The first test needs the fresh database (the admin alone, no
// message yet); every later one builds its own team and customers.
const database = `sb_e2e_history_${process.pid}`;
const ADMIN = { email: 'e2e-admin@example.com', password: 'e2e-admin-password' };
const AGENT_PASSWORD = 'agent-password';
const TEST_TIMEOUT_MS = 60_000;
// Screenshots land in test-results/ (ignored); UPDATE_SCREENSHOTS=1 refreshes the ones in docs/.
const SCREENSHOTS = path.join(REPO_ROOT, process.env.UPDATE_SCREENSHOTS ? 'docs/screenshots' : 'test-results/screenshots');
fs.mkdirSync(SCREENSHOTS, { recursive: true });
let db: pg.Client;
let server: BuiltServer;
let browser: Browser;
let adminToken: string;
let channelIds: Record<'SMS' | 'EMAIL', string>;
/** Makes phone numbers, e-mails and external ids unique across the file. */
let sequence = 0;
const contexts: BrowserContext[] = [];

interface Agent {
  id: string;
  name: string;
  email: string;
}

async function api<T>(query: string, variables: Record<string, unknown> = {}, token = adminToken): Promise<T> {
  const result = await gql<T>(server.url, query, variables, token);
  expect(result.errors).toBeUndefined();
  return result.data!;
}

/** A queue of the test's own, where new SMS and e-mail threads land from now on, and its agents. */
async function team(queueName: string, names: string[]): Promise<Agent[]> {
  const { createQueue } = await api<{ createQueue: { id: string } }>('mutation($n: String!) { createQueue(name: $n) { id } }', { n: queueName });
  for (const channelId of Object.values(channelIds)) {
    await api('mutation($c: ID!, $q: ID!) { setChannelQueue(channelId: $c, queueId: $q) { id } }', { c: channelId, q: createQueue.id });
  }
  const agents: Agent[] = [];
  for (const name of names) {
    const email = `${name.split(' ')[0]!.toLowerCase()}.${++sequence}@example.com`;
    const { createAgent } = await api<{ createAgent: { id: string } }>('mutation($i: CreateAgentInput!) { createAgent(input: $i) { id } }', {
      i: { name, email, password: AGENT_PASSWORD, queueIds: [createQueue.id] },
    });
    agents.push({ id: createAgent.id, name, email });
  }
  return agents;
}

/** A customer writes in; the thread it opened. */
async function ingest(input: { channelKind: 'SMS' | 'EMAIL'; from: string; body: string; fromName?: string; subject?: string }): Promise<string> {
  const { receiveMessage } = await api<{ receiveMessage: { thread: { id: string } } }>(
    'mutation($i: InboundMessageInput!) { receiveMessage(input: $i) { thread { id } } }',
    { i: { ...input, externalId: `e2e-history-${++sequence}` } },
  );
  return receiveMessage.thread.id;
}

const phone = () => `+1555777${String(++sequence).padStart(4, '0')}`;

async function tokenOf(agent: { email: string }, password = AGENT_PASSWORD): Promise<string> {
  return (await api<{ login: { token: string } }>('mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', { e: agent.email, p: password }, '')).login.token;
}

async function signIn(agent: { email: string }, { viewport = { width: 1280, height: 800 }, password = AGENT_PASSWORD } = {}): Promise<Page> {
  const context = await browser.newContext({ viewport });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(`${server.url}/`);
  await page.getByLabel('Email').fill(agent.email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('[data-live-status="live"]').waitFor();
  return page;
}

const row = (page: Page, threadId: string) => page.locator(`[data-thread-id="${threadId}"]`);

beforeAll(async () => {
  const { adminUrl } = inject('postgres');
  db = new pg.Client({ connectionString: adminUrl });
  await db.connect();
  await db.query(`CREATE DATABASE ${database}`);
  server = await startBuiltServer({ DATABASE_URL: withDatabase(adminUrl, database), SWITCHBOARD_ADMIN_EMAIL: ADMIN.email, SWITCHBOARD_ADMIN_PASSWORD: ADMIN.password });
  adminToken = (await gql<{ login: { token: string } }>(server.url, 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', { e: ADMIN.email, p: ADMIN.password })).data!.login.token;
  const { channels } = await api<{ channels: Array<{ id: string; kind: string }> }>('{ channels { id kind } }');
  channelIds = { SMS: channels.find((c) => c.kind === 'SMS')!.id, EMAIL: channels.find((c) => c.kind === 'EMAIL')!.id };
  browser = await launchChromium();
}, 120_000);

afterEach(async () => {
  await Promise.all(contexts.splice(0).map((context) => context.close()));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await db?.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await db?.end();
});

describe('the queue, first run', () => {
  it('tells the admin alone what to set up: agents and queues in Settings, a channel through the API', { timeout: TEST_TIMEOUT_MS }, async () => {
    const page = await signIn(ADMIN, { password: ADMIN.password });
    const settings = page.getByRole('link', { name: 'Create agents and queues in Settings' });
    await settings.waitFor();
    expect(await settings.getAttribute('href')).toBe('/settings');
    expect(await page.getByRole('link', { name: 'Connect a channel through the API' }).getAttribute('href')).toBe('/graphql');
    expect(await page.getByText('Nothing here').count()).toBe(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'first-run.png') });
  });
});

describe('history', () => {
  it('finds a resolved thread by search, lists it under Resolved, and opens it from its URL', { timeout: TEST_TIMEOUT_MS }, async () => {
    const [agent] = await team('History', ['Ada Lovelace']);
    const open = await ingest({ channelKind: 'SMS', from: phone(), fromName: 'Grace Hopper', body: 'My card was declined at the checkout this morning' });
    const resolved = await ingest({ channelKind: 'SMS', from: phone(), fromName: 'Edsger Dijkstra', body: 'Refund for order 7781 please, the parcel never arrived' });
    const older = await ingest({ channelKind: 'EMAIL', from: `alan.${++sequence}@example.com`, fromName: 'Alan Turing', subject: 'Invoice copy', body: 'Could you send me the October invoice again?' });
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
    await page.screenshot({ path: path.join(SCREENSHOTS, 'queue-resolved.png') });

    // Its address opens it from anywhere, though the list on screen does not hold it.
    await page.getByRole('button', { name: 'All', exact: true }).click();
    await row(page, open).waitFor();
    await page.goto(`${server.url}/threads/${resolved}`);
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

    const adaToken = await tokenOf(ada!);
    await api('mutation($t: ID!) { claimThread(threadId: $t) { thread { id } } }', { t: threadId }, adaToken);
    const note = 'Crash on the settings page: she is on Android 14, logs are in the ticket.';
    await api('mutation($t: ID!, $a: ID!, $n: String) { handOffThread(threadId: $t, toAgentId: $a, note: $n) { thread { id } } }', { t: threadId, a: ben!.id, n: note }, adaToken);

    const toasts = page.getByRole('region', { name: 'Hand-offs' });
    const toast = toasts.getByRole('listitem').filter({ hasText: 'Ada Lovelace handed you Katherine Johnson' });
    await toast.waitFor();
    await toast.getByText(note).waitFor();
    await expect.poll(() => page.title()).toBe('(1) Queue · Switchboard');
    // Announced politely, without taking focus from what Ben was doing.
    expect(await toasts.locator('[aria-live="polite"]').count()).toBe(1);
    expect(await page.evaluate(() => document.activeElement === document.body)).toBe(true);
    await row(page, threadId).locator('.queue-row__owner', { hasText: 'Ben Okafor' }).waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'handoff-toast.png'), animations: 'disabled' });

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
    for (const who of [{ ...ADMIN, password: ADMIN.password }, { email: agent!.email, password: AGENT_PASSWORD }]) {
      const page = await signIn(who, { viewport: { width: 400, height: 800 }, password: who.password });
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
