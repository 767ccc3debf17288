import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKFILL_WAIT_EPISODES } from '../../../db/migrations/1763830000040-wait-episodes.js';
import { buildAgent, ingest, startTestServer, type AgentFixture, type TestServer } from '../../../../../../test/support/server.js';

let server: TestServer;
let admin: AgentFixture;
let general: string;
let billing: string;
const channels: Record<string, string> = {};

const REPLY = `mutation($id: ID!, $body: String!) { reply(threadId: $id, body: $body) { message { id } } }`;
const DELIVERY = `mutation($id: ID!, $s: DeliveryStatus!) { setMessageDelivery(messageId: $id, status: $s) { id } }`;
const CLAIM = `mutation($id: ID!) { claimThread(threadId: $id) { cursor } }`;
const HAND_OFF = `mutation($id: ID!, $agent: ID, $queue: ID) { handOffThread(threadId: $id, toAgentId: $agent, toQueueId: $queue) { cursor } }`;
const STATUS = `mutation($id: ID!, $s: ThreadStatus!) { setThreadStatus(threadId: $id, status: $s) { cursor } }`;

interface Episode {
  thread_id: string; channel_id: string; queue_id: string; started_at: Date; due_at: Date;
  answered_at: Date | null; answered_by: string | null; answer_message_id: string | null; breached_at: Date | null; closed_at: Date | null;
}

beforeAll(async () => {
  server = await startTestServer();
  admin = await buildAgent(server, { role: 'ADMIN' });
  [{ id: general }] = await server.dataSource.query(`SELECT id FROM queue WHERE name = 'General'`);
  billing = (await server.gql<{ createQueue: { id: string } }>('mutation { createQueue(name: "Billing") { id } }', {}, admin.token)).data!.createQueue.id;
  for (const row of await server.dataSource.query(`SELECT kind, id FROM channel`)) channels[row.kind] = row.id;
});
afterAll(() => server.close());

const minutes = (n: number) => n * 60_000;
const at = (ms: number) => new Date(ms).toISOString();
let customerSeq = 0;

async function episodes(threadId: string): Promise<Episode[]> {
  return server.dataSource.query(
    `SELECT thread_id, channel_id, queue_id, started_at, due_at, answered_at, answered_by, answer_message_id, breached_at, closed_at
       FROM wait_episode WHERE thread_id = $1 ORDER BY started_at, id`, [threadId]);
}

async function ok<T>(result: Promise<{ data?: T | null; errors?: unknown[] }>): Promise<T> {
  const { data, errors } = await result;
  expect(errors).toBeUndefined();
  return data!;
}

async function reply(threadId: string, agent: AgentFixture): Promise<{ id: string; createdAt: Date }> {
  const { reply: { message } } = await ok(server.gql<{ reply: { message: { id: string } } }>(REPLY, { id: threadId, body: 'On it.' }, agent.token));
  const [row] = await server.dataSource.query(`SELECT created_at FROM message WHERE id = $1`, [message.id]);
  return { id: message.id, createdAt: row.created_at };
}

/** A customer's first message (SMS unless told), and their thread. */
async function firstMessage(options: Parameters<typeof ingest>[2] = {}) {
  const from = options.from ?? `+1555090${String(++customerSeq).padStart(4, '0')}`;
  const result = await ingest(server, admin.token, { ...options, from });
  expect(result.errors).toBeUndefined();
  const thread = result.data!.receiveMessage.thread;
  return { threadId: thread.id, customerId: thread.customer.id, from };
}

