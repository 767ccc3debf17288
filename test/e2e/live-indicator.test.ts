import net from 'node:net';
import pg from 'pg';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { gql, startBuiltServer, type BuiltServer } from '../support/built-server.js';
import { withDatabase } from '../support/postgres.js';

// Issue 14, "Truthful connection state": the header says "Reconnecting…" within about two seconds
// of the server going silent (no close, no error: what a dead server or a dead network looks like),
// refuses claims meanwhile, and says "Live" again once the resume caught up. And when the server
// really stops: "Reconnecting…" at once, a reply refused with its draft kept, and after a restart
// "Live" with the message that came in meanwhile.
const database = `sb_e2e_live_${process.pid}`;
const ADMIN = { email: 'e2e-admin@example.com', password: 'e2e-admin-password' };
const AGENT_PASSWORD = 'agent-password';
const TEST_TIMEOUT_MS = 60_000;
let db: pg.Client;
let server: BuiltServer;
/** A second server on the same database, started while the first is down. */
let replica: BuiltServer | undefined;
let proxy: SilentProxy;
let browser: Browser;
let adminToken: string;
let smsChannelId: string;
let sequence = 0;
const contexts: BrowserContext[] = [];

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

async function api<T>(query: string, variables: Record<string, unknown> = {}, token = adminToken): Promise<T> {
  const result = await gql<T>(server.url, query, variables, token);
  expect(result.errors).toBeUndefined();
  return result.data!;
}

async function agentInQueue(queueName: string): Promise<{ email: string }> {
  const { createQueue } = await api<{ createQueue: { id: string } }>('mutation($n: String!) { createQueue(name: $n) { id } }', { n: queueName });
  await api('mutation($c: ID!, $q: ID!) { setChannelQueue(channelId: $c, queueId: $q) { id } }', { c: smsChannelId, q: createQueue.id });
  const email = `ada.${++sequence}@example.com`;
  await api('mutation($i: CreateAgentInput!) { createAgent(input: $i) { id } }', { i: { name: 'Ada Lovelace', email, password: AGENT_PASSWORD, queueIds: [createQueue.id] } });
  return { email };
}

/** A customer writes (a new one unless `from` is given), through `via` (this file's server by default). */
async function ingest(body: string, { from = `+1555888${String(++sequence).padStart(4, '0')}`, via = server } = {}): Promise<string> {
  const result = await gql<{ receiveMessage: { thread: { id: string } } }>(
    via.url,
    'mutation($i: InboundMessageInput!) { receiveMessage(input: $i) { thread { id } } }',
    { i: { channelKind: 'SMS', from, body, externalId: `e2e-live-${++sequence}`, receivedAt: new Date().toISOString() } },
    adminToken,
  );
  expect(result.errors).toBeUndefined();
  return result.data!.receiveMessage.thread.id;
}

function serverEnv(): Record<string, string> {
  return { DATABASE_URL: withDatabase(inject('postgres').adminUrl, database), SWITCHBOARD_ADMIN_EMAIL: ADMIN.email, SWITCHBOARD_ADMIN_PASSWORD: ADMIN.password };
}

/** Signed in through the silent proxy, or straight to the server (`direct`) when the test stops the server itself. */
async function signIn(email: string, { direct = false } = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(direct ? `${server.url}/` : `http://127.0.0.1:${proxy.port}/`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(AGENT_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('[data-connection="live"]').waitFor();
  return page;
}

const row = (page: Page, threadId: string) => page.locator(`[data-thread-id="${threadId}"]`).first();

beforeAll(async () => {
  const { adminUrl } = inject('postgres');
  db = new pg.Client({ connectionString: adminUrl });
  await db.connect();
  await db.query(`CREATE DATABASE ${database}`);
  server = await startBuiltServer(serverEnv());
  proxy = await startSilentProxy(Number(new URL(server.url).port));
  adminToken = (await gql<{ login: { token: string } }>(server.url, 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', { e: ADMIN.email, p: ADMIN.password })).data!.login.token;
  smsChannelId = (await api<{ channels: Array<{ id: string; kind: string }> }>('{ channels { id kind } }')).channels.find((c) => c.kind === 'SMS')!.id;
  browser = await launchChromium();
}, 120_000);

afterEach(async () => {
  proxy.thaw();
  await Promise.all(contexts.splice(0).map((context) => context.close()));
});

afterAll(async () => {
  await browser?.close();
  await proxy?.close();
  await replica?.stop();
  await server?.stop();
  await db.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await db.end();
});

describe('the live indicator', () => {
  it('says "Reconnecting…" soon after the server goes silent, refuses claims, and "Live" with what was missed once back', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { email } = await agentInQueue('Silence');
    const waiting = await ingest('Waiting before the outage');
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

    const missed = await ingest('Written while the console was cut off');
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
    const from = `+1555999${String(++sequence).padStart(4, '0')}`;
    const threadId = await ingest('My parcel never came', { from });
    const page = await signIn(email, { direct: true });
    await row(page, threadId).getByRole('button', { name: 'Claim' }).click();
    const log = page.getByRole('log', { name: 'Messages' });
    await log.getByText('My parcel never came').waitFor();
    const box = page.getByRole('textbox', { name: 'Reply' });
    await box.fill('Sorry! A new one is on its way.');
    const indicator = page.locator('[data-connection]');

    const port = new URL(server.url).port;
    const stoppedAt = Date.now();
    const stopped = server.stop();
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
    replica = await startBuiltServer(serverEnv());
    await ingest('Hello? Anyone there?', { from, via: replica });
    await replica.stop();
    replica = undefined;

    server = await startBuiltServer({ ...serverEnv(), PORT: port });
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
    expect(await box.inputValue()).toBe('');
    const { thread } = await api<{ thread: { messages: { edges: Array<{ node: { kind: string; body: string } }> } } }>(
      'query($t: ID!) { thread(id: $t) { messages(first: 50) { edges { node { kind body } } } } }',
      { t: threadId },
    );
    expect(thread.messages.edges.filter(({ node }) => node.kind === 'REPLY').map(({ node }) => node.body)).toEqual(['Sorry! A new one is on its way.']);
  });
});
