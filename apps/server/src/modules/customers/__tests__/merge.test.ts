import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAgent, ingest, startTestServer, type AgentFixture, type TestServer } from '../../../../../../test/support/server.js';

// mergeCustomers over real PostgreSQL: what moves, the one open thread per customer, the wait
// clock of two threads folded into one, refusals that write nothing, and merges racing each
// other and racing the customer's own messages.

let server: TestServer;
let admin: AgentFixture;
let seq = 0;

const MERGE = `mutation($into: ID!, $from: ID!) { mergeCustomers(intoId: $into, fromId: $from) { id name identities { channelKind address } } }`;

async function ok<T>(query: string, variables: Record<string, unknown> = {}, token = admin.token): Promise<T> {
  const result = await server.gql<T>(query, variables, token);
  expect(result.errors).toBeUndefined();
  return result.data!;
}

const phone = () => `+1555044${String(++seq).padStart(4, '0')}`;

/** A customer who wrote `secondsAgo` seconds ago by SMS (or e-mail): their customer and thread ids. */
async function writes(options: { from?: string; channelKind?: string; secondsAgo?: number; fromName?: string } = {}) {
  const result = await ingest(server, admin.token, {
    channelKind: options.channelKind ?? 'SMS', from: options.from ?? phone(), fromName: options.fromName,
    receivedAt: new Date(Date.now() - (options.secondsAgo ?? 0) * 1000).toISOString(),
  });
  expect(result.errors).toBeUndefined();
  return { customerId: result.data!.receiveMessage.thread.customer.id, threadId: result.data!.receiveMessage.thread.id };
}

async function threadRow(id: string) {
  const [row] = await server.dataSource.query(
    `SELECT customer_id, status, waiting_since, response_due_at, (SELECT count(*)::int FROM message m WHERE m.thread_id = t.id) AS messages
       FROM thread t WHERE id = $1`, [id]);
  return row as { customer_id: string; status: string; waiting_since: Date | null; response_due_at: Date | null; messages: number };
}

async function openThreadsOf(customerId: string): Promise<number> {
  return (await server.dataSource.query(`SELECT count(*)::int AS n FROM thread WHERE customer_id = $1 AND status <> 'RESOLVED'`, [customerId]))[0].n;
}

beforeAll(async () => {
  server = await startTestServer();
  admin = await buildAgent(server, { role: 'ADMIN' });
});
afterAll(() => server.close());

