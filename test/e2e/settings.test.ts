import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/built-server.js';
import { ADMIN, AGENT_PASSWORD, createE2eWorld, screenshotPath } from '../support/e2e-world.js';

// /settings in real Chromium against the built server and a real PostgreSQL: an admin sets up a
// team from nothing through the page, the team works a thread with it, and a second console sees
// set-up changes as they are made. The first test relies on the database as migrations leave it
// (one queue, one channel per kind, only the admin); the second makes what it needs itself.
const TEST_TIMEOUT_MS = 90_000;
/** Generous: a change reaches other consoles within a second, but CI machines stall. */
const LIVE_MS = 10_000;
/** Views that are not in the docs, kept for a look after a run. */
const REVIEW = path.join(REPO_ROOT, 'test-results/screenshots');
const world = createE2eWorld({ database: 'settings', context: { viewport: { width: 1280, height: 860 } } });
const { api, signIn } = world;

const text = (locator: Locator) => () => locator.textContent();

async function openSection(page: Page, name: 'Queues' | 'Agents' | 'Channels'): Promise<Locator> {
  await page.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name }).click();
  const table = page.getByRole('table', { name });
  await table.waitFor();
  return table;
}

/** Through the "Add agent" dialog, as an admin does it. */
async function addAgent(page: Page, agent: { name: string; email: string; capacity: string; queue: string }): Promise<void> {
  await page.getByRole('button', { name: 'Add agent' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add an agent' });
  await dialog.getByRole('textbox', { name: 'Name' }).fill(agent.name);
  await dialog.getByRole('textbox', { name: 'E-mail' }).fill(agent.email);
  await dialog.getByLabel('Password', { exact: true }).fill(AGENT_PASSWORD);
  await dialog.getByRole('spinbutton', { name: 'Capacity' }).fill(agent.capacity);
  await dialog.getByRole('checkbox', { name: agent.queue }).check();
  await dialog.getByRole('button', { name: 'Add agent' }).click();
  await dialog.waitFor({ state: 'detached' });
}

beforeAll(() => world.start(), 120_000);
afterEach(() => world.closeContexts());
afterAll(() => world.close());

describe('/settings', () => {
  it('lets an admin set up a team from an empty database, and that team then works a thread that arrives', { timeout: TEST_TIMEOUT_MS }, async () => {
    const admin = await signIn(ADMIN);
    await admin.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Settings' }).click();
    await admin.waitForURL('**/settings');
    expect(await admin.title()).toBe('Settings · Switchboard');

    // A queue: a blank name is refused beside the field before anything is sent, a taken one by the server.
    const queues = admin.getByRole('table', { name: 'Queues' });
    await queues.getByRole('rowheader', { name: 'General' }).waitFor();
    const newQueue = admin.getByRole('textbox', { name: 'New queue' });
    await newQueue.fill('general');
    await admin.getByRole('button', { name: 'Create queue' }).click();
    await expect.poll(() => newQueue.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await newQueue.getAttribute('aria-describedby'))!.split(' ')[0]!;
    expect(await admin.locator(`[id="${describedBy}"]`).textContent()).toBe('A queue named "general" already exists');
    await newQueue.fill('Billing');
    await admin.getByRole('button', { name: 'Create queue' }).click();
    await queues.getByRole('rowheader', { name: 'Billing' }).waitFor();
    await admin.getByRole('status').getByText('Queue Billing created.').waitFor();
    expect(await newQueue.getAttribute('aria-invalid')).toBeNull();

    // Two agents in it; each is listed as soon as it is made.
    const agents = await openSection(admin, 'Agents');
    expect(new URL(admin.url()).search).toBe('?tab=agents');
    // The form checks what the server would refuse, beside each field, before sending.
    await admin.getByRole('button', { name: 'Add agent' }).click();
    const create = admin.getByRole('dialog', { name: 'Add an agent' });
    await create.getByRole('textbox', { name: 'E-mail' }).fill('not an address');
    await create.getByLabel('Password', { exact: true }).fill('short');
    await create.getByRole('button', { name: 'Add agent' }).click();
    await create.getByText('Must be an e-mail address').waitFor();
    await create.getByText('Must be 8 to 1024 characters').waitFor();
    expect(await create.getByRole('textbox', { name: 'Name' }).getAttribute('aria-invalid')).toBe('true');
    await admin.screenshot({ path: path.join(REVIEW, 'settings-agent-dialog.png') });
    await create.getByRole('button', { name: 'Cancel' }).click();
    await addAgent(admin, { name: 'Ada Lovelace', email: 'ada@example.com', capacity: '3', queue: 'Billing' });
    await agents.getByRole('row', { name: /^Ada Lovelace/ }).waitFor();
    await addAgent(admin, { name: 'Ben Okafor', email: 'ben@example.com', capacity: '5', queue: 'Billing' });
    const ben = agents.getByRole('row', { name: /^Ben Okafor/ });
    await ben.waitFor();
    expect(await ben.textContent()).toContain('ben@example.com');
    expect(await ben.textContent()).toContain('Billing');
    await admin.screenshot({ path: screenshotPath('settings-agents.png') });

    const queuesAgain = await openSection(admin, 'Queues');
    await expect.poll(text(queuesAgain.getByRole('row', { name: /^Billing/ }))).toContain('Ada Lovelace and Ben Okafor');

    // SMS: a 10-minute target, its new threads to Billing. A reload keeps the section.
    const channels = await openSection(admin, 'Channels');
    await admin.reload();
    await channels.waitFor();
    const sms = channels.getByRole('row', { name: /^SMS/ });
    expect(await sms.textContent()).toContain('5 min');
    await sms.getByRole('button', { name: 'Edit channel SMS' }).click();
    const dialog = admin.getByRole('dialog', { name: 'Edit channel SMS' });
    const target = dialog.getByRole('textbox', { name: 'Response target' });
    expect(await target.inputValue()).toBe('5');
    await target.fill('10');
    await dialog.getByRole('combobox', { name: 'New threads go to' }).selectOption({ label: 'Billing' });
    await admin.screenshot({ path: path.join(REVIEW, 'settings-channel-dialog.png') });
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(text(sms)).toContain('10 min');
    expect(await sms.textContent()).toContain('Billing');
    await admin.screenshot({ path: screenshotPath('settings-channels.png') });
    await openSection(admin, 'Queues');
    await expect.poll(text(queuesAgain.getByRole('row', { name: /^Billing/ }))).toContain('SMS');
    await admin.screenshot({ path: screenshotPath('settings-queues.png') });
    // Taking Ben out would return his Billing threads: the dialog says so before anything changes.
    await admin.getByRole('button', { name: 'Members of Billing' }).click();
    const members = admin.getByRole('dialog', { name: 'Members of Billing' });
    await members.getByRole('checkbox', { name: /Ben Okafor/ }).uncheck();
    await members.getByText('Ben Okafor leaves Billing. They hold no open threads.').waitFor();
    await admin.screenshot({ path: path.join(REVIEW, 'settings-members-dialog.png') });
    await admin.keyboard.press('Escape');
    await members.waitFor({ state: 'detached' });
    expect(await admin.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Members of Billing');

    // The team signs in and works a customer's SMS.
    const ada = await signIn({ email: 'ada@example.com' });
    const benPage = await signIn({ email: 'ben@example.com' });
    const { receiveMessage } = await api<{ receiveMessage: { thread: { id: string; queue: { name: string }; waitingSince: string; responseDueAt: string } } }>(
      'mutation($i: InboundMessageInput!) { receiveMessage(input: $i) { thread { id queue { name } waitingSince responseDueAt } } }',
      { i: { channelKind: 'SMS', from: '+15550142', fromName: 'Grace Hopper', body: 'I was charged twice', externalId: 'e2e-settings-1' } },
    );
    const thread = receiveMessage.thread;
    expect(thread.queue.name).toBe('Billing');
    expect(Date.parse(thread.responseDueAt) - Date.parse(thread.waitingSince)).toBe(10 * 60_000);

    const adaRow = ada.locator(`[data-thread-id="${thread.id}"]`).first();
    await adaRow.waitFor({ timeout: LIVE_MS });
    await adaRow.click();
    await ada.getByRole('group', { name: 'Thread actions' }).getByRole('button', { name: 'Claim' }).click();
    await ada.getByLabel('Reply', { exact: true }).fill('Sorry about that, Grace: a colleague in billing will refund you.');
    await ada.getByRole('button', { name: 'Send' }).click();
    await ada.getByLabel('Messages').getByText('Sorry about that, Grace: a colleague in billing will refund you.').waitFor({ timeout: LIVE_MS });
    await ada.getByRole('button', { name: 'Hand off' }).click();
    const handOff = ada.getByRole('dialog');
    await handOff.getByText('Ben Okafor').click();
    await handOff.getByLabel('Note').fill('Double charge: please refund one');
    await handOff.getByRole('button', { name: 'Hand off' }).click();

    await benPage.goto(`${world.server.url}/threads/${thread.id}`);
    await benPage.getByLabel('Messages').getByText('Double charge: please refund one').waitFor({ timeout: LIVE_MS });
    await benPage.getByLabel('Reply', { exact: true }).fill('Refunded: you will see it in two days.');
    await benPage.getByRole('button', { name: 'Send' }).click();
    await benPage.getByLabel('Messages').getByText('Refunded: you will see it in two days.').waitFor({ timeout: LIVE_MS });
    await benPage.getByRole('group', { name: 'Thread actions' }).getByRole('button', { name: 'Resolve' }).click();
    await expect
      .poll(async () => (await api<{ thread: { status: string; owner: { name: string } | null } }>('query($id: ID!) { thread(id: $id) { status owner { name } } }', { id: thread.id })).thread, { timeout: LIVE_MS })
      .toEqual({ status: 'RESOLVED', owner: { name: 'Ben Okafor' } });

    // Agents may not see settings.
    await ada.goto(`${world.server.url}/settings`);
    await ada.getByRole('heading', { name: 'Settings are for supervisors and admins.' }).waitFor();
    expect(await ada.getByRole('table').count()).toBe(0);
  });

  it('shows a supervisor the set-up read-only, changing live as an admin changes it on another console', { timeout: TEST_TIMEOUT_MS }, async () => {
    await api('mutation($i: CreateAgentInput!) { createAgent(input: $i) { id } }', {
      i: { name: 'Dana Supervisor', email: 'dana@example.com', password: AGENT_PASSWORD, role: 'SUPERVISOR' },
    });
    const dana = await signIn({ email: 'dana@example.com' });
    await dana.goto(`${world.server.url}/settings?tab=channels`);
    const watched = dana.getByRole('table', { name: 'Channels' });
    await watched.waitFor();
    await dana.getByText('You can look, but only admins change the set-up.').waitFor();
    expect(await dana.getByRole('main').getByRole('button').count()).toBe(0);
    const email = watched.getByRole('row', { name: /^E-mail/ });
    expect(await email.textContent()).toContain('4 h');

    const admin = await signIn(ADMIN);
    await admin.goto(`${world.server.url}/settings?tab=channels`);
    await admin.getByRole('button', { name: 'Edit channel E-mail' }).click();
    const dialog = admin.getByRole('dialog', { name: 'Edit channel E-mail' });
    await dialog.getByRole('textbox', { name: 'Name' }).fill('Support inbox');
    await dialog.getByRole('textbox', { name: 'Response target' }).fill('1.5');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });

    const renamed = watched.getByRole('row', { name: /^Support inbox/ });
    await renamed.waitFor({ timeout: LIVE_MS });
    await expect.poll(text(renamed), { timeout: LIVE_MS }).toContain('1 h 30 min');

    // A queue made on the admin's console appears on the supervisor's, still without a reload.
    await dana.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name: 'Queues' }).click();
    await dana.getByRole('table', { name: 'Queues' }).waitFor();
    await openSection(admin, 'Queues');
    await admin.getByRole('textbox', { name: 'New queue' }).fill('Escalations');
    await admin.getByRole('button', { name: 'Create queue' }).click();
    await dana.getByRole('table', { name: 'Queues' }).getByRole('rowheader', { name: 'Escalations' }).waitFor({ timeout: LIVE_MS });

    // Narrow windows get the sections as a row of tabs over the table (test-results only).
    await dana.setViewportSize({ width: 400, height: 800 });
    await dana.screenshot({ path: path.join(REVIEW, 'settings-narrow.png') });
  });

  it("takes a queue off an agent's open console, threads and filter, when an admin takes them out of it", { timeout: TEST_TIMEOUT_MS }, async () => {
    // Last in the file: its queue takes new SMS threads from here on.
    const returns = await world.queueFor('Returns', ['SMS']);
    const rita = await world.createAgent('Rita Returns', returns);
    const threadId = await world.ingest({ body: 'Where do I send it back?' });
    const page = await signIn({ email: rita.email });
    const row = page.locator(`[data-thread-id="${threadId}"]`).first();
    await row.waitFor();
    const queueSelect = page.getByRole('combobox', { name: 'Queue', exact: true });
    expect(await queueSelect.textContent()).toContain('Returns');

    await api('mutation($q: ID!, $a: [ID!]!) { setQueueMembers(queueId: $q, agentIds: $a) { id } }', { q: returns, a: [] });
    await row.waitFor({ state: 'detached', timeout: LIVE_MS });
    await expect.poll(() => queueSelect.textContent(), { timeout: LIVE_MS }).not.toContain('Returns');
  });
});
