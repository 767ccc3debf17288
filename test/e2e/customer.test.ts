import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createE2eWorld, screenshotPath, TEST_TIMEOUT_MS } from '../support/e2e-world.js';

// The customer panel beside a thread, in real Chromium against the built server and a real
// PostgreSQL. Each test builds its own team (a queue where SMS and e-mail land while it runs) and
// its own customers, so any test runs alone (`-t`) and in any order.
const world = createE2eWorld({ database: 'customer' });
const { team, ingest, signIn, unique } = world;

beforeAll(() => world.start(), 120_000);
afterEach(() => world.closeContexts());
afterAll(() => world.close());

describe('the customer panel', () => {
  it("merges the customer who wrote by e-mail into the one on screen, and lists their address and thread", { timeout: TEST_TIMEOUT_MS }, async () => {
    const [agent] = await team('Customers', ['SMS', 'EMAIL'], ['Ada Lovelace']);
    const phone = world.phone();
    const mail = `grace.${unique()}@example.com`;
    const smsThread = await ingest({ channelKind: 'SMS', from: phone, fromName: 'Grace Hopper', body: 'My card was declined', receivedAgoMs: 120_000 });
    const mailThread = await ingest({ channelKind: 'EMAIL', from: mail, subject: 'Invoice copy', body: 'Could you send me a copy of the invoice?' });
    const page = await signIn(agent!);

    await page.goto(`${world.server.url}/threads/${smsThread}`);
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
    await page.screenshot({ path: screenshotPath('customer-panel.png') });

    await mailLink.click();
    await page.waitForURL(`**/threads/${mailThread}`);
  });

  it('folds the panel behind a "Customer" toggle on a narrow window', { timeout: TEST_TIMEOUT_MS }, async () => {
    const [agent] = await team('Narrow customers', ['SMS', 'EMAIL'], ['Ada Lovelace']);
    const threadId = await ingest({ channelKind: 'SMS', from: world.phone(), fromName: 'Alan Turing', body: 'Hello from my phone' });
    const page = await signIn(agent!, { viewport: { width: 420, height: 800 } });
    await page.goto(`${world.server.url}/threads/${threadId}`);

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
