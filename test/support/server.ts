import 'reflect-metadata';
import { pino } from 'pino';
import type { DataSource } from 'typeorm';
import { inject } from 'vitest';
import { createTestDatabase } from './postgres.js';
import { createDataSource } from '../../apps/server/src/db/data-source.js';
import { ENTITIES } from '../../apps/server/src/modules/entities.js';
import { createServices, type Services } from '../../apps/server/src/app/services.js';
import { createApp, type App } from '../../apps/server/src/http/app.js';
import type { HubLimits } from '../../apps/server/src/live/live-hub.js';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { hashPassword } from '../../apps/server/src/modules/auth/passwords.js';
import { newId } from '../../apps/server/src/ids.js';
import { lockThread } from '../../apps/server/src/modules/threads/thread-state.js';
import { writeThread } from '../../apps/server/src/modules/threads/thread-writer.js';
import { followQueue } from '../../apps/server/src/modules/threads/wait-clock.js';

export interface GqlResult<T = Record<string, unknown>> {
  data?: T | null;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}

export interface TestServer {
  url: string;
  wsUrl: string;
  dataSource: DataSource;
  services: Services;
  app: App;
  /** SQL statements the server's pool ran (reset it before the request you measure). */
  statements: string[];
  /** POST /graphql with an optional bearer token. */
  gql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GqlResult<T>>;
  close(): Promise<void>;
}

/** A real server on a free port over this test file's own database. Close it in afterAll. */
export async function startTestServer(options: { liveLimits?: HubLimits; logs?: Array<Record<string, unknown>> } = {}): Promise<TestServer> {
  const { adminUrl, template } = inject('postgres');
  const database = await createTestDatabase(adminUrl, template);
  const statements: string[] = [];
  const queryLogger = {
    logQuery: (query: string) => void statements.push(query),
    logQueryError: () => undefined, logQuerySlow: () => undefined, logSchemaBuild: () => undefined,
    logMigration: () => undefined, log: () => undefined,
  };
  const dataSource = createDataSource({ url: database.url, entities: ENTITIES, poolSize: 10, queryLogger });
  await dataSource.initialize();
  // With `logs`, every entry at warn and above is kept there, parsed, for the test to read.
  const logger = options.logs
    ? pino({ level: 'warn' }, { write: (line: string) => void options.logs!.push(JSON.parse(line) as Record<string, unknown>) })
    : pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const services = createServices({ dataSource, logger, sessionTtlSeconds: 3600 });
  const app = await createApp({ dataSource, services, logger, consoleDir: '/nonexistent', liveLimits: options.liveLimits });
  const port = await app.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    wsUrl: `ws://127.0.0.1:${port}/graphql`,
    dataSource,
    services,
    app,
    statements,
    async gql(query, variables, token) {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as GqlResult<never>;
    },
    async close() {
      await app.close();
      await services.breachTimer.stop(); // a test may have started it
      await services.reportKeeper.stop();
      await dataSource.destroy();
      await database.drop();
    },
  };
}

export interface AgentFixture {
  id: string;
  email: string;
  password: string;
  token: string;
}

let sequence = 0;

/** Creates an agent straight in the database (not through the API under test), ONLINE unless `online: false`, and signs it in. */
export async function buildAgent(
  server: TestServer,
  overrides: { role?: 'AGENT' | 'SUPERVISOR' | 'ADMIN'; name?: string; capacity?: number; queueIds?: string[]; online?: boolean } = {},
): Promise<AgentFixture> {
  const n = ++sequence;
  const id = newId('agt');
  const email = `agent${n}-${id.slice(-6)}@example.com`;
  const password = `password-${n}`;
  await server.dataSource.query(
    // Online by default, as if their console had just connected (presence decides hand-offs).
    `INSERT INTO agent (id, name, email, password_hash, role, capacity, presence, announced_presence, last_seen_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7::presence, $7::presence, CASE WHEN $7::presence = 'ONLINE' THEN now() END)`,
    [id, overrides.name ?? `Agent ${n}`, email, await hashPassword(password), overrides.role ?? 'AGENT', overrides.capacity ?? 5,
      overrides.online === false ? 'OFFLINE' : 'ONLINE'],
  );
  for (const queueId of overrides.queueIds ?? []) {
    await server.dataSource.query(`INSERT INTO agent_queue (agent_id, queue_id) VALUES ($1, $2)`, [id, queueId]);
  }
  const { token } = await server.services.auth.login(email, password);
  return { id, email, password, token };
}

export interface IngestOptions {
  channelKind?: string;
  from?: string;
  fromName?: string;
  body?: string;
  externalId?: string;
  subject?: string;
  receivedAt?: string;
  channelId?: string;
}

let messageSequence = 0;

