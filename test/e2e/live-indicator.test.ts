import net from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createE2eWorld, TEST_TIMEOUT_MS } from '../support/e2e-world.js';

// Issue 14, "Truthful connection state": the header says "Reconnecting…" within about two seconds
// of the server going silent (no close, no error: what a dead server or a dead network looks like),
// refuses claims meanwhile, and says "Live" again once the resume caught up. And when the server
// really stops: "Reconnecting…" at once, a reply refused with its draft kept, and after a restart
// "Live" with the message that came in meanwhile.
const world = createE2eWorld({ database: 'live' });
const { api, ingest } = world;
let proxy: SilentProxy;

/** A TCP proxy that can stop forwarding without closing anything, and forward what it held later. */
interface SilentProxy {
  port: number;
  /** Every connection, open or new, goes quiet: nothing forwarded, nothing closed. */
  freeze(): void;
  /** Forwards what was held, in order, and everything after it. */
  thaw(): void;
  close(): Promise<void>;
}

async function startSilentProxy(targetPort: number): Promise<SilentProxy> {
  const sockets = new Set<net.Socket>();
  let held: Array<() => void> | null = null;
  const later = (action: () => void) => (held ? held.push(action) : action());
  const proxyServer = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    for (const [from, to] of [[client, upstream], [upstream, client]] as const) {
      sockets.add(from);
      from.on('close', () => sockets.delete(from));
      from.on('error', () => undefined);
      from.on('data', (chunk) => later(() => to.write(chunk)));
      from.on('end', () => later(() => to.end()));
    }
  });
  await new Promise<void>((resolve) => proxyServer.listen(0, '127.0.0.1', resolve));
  const address = proxyServer.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    // Connections stay up, as a dead server's do: only the bytes stop.
    freeze: () => {
      held ??= [];
    },
    thaw: () => {
      const pending = held ?? [];
      held = null;
      pending.forEach((action) => action());
    },
    close: () =>
      new Promise((resolve) => {
        held = null;
        for (const socket of sockets) socket.destroy();
        proxyServer.close(() => resolve());
      }),
  };
}

/** A queue of the test's own, where new SMS threads land from now on, and Ada in it. */
async function agentInQueue(queueName: string): Promise<{ email: string }> {
  const [ada] = await world.team(queueName, ['SMS'], ['Ada Lovelace']);
  return ada!;
}

/** Signed in through the silent proxy, or straight to the server (`direct`) when the test stops the server itself. */
async function signIn(email: string, { direct = false } = {}): Promise<Page> {
  const page = await world.signIn({ email }, direct ? {} : { url: `http://127.0.0.1:${proxy.port}/` });
  await page.locator('[data-connection="live"]').waitFor();
  return page;
}

const row = (page: Page, threadId: string) => page.locator(`[data-thread-id="${threadId}"]`).first();

beforeAll(async () => {
  await world.start();
  proxy = await startSilentProxy(Number(new URL(world.server.url).port));
}, 120_000);

afterEach(async () => {
  proxy.thaw();
  await world.closeContexts();
});

afterAll(async () => {
  await proxy?.close();
  await world.close();
});

