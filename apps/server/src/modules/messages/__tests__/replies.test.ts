import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAgent, ingest, startTestServer, type AgentFixture, type TestServer } from '../../../../../../test/support/server.js';

let server: TestServer;
let admin: AgentFixture;
let owner: AgentFixture;
let helper: AgentFixture;
let bystander: AgentFixture;

const REPLY = `mutation($id: ID!, $body: String!, $kind: ChannelKind, $key: String) {
  reply(threadId: $id, body: $body, channelKind: $kind, idempotencyKey: $key) {
    cursor message { id kind to deliveryStatus channel { kind } author { id } } thread { id waitingSince responseDueAt firstResponseAt } } }`;
const DELIVERY = `mutation($id: ID!, $s: DeliveryStatus!, $ext: String, $err: String) { setMessageDelivery(messageId: $id, status: $s, externalId: $ext, error: $err) { id deliveryStatus externalId } }`;
const THREAD = `query($id: ID!) { thread(id: $id) { waitingSince responseDueAt waitChannel { kind } firstResponseAt messages { edges { node { kind body } } } } }`;

type ReplyData = { reply: { cursor: string; message: { id: string; kind: string; to: string; deliveryStatus: string; channel: { kind: string }; author: { id: string } }; thread: { waitingSince: string | null; firstResponseAt: string | null } } };

beforeAll(async () => {
  server = await startTestServer();
  admin = await buildAgent(server, { role: 'ADMIN' });
  const [{ id: general }] = await server.dataSource.query(`SELECT id FROM queue WHERE name = 'General'`);
  owner = await buildAgent(server, { queueIds: [general], name: 'Owner', capacity: 100 });
  helper = await buildAgent(server, { queueIds: [general], name: 'Helper' });
  bystander = await buildAgent(server, { queueIds: [general], name: 'Bystander' });
});
afterAll(() => server.close());

let n = 0;
async function ownedThread(options: Parameters<typeof ingest>[2] = {}) {
  const from = `+1555070${String(++n).padStart(4, '0')}`;
  const result = await ingest(server, admin.token, { from, receivedAt: new Date(Date.now() - 2 * 60_000).toISOString(), ...options });
  const thread = result.data!.receiveMessage.thread;
  expect((await server.gql(`mutation($id: ID!) { claimThread(threadId: $id) { cursor } }`, { id: thread.id }, owner.token)).errors).toBeUndefined();
  return { id: thread.id, customerId: thread.customer.id, from };
}

describe('reply', () => {
  it("stops the wait clock, sets firstResponseAt once, and queues delivery to the customer's address", async () => {
    const thread = await ownedThread();
    const first = await server.gql<ReplyData>(REPLY, { id: thread.id, body: 'Hi! Looking into it.' }, owner.token);
    expect(first.errors).toBeUndefined();
    expect(first.data!.reply.message).toMatchObject({ kind: 'REPLY', to: thread.from, deliveryStatus: 'QUEUED', channel: { kind: 'SMS' }, author: { id: owner.id } });
    expect(first.data!.reply.thread.waitingSince).toBeNull();
    const firstResponseAt = first.data!.reply.thread.firstResponseAt;
    expect(firstResponseAt).not.toBeNull();
    await ingest(server, admin.token, { from: thread.from });
    const second = await server.gql<ReplyData>(REPLY, { id: thread.id, body: 'Done.' }, owner.token);
    expect(second.data!.reply.thread.firstResponseAt).toBe(firstResponseAt);
    const [event] = await server.dataSource.query(`SELECT type, message_id, id::text FROM event WHERE thread_id = $1 ORDER BY event.id DESC LIMIT 1`, [thread.id]);
    expect(event).toEqual({ type: 'REPLIED', message_id: second.data!.reply.message.id, id: second.data!.reply.cursor });
  });

  it('goes to another channel the customer has an identity on, else NO_CUSTOMER_IDENTITY', async () => {
    const thread = await ownedThread();
    const none = await server.gql(REPLY, { id: thread.id, body: 'By e-mail?', kind: 'EMAIL' }, owner.token);
    expect(none.errors?.[0]?.extensions?.code).toBe('NO_CUSTOMER_IDENTITY');
    await server.gql(`mutation($c: ID!) { addCustomerIdentity(customerId: $c, channelKind: EMAIL, address: "Reply.Here@Example.com") { id } }`, { c: thread.customerId }, owner.token);
    const sent = await server.gql<ReplyData>(REPLY, { id: thread.id, body: 'Sent you the details by e-mail.', kind: 'EMAIL' }, owner.token);
    expect(sent.data!.reply.message).toMatchObject({ channel: { kind: 'EMAIL' }, to: 'reply.here@example.com' });
  });

  it('returns the first reply for a retry with the same idempotencyKey, also when retries race', async () => {
    const thread = await ownedThread();
    const results = await Promise.all(Array.from({ length: 5 }, () =>
      server.gql<ReplyData>(REPLY, { id: thread.id, body: 'Once only', key: 'client-key-1' }, owner.token)));
    expect(results.map((r) => r.errors)).toEqual(Array(5).fill(undefined));
    expect(new Set(results.map((r) => r.data!.reply.message.id)).size).toBe(1);
    expect(new Set(results.map((r) => r.data!.reply.cursor)).size).toBe(1);
    const [{ count }] = await server.dataSource.query(`SELECT count(*)::int AS count FROM message WHERE thread_id = $1 AND kind = 'REPLY'`, [thread.id]);
    expect(count).toBe(1);
    const [{ events }] = await server.dataSource.query(`SELECT count(*)::int AS events FROM event WHERE thread_id = $1 AND type = 'REPLIED'`, [thread.id]);
    expect(events).toBe(1);
  });

  it('lets collaborators reply after joining; others get NOT_A_PARTICIPANT; any queue member may add a note', async () => {
    const thread = await ownedThread();
    expect((await server.gql(REPLY, { id: thread.id, body: 'me too' }, helper.token)).errors?.[0]?.extensions?.code).toBe('NOT_A_PARTICIPANT');
    const joined = await server.gql<{ joinThread: { thread: { collaborators: Array<{ id: string }> } } }>(
      `mutation($id: ID!) { joinThread(threadId: $id) { thread { collaborators { id } } } }`, { id: thread.id }, helper.token);
    expect(joined.data!.joinThread.thread.collaborators).toEqual([{ id: helper.id }]);
    expect((await server.gql(REPLY, { id: thread.id, body: 'Helper here' }, helper.token)).errors).toBeUndefined();
    const note = await server.gql<{ addNote: { message: { kind: string } } }>(`mutation($id: ID!) { addNote(threadId: $id, body: "VIP customer") { message { kind } } }`, { id: thread.id }, bystander.token);
    expect(note.data!.addNote.message.kind).toBe('NOTE');
    await server.gql(`mutation($id: ID!) { leaveThread(threadId: $id) { cursor } }`, { id: thread.id }, helper.token);
    expect((await server.gql(REPLY, { id: thread.id, body: 'again' }, helper.token)).errors?.[0]?.extensions?.code).toBe('NOT_A_PARTICIPANT');
    const types = await server.dataSource.query(`SELECT type FROM event WHERE thread_id = $1 ORDER BY id`, [thread.id]);
    expect(types.map((t: { type: string }) => t.type)).toEqual(['CREATED', 'MESSAGE_RECEIVED', 'CLAIMED', 'JOINED', 'REPLIED', 'NOTE_ADDED', 'LEFT']);
  });

  it('refuses a blank or oversized body with BAD_USER_INPUT and writes nothing', async () => {
    const thread = await ownedThread();
    for (const body of ['  ', 'x'.repeat(64 * 1024 + 1)]) {
      const result = await server.gql(REPLY, { id: thread.id, body }, owner.token);
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'body' });
    }
    const [{ n: replies }] = await server.dataSource.query(`SELECT count(*)::int AS n FROM message WHERE thread_id = $1 AND kind = 'REPLY'`, [thread.id]);
    expect(replies).toBe(0);
  });
});

