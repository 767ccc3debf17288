import path from 'node:path';
import pg from 'pg';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { expect, inject } from 'vitest';
import type { AgentRole, ChannelKind } from '@switchboard/schema';
import { launchChromium } from './browser.js';
import { gql, REPO_ROOT, startBuiltServer, type BuiltServer } from './built-server.js';
import { withDatabase } from './postgres.js';

// What every e2e file stands on: its own database, the BUILT server over it with an admin, the
// channels the migrations made, Chromium, and the team and customers each test makes for itself.

export const ADMIN = { email: 'e2e-admin@example.com', password: 'e2e-admin-password' };
export const AGENT_PASSWORD = 'agent-password';
export const TEST_TIMEOUT_MS = 60_000;

// Screenshots land in test-results/ (ignored); UPDATE_SCREENSHOTS=1 refreshes the ones in docs/.
const SCREENSHOTS = path.join(REPO_ROOT, process.env.UPDATE_SCREENSHOTS ? 'docs/screenshots' : 'test-results/screenshots');

/** Where the screenshot `name` goes (Playwright makes the folder). */
export const screenshotPath = (name: string): string => path.join(SCREENSHOTS, name);

export interface Agent {
  id: string;
  name: string;
  email: string;
  token: string;
}

/** A customer's message; the address is a new one unless `from` is given, received now unless told otherwise. */
export interface Inbound {
  body: string;
  channelKind?: ChannelKind;
  from?: string;
  fromName?: string;
  subject?: string;
  receivedAt?: Date;
  receivedAgoMs?: number;
  /** The server that takes it; the world's own by default. */
  via?: { url: string };
}

export interface SignInOptions {
  viewport?: { width: number; height: number };
  /** Where the browser opens the console: the server by default (a proxy in front of it, say). */
  url?: string;
  /** A picture of the sign-in form, taken before it is filled. */
  screenshot?: string;
}

export interface E2eWorldOptions {
  /** Names the file's database, sb_e2e_<database>_<pid>. */
  database: string;
  serverEnv?: Record<string, string>;
  /** For every browser context of the file (viewport 1280×800 unless given). */
  context?: BrowserContextOptions;
  /** Playwright's default timeout for a step, where a file wants it shorter than the test's. */
  stepTimeoutMs?: number;
}

export interface E2eWorld {
  /** The first server started; `startServer` starts more over the same database. */
  readonly server: BuiltServer;
  readonly browser: Browser;
  readonly adminToken: string;
  readonly databaseUrl: string;
  /** The server's environment, for a file that starts another server over the same database. */
  readonly serverEnv: Record<string, string>;
  readonly channelIds: ReadonlyMap<ChannelKind, string>;
  start(): Promise<void>;
  /** Another built server over this database (PORT in `env` to restart one); `close` stops it too. */
  startServer(env?: Record<string, string>): Promise<BuiltServer>;
  /** POST /graphql as the admin (or `token`), expecting no errors. */
  api<T>(query: string, variables?: Record<string, unknown>, token?: string): Promise<T>;
  channelId(kind: ChannelKind): string;
  /** A number no other call in the file gets. */
  unique(): number;
  /** A phone number no other customer of the file has. */
  phone(): string;
  /** A queue of the test's own, where new threads of `kinds` land from now on. */
  queueFor(name: string, kinds: readonly ChannelKind[]): Promise<string>;
  /** An agent in `queueId`, with a session token (not signed in to a console). */
  createAgent(name: string, queueId: string, role?: AgentRole): Promise<Agent>;
  /** `queueFor` and an agent in it for each of `names`. */
  team(queueName: string, kinds: readonly ChannelKind[], names: readonly string[]): Promise<Agent[]>;
  /** A customer writes in; the thread it opened or joined. */
  ingest(message: Inbound): Promise<string>;
  claimAs(agent: Agent, threadId: string): Promise<void>;
  /** A new browser context, signed in to the console and live. */
  signIn(who: { email: string; password?: string }, options?: SignInOptions): Promise<Page>;
  /** For afterEach: closes the browser contexts the test opened. */
  closeContexts(): Promise<void>;
  /** For afterAll: the browser, every server, the database. */
  close(): Promise<void>;
}

