import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { gql, REPO_ROOT, startBuiltServer, type BuiltServer } from '../support/built-server.js';
import { withDatabase } from '../support/postgres.js';

// An agent's conversation in real Chromium against the built server: each message's time, notes
// labelled as notes, the newest message in view after a reload, and the thread's shortcuts. The
// browser runs in en-GB and UTC, so the times it shows can be written down here.
const database = `sb_e2e_conversation_${process.pid}`;
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
let smsChannelId: string;
/** Makes phone numbers, e-mails and external ids unique across the file. */
let sequence = 0;
const contexts: BrowserContext[] = [];

interface Agent {
  email: string;
  token: string;
}

async function api<T>(query: string, variables: Record<string, unknown> = {}, token = adminToken): Promise<T> {
  const result = await gql<T>(server.url, query, variables, token);
  expect(result.errors).toBeUndefined();
  return result.data!;
}

/** A queue of the test's own, where new SMS threads land from now on, and one agent in it. */
async function team(queueName: string, name: string): Promise<Agent> {
  const { createQueue } = await api<{ createQueue: { id: string } }>('mutation($n: String!) { createQueue(name: $n) { id } }', { n: queueName });
  await api('mutation($c: ID!, $q: ID!) { setChannelQueue(channelId: $c, queueId: $q) { id } }', { c: smsChannelId, q: createQueue.id });
  const email = `${name.split(' ')[0]!.toLowerCase()}.${++sequence}@example.com`;
  await api('mutation($i: CreateAgentInput!) { createAgent(input: $i) { id } }', { i: { name, email, password: AGENT_PASSWORD, queueIds: [createQueue.id] } });
  const login = await gql<{ login: { token: string } }>(server.url, 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', { e: email, p: AGENT_PASSWORD });
  return { email, token: login.data!.login.token };
}

/** The customer at `from` writes an SMS received at `at`; the thread it is in. */
async function ingest(from: string, body: string, at: Date, fromName = 'Grace Hopper'): Promise<string> {
  const { receiveMessage } = await api<{ receiveMessage: { thread: { id: string } } }>(
    'mutation($i: InboundMessageInput!) { receiveMessage(input: $i) { thread { id } } }',
    { i: { channelKind: 'SMS', from, fromName, body, externalId: `e2e-conversation-${++sequence}`, receivedAt: at.toISOString() } },
  );
  return receiveMessage.thread.id;
}

const phone = () => `+1555777${String(++sequence).padStart(4, '0')}`;

async function claim(agent: Agent, threadId: string): Promise<void> {
  await api('mutation($t: ID!) { claimThread(threadId: $t) { thread { id } } }', { t: threadId }, agent.token);
}

async function statusOf(threadId: string): Promise<string> {
  return (await api<{ thread: { status: string } }>('query($t: ID!) { thread(id: $t) { status } }', { t: threadId })).thread.status;
}

async function signIn(agent: Agent, viewport = { width: 1280, height: 800 }): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'en-GB', timezoneId: 'UTC' });
  contexts.push(context);
  // Fail on the step that is stuck, not on the test's timeout.
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  await page.goto(`${server.url}/`);
  await page.getByLabel('Email').fill(agent.email);
  await page.getByLabel('Password').fill(AGENT_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('[data-live-status="live"]').waitFor();
  return page;
}

/** Whether the conversation's last message is wholly inside the scrolled log, and its first is not. */
function lastInView(page: Page): Promise<{ last: boolean; first: boolean }> {
  return page.evaluate(() => {
    const log = document.querySelector('[role="log"][aria-label="Messages"]')!;
    const articles = Array.from(log.querySelectorAll('article'));
    const box = log.getBoundingClientRect();
    const inside = (element: Element | undefined) => {
      if (!element) return false;
      const rect = element.getBoundingClientRect();
      return rect.top >= box.top - 1 && rect.bottom <= box.bottom + 1;
    };
    return { last: inside(articles.at(-1)), first: inside(articles[0]) };
  });
}

/** `at` in the UTC day `daysAgo` before today, at hh:mm. */
function utcDay(daysAgo: number, hours: number, minutes: number): Date {
  const date = new Date();
  date.setUTCDate(date.getUTCDate() - daysAgo);
  date.setUTCHours(hours, minutes, 0, 0);
  return date;
}