describe('setMessageDelivery', () => {
  it('moves a reply through SENT and DELIVERED with events, and refuses going back', async () => {
    const thread = await ownedThread();
    const reply = await server.gql<ReplyData>(REPLY, { id: thread.id, body: 'On its way' }, owner.token);
    const id = reply.data!.reply.message.id;
    expect((await server.gql(DELIVERY, { id, s: 'SENT', ext: 'SM123' }, admin.token)).data).toEqual({ setMessageDelivery: { id, deliveryStatus: 'SENT', externalId: 'SM123' } });
    expect((await server.gql(DELIVERY, { id, s: 'DELIVERED' }, admin.token)).data).toEqual({ setMessageDelivery: { id, deliveryStatus: 'DELIVERED', externalId: 'SM123' } });
    expect((await server.gql(DELIVERY, { id, s: 'QUEUED' }, admin.token)).errors?.[0]?.extensions?.code).toBe('INVALID_STATE');
    const types = await server.dataSource.query(`SELECT type FROM event WHERE message_id = $1 ORDER BY id`, [id]);
    expect(types.map((t: { type: string }) => t.type)).toEqual(['REPLIED', 'DELIVERY_CHANGED', 'DELIVERY_CHANGED']);
    expect((await server.gql(DELIVERY, { id, s: 'SENT' }, owner.token)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('restores the wait clock a FAILED reply had stopped: the customer never got the answer', async () => {
    const thread = await ownedThread();
    const before = await server.gql<{ thread: { waitingSince: string; responseDueAt: string; waitChannel: { kind: string } } }>(THREAD, { id: thread.id }, owner.token);
    const reply = await server.gql<ReplyData>(REPLY, { id: thread.id, body: 'This will bounce' }, owner.token);
    expect((await server.gql<{ thread: { waitingSince: null } }>(THREAD, { id: thread.id }, owner.token)).data!.thread.waitingSince).toBeNull();
    const failed = await server.gql(DELIVERY, { id: reply.data!.reply.message.id, s: 'FAILED', err: 'carrier rejected' }, admin.token);
    expect(failed.errors).toBeUndefined();
    const after = await server.gql<{ thread: { waitingSince: string; responseDueAt: string; waitChannel: { kind: string } } }>(THREAD, { id: thread.id }, owner.token);
    expect(after.data!.thread).toMatchObject({
      waitingSince: before.data!.thread.waitingSince,
      responseDueAt: before.data!.thread.responseDueAt,
      waitChannel: { kind: 'SMS' },
    });
  });

  it('refuses a message that is not a reply', async () => {
    const thread = await ownedThread();
    const note = await server.gql<{ addNote: { message: { id: string } } }>(`mutation($id: ID!) { addNote(threadId: $id, body: "internal") { message { id } } }`, { id: thread.id }, owner.token);
    const result = await server.gql(DELIVERY, { id: note.data!.addNote.message.id, s: 'SENT' }, admin.token);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'messageId' });
  });
});
