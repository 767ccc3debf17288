import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildAgent, ingest, startTestServer, until, type AgentFixture, type TestServer } from '../../../../../../test/support/server.js';
import { MessageReader } from '../../messages/message-reader.js';
import { WebhookDispatcher, type DispatcherOptions } from '../webhook-dispatcher.js';
import { verifyWebhookSignature } from '../webhook-signer.js';
import { startReceiver, type Receiver } from './receiver.js';

let server: TestServer;
let admin: AgentFixture;
let receiver: Receiver;
const dispatchers: WebhookDispatcher[] = [];

const CREATE = `mutation($url: String!, $types: [ThreadEventType!]) { createWebhook(url: $url, types: $types) { secret webhook { id url types active deliveredCursor failingSince } } }`;
const DELIVERIES = `query($id: ID!, $first: Int) { webhookDeliveries(webhookId: $id, first: $first) { id eventCursor attempt status httpStatus error at } }`;
const HOOKS = `{ webhooks { id url types active deliveredCursor failingSince } }`;
type Hook = { id: string; url: string; types: string[]; active: boolean; deliveredCursor: string | null; failingSince: string | null };
type Delivery = { id: string; eventCursor: string; attempt: number; status: string; httpStatus: number | null; error: string | null };

beforeAll(async () => {
  process.env.SWITCHBOARD_WEBHOOK_ALLOW_PRIVATE = 'true'; // the receiver listens on 127.0.0.1
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
  await receiver.close();
  await server.close();
});

/** A dispatcher on the test server's database, with short waits. */
function dispatcher(options: Partial<DispatcherOptions> = {}): WebhookDispatcher {
  const created = new WebhookDispatcher(server.dataSource, new MessageReader(server.dataSource), pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }), {
    allowPrivate: true, pollMs: 25, requestTimeoutMs: 1_000, leaseMs: 3_000, backoff: { baseMs: 20, maxMs: 200 }, ...options,
  });
  dispatchers.push(created);
  created.start();
  return created;
}

async function createWebhook(path: string, types?: string[]): Promise<{ secret: string; webhook: Hook }> {
  const result = await server.gql<{ createWebhook: { secret: string; webhook: Hook } }>(CREATE, { url: `${receiver.url}${path}`, types }, admin.token);
  expect(result.errors).toBeUndefined();
  return result.data!.createWebhook;
}

/** Thread event cursors after `after`, in log order (optionally of some types). */
async function threadEventsAfter(after: string, types?: string[]): Promise<string[]> {
  const rows: Array<{ id: string }> = await server.dataSource.query(
    `SELECT e.id::text AS id FROM event e WHERE e.id > $1::bigint AND e.thread_id IS NOT NULL AND ($2::text[] IS NULL OR e.type = ANY($2)) ORDER BY e.id`, [after, types ?? null]);
  return rows.map((row) => row.id);
}

const cursorNow = async () => ((await server.dataSource.query(`SELECT coalesce(max(id), 0)::text AS id FROM event`)) as [{ id: string }])[0].id;
const hook = async (id: string) => (await server.gql<{ webhooks: Hook[] }>(HOOKS, {}, admin.token)).data!.webhooks.find((h) => h.id === id)!;
const deliveries = async (id: string, first = 50) => (await server.gql<{ webhookDeliveries: Delivery[] }>(DELIVERIES, { id, first }, admin.token)).data!.webhookDeliveries;
const acknowledged = (path: string, ok = (_nth: number) => true) => receiver.on(path).filter((_, i) => ok(i)).map((entry) => entry.body.cursor);

describe('createWebhook', () => {
  it('is for ADMINs only, shows the secret once and starts at the current cursor', async () => {
    const agent = await buildAgent(server);
    const refused = await server.gql(CREATE, { url: `${receiver.url}/nope` }, agent.token);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await server.gql(HOOKS, {}, agent.token)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    await ingest(server, admin.token); // history: not delivered
    const latest = await cursorNow();
    const { secret, webhook } = await createWebhook('/admin-only');
    expect(secret).toMatch(/^whsec_[\w-]{43}$/);
    expect(webhook).toMatchObject({ url: `${receiver.url}/admin-only`, types: [], active: true, deliveredCursor: null, failingSince: null });
    const listed = await server.gql<{ webhooks: Array<Record<string, unknown>> }>(`{ webhooks { id } }`, {}, admin.token);
    expect(listed.data!.webhooks.map((h) => h.id)).toContain(webhook.id);
    const cursor: Array<{ cursor: string }> = await server.dataSource.query(`SELECT cursor::text AS cursor FROM webhook WHERE id = $1`, [webhook.id]);
    // The latest event then; its own WEBHOOK_CHANGED (a system event, never delivered) comes after.
    expect(cursor[0]!.cursor).toBe(latest);
  });

  it('refuses loopback, private and link-local targets with BAD_USER_INPUT unless SWITCHBOARD_WEBHOOK_ALLOW_PRIVATE=true', async () => {
    process.env.SWITCHBOARD_WEBHOOK_ALLOW_PRIVATE = 'false';
    const strict = await startTestServer();
    process.env.SWITCHBOARD_WEBHOOK_ALLOW_PRIVATE = 'true';
    try {
      const strictAdmin = await buildAgent(strict, { role: 'ADMIN' });
      for (const url of [receiver.url, 'http://localhost:8080/', 'http://[::1]/', 'http://10.1.2.3/', 'http://172.20.0.1/', 'http://192.168.1.1/',
        'http://169.254.169.254/latest/meta-data', 'http://[fd00::1]/', 'http://[::ffff:127.0.0.1]/', 'http://0.0.0.0/']) {
        const result = await strict.gql(CREATE, { url }, strictAdmin.token);
        expect(result.errors?.[0]?.extensions, url).toMatchObject({ code: 'BAD_USER_INPUT', field: 'url' });
        expect(result.errors?.[0]?.message, url).toMatch(/^url: must not point to a loopback, private or reserved address/);
      }
      expect((await strict.dataSource.query(`SELECT count(*)::int AS n FROM webhook`))[0].n).toBe(0);
    } finally {
      await strict.close();
    }
  });

  it('refuses URLs that are not http(s) with BAD_USER_INPUT', async () => {
    for (const url of ['ftp://127.0.0.1/x', 'mailto:a@b.c', 'nonsense']) {
      const result = await server.gql(CREATE, { url }, admin.token);
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'url' });
    }
  });
});