/** A file's world, started by `start()` in beforeAll; its functions may be destructured at once. */
export function createE2eWorld(options: E2eWorldOptions): E2eWorld {
  const { adminUrl } = inject('postgres');
  const database = `sb_e2e_${options.database}_${process.pid}`;
  const databaseUrl = withDatabase(adminUrl, database);
  const serverEnv = { DATABASE_URL: databaseUrl, SWITCHBOARD_ADMIN_EMAIL: ADMIN.email, SWITCHBOARD_ADMIN_PASSWORD: ADMIN.password, ...options.serverEnv };
  const servers: BuiltServer[] = [];
  const contexts: BrowserContext[] = [];
  const channelIds = new Map<ChannelKind, string>();
  let browser: Browser | undefined;
  let adminToken: string | undefined;
  let created = false;
  let sequence = 0;

  const started = <T>(value: T | undefined, name: string): T => {
    if (value === undefined) throw new Error(`the e2e world has no ${name} yet: call start() in beforeAll`);
    return value;
  };
  const server = () => started(servers[0], 'server');
  async function admin(sql: string): Promise<void> {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  }

  async function request<T>(url: string, query: string, variables: Record<string, unknown>, token: string): Promise<T> {
    const result = await gql<T>(url, query, variables, token);
    expect(result.errors).toBeUndefined();
    return result.data!;
  }

  async function login(email: string, password: string): Promise<string> {
    const query = 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }';
    return (await request<{ login: { token: string } }>(server().url, query, { e: email, p: password }, '')).login.token;
  }

  const world: E2eWorld = {
    get server() {
      return server();
    },
    get browser() {
      return started(browser, 'browser');
    },
    get adminToken() {
      return started(adminToken, 'admin token');
    },
    databaseUrl,
    serverEnv,
    channelIds,

    async start() {
      await admin(`CREATE DATABASE ${database}`);
      created = true;
      await world.startServer();
      adminToken = await login(ADMIN.email, ADMIN.password);
      const { channels } = await world.api<{ channels: Array<{ id: string; kind: ChannelKind }> }>('{ channels { id kind } }');
      for (const channel of channels) channelIds.set(channel.kind, channel.id);
      browser = await launchChromium();
    },

    async startServer(env = {}) {
      const next = await startBuiltServer({ ...serverEnv, ...env });
      servers.push(next);
      return next;
    },

    api: (query, variables = {}, token = world.adminToken) => request(server().url, query, variables, token),

    channelId(kind) {
      const id = channelIds.get(kind);
      if (!id) throw new Error(`no ${kind} channel`);
      return id;
    },

    unique: () => ++sequence,
    phone: () => `+1555777${String(++sequence).padStart(4, '0')}`,

    async queueFor(name, kinds) {
      const { createQueue } = await world.api<{ createQueue: { id: string } }>('mutation($n: String!) { createQueue(name: $n) { id } }', { n: name });
      for (const kind of kinds) {
        await world.api('mutation($c: ID!, $q: ID!) { setChannelQueue(channelId: $c, queueId: $q) { id } }', { c: world.channelId(kind), q: createQueue.id });
      }
      return createQueue.id;
    },

    async createAgent(name, queueId, role = 'AGENT') {
      const email = `${name.split(' ')[0]!.toLowerCase()}.${++sequence}@example.com`;
      const { createAgent } = await world.api<{ createAgent: { id: string } }>('mutation($i: CreateAgentInput!) { createAgent(input: $i) { id } }', {
        i: { name, email, password: AGENT_PASSWORD, role, queueIds: [queueId] },
      });
      return { id: createAgent.id, name, email, token: await login(email, AGENT_PASSWORD) };
    },

    async team(queueName, kinds, names) {
      const queueId = await world.queueFor(queueName, kinds);
      const agents: Agent[] = [];
      for (const name of names) agents.push(await world.createAgent(name, queueId));
      return agents;
    },

    async ingest({ channelKind = 'SMS', from, receivedAt, receivedAgoMs = 0, via = server(), ...rest }) {
      const n = ++sequence;
      const address = from ?? (channelKind === 'EMAIL' ? `customer${n}@example.com` : channelKind === 'SMS' || channelKind === 'VOICE' ? `+1555888${String(n).padStart(4, '0')}` : `@customer${n}`);
      const { receiveMessage } = await request<{ receiveMessage: { thread: { id: string } } }>(
        via.url,
        'mutation($i: InboundMessageInput!) { receiveMessage(input: $i) { thread { id } } }',
        { i: { ...rest, channelKind, from: address, externalId: `e2e-${options.database}-${n}`, receivedAt: (receivedAt ?? new Date(Date.now() - receivedAgoMs)).toISOString() } },
        world.adminToken,
      );
      return receiveMessage.thread.id;
    },

    async claimAs(agent, threadId) {
      await world.api('mutation($t: ID!) { claimThread(threadId: $t) { cursor } }', { t: threadId }, agent.token);
    },

    async signIn(who, { viewport, url = `${server().url}/`, screenshot } = {}) {
      const context = await world.browser.newContext({ viewport: { width: 1280, height: 800 }, ...options.context, ...(viewport ? { viewport } : {}) });
      contexts.push(context);
      // Fail on the step that is stuck, not on the test's timeout.
      if (options.stepTimeoutMs) context.setDefaultTimeout(options.stepTimeoutMs);
      const page = await context.newPage();
      await page.goto(url);
      if (screenshot) {
        await page.getByLabel('E-mail').waitFor();
        await page.screenshot({ path: screenshotPath(screenshot) });
      }
      await page.getByLabel('E-mail').fill(who.email);
      await page.getByLabel('Password').fill(who.password ?? AGENT_PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.locator('[data-live-status="live"]').waitFor();
      return page;
    },

    async closeContexts() {
      await Promise.all(contexts.splice(0).map((context) => context.close()));
    },

    async close() {
      await browser?.close();
      for (const each of servers.splice(0)) await each.stop();
      if (created) await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    },
  };
  return world;
}
