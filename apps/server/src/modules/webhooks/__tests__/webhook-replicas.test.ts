import { pino } from 'pino';
import type { DataSource } from 'typeorm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildAgent, ingest, startTestServer, until, type AgentFixture, type TestServer } from '../../../../../../test/support/server.js';
import { createDataSource } from '../../../db/data-source.js';
import { MessageReader } from '../../messages/message-reader.js';
import { WebhookDispatcher, type DispatcherOptions } from '../webhook-dispatcher.js';
import { startReceiver, type Receiver } from './receiver.js';

/**
 * Dispatchers on separate connection pools over one database behave as separate processes do:
 * what they share is only PostgreSQL (the webhook rows, their leases and the log).
 */
let server: TestServer;
let admin: AgentFixture;
let receiver: Receiver;
const pools: DataSource[] = [];
const dispatchers: WebhookDispatcher[] = [];

beforeAll(async () => {
  process.env.SWITCHBOARD_WEBHOOK_ALLOW_PRIVATE = 'true';
  server = await startTestServer();
  admin = await buildAgent(server, { role: 'ADMIN' });
  receiver = await startReceiver();
});
// Each test's dispatchers stop with it, so none of them works on the next test's webhooks.
afterEach(async () => {
  await Promise.all(dispatchers.splice(0).map((dispatcher) => dispatcher.stop()));
  receiver.answerWith(() => ({ status: 200 }));
});
afterAll(async () => {
  await Promise.all(pools.map((pool) => pool.destroy()));
  await receiver.close();
  await server.close();
});

/** A "process": its own pool on the test database and a started dispatcher. */
async function replica(options: Partial<DispatcherOptions> = {}): Promise<{ dispatcher: WebhookDispatcher; pool: DataSource }> {
  const pool = createDataSource({ url: (server.dataSource.options as { url: string }).url, poolSize: 4 });
  await pool.initialize();
  pools.push(pool);
  const dispatcher = new WebhookDispatcher(pool, new MessageReader(pool), pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }), {
    allowPrivate: true, pollMs: 20, requestTimeoutMs: 1_000, leaseMs: 2_000, backoff: { baseMs: 20, maxMs: 200 }, ...options,
  });
  dispatchers.push(dispatcher);
  dispatcher.start();
  return { dispatcher, pool };
}

async function createWebhook(path: string): Promise<string> {
  const result = await server.gql<{ createWebhook: { webhook: { id: string } } }>(
    `mutation($url: String!) { createWebhook(url: $url) { webhook { id } } }`, { url: `${receiver.url}${path}` }, admin.token);
  expect(result.errors).toBeUndefined();
  return result.data!.createWebhook.webhook.id;
}

async function threadEventsAfter(after: string): Promise<string[]> {
  const rows: Array<{ id: string }> = await server.dataSource.query(
    `SELECT e.id::text AS id FROM event e WHERE e.id > $1::bigint AND e.thread_id IS NOT NULL ORDER BY e.id`, [after]);
  return rows.map((row) => row.id);
}

const cursorNow = async () => ((await server.dataSource.query(`SELECT coalesce(max(id), 0)::text AS id FROM event`)) as [{ id: string }])[0].id;
const deliveredCursor = async (id: string) =>
  ((await server.dataSource.query(`SELECT delivered_cursor::text AS c FROM webhook WHERE id = $1`, [id])) as [{ c: string | null }])[0].c;
/** Cursors in the order the receiver first saw them (redeliveries of an unacknowledged event aside). */
const firstSeen = (path: string) => [...new Set(receiver.on(path).map((entry) => entry.body.cursor))];

describe('WebhookDispatcher across processes', () => {
  it('loses nothing when its process stops in the middle and another one starts on the same database', async () => {
    receiver.answerWith(() => ({ status: 200, delayMs: 15 }));
    const id = await createWebhook('/restart');
    const from = await cursorNow();
    for (let i = 0; i < 10; i++) await ingest(server, admin.token);
    const expected = await threadEventsAfter(from);
    const first = await replica();
    await until(() => receiver.on('/restart').length >= 5);
    await first.dispatcher.stop();
    const seenByFirst = receiver.on('/restart').length;
    expect(seenByFirst).toBeLessThan(expected.length);
    await replica();
    await until(async () => (await deliveredCursor(id)) === expected.at(-1));
    expect(firstSeen('/restart')).toEqual(expected);
  });

  it('redelivers from the stored cursor after a process is killed mid-delivery, once its lease has run out', async () => {
    const id = await createWebhook('/killed');
    const from = await cursorNow();
    for (let i = 0; i < 5; i++) await ingest(server, admin.token);
    const expected = await threadEventsAfter(from);
    receiver.answerWith((request, nth) => (request.path === '/killed' && nth === 4 ? 'hang' : { status: 200 }));
    const doomed = await replica();
    await until(() => receiver.on('/killed').length === 4);
    await doomed.dispatcher.halt(); // as kill -9: no lease released, nothing recorded
    await doomed.pool.destroy();
    pools.splice(pools.indexOf(doomed.pool), 1);
    const started = Date.now();
    await replica();
    await until(async () => (await deliveredCursor(id)) === expected.at(-1));
    const cursors = receiver.on('/killed').map((entry) => entry.body.cursor);
    expect(cursors).toEqual([...expected.slice(0, 4), ...expected.slice(3)]); // the 4th twice: at least once
    expect(Date.now() - started).toBeGreaterThan(500); // it waited for the dead holder's lease
    const pending: Array<{ n: number }> = await server.dataSource.query(
      `SELECT count(*)::int AS n FROM webhook_delivery WHERE webhook_id = $1 AND status = 'PENDING'`, [id]);
    expect(pending[0]!.n).toBe(1); // the attempt the killed process never finished
  });

  it('never lets two processes deliver one webhook at the same time', async () => {
    receiver.answerWith(() => ({ status: 200, delayMs: Math.floor(Math.random() * 8) }));
    const paths = ['/pair-a', '/pair-b', '/pair-c', '/pair-d'];
    const ids = await Promise.all(paths.map(createWebhook));
    const from = await cursorNow();
    await Promise.all([replica({ pollMs: 5 }), replica({ pollMs: 5 })]);
    for (let i = 0; i < 15; i++) await ingest(server, admin.token);
    const expected = await threadEventsAfter(from);
    await until(async () => (await Promise.all(ids.map(deliveredCursor))).every((cursor) => cursor === expected.at(-1)), 20_000);
    for (const path of paths) {
      expect(receiver.maxInFlight.get(path), path).toBe(1);
      expect(receiver.on(path).map((entry) => entry.body.cursor), path).toEqual(expected);
    }
    const holders: Array<{ owners: number }> = await server.dataSource.query(
      `SELECT count(DISTINCT lease_owner)::int AS owners FROM webhook WHERE lease_owner IS NOT NULL`);
    expect(holders[0]!.owners).toBeLessThanOrEqual(2);
  });
});
