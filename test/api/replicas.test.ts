import { createClient, type Client } from 'graphql-ws';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import WebSocket from 'ws';
import { withDatabase } from '../support/postgres.js';
import { gql, startBuiltServer, type BuiltServer } from '../support/built-server.js';

// Two real server processes on one database: what one writes reaches subscribers of the other
// through the log and NOTIFY alone (DESIGN.md, "Scale").
const database = `sb_replicas_${process.pid}`;
const ADMIN = { email: 'replica-admin@example.com', password: 'replica-password' };
let admin: pg.Client;
let a: BuiltServer;
let b: BuiltServer;
const clients: Client[] = [];

beforeAll(async () => {
  const { adminUrl } = inject('postgres');
  admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  const env = { DATABASE_URL: withDatabase(adminUrl, database), SWITCHBOARD_ADMIN_EMAIL: ADMIN.email, SWITCHBOARD_ADMIN_PASSWORD: ADMIN.password };
  a = await startBuiltServer(env);
  b = await startBuiltServer(env);
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.dispose()));
  await Promise.all([a?.stop(), b?.stop()]);
  await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await admin.end();
});

async function login(server: BuiltServer, email: string, password: string): Promise<string> {
  const result = await gql<{ login: { token: string } }>(server.url, 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', { e: email, p: password });
  return result.data!.login.token;
}

function listen<T>(server: BuiltServer, token: string, query: string, variables: Record<string, unknown>): T[] {
  const received: T[] = [];
  const client = createClient({ url: `${server.url.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, retryAttempts: 0 });
  clients.push(client);
  client.subscribe<T>({ query, variables }, { next: (value) => void received.push(value.data as T), error: () => undefined, complete: () => undefined });
  return received;
}

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('not in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('two server processes on one database', () => {
  it('deliver a change made on one to the subscribers of the other, in order, and share typing', async () => {
    const tokenA = await login(a, ADMIN.email, ADMIN.password);
    const tokenB = await login(b, ADMIN.email, ADMIN.password);
    const cursor = (await gql<{ eventCursor: string }>(b.url, '{ eventCursor }', {}, tokenB)).data!.eventCursor;
    const events = listen<{ threadEvents: { type: string; cursor: string; thread: { id: string } } }>(b, tokenB,
      'subscription($after: String) { threadEvents(after: $after) { type cursor thread { id } } }', { after: cursor });

    const ingested = await gql<{ receiveMessage: { thread: { id: string } } }>(a.url,
      `mutation { receiveMessage(input: { channelKind: SMS, from: "+15551230000", body: "Hello from A", externalId: "replica-1" }) { thread { id } } }`, {}, tokenA);
    const threadId = ingested.data!.receiveMessage.thread.id;
    await until(() => events.length >= 2);
    expect(events.map((event) => [event.threadEvents.type, event.threadEvents.thread.id])).toEqual([['CREATED', threadId], ['MESSAGE_RECEIVED', threadId]]);

    const typing = listen<{ typing: { typing: boolean; agent: { name: string } } }>(b, tokenB,
      'subscription($id: ID!) { typing(threadId: $id) { typing agent { name } } }', { id: threadId });
    // No acknowledgement of a subscription exists in graphql-ws: renew typing until B relays it.
    await until(() => {
      void gql(a.url, 'mutation($id: ID!) { setTyping(threadId: $id, typing: true) }', { id: threadId }, tokenA);
      return typing.length > 0;
    });
    expect(typing[0]!.typing).toEqual({ typing: true, agent: { name: 'Administrator' } });
  });

  it('stop delivering a queue to an agent taken out of it on the other replica, at once', async () => {
    const tokenA = await login(a, ADMIN.email, ADMIN.password);
    const general = (await gql<{ queues: Array<{ id: string; name: string }> }>(a.url, '{ queues { id name } }', {}, tokenA)).data!.queues.find((q) => q.name === 'General')!.id;
    const billing = (await gql<{ createQueue: { id: string } }>(a.url, 'mutation { createQueue(name: "Billing") { id } }', {}, tokenA)).data!.createQueue.id;
    const agent = await gql<{ createAgent: { id: string } }>(a.url,
      'mutation($q: [ID!]) { createAgent(input: { name: "Rita Replica", email: "rita@example.com", password: "rita-password", queueIds: $q }) { id } }',
      { q: [general, billing] }, tokenA);
    const tokenRita = await login(b, 'rita@example.com', 'rita-password');
    const cursor = (await gql<{ eventCursor: string }>(b.url, '{ eventCursor }', {}, tokenRita)).data!.eventCursor;
    const created = listen<{ threadEvents: { thread: { id: string } } }>(b, tokenRita,
      'subscription($after: String) { threadEvents(after: $after, types: [CREATED]) { thread { id } } }', { after: cursor });

    // First prove the subscription is live on B, with General still in Rita's queues.
    const before = await gql<{ receiveMessage: { thread: { id: string } } }>(a.url,
      'mutation { receiveMessage(input: { channelKind: SMS, from: "+15551230009", body: "General, before", externalId: "replica-0" }) { thread { id } } }', {}, tokenA);
    await until(() => created.length >= 1);
    expect(created[0]!.threadEvents.thread.id).toBe(before.data!.receiveMessage.thread.id);

    await gql(a.url, 'mutation($q: ID!, $ids: [ID!]!) { setQueueMembers(queueId: $q, agentIds: $ids) { id } }', { q: general, ids: [] }, tokenA);
    const twitter = (await gql<{ channels: Array<{ id: string; kind: string }> }>(a.url, '{ channels { id kind } }', {}, tokenA)).data!.channels.find((c) => c.kind === 'TWITTER')!.id;
    await gql(a.url, 'mutation($c: ID!, $q: ID!) { setChannelQueue(channelId: $c, queueId: $q) { id } }', { c: twitter, q: billing }, tokenA);
    const hidden = await gql<{ receiveMessage: { thread: { id: string } } }>(a.url,
      'mutation { receiveMessage(input: { channelKind: SMS, from: "+15551230001", body: "General only", externalId: "replica-2" }) { thread { id } } }', {}, tokenA);
    const shown = await gql<{ receiveMessage: { thread: { id: string } } }>(a.url,
      'mutation { receiveMessage(input: { channelKind: TWITTER, from: "billing_fan", body: "Billing", externalId: "replica-3" }) { thread { id } } }', {}, tokenA);
    await until(() => created.length >= 2);
    await new Promise((resolve) => setTimeout(resolve, 300)); // the hidden one would have come before the shown one
    expect(created.slice(1).map((event) => event.threadEvents.thread.id)).toEqual([shown.data!.receiveMessage.thread.id]);
    expect(hidden.data!.receiveMessage.thread.id).not.toBe(shown.data!.receiveMessage.thread.id);
    expect(agent.errors).toBeUndefined();
  });
});
