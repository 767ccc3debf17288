import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAgent, buildThread, startTestServer, type AgentFixture, type TestServer } from '../../../../../test/support/server.js';

let server: TestServer;
let admin: AgentFixture;
let member: AgentFixture;

// The live feed and the presence heartbeat share the pool on their own timers: not the request's.
const BACKGROUND = /FROM event WHERE event\.id >|pg_notify|last_seen_at = now\(\)|announced_presence/;

const PAGE = `query($first: Int) { threads(first: $first, orderBy: NEWEST) { totalCount edges { node {
  id
  messages(first: 5) { edges { node { id body } } pageInfo { hasNextPage } }
  customer { id threads(first: 3) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }
} } } }`;

interface Page {
  threads: { totalCount: number; edges: Array<{ node: {
    id: string;
    messages: { edges: Array<{ node: { id: string; body: string } }>; pageInfo: { hasNextPage: boolean } };
    customer: { id: string; threads: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: Array<{ node: { id: string } }> } };
  } }> };
}

beforeAll(async () => {
  server = await startTestServer();
  admin = await buildAgent(server, { role: 'ADMIN' });
  const [{ id: general }] = await server.dataSource.query(`SELECT id FROM queue WHERE name = 'General'`);
  member = await buildAgent(server, { queueIds: [general] });
  // 50 customers with one thread of two messages each.
  for (let i = 0; i < 50; i++) {
    const from = `+1555060${String(i).padStart(4, '0')}`;
    await buildThread(server, { from, body: `first ${i}` });
    await buildThread(server, { from, body: `second ${i}` });
  }
});
afterAll(() => server.close());

describe('per-request loaders', () => {
  it('answer a 50-thread page that selects messages and each customer\'s threads with the same statements as a 1-thread page', async () => {
    const counts: number[] = [];
    const seen: string[][] = [];
    let fifty: Page['threads'] | undefined;
    for (const first of [1, 50]) {
      // The fewest of three tries: a timer of the server's own (another replica's work, a sweep)
      // may share the pool during one request; the request itself runs the same statements each time.
      let fewest: string[] | undefined;
      for (let attempt = 0; attempt < 3; attempt++) {
        server.statements.length = 0;
        const result = await server.gql<Page>(PAGE, { first }, member.token);
        expect(result.errors).toBeUndefined();
        if (first === 50) fifty = result.data!.threads;
        const ran = server.statements.filter((sql) => !BACKGROUND.test(sql));
        if (!fewest || ran.length < fewest.length) fewest = ran;
      }
      counts.push(fewest!.length);
      seen.push(fewest!);
    }
    // Session, page, total, messages of every thread, customers' thread ids, their rows.
    expect(counts, JSON.stringify(seen, null, 1)).toEqual([6, 6]);
    expect(fifty!.edges).toHaveLength(50);
    const row = fifty!.edges[0]!.node;
    expect(row.messages.edges.map((edge) => edge.node.body)).toHaveLength(2);
    expect(row.customer.threads.totalCount).toBe(1);
    expect(row.customer.threads.edges.map((edge) => edge.node.id)).toEqual([row.id]);
  });

  it('pages on from a batched first page through the one list reader', async () => {
    const customer = await buildThread(server, { from: '+15550699999', body: 'a' });
    await server.gql(`mutation($id: ID!) { setThreadStatus(threadId: $id, status: RESOLVED) { cursor } }`, { id: customer.id }, admin.token);
    const second = await buildThread(server, { from: '+15550699999', body: 'b' });
    const query = `query($id: ID!, $after: String) { customer(id: $id) { threads(first: 1, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } } }`;
    type Answer = { customer: { threads: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; edges: Array<{ node: { id: string } }> } } };
    const first = await server.gql<Answer>(query, { id: customer.customerId }, admin.token);
    expect(first.data!.customer.threads).toMatchObject({ totalCount: 2, pageInfo: { hasNextPage: true }, edges: [{ node: { id: second.id } }] });
    const next = await server.gql<Answer>(query, { id: customer.customerId, after: first.data!.customer.threads.pageInfo.endCursor }, admin.token);
    expect(next.data!.customer.threads).toMatchObject({ pageInfo: { hasNextPage: false }, edges: [{ node: { id: customer.id } }] });
  });

  it('pages agents and queue members by name', async () => {
    type Answer = { agents: Array<{ id: string; name: string }>; queues: Array<{ members: Array<{ id: string }> }> };
    const all = await server.gql<Answer>('{ agents { id name } }', {}, admin.token);
    const firstTwo = await server.gql<Answer>('{ agents(first: 2) { id } }', {}, admin.token);
    expect(firstTwo.data!.agents.map((a) => a.id)).toEqual(all.data!.agents.slice(0, 2).map((a) => a.id));
    const rest = await server.gql<Answer>('query($after: ID) { agents(first: 1000, after: $after) { id } }', { after: all.data!.agents[1]!.id }, admin.token);
    expect(rest.data!.agents.map((a) => a.id)).toEqual(all.data!.agents.slice(2).map((a) => a.id));
    const members = await server.gql<Answer>('{ queues { members(first: 1) { id } } }', {}, admin.token);
    expect(members.errors).toBeUndefined();
    expect(Math.max(...members.data!.queues.map((queue) => queue.members.length))).toBe(1);
  });
});
