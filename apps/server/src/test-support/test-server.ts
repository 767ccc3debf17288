import 'reflect-metadata';
import { pino } from 'pino';
import type { DataSource } from 'typeorm';
import { inject } from 'vitest';
import { createTestDatabase } from './postgres.js';
import { createDataSource } from '../db/data-source.js';
import { createServices, type Services } from '../graphql/services.js';
import { createApp } from '../http/app.js';
import { hashPassword } from '../modules/auth/passwords.js';
import { newId } from '../ids.js';

export interface GqlResult<T = Record<string, unknown>> {
  data?: T | null;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}

export interface TestServer {
  url: string;
  wsUrl: string;
  dataSource: DataSource;
  services: Services;
  /** SQL statements the server's pool ran (reset it before the request you measure). */
  statements: string[];
  /** POST /graphql with an optional bearer token. */
  gql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GqlResult<T>>;
  close(): Promise<void>;
}

/** A real server on a free port over this test file's own database. Close it in afterAll. */
export async function startTestServer(): Promise<TestServer> {
  const { adminUrl, template } = inject('postgres');
  const database = await createTestDatabase(adminUrl, template);
  const statements: string[] = [];
  const queryLogger = {
    logQuery: (query: string) => void statements.push(query),
    logQueryError: () => undefined, logQuerySlow: () => undefined, logSchemaBuild: () => undefined,
    logMigration: () => undefined, log: () => undefined,
  };
  const dataSource = createDataSource({ url: database.url, poolSize: 10, queryLogger });
  await dataSource.initialize();
  const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const services = createServices({ dataSource, logger, sessionTtlSeconds: 3600 });
  const app = await createApp({ dataSource, services, logger, consoleDir: '/nonexistent' });
  const port = await app.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    wsUrl: `ws://127.0.0.1:${port}/graphql`,
    dataSource,
    services,
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

/** Creates an agent straight in the database (not through the API under test) and signs it in. */
export async function buildAgent(
  server: TestServer,
  overrides: { role?: 'AGENT' | 'SUPERVISOR' | 'ADMIN'; name?: string; capacity?: number; queueIds?: string[] } = {},
): Promise<AgentFixture> {
  const n = ++sequence;
  const id = newId('agt');
  const email = `agent${n}-${id.slice(-6)}@example.com`;
  const password = `password-${n}`;
  await server.dataSource.query(
    `INSERT INTO agent (id, name, email, password_hash, role, capacity) VALUES ($1, $2, $3, $4, $5, $6)`,
    [id, overrides.name ?? `Agent ${n}`, email, await hashPassword(password), overrides.role ?? 'AGENT', overrides.capacity ?? 5],
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