describe('mergeCustomers', () => {
  it('moves identities and threads; the merged id leads to the survivor, and new messages follow', async () => {
    const into = await writes({ fromName: 'Grace Hopper' });
    await ok(`mutation($id: ID!) { setThreadStatus(threadId: $id, status: RESOLVED) { cursor } }`, { id: into.threadId });
    const fromAddress = 'grace@example.com';
    const from = await writes({ channelKind: 'EMAIL', from: fromAddress, fromName: 'G. Hopper' });

    const { mergeCustomers } = await ok<{ mergeCustomers: { id: string; identities: Array<{ channelKind: string }> } }>(MERGE, { into: into.customerId, from: from.customerId });
    expect(mergeCustomers.id).toBe(into.customerId);
    expect(mergeCustomers.identities.map((identity) => identity.channelKind).sort()).toEqual(['EMAIL', 'SMS']);
    expect((await threadRow(from.threadId)).customer_id).toBe(into.customerId);
    const [event] = await server.dataSource.query(`SELECT type, note FROM event WHERE thread_id = $1 ORDER BY id DESC LIMIT 1`, [from.threadId]);
    expect(event).toEqual({ type: 'CUSTOMER_MERGED', note: 'G. Hopper was merged into this customer' });
    // The old id answers with the survivor; lists show the survivor only.
    const read = await ok<{ customer: { id: string; threads: { totalCount: number } } }>(
      `query($id: ID!) { customer(id: $id) { id threads { totalCount } } }`, { id: from.customerId });
    expect(read.customer).toEqual({ id: into.customerId, threads: { totalCount: 2 } });
    // The customer writes again from the merged address: into the survivor's open thread.
    const again = await writes({ channelKind: 'EMAIL', from: fromAddress });
    expect(again).toEqual({ customerId: into.customerId, threadId: from.threadId });
  });

  it('folds two open threads into the older one: its messages, a SYSTEM line, the earlier wait, one open thread', async () => {
    const older = await writes({ secondsAgo: 600 });
    const newer = await writes({ channelKind: 'EMAIL', from: `fold-${++seq}@example.com`, secondsAgo: 60 });
    const [newerDue] = await server.dataSource.query(`SELECT response_due_at FROM thread WHERE id = $1`, [newer.threadId]);
    const [olderBefore] = await server.dataSource.query(`SELECT waiting_since, response_due_at FROM thread WHERE id = $1`, [older.threadId]);
    await server.dataSource.query(`UPDATE wait_episode SET breached_at = now() WHERE thread_id = $1`, [newer.threadId]);

    // Merge the older customer into the newer one: the older THREAD survives whoever the survivor customer is.
    await ok(MERGE, { into: newer.customerId, from: older.customerId });
    const kept = await threadRow(older.threadId);
    const done = await threadRow(newer.threadId);
    expect(kept).toMatchObject({ customer_id: newer.customerId, status: 'OPEN', messages: 3 });
    expect(done).toMatchObject({ customer_id: newer.customerId, status: 'RESOLVED', messages: 0, waiting_since: null, response_due_at: null });
    expect(await openThreadsOf(newer.customerId)).toBe(1);
    // The wait: since the older message; due at the earlier of the two due times.
    expect(kept.waiting_since).toEqual(olderBefore.waiting_since);
    const earlier = Math.min(olderBefore.response_due_at.getTime(), newerDue.response_due_at.getTime());
    expect(kept.response_due_at!.getTime()).toBe(earlier);
    const [system] = await server.dataSource.query(`SELECT kind, body FROM message WHERE thread_id = $1 AND kind = 'SYSTEM'`, [older.threadId]);
    expect(system.body).toMatch(/1 message of their other conversation moved here/);
    // One open wait, on the surviving thread, and it kept the breach the other had recorded.
    const episodes = await server.dataSource.query(
      `SELECT thread_id, started_at, due_at, breached_at FROM wait_episode WHERE thread_id = ANY($1) AND answered_at IS NULL AND closed_at IS NULL`,
      [[older.threadId, newer.threadId]]);
    expect(episodes).toHaveLength(1);
    expect(episodes[0]).toMatchObject({ thread_id: older.threadId, started_at: olderBefore.waiting_since });
    expect(episodes[0].due_at.getTime()).toBe(earlier);
    expect(episodes[0].breached_at).not.toBeNull();
  });

  it('refuses the same customer twice, an unknown or merged one, and one the agent cannot see, writing nothing', async () => {
    const a = await writes();
    const b = await writes();
    const code = async (variables: Record<string, unknown>, token = admin.token) => (await server.gql(MERGE, variables, token)).errors?.[0]?.extensions?.code;
    const before = await server.dataSource.query(`SELECT count(*)::int AS n FROM event`);
    expect(await code({ into: a.customerId, from: a.customerId })).toBe('BAD_USER_INPUT');
    expect(await code({ into: a.customerId, from: 'cus_nobody' })).toBe('NOT_FOUND');
    const outsider = await buildAgent(server); // in no queue: sees neither customer
    expect(await code({ into: a.customerId, from: b.customerId }, outsider.token)).toBe('NOT_FOUND');
    expect(await server.dataSource.query(`SELECT count(*)::int AS n FROM event`)).toEqual(before);
    expect((await threadRow(b.threadId)).customer_id).toBe(b.customerId);
    await ok(MERGE, { into: a.customerId, from: b.customerId });
    expect(await code({ into: a.customerId, from: b.customerId })).toBe('INVALID_STATE');
  });

  it('lets exactly one of two opposite merges win, whatever the timing', async () => {
    for (let round = 0; round < 5; round++) {
      const a = await writes();
      const b = await writes();
      const results = await Promise.all([
        server.gql(MERGE, { into: a.customerId, from: b.customerId }, admin.token),
        server.gql(MERGE, { into: b.customerId, from: a.customerId }, admin.token),
      ]);
      const codes = results.map((result) => result.errors?.[0]?.extensions?.code ?? 'OK').sort();
      expect(codes).toEqual(['INVALID_STATE', 'OK']);
      const survivor = results.find((result) => !result.errors)!.data as { mergeCustomers: { id: string } };
      expect(await openThreadsOf(survivor.mergeCustomers.id)).toBe(1);
      const merged = await server.dataSource.query(`SELECT count(*)::int AS n FROM customer WHERE id = ANY($1) AND merged_into_id IS NULL`, [[a.customerId, b.customerId]]);
      expect(merged).toEqual([{ n: 1 }]);
    }
  });

  it('puts every message racing a merge into the survivor\'s one open thread', async () => {
    const into = await writes();
    const fromAddress = phone();
    const from = await writes({ from: fromAddress });
    const racing = Array.from({ length: 12 }, (_, i) => ingest(server, admin.token, { channelKind: 'SMS', from: fromAddress, body: `race ${i}` }));
    const merging = server.gql(MERGE, { into: into.customerId, from: from.customerId }, admin.token);
    const [merged, ...delivered] = await Promise.all([merging, ...racing]);
    expect(merged.errors).toBeUndefined();
    expect(delivered.every((result) => !result.errors)).toBe(true);
    expect(await openThreadsOf(into.customerId)).toBe(1);
    expect(await openThreadsOf(from.customerId)).toBe(0);
    const [{ thread_id: openThread }] = await server.dataSource.query(
      `SELECT id AS thread_id FROM thread WHERE customer_id = $1 AND status <> 'RESOLVED'`, [into.customerId]);
    const homes = await server.dataSource.query(
      `SELECT DISTINCT m.thread_id FROM message m WHERE m.kind = 'INBOUND' AND m.body LIKE 'race %'`);
    expect(homes).toEqual([{ thread_id: openThread }]);
    const count = await server.dataSource.query(`SELECT count(*)::int AS n FROM message WHERE kind = 'INBOUND' AND body LIKE 'race %'`);
    expect(count).toEqual([{ n: 12 }]);
  });
});