beforeAll(async () => {
  const { adminUrl } = inject('postgres');
  db = new pg.Client({ connectionString: adminUrl });
  await db.connect();
  await db.query(`CREATE DATABASE ${database}`);
  server = await startBuiltServer({ DATABASE_URL: withDatabase(adminUrl, database), SWITCHBOARD_ADMIN_EMAIL: ADMIN.email, SWITCHBOARD_ADMIN_PASSWORD: ADMIN.password });
  adminToken = (await gql<{ login: { token: string } }>(server.url, 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', { e: ADMIN.email, p: ADMIN.password })).data!.login.token;
  const { channels } = await api<{ channels: Array<{ id: string; kind: string }> }>('{ channels { id kind } }');
  smsChannelId = channels.find((c) => c.kind === 'SMS')!.id;
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

describe('the conversation', () => {
  it('shows when each message came, labels a note as a note, and opens at the newest message after a reload', { timeout: TEST_TIMEOUT_MS }, async () => {
    const agent = await team('Conversations', 'Dana Kim');
    const from = phone();
    const earlier = utcDay(2, 9, 30);
    const yesterday = utcDay(1, 14, 5);
    const threadId = await ingest(from, 'I ordered a blue kettle last week.', earlier);
    await ingest(from, 'It arrived today but it is red.', yesterday);
    // Enough of today for the conversation to scroll.
    const start = Date.now() - 30 * 10_000;
    for (let n = 0; n < 24; n++) await ingest(from, `Also, detail number ${n + 1} about the order.`, new Date(start + n * 10_000));
    await ingest(from, 'Can you send the right one?', new Date());
    await claim(agent, threadId);

    const page = await signIn(agent);
    await page.goto(`${server.url}/threads/${threadId}`);
    const log = page.getByRole('log', { name: 'Messages' });
    await log.getByText('Can you send the right one?').waitFor();
    // No subject line on SMS, where there are no subjects.
    expect(await page.locator('.thread__header').textContent()).not.toMatch(/no subject/i);

    const timeOf = (body: string) => log.getByRole('article').filter({ hasText: body }).locator('time');
    const earlierDate = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC', ...(earlier.getUTCFullYear() === new Date().getUTCFullYear() ? {} : { year: 'numeric' }) }).format(earlier);
    expect(await timeOf('blue kettle').textContent()).toBe(`${earlierDate} 09:30`);
    expect(await timeOf('it is red').textContent()).toBe('Yesterday 14:05');
    expect(await timeOf('it is red').getAttribute('datetime')).toBe(yesterday.toISOString());
    expect(await timeOf('it is red').getAttribute('title')).toMatch(new RegExp(`${yesterday.getUTCFullYear()} at 14:05:00`));
    expect(await timeOf('the right one').textContent()).toMatch(/^\d\d:\d\d$/);

    // A note, written with its shortcut, labelled as a note and with no channel.
    await log.click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('i');
    const noteBox = page.getByRole('textbox', { name: 'Internal note' });
    await expect.poll(() => noteBox.evaluate((box) => box === document.activeElement)).toBe(true);
    await noteBox.fill('Customer is a regular: send the blue one by courier.');
    await page.keyboard.press('Control+Enter');
    const note = log.getByRole('article', { name: 'Internal note from Dana Kim' });
    await note.waitFor();
    expect(await note.locator('xpath=..').locator('.message-group__author').textContent()).toBe('Internal note · Dana Kim (you)');
    expect(await note.locator('.message__channel').count()).toBe(0);
    expect(await note.locator('time').textContent()).toMatch(/^\d\d:\d\d$/);
    await expect.poll(() => lastInView(page)).toEqual({ last: true, first: false });

    await page.reload();
    await log.getByText('send the blue one by courier').waitFor();
    await expect.poll(() => lastInView(page)).toEqual({ last: true, first: false });

    // Scrolled up to read: a new message does not pull the reader down, it is offered.
    await log.evaluate((element) => (element.scrollTop = 0));
    await expect.poll(() => lastInView(page)).toEqual({ last: false, first: true });
    await ingest(from, 'Sorry, one more thing: gift wrap please.', new Date());
    const more = page.getByRole('button', { name: 'New messages ↓' });
    await more.waitFor();
    expect(await lastInView(page)).toEqual({ last: false, first: true });
    await more.click();
    await expect.poll(() => lastInView(page)).toEqual({ last: true, first: false });
    expect(await more.count()).toBe(0);

    // At the bottom, the next one comes into view by itself.
    await ingest(from, 'Thanks!', new Date());
    await log.getByText('Thanks!').waitFor();
    await expect.poll(() => lastInView(page)).toEqual({ last: true, first: false });
    expect(await more.count()).toBe(0);
  });

  it('pictures a conversation over three days with a reply and a note (docs/screenshots/conversation.png)', { timeout: TEST_TIMEOUT_MS }, async () => {
    const agent = await team('Pictured', 'Dana Kim');
    const from = phone();
    const threadId = await ingest(from, 'Hello, my order #4411 arrived with a cracked lid.', utcDay(2, 9, 30), 'Margaret Hamilton');
    await ingest(from, 'Any news on a replacement?', utcDay(1, 14, 5), 'Margaret Hamilton');
    await ingest(from, 'Could it come by courier? I am home until 5.', new Date(Date.now() - 120_000), 'Margaret Hamilton');
    // Written after the last inbound message: a customer writing to an OFFLINE owner sends the thread back to the queue.
    await claim(agent, threadId);
    await api('mutation($t: ID!, $b: String!) { reply(threadId: $t, body: $b) { message { id } } }', { t: threadId, b: 'Of course! A new one ships today by courier.' }, agent.token);
    await api('mutation($t: ID!, $b: String!) { addNote(threadId: $t, body: $b) { message { id } } }', { t: threadId, b: 'Courier booked, ref CR-2231. Refund the shipping if it is late.' }, agent.token);

    const page = await signIn(agent, { width: 1280, height: 1100 });
    await page.goto(`${server.url}/threads/${threadId}`);
    const log = page.getByRole('log', { name: 'Messages' });
    await log.getByText('Courier booked').waitFor();
    await page.getByRole('complementary', { name: 'Customer' }).locator('.customer-panel__name', { hasText: 'Margaret Hamilton' }).waitFor();
    expect(await log.getByRole('article').filter({ hasText: 'Any news' }).locator('time').textContent()).toBe('Yesterday 14:05');
    expect(await log.getByRole('article', { name: 'Internal note from Dana Kim' }).locator('.message__channel').count()).toBe(0);
    expect(await log.getByRole('article', { name: 'Reply from Dana Kim' }).locator('.message__channel').textContent()).toBe('SMS');
    await expect.poll(() => lastInView(page)).toMatchObject({ last: true });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'conversation.png') });
  });

  it('resolves, sets Pending and opens the hand-off and the reply box from the keyboard, never while typing', { timeout: TEST_TIMEOUT_MS }, async () => {
    const agent = await team('Shortcuts', 'Dana Kim');
    const threadId = await ingest(phone(), 'Is my parcel on its way?', new Date(), 'Alan Turing');
    await claim(agent, threadId);
    const page = await signIn(agent);
    await page.goto(`${server.url}/threads/${threadId}`);
    await page.getByRole('log', { name: 'Messages' }).getByText('Is my parcel on its way?').waitFor();

    // In the reply box, letters are text.
    await page.keyboard.press('r');
    const replyBox = page.getByRole('textbox', { name: 'Reply' });
    await expect.poll(() => replyBox.evaluate((box) => box === document.activeElement)).toBe(true);
    await page.keyboard.type('hep');
    expect(await replyBox.inputValue()).toBe('hep');
    expect(await page.getByRole('dialog').count()).toBe(0);
    expect(await statusOf(threadId)).toBe('OPEN');
    await replyBox.fill('');
    await page.keyboard.press('Escape');

    await page.keyboard.press('p');
    await expect.poll(() => statusOf(threadId)).toBe('PENDING');
    await page.getByRole('button', { name: 'Reopen' }).waitFor();

    await page.keyboard.press('h');
    const dialog = page.getByRole('dialog', { name: 'Hand off thread' });
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);

    await page.keyboard.press('e');
    await expect.poll(() => statusOf(threadId)).toBe('RESOLVED');

    // The "?" help lists them as typed.
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.waitFor();
    for (const description of ['Write an internal note', 'Resolve the thread', 'Set the thread to Pending', 'Hand off the thread']) {
      await help.getByText(description).waitFor();
    }
  });
});