describe('WebhookDispatcher', () => {
  it('delivers every thread event after its creation once, in cursor order, signed with the secret createWebhook returned', async () => {
    await ingest(server, admin.token, { body: 'before the webhook' });
    const { secret, webhook } = await createWebhook('/signed');
    const from = await cursorNow();
    for (let i = 0; i < 5; i++) await ingest(server, admin.token, { body: `hello ${i}` });
    const expected = await threadEventsAfter(from);
    expect(expected.length).toBeGreaterThanOrEqual(10);
    dispatcher();
    await until(async () => (await hook(webhook.id)).deliveredCursor === expected.at(-1));
    const got = receiver.on('/signed');
    expect(got.map((entry) => entry.body.cursor)).toEqual(expected);
    for (const entry of got) {
      expect(entry.headers['switchboard-event-id']).toBe(entry.body.cursor);
      expect(entry.headers['content-type']).toBe('application/json');
      expect(verifyWebhookSignature(secret, entry.raw, String(entry.headers['switchboard-signature']))).toBe(true);
      expect(Object.keys(entry.body).sort()).toEqual(['actorId', 'after', 'at', 'before', 'cursor', 'message', 'note', 'threadId', 'threadVersion', 'type']);
    }
    const received = got.filter((entry) => entry.body.type === 'MESSAGE_RECEIVED');
    expect(received.map((entry) => (entry.body.message as { body: string }).body)).toEqual(['hello 0', 'hello 1', 'hello 2', 'hello 3', 'hello 4']);
    expect(received[0]!.body.message).toMatchObject({ kind: 'INBOUND', channelKind: 'SMS' });
    expect(received[0]!.body.after).toMatchObject({ status: 'OPEN', ownerId: null, priority: 'NORMAL' });
    expect(got.some((entry) => entry.raw.includes('before the webhook'))).toBe(false);
    const records = await deliveries(webhook.id, 500);
    expect(records.every((record) => record.status === 'DELIVERED' && record.httpStatus === 200 && record.attempt === 1)).toBe(true);
    expect(records.map((record) => record.eventCursor)).toEqual([...expected].reverse());
  });

  it('sends only the types asked for, and its cursor moves past the others', async () => {
    const { webhook } = await createWebhook('/typed', ['MESSAGE_RECEIVED']);
    const from = await cursorNow();
    for (let i = 0; i < 3; i++) await ingest(server, admin.token);
    const expected = await threadEventsAfter(from, ['MESSAGE_RECEIVED']);
    dispatcher();
    await until(async () => (await hook(webhook.id)).deliveredCursor === expected.at(-1));
    const last = await cursorNow();
    await until(async () => ((await server.dataSource.query(`SELECT cursor::text AS c FROM webhook WHERE id = $1`, [webhook.id])) as [{ c: string }])[0].c === last);
    expect(acknowledged('/typed')).toEqual(expected);
    expect(expected).toHaveLength(3);
  });

  it('retries a receiver that fails twice with back-off, then delivers every event once, in order', async () => {
    receiver.answerWith((request, nth) => (request.path === '/flaky' && nth <= 2 ? (nth === 1 ? { status: 500 } : { status: 200, delayMs: 1_500 }) : { status: 200 }));
    const { webhook } = await createWebhook('/flaky');
    const from = await cursorNow();
    for (let i = 0; i < 3; i++) await ingest(server, admin.token);
    const expected = await threadEventsAfter(from);
    dispatcher();
    await until(async () => (await hook(webhook.id)).deliveredCursor === expected.at(-1));
    const cursors = receiver.on('/flaky').map((entry) => entry.body.cursor);
    expect(cursors).toEqual([expected[0], expected[0], ...expected]); // 500, no answer in 1 s, then each once
    const records = await deliveries(webhook.id, 500);
    expect(records.at(-1)).toMatchObject({ eventCursor: expected[0], attempt: 1, status: 'FAILED', httpStatus: 500, error: 'answered HTTP 500' });
    expect(records.at(-2)).toMatchObject({ eventCursor: expected[0], attempt: 2, status: 'FAILED', httpStatus: null, error: 'no answer in 1 s' });
    expect(records.at(-3)).toMatchObject({ eventCursor: expected[0], attempt: 3, status: 'DELIVERED', httpStatus: 200 });
    expect((await hook(webhook.id)).failingSince).toBeNull();
    receiver.answerWith(() => ({ status: 200 }));
  });

  it('deactivates a webhook that fails for the whole failure window, keeps its cursor, and catches up once enabled again', async () => {
    receiver.answerWith((request) => (request.path === '/down' ? { status: 503 } : { status: 200 }));
    const { webhook } = await createWebhook('/down');
    const from = await cursorNow();
    for (let i = 0; i < 2; i++) await ingest(server, admin.token);
    const expected = await threadEventsAfter(from);
    dispatcher({ failureWindowMs: 300 });
    await until(async () => !(await hook(webhook.id)).active);
    const down = await hook(webhook.id);
    expect(down.deliveredCursor).toBeNull();
    expect(down.failingSince).not.toBeNull();
    const failed = await deliveries(webhook.id);
    expect(failed.length).toBeGreaterThanOrEqual(2);
    expect(failed.every((record) => record.status === 'FAILED' && record.eventCursor === expected[0] && record.httpStatus === 503)).toBe(true);
    expect(failed.map((record) => record.attempt)).toEqual(failed.map((_, i) => failed.length - i));

    receiver.answerWith(() => ({ status: 200 }));
    const enabled = await server.gql<{ setWebhookActive: Hook }>(`mutation($id: ID!) { setWebhookActive(id: $id, active: true) { active failingSince } }`, { id: webhook.id }, admin.token);
    expect(enabled.data!.setWebhookActive).toEqual({ active: true, failingSince: null });
    await until(async () => (await hook(webhook.id)).deliveredCursor === expected.at(-1));
    expect(acknowledged('/down', (i) => i >= failed.length)).toEqual(expected);
  });

  it('resumes past the retention at the oldest kept event and records the gap', async () => {
    const { webhook } = await createWebhook('/gap');
    await server.gql(`mutation($id: ID!) { setWebhookActive(id: $id, active: false) { active } }`, { id: webhook.id }, admin.token);
    const [row]: Array<{ cursor: string }> = await server.dataSource.query(`SELECT cursor::text AS cursor FROM webhook WHERE id = $1`, [webhook.id]);
    const from = row!.cursor;
    for (let i = 0; i < 3; i++) await ingest(server, admin.token);
    await server.dataSource.query(`SELECT prune_events(now() + interval '1 hour')`); // keeps only the newest event
    const kept = await threadEventsAfter(from);
    expect(kept).toHaveLength(1);
    dispatcher();
    await server.gql(`mutation($id: ID!) { setWebhookActive(id: $id, active: true) { active } }`, { id: webhook.id }, admin.token);
    await until(async () => (await hook(webhook.id)).deliveredCursor === kept[0]);
    expect(acknowledged('/gap')).toEqual(kept);
    const [delivered, gap] = await deliveries(webhook.id);
    expect(delivered).toMatchObject({ eventCursor: kept[0], status: 'DELIVERED' });
    expect(gap).toMatchObject({ eventCursor: from, status: 'FAILED', attempt: 0 });
    expect(gap!.error).toMatch(/^gap: the events after cursor \d+ up to \d+ left the log \(retention\)/);
  });

  it('prunes delivery records with the log retention, and deleteWebhook takes the rest', async () => {
    const { webhook } = await createWebhook('/pruned');
    const from = await cursorNow();
    await ingest(server, admin.token);
    const expected = await threadEventsAfter(from); // CREATED and MESSAGE_RECEIVED
    const running = dispatcher({ retentionDays: 1 });
    // Every one delivered, not just the first: a later delivery would write a record after the ageing below.
    await until(async () => (await hook(webhook.id)).deliveredCursor === expected.at(-1));
    const before = (await deliveries(webhook.id)).length;
    await server.dataSource.query(`UPDATE webhook_delivery SET at = now() - interval '2 days' WHERE webhook_id = $1`, [webhook.id]);
    expect(await running.prune()).toBeGreaterThanOrEqual(before);
    expect(await deliveries(webhook.id)).toEqual([]);
    const deleted = await server.gql<{ deleteWebhook: boolean }>(`mutation($id: ID!) { deleteWebhook(id: $id) }`, { id: webhook.id }, admin.token);
    expect(deleted.data!.deleteWebhook).toBe(true);
    expect((await server.gql(DELIVERIES, { id: webhook.id }, admin.token)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await server.gql(`mutation($id: ID!) { deleteWebhook(id: $id) }`, { id: webhook.id }, admin.token)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
