import net from 'node:net';
import pg from 'pg';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { gql, startBuiltServer, type BuiltServer } from '../support/built-server.js';
import { withDatabase } from '../support/postgres.js';

// Issue 14, "Truthful connection state": the header says "Reconnecting…" within about two seconds
// of the server going silent (no close, no error: what a dead server or a dead network looks like),
// refuses claims meanwhile, and says "Live" again once the resume caught up.
const database = `sb_e2e_live_${process.pid}`;
const ADMIN = { email: 'e2e-admin@example.com', password: 'e2e-admin-password' };
const AGENT_PASSWORD = 'agent-password';
const TEST_TIMEOUT_MS = 60_000;
let db: pg.Client;
let server: BuiltServer;
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

async function ingest(body: string): Promise<string> {
  const { receiveMessage } = await api<{ receiveMessage: { thread: { id: string } } }>(
    'mutation($i: InboundMessageInput!) { receiveMessage(input: $i) { thread { id } } }',
    { i: { channelKind: 'SMS', from: `+1555888${String(++sequence).padStart(4, '0')}`, body, externalId: `e2e-live-${++sequence}`, receivedAt: new Date().toISOString() } },
  );
  return receiveMessage.thread.id;
}

async function signIn(email: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(`http://127.0.0.1:${proxy.port}/`);
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
  server = await startBuiltServer({ DATABASE_URL: withDatabase(adminUrl, database), SWITCHBOARD_ADMIN_EMAIL: ADMIN.email, SWITCHBOARD_ADMIN_PASSWORD: ADMIN.password });
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
});
