import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAgent, ingest, startTestServer, type AgentFixture, type TestServer } from '../../../../../../test/support/server.js';

let server: TestServer;
let admin: AgentFixture;

beforeAll(async () => {
  server = await startTestServer();
  admin = await buildAgent(server, { role: 'ADMIN' });
});
afterAll(() => server.close());

async function count(sql: string, params: unknown[] = []): Promise<number> {
  const [row] = await server.dataSource.query(`SELECT count(*)::int AS n FROM (${sql}) x`, params);
  return row.n;
}

describe('receiveMessage', () => {
  it('normalizes the address, so one person writing two ways is one customer with one thread', async () => {
    const first = await ingest(server, admin.token, { from: '+1 (555) 010-9999', fromName: 'Jane Roe', body: 'Hello?' });
    const second = await ingest(server, admin.token, { from: '+15550109999', body: 'Anyone there?' });
    expect(first.errors).toBeUndefined();
    expect(second.data!.receiveMessage.thread.id).toBe(first.data!.receiveMessage.thread.id);
    expect(first.data!.receiveMessage.thread.customer).toMatchObject({
      name: 'Jane Roe',
      identities: [{ channelKind: 'SMS', address: '+15550109999' }],
    });
    expect(await count(`SELECT 1 FROM message WHERE thread_id = $1`, [first.data!.receiveMessage.thread.id])).toBe(2);
  });

  it('gives each message the time the channel received it, and other kinds the time they were written', async () => {
    const tweetedAt = new Date(Date.now() - 3 * 3600_000).toISOString();
    const received = await ingest(server, admin.token, { channelKind: 'TWITTER', from: '@received_at_fan', receivedAt: tweetedAt });
    const threadId = received.data!.receiveMessage.thread.id;
    const before = Date.now();
    const note = await server.gql<{ addNote: { message: { receivedAt: string } } }>(
      `mutation($id: ID!) { addNote(threadId: $id, body: "checked") { message { receivedAt } } }`, { id: threadId }, admin.token);
    const read = await server.gql<{ thread: { messages: { edges: Array<{ node: { kind: string; receivedAt: string } }> } } }>(
      `query($id: ID!) { thread(id: $id) { messages { edges { node { kind receivedAt } } } } }`, { id: threadId }, admin.token);
    expect(read.data!.thread.messages.edges.map((edge) => edge.node)).toEqual([
      { kind: 'INBOUND', receivedAt: tweetedAt },
      { kind: 'NOTE', receivedAt: note.data!.addNote.message.receivedAt },
    ]);
    expect(new Date(note.data!.addNote.message.receivedAt).getTime()).toBeGreaterThanOrEqual(before - 1000);
  });

  it('names a customer who gave no name by the address they first wrote from', async () => {
    const result = await ingest(server, admin.token, { channelKind: 'EMAIL', from: '  Sam@Example.COM ' });
    expect(result.data!.receiveMessage.thread.customer.name).toBe('sam@example.com');
  });

  it('opens a new thread once the old one is RESOLVED, and reopens a PENDING one', async () => {
    const from = '+15550100001';
    const first = await ingest(server, admin.token, { from });
    const threadId = first.data!.receiveMessage.thread.id;
    await server.gql(`mutation($id: ID!) { setThreadStatus(threadId: $id, status: PENDING) { cursor } }`, { id: threadId }, admin.token);
    const reopened = await ingest(server, admin.token, { from });
    expect(reopened.data!.receiveMessage.thread).toMatchObject({ id: threadId, status: 'OPEN' });
    await server.gql(`mutation($id: ID!) { setThreadStatus(threadId: $id, status: RESOLVED) { cursor } }`, { id: threadId }, admin.token);
    const fresh = await ingest(server, admin.token, { from });
    expect(fresh.data!.receiveMessage.thread.id).not.toBe(threadId);
    expect(fresh.data!.receiveMessage.thread.customer.id).toBe(first.data!.receiveMessage.thread.customer.id);
  });

  it('logs CREATED then MESSAGE_RECEIVED with growing versions and the routing state', async () => {
    const result = await ingest(server, admin.token, { from: '+15550100002' });
    const threadId = result.data!.receiveMessage.thread.id;
    const events = await server.dataSource.query(
      `SELECT type, thread_version, before, after, queue_id, message_id FROM event WHERE thread_id = $1 ORDER BY id`, [threadId]);
    expect(events.map((e: { type: string; thread_version: number }) => [e.type, e.thread_version])).toEqual([['CREATED', 1], ['MESSAGE_RECEIVED', 2]]);
    expect(events[0].before).toBeNull();
    expect(events[1].before.waitingSince).toBeNull();
    expect(events[1].after.waitingSince).not.toBeNull();
    expect(events[1].message_id).toBe(result.data!.receiveMessage.message.id);
    expect(result.data!.receiveMessage.thread.version).toBe(2);
  });

  it('answers a second delivery of the same externalId with duplicate: true and changes nothing', async () => {
    const first = await ingest(server, admin.token, { from: '+15550100003', externalId: 'sms-dup-1' });
    const before = await Promise.all([count('SELECT 1 FROM message'), count('SELECT 1 FROM event'), count('SELECT 1 FROM thread')]);
    const again = await ingest(server, admin.token, { from: '+15550100003', externalId: 'sms-dup-1', body: 'different body' });
    expect(again.data!.receiveMessage.duplicate).toBe(true);
    expect(again.data!.receiveMessage.message.id).toBe(first.data!.receiveMessage.message.id);
    const [stored] = await server.dataSource.query(`SELECT body FROM message WHERE id = $1`, [first.data!.receiveMessage.message.id]);
    expect(stored.body).not.toBe('different body');
    expect(await Promise.all([count('SELECT 1 FROM message'), count('SELECT 1 FROM event'), count('SELECT 1 FROM thread')])).toEqual(before);
  });

  it('makes exactly one message when ten deliveries of one externalId race', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, () => ingest(server, admin.token, { from: '+15550100004', externalId: 'race-1' })),
    );
    expect(results.map((r) => r.errors)).toEqual(Array(10).fill(undefined));
    expect(results.filter((r) => !r.data!.receiveMessage.duplicate)).toHaveLength(1);
    expect(new Set(results.map((r) => r.data!.receiveMessage.message.id)).size).toBe(1);
    expect(await count(`SELECT 1 FROM message WHERE external_id = 'race-1'`)).toBe(1);
  });

  it('makes one customer and one thread from a multi-part SMS of a new sender (parts racing)', async () => {
    const from = '+15550100005';
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, part) => ingest(server, admin.token, { from, externalId: `multipart-${part}`, body: `part ${part}` })),
    );
    expect(results.map((r) => r.errors)).toEqual(Array(8).fill(undefined));
    expect(new Set(results.map((r) => r.data!.receiveMessage.thread.id)).size).toBe(1);
    expect(await count(`SELECT 1 FROM customer_identity WHERE address = $1`, [from])).toBe(1);
    expect(await count(`SELECT 1 FROM message WHERE external_id LIKE 'multipart-%'`)).toBe(8);
  });

  it.each([
    [{ body: '   ' }, 'input.body'],
    [{ body: 'x'.repeat(64 * 1024 + 1) }, 'input.body'],
    [{ from: '12ab' }, 'input.from'],
    [{ externalId: '  ' }, 'input.externalId'],
    [{ receivedAt: new Date(Date.now() + 10 * 60_000).toISOString() }, 'input.receivedAt'],
    [{ channelKind: 'EMAIL', from: 'not an address' }, 'input.from'],
    [{ channelId: 'chn_missing' }, 'input.channelId'],
  ])('refuses %# with BAD_USER_INPUT naming the field, writing nothing', async (overrides, field) => {
    const before = await Promise.all(['message', 'event', 'thread', 'customer'].map((t) => count(`SELECT 1 FROM ${t}`)));
    const result = await ingest(server, admin.token, { from: '+15550100006', ...overrides });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(result.data?.receiveMessage).toBeNull();
    expect(await Promise.all(['message', 'event', 'thread', 'customer'].map((t) => count(`SELECT 1 FROM ${t}`)))).toEqual(before);
  });

  it('is refused to agents who are not ADMIN', async () => {
    const agent = await buildAgent(server);
    const result = await ingest(server, agent.token, {});
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