describe('the live indicator', () => {
  it('says "Reconnecting…" soon after the server goes silent, refuses claims, and "Live" with what was missed once back', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { email } = await agentInQueue('Silence');
    const waiting = await ingest({ body: 'Waiting before the outage' });
    const page = await signIn(email);
    await row(page, waiting).waitFor({ timeout: 5000 });
    const indicator = page.locator('[data-connection]');

    proxy.freeze();
    const cutAt = Date.now();
    // Generous on purpose: the time is measured and logged, not asserted tightly.
    await page.locator('[data-connection="reconnecting"]').waitFor({ timeout: 5000 });
    console.info(`live-indicator e2e: "Reconnecting…" ${Date.now() - cutAt} ms after the server went silent`);
    expect(await indicator.textContent()).toBe('Reconnecting…');
    expect(await indicator.getAttribute('aria-live')).toBe('polite');

    await row(page, waiting).getByRole('button', { name: 'Claim' }).click();
    await expect.poll(() => row(page, waiting).textContent()).toContain('Not connected — reconnecting…');

    const missed = await ingest({ body: 'Written while the console was cut off' });
    proxy.thaw();
    const thawedAt = Date.now();
    await row(page, missed).waitFor({ timeout: 15_000 });
    await page.locator('[data-connection="live"]').waitFor({ timeout: 15_000 });
    console.info(`live-indicator e2e: "Live" again ${Date.now() - thawedAt} ms after the connection was restored`);
    expect(await indicator.textContent()).toBe('Live');
    // Refused, not queued: the claim never reached the server, so the row is unowned once its notice fades.
    await row(page, waiting).getByRole('button', { name: 'Claim' }).waitFor({ timeout: 10_000 });
  });

  it('says "Reconnecting…" within 2 s of the server stopping, refuses a reply keeping the draft, and "Live" with what was missed after a restart', { timeout: 120_000 }, async () => {
    const { email } = await agentInQueue('Restart');
    const from = world.phone();
    const threadId = await ingest({ body: 'My parcel never came', from });
    const page = await signIn(email, { direct: true });
    await row(page, threadId).getByRole('button', { name: 'Claim' }).click();
    const log = page.getByRole('log', { name: 'Messages' });
    await log.getByText('My parcel never came').waitFor();
    const box = page.getByRole('textbox', { name: 'Reply' });
    await box.fill('Sorry! A new one is on its way.');
    const indicator = page.locator('[data-connection]');

    const port = new URL(world.server.url).port;
    const stoppedAt = Date.now();
    const stopped = world.server.stop();
    await page.locator('[data-connection="reconnecting"]').waitFor({ timeout: 5000 });
    const reconnectingAfter = Date.now() - stoppedAt;
    console.info(`live-indicator e2e: "Reconnecting…" ${reconnectingAfter} ms after the server was told to stop`);
    expect(reconnectingAfter).toBeLessThan(2_000);
    expect(await stopped).toBe(0);

    // Refused where it was written, not sent into the void; the draft stays.
    await page.getByRole('button', { name: 'Send' }).click();
    const form = page.getByRole('form', { name: 'Compose' });
    await form.getByRole('alert').getByText('Not connected: your reply was not sent; it is kept here and you can send it when Live returns.').waitFor();
    expect(await box.inputValue()).toBe('Sorry! A new one is on its way.');

    // The customer writes while this console's server is down (another server takes it).
    const replica = await world.startServer();
    await ingest({ body: 'Hello? Anyone there?', from, via: replica });
    await replica.stop();

    await world.startServer({ PORT: port });
    const restartedAt = Date.now();
    await page.locator('[data-connection="live"]').waitFor({ timeout: 40_000 });
    console.info(`live-indicator e2e: "Live" again ${Date.now() - restartedAt} ms after the server restarted`);
    expect(await indicator.textContent()).toBe('Live');
    await log.getByText('Hello? Anyone there?').waitFor({ timeout: 10_000 });
    // What was refused can be sent now: the notice went with the outage, the draft did not.
    await expect.poll(() => form.getByRole('alert').count()).toBe(0);
    expect(await box.inputValue()).toBe('Sorry! A new one is on its way.');

    await page.getByRole('button', { name: 'Send' }).click();
    await log.getByRole('article', { name: /^Reply from/ }).getByText('Sorry! A new one is on its way.').waitFor();
    // The live event may show the reply before the mutation's answer clears the box.
    await expect.poll(() => box.inputValue()).toBe('');
    const { thread } = await api<{ thread: { messages: { edges: Array<{ node: { kind: string; body: string } }> } } }>(
      'query($t: ID!) { thread(id: $t) { messages(first: 50) { edges { node { kind body } } } } }',
      { t: threadId },
    );
    expect(thread.messages.edges.filter(({ node }) => node.kind === 'REPLY').map(({ node }) => node.body)).toEqual(['Sorry! A new one is on its way.']);
  });
});
