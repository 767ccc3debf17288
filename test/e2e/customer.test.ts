import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { withDatabase } from '../support/postgres.js';
import { launchChromium } from '../support/browser.js';
import { gql, REPO_ROOT, startBuiltServer, type BuiltServer } from '../support/built-server.js';

// The customer panel beside a thread, in real Chromium against the built server and a real
// PostgreSQL. Each test builds its own team (a queue where SMS and e-mail land while it runs) and
// its own customers, so any test runs alone (`-t`) and in any order.
const database = `sb_e2e_customer_${process.pid}`;
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
  email: string;
}

async function api<T>(query: string, variables: Record<string, unknown> = {}, token = adminToken): Promise<T> {
  const result = await gql<T>(server.url, query, variables, token);
  expect(result.errors).toBeUndefined();
  return result.data!;
}

/** A queue of the test's own, where new SMS and e-mail threads land from now on, and one agent in it. */
async function team(queueName: string, name: string): Promise<Agent> {
  const { createQueue } = await api<{ createQueue: { id: string } }>('mutation($n: String!) { createQueue(name: $n) { id } }', { n: queueName });
  for (const channelId of Object.values(channelIds)) {
    await api('mutation($c: ID!, $q: ID!) { setChannelQueue(channelId: $c, queueId: $q) { id } }', { c: channelId, q: createQueue.id });
  }
  const email = `${name.split(' ')[0]!.toLowerCase()}.${++sequence}@example.com`;
  await api('mutation($i: CreateAgentInput!) { createAgent(input: $i) { id } }', { i: { name, email, password: AGENT_PASSWORD, queueIds: [createQueue.id] } });
  return { email };
}

/** A customer writes in; the thread it opened. */
async function ingest(input: { channelKind: 'SMS' | 'EMAIL'; from: string; body: string; fromName?: string; subject?: string; receivedAgoMs?: number }): Promise<string> {
  const { receivedAgoMs = 0, ...rest } = input;
  const { receiveMessage } = await api<{ receiveMessage: { thread: { id: string } } }>(
    'mutation($i: InboundMessageInput!) { receiveMessage(input: $i) { thread { id } } }',
    { i: { ...rest, externalId: `e2e-customer-${++sequence}`, receivedAt: new Date(Date.now() - receivedAgoMs).toISOString() } },
  );
  return receiveMessage.thread.id;
}

async function signIn(agent: Agent, viewport = { width: 1280, height: 800 }): Promise<Page> {
  const context = await browser.newContext({ viewport });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(`${server.url}/`);
  await page.getByLabel('Email').fill(agent.email);
  await page.getByLabel('Password').fill(AGENT_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('[data-live-status="live"]').waitFor();
  return page;
}

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
  await db.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await db.end();
});

describe('the customer panel', () => {
  it("merges the customer who wrote by e-mail into the one on screen, and lists their address and thread", { timeout: TEST_TIMEOUT_MS }, async () => {
    const agent = await team('Customers', 'Ada Lovelace');
    const phone = `+1555888${String(++sequence).padStart(4, '0')}`;
    const mail = `grace.${++sequence}@example.com`;
    const smsThread = await ingest({ channelKind: 'SMS', from: phone, fromName: 'Grace Hopper', body: 'My card was declined', receivedAgoMs: 120_000 });
    const mailThread = await ingest({ channelKind: 'EMAIL', from: mail, subject: 'Invoice copy', body: 'Could you send me a copy of the invoice?' });
    const page = await signIn(agent);

    await page.goto(`${server.url}/threads/${smsThread}`);
    const panel = page.getByRole('complementary', { name: 'Customer' });
    await panel.locator('.customer-panel__name', { hasText: 'Grace Hopper' }).waitFor();
    await panel.getByText(phone).waitFor();

    await panel.getByRole('searchbox', { name: 'Merge another customer' }).fill(mail);
    await panel.getByRole('list', { name: 'Matching customers' }).getByRole('button', { name: new RegExp(mail.replace('.', '\\.')) }).click();
    const dialog = page.getByRole('alertdialog', { name: `Merge ${mail} into Grace Hopper?` });
    await dialog
      .getByText("Their 1 thread and 1 address move to Grace Hopper. If both have an open conversation, the newer one's messages move into the older one. This cannot be undone.")
      .waitFor();
    await dialog.getByRole('button', { name: 'Merge into Grace Hopper' }).click();

    await panel.getByRole('status').getByText(`${mail} merged into Grace Hopper.`).waitFor();
    await panel.getByRole('region', { name: 'Addresses' }).getByText(mail).waitFor();
    const mailLink = panel.getByRole('link', { name: /Invoice copy/ });
    await mailLink.waitFor();
    expect(await mailLink.getAttribute('href')).toBe(`/threads/${mailThread}`);
    // Both were open: the newer (e-mail) thread handed its messages to the older one and closed.
    await expect.poll(() => mailLink.textContent()).toContain('Resolved');
    await page.getByLabel('Messages').getByText('Could you send me a copy of the invoice?').waitFor({ timeout: 5000 });
    await page.getByLabel('Messages').getByText(`${mail} was merged into this customer: 1 message of their other conversation moved here.`).waitFor();

    // Beside the conversation at 1280 px, not over it.
    const panelBox = (await panel.boundingBox())!;
    const conversationBox = (await page.getByLabel('Messages').boundingBox())!;
    expect(conversationBox.x + conversationBox.width).toBeLessThanOrEqual(panelBox.x + 1);
    expect(await page.getByRole('button', { name: 'Customer', exact: true }).isVisible()).toBe(false);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'customer-panel.png') });

    await mailLink.click();
    await page.waitForURL(`**/threads/${mailThread}`);
  });

  it('folds the panel behind a "Customer" toggle on a narrow window', { timeout: TEST_TIMEOUT_MS }, async () => {
    const agent = await team('Narrow customers', 'Ada Lovelace');
    const threadId = await ingest({ channelKind: 'SMS', from: `+1555888${String(++sequence).padStart(4, '0')}`, fromName: 'Alan Turing', body: 'Hello from my phone' });
    const page = await signIn(agent, { width: 420, height: 800 });
    await page.goto(`${server.url}/threads/${threadId}`);

    const toggle = page.getByRole('button', { name: 'Customer', exact: true });
    await toggle.waitFor();
    const panel = page.getByRole('complementary', { name: 'Customer' });
    expect(await panel.isVisible()).toBe(false);
    await toggle.focus();
    await page.keyboard.press('Enter');
    await panel.locator('.customer-panel__name', { hasText: 'Alan Turing' }).waitFor();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    // Focus moves into the panel, which comes after the conversation in the page.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Hide customer');
    await page.keyboard.press('Enter');
    await expect.poll(() => panel.isVisible()).toBe(false);
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Customer');
  });
});