describe('wait episodes', () => {
  it('follow one wait from a tweet, moved earlier by an SMS, handed off, answered by whoever replied, reopened by a FAILED delivery', async () => {
    const ada = await buildAgent(server, { queueIds: [general], name: 'Ada' });
    const ben = await buildAgent(server, { queueIds: [billing], name: 'Ben' });
    const t0 = Date.now() - minutes(30);
    const handle = `episode_tweeter_${++customerSeq}`;
    const phone = `+1555091${String(customerSeq).padStart(4, '0')}`;
    const tweet = await ingest(server, admin.token, { channelKind: 'TWITTER', from: handle, receivedAt: at(t0) });
    const threadId = tweet.data!.receiveMessage.thread.id;
    const open = { thread_id: threadId, queue_id: general, answered_at: null, answered_by: null, answer_message_id: null, breached_at: null, closed_at: null };
    expect(await episodes(threadId)).toEqual([{ ...open, channel_id: channels.TWITTER, started_at: new Date(t0), due_at: new Date(t0 + minutes(60)) }]);

    await ok(server.gql(`mutation($c: ID!, $a: String!) { addCustomerIdentity(customerId: $c, channelKind: SMS, address: $a) { id } }`,
      { c: tweet.data!.receiveMessage.thread.customer.id, a: phone }, admin.token));
    await ingest(server, admin.token, { channelKind: 'SMS', from: phone, receivedAt: at(t0 + minutes(10)) });
    const moved = { ...open, channel_id: channels.SMS, started_at: new Date(t0), due_at: new Date(t0 + minutes(15)) };
    expect(await episodes(threadId)).toEqual([moved]);

    // Ada takes it and hands it to Billing, where Ben answers: the wait was Billing's, answered by Ben.
    await ok(server.gql(CLAIM, { id: threadId }, ada.token));
    await ok(server.gql(HAND_OFF, { id: threadId, queue: billing }, ada.token));
    expect(await episodes(threadId)).toEqual([{ ...moved, queue_id: billing }]);
    await ok(server.gql(CLAIM, { id: threadId }, ben.token));
    const answer = await reply(threadId, ben);
    const answered = { ...moved, queue_id: billing, answered_at: answer.createdAt, answered_by: ben.id, answer_message_id: answer.id };
    expect(await episodes(threadId)).toEqual([answered]);

    // The customer never got it: the same wait is open again.
    await ok(server.gql(DELIVERY, { id: answer.id, s: 'FAILED' }, admin.token));
    expect(await episodes(threadId)).toEqual([{ ...moved, queue_id: billing }]);
    const again = await reply(threadId, ben);
    expect(await episodes(threadId)).toEqual([{ ...answered, answered_at: again.createdAt, answer_message_id: again.id }]);
  });

  it('merges a wait that started after the failed reply into the one it reopens, keeping a recorded breach', async () => {
    const ada = await buildAgent(server, { queueIds: [general], name: 'Ada' });
    const t0 = Date.now() - minutes(20);
    const { threadId, from } = await firstMessage({ receivedAt: at(t0) });
    await ok(server.gql(CLAIM, { id: threadId }, ada.token));
    const answer = await reply(threadId, ada);
    await ingest(server, admin.token, { from, receivedAt: at(t0 + minutes(10)) });
    // As the breach timer would record it on the newer wait.
    await server.dataSource.query(`UPDATE wait_episode SET breached_at = now() WHERE thread_id = $1 AND answered_at IS NULL`, [threadId]);
    expect(await episodes(threadId)).toHaveLength(2);

    await ok(server.gql(DELIVERY, { id: answer.id, s: 'FAILED' }, admin.token));
    const [reopened, ...others] = await episodes(threadId);
    expect(others).toEqual([]);
    expect(reopened).toMatchObject({
      channel_id: channels.SMS, started_at: new Date(t0), due_at: new Date(t0 + minutes(5)), answered_at: null, answered_by: null, closed_at: null,
    });
    expect(reopened!.breached_at).toBeInstanceOf(Date);
  });

  it('closes a wait that PENDING or RESOLVED ends without an answer, and opens a new one on the next message', async () => {
    const ada = await buildAgent(server, { queueIds: [general], name: 'Ada' });
    for (const status of ['PENDING', 'RESOLVED']) {
      const { threadId, from } = await firstMessage({ channelKind: 'EMAIL', from: `closing-${status.toLowerCase()}-${++customerSeq}@example.com` });
      await ok(server.gql(CLAIM, { id: threadId }, ada.token));
      await ok(server.gql(STATUS, { id: threadId, s: status }, ada.token));
      const [closed, ...none] = await episodes(threadId);
      expect(none).toEqual([]);
      expect(closed).toMatchObject({ channel_id: channels.EMAIL, answered_at: null, answered_by: null });
      expect(closed!.closed_at).toBeInstanceOf(Date);
      if (status === 'PENDING') {
        await ingest(server, admin.token, { channelKind: 'EMAIL', from });
        const all = await episodes(threadId);
        expect(all.map((episode) => episode.closed_at === null)).toEqual([false, true]);
      }
    }
  });

  it('keeps at most one open episode per thread under 20 concurrent messages of one customer', async () => {
    const from = `+1555092${String(++customerSeq).padStart(4, '0')}`;
    const t0 = Date.now() - minutes(40);
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) =>
      ingest(server, admin.token, { from, receivedAt: at(t0 + minutes(i)) })));
    const threadIds = new Set(results.map((result) => result.data!.receiveMessage.thread.id));
    expect(threadIds.size).toBe(1);
    const [threadId] = [...threadIds];
    expect(await episodes(threadId!)).toEqual([expect.objectContaining({ started_at: new Date(t0), due_at: new Date(t0 + minutes(5)), closed_at: null, answered_at: null })]);
    const second = server.dataSource.query(
      `INSERT INTO wait_episode (id, thread_id, channel_id, queue_id, started_at, due_at) VALUES ('wep_extra', $1, $2, $3, now(), now())`,
      [threadId, channels.SMS, general]);
    await expect(second).rejects.toMatchObject({ constraint: 'wait_episode_open_key' });
  });

  // Last: it rebuilds the table from everything the tests above wrote.
  it('are rebuilt from the event log by the migration’s backfill as the clock wrote them', async () => {
    const ada = await buildAgent(server, { queueIds: [general], name: 'Ada' });
    const { threadId, from } = await firstMessage({ receivedAt: at(Date.now() - minutes(9)) });
    await ok(server.gql(CLAIM, { id: threadId }, ada.token));
    await reply(threadId, ada);
    await ingest(server, admin.token, { from, channelKind: 'SMS', receivedAt: at(Date.now() - minutes(3)) });
    await ok(server.gql(STATUS, { id: threadId, s: 'RESOLVED' }, ada.token));

    const live = await allEpisodes();
    expect(live.filter((episode) => episode.answered_at).length).toBeGreaterThanOrEqual(2);
    expect(live.filter((episode) => episode.closed_at).length).toBeGreaterThanOrEqual(3);
    expect(live.filter((episode) => !episode.answered_at && !episode.closed_at).length).toBeGreaterThanOrEqual(3);
    await server.dataSource.query(`DELETE FROM wait_episode`);
    await server.dataSource.query(BACKFILL_WAIT_EPISODES);
    const rebuilt = await allEpisodes();

    // A closing's time is the append's in the log, a few milliseconds after the transaction's.
    const comparable = (episode: Episode) => ({ ...episode, breached_at: null, closed_at: episode.closed_at !== null });
    expect(rebuilt.map(comparable)).toEqual(live.map(comparable));
    rebuilt.forEach((episode, i) => {
      const closedAt = live[i]!.closed_at;
      if (closedAt === null) expect(episode.closed_at).toBeNull();
      else expect(Math.abs(episode.closed_at!.getTime() - closedAt.getTime())).toBeLessThan(1000);
    });
  });
});

async function allEpisodes(): Promise<Episode[]> {
  return server.dataSource.query(
    `SELECT thread_id, channel_id, queue_id, started_at, due_at, answered_at, answered_by, answer_message_id, breached_at, closed_at
       FROM wait_episode ORDER BY thread_id, started_at, answered_at NULLS LAST`);
}
