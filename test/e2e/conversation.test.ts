import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createE2eWorld, screenshotPath, TEST_TIMEOUT_MS, type Agent } from '../support/e2e-world.js';

// An agent's conversation in real Chromium against the built server: each message's time, notes
// labelled as notes, the newest message in view after a reload, and the thread's shortcuts. The
// browser runs in en-GB and UTC, so the times it shows can be written down here.
const world = createE2eWorld({ database: 'conversation', context: { locale: 'en-GB', timezoneId: 'UTC' }, stepTimeoutMs: 10_000 });
const { api, phone, claimAs, signIn } = world;

/** A queue of the test's own, where new SMS threads land from now on, and one agent in it. */
async function team(queueName: string, name: string): Promise<Agent> {
  const [agent] = await world.team(queueName, ['SMS'], [name]);
  return agent!;
}

/** The customer at `from` writes an SMS received at `at`; the thread it is in. */
const ingest = (from: string, body: string, at: Date, fromName = 'Grace Hopper') => world.ingest({ from, body, receivedAt: at, fromName });

async function statusOf(threadId: string): Promise<string> {
  return (await api<{ thread: { status: string } }>('query($t: ID!) { thread(id: $t) { status } }', { t: threadId })).thread.status;
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

beforeAll(() => world.start(), 120_000);
afterEach(() => world.closeContexts());
afterAll(() => world.close());

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
    await claimAs(agent, threadId);

    const page = await signIn(agent);
    await page.goto(`${world.server.url}/threads/${threadId}`);
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
    await claimAs(agent, threadId);
    await api('mutation($t: ID!, $b: String!) { reply(threadId: $t, body: $b) { message { id } } }', { t: threadId, b: 'Of course! A new one ships today by courier.' }, agent.token);
    await api('mutation($t: ID!, $b: String!) { addNote(threadId: $t, body: $b) { message { id } } }', { t: threadId, b: 'Courier booked, ref CR-2231. Refund the shipping if it is late.' }, agent.token);

    const page = await signIn(agent, { viewport: { width: 1280, height: 1100 } });
    await page.goto(`${world.server.url}/threads/${threadId}`);
    const log = page.getByRole('log', { name: 'Messages' });
    await log.getByText('Courier booked').waitFor();
    await page.getByRole('complementary', { name: 'Customer' }).locator('.customer-panel__name', { hasText: 'Margaret Hamilton' }).waitFor();
    expect(await log.getByRole('article').filter({ hasText: 'Any news' }).locator('time').textContent()).toBe('Yesterday 14:05');
    expect(await log.getByRole('article', { name: 'Internal note from Dana Kim' }).locator('.message__channel').count()).toBe(0);
    expect(await log.getByRole('article', { name: 'Reply from Dana Kim' }).locator('.message__channel').textContent()).toBe('SMS');
    await expect.poll(() => lastInView(page)).toMatchObject({ last: true });
    await page.screenshot({ path: screenshotPath('conversation.png') });
  });

  it('resolves, sets Pending and opens the hand-off and the reply box from the keyboard, never while typing', { timeout: TEST_TIMEOUT_MS }, async () => {
    const agent = await team('Shortcuts', 'Dana Kim');
    const threadId = await ingest(phone(), 'Is my parcel on its way?', new Date(), 'Alan Turing');
    await claimAs(agent, threadId);
    const page = await signIn(agent);
    await page.goto(`${world.server.url}/threads/${threadId}`);
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