/** Delivers a customer's message through receiveMessage, as a gateway would. */
export async function ingest(server: TestServer, adminToken: string, options: IngestOptions = {}) {
  const n = ++messageSequence;
  const input = {
    channelKind: options.channelKind ?? 'SMS',
    from: options.from ?? `+1555${String(1000000 + n).padStart(7, '0')}`,
    body: options.body ?? `Message ${n}`,
    externalId: options.externalId ?? `ext-${n}-${Math.random().toString(36).slice(2)}`,
    ...(options.fromName ? { fromName: options.fromName } : {}),
    ...(options.subject ? { subject: options.subject } : {}),
    ...(options.receivedAt ? { receivedAt: options.receivedAt } : {}),
    ...(options.channelId ? { channelId: options.channelId } : {}),
  };
  return server.gql<{ receiveMessage: { duplicate: boolean; message: { id: string }; thread: ThreadView } }>(
    `mutation($input: InboundMessageInput!) { receiveMessage(input: $input) {
      duplicate message { id kind body channel { kind } }
      thread { id status version channel { kind } waitChannel { kind } waitingSince responseDueAt customer { id name identities { channelKind address } } }
    } }`,
    { input },
    adminToken,
  );
}

const factoryAdmins = new WeakMap<TestServer, Promise<AgentFixture>>();

/**
 * A thread as production makes them: ingested through the API, then moved to `queueId`, given to
 * `ownerId` and joined by `collaboratorIds` through the one thread writer, so versions and the
 * event log stay true. It can set up states no single API call makes (an owner outside the
 * thread's queue), which visibility tests need. Returns the thread and customer ids.
 */
export async function buildThread(
  server: TestServer,
  options: IngestOptions & { queueId?: string; ownerId?: string; collaboratorIds?: string[] } = {},
): Promise<{ id: string; customerId: string }> {
  if (!factoryAdmins.has(server)) factoryAdmins.set(server, buildAgent(server, { role: 'ADMIN', name: 'Factory Admin' }));
  const admin = await factoryAdmins.get(server)!;
  const { queueId, ownerId, collaboratorIds = [], ...ingestOptions } = options;
  const result = await ingest(server, admin.token, ingestOptions);
  if (result.errors) throw new Error(`buildThread: ${JSON.stringify(result.errors)}`);
  const { id, customer } = result.data!.receiveMessage.thread;
  await server.services.transactions.run(async (tx) => {
    const change = async (write: Parameters<typeof writeThread>[2]) => writeThread(tx, (await lockThread(tx.manager, id))!, write);
    if (queueId) await change({ type: 'HANDED_OFF', set: (p) => [`queue_id = ${p.add(queueId)}`], wait: followQueue() });
    for (const agentId of collaboratorIds) {
      await tx.manager.query(`INSERT INTO thread_participant (thread_id, agent_id) VALUES ($1, $2)`, [id, agentId]);
      await change({ type: 'JOINED', actorId: agentId });
    }
    if (ownerId) await change({ type: 'CLAIMED', actorId: ownerId, set: (p) => [`owner_id = ${p.add(ownerId)}`] });
  });
  return { id, customerId: customer.id };
}

export interface ThreadView {
  id: string;
  status: string;
  version: number;
  channel: { kind: string };
  waitChannel: { kind: string } | null;
  waitingSince: string | null;
  responseDueAt: string | null;
  customer: { id: string; name: string; identities: Array<{ channelKind: string; address: string }> };
}

export interface LiveSubscription<T = Record<string, unknown>> {
  /** Every `next` payload received so far, in order. */
  received: Array<{ data?: T; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> }>;
  /** Resolves once `count` payloads have arrived (fails the test after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<void>;
  /** Resolves with the close code when the server closes the socket. */
  closed: Promise<number>;
  /** Resolves when the server completes the subscription (the socket may stay open). */
  completed: Promise<void>;
  client: Client;
  dispose(): Promise<void>;
}

/** A graphql-ws client subscribed to `query`, as a console would be. */
export function subscribe<T = Record<string, unknown>>(server: Pick<TestServer, 'wsUrl'>, token: string, query: string, variables: Record<string, unknown> = {}): LiveSubscription<T> {
  let closeWith: (code: number) => void = () => undefined;
  const closed = new Promise<number>((resolve) => (closeWith = resolve));
  const client = createClient({
    url: server.wsUrl,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
    on: { closed: (event) => closeWith((event as { code: number }).code) },
  });
  const received: LiveSubscription<T>['received'] = [];
  const waiters: Array<() => void> = [];
  let complete: () => void = () => undefined;
  const completed = new Promise<void>((resolve) => (complete = resolve));
  client.subscribe<T>({ query, variables }, {
    next: (value) => {
      received.push(value as never);
      for (const wake of waiters.splice(0)) wake();
    },
    error: (error) => {
      received.push({ errors: Array.isArray(error) ? error : [{ message: String((error as Error).message ?? error) }] } as never);
      for (const wake of waiters.splice(0)) wake();
    },
    complete: () => complete(),
  });
  return {
    received,
    client,
    closed,
    completed,
    async waitFor(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} payloads, got ${received.length}: ${JSON.stringify(received)}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 50);
        });
      }
    },
    dispose: () => client.dispose() as Promise<void>,
  };
}

/** Waits until `condition` holds (sync or async), polling; fails the test after `timeoutMs`. */
export async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
