import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAgent, ingest, startTestServer, type AgentFixture, type TestServer } from '../../../../../../test/support/server.js';

let server: TestServer;
let admin: AgentFixture;

beforeAll(async () => {
  server = await startTestServer();
  admin = await buildAgent(server, { role: 'ADMIN' });
});
afterAll(() => server.close());

/** The business errors an operation may meet when others act on the same threads. */
// (BAD_USER_INPUT: a hand-off to the agent who already holds the thread.)
const EXPECTED = new Set(['BAD_USER_INPUT', 'THREAD_ALREADY_CLAIMED', 'NOT_THREAD_OWNER', 'NOT_A_PARTICIPANT', 'AGENT_AT_CAPACITY', 'INVALID_STATE']);

describe('concurrent claims, hand-offs and replies', () => {
  it('never deadlock, and leave every thread with a gap-free run of versions in its events', async () => {
    const [{ id: general }] = await server.dataSource.query(`SELECT id FROM queue WHERE name = 'General'`);
    const team = await Promise.all(Array.from({ length: 6 }, (_, i) => buildAgent(server, { queueIds: [general], capacity: 3, name: `Racer ${i}` })));
    for (const agent of team) await server.gql('mutation { setPresence(presence: ONLINE) { id } }', {}, agent.token);
    const threads: string[] = [];
    for (let i = 0; i < 12; i++) threads.push((await ingest(server, admin.token, {})).data!.receiveMessage.thread.id);
    // Everyone starts holding one thread and co-responding on the next, so every kind of
    // operation has something to act on from the first step.
    for (const [i, agent] of team.entries()) {
      await server.gql(`mutation($id: ID!) { claimThread(threadId: $id) { cursor } }`, { id: threads[i] }, agent.token);
      await server.gql(`mutation($id: ID!) { joinThread(threadId: $id) { cursor } }`, { id: threads[i + 1] }, agent.token);
    }
    const [{ id: raceStart }] = await server.dataSource.query(`SELECT max(id)::text AS id FROM event`);
    const [{ deadlocks: deadlocksBefore }] = await server.dataSource.query(
      `SELECT deadlocks::int FROM pg_stat_database WHERE datname = current_database()`);

    // A fixed pseudo-random script, so a failure can be replayed.
    let seed = 42;
    const random = (n: number) => {
      // mulberry32: small, and its low bits are as random as its high ones.
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
    };
    const codes: string[] = [];
    const act = async (agent: AgentFixture, step: number) => {
      const threadId = threads[random(threads.length)]!;
      const other = team[random(team.length)]!;
      const op = random(6);
      const [query, variables]: [string, Record<string, unknown>] =
        op === 0 ? [`mutation($id: ID!) { claimThread(threadId: $id) { cursor } }`, { id: threadId }]
        : op === 1 ? [`mutation($id: ID!, $to: ID) { handOffThread(threadId: $id, toAgentId: $to, note: "over to you") { cursor } }`, { id: threadId, to: other.id }]
        : op === 2 ? [`mutation($id: ID!, $k: String) { reply(threadId: $id, body: "On it", idempotencyKey: $k) { cursor } }`, { id: threadId, k: `${agent.id}-${step}` }]
        : op === 3 ? [`mutation($id: ID!) { releaseThread(threadId: $id) { cursor } }`, { id: threadId }]
        : op === 4 ? [`mutation($id: ID!) { joinThread(threadId: $id) { cursor } }`, { id: threadId }]
        : [`mutation($id: ID!) { addNote(threadId: $id, body: "checking") { cursor } }`, { id: threadId }];
      const result = await server.gql(query, variables, agent.token);
      for (const error of result.errors ?? []) codes.push(String(error.extensions?.code));
    };
    await Promise.all(team.map(async (agent) => {
      for (let step = 0; step < 40; step++) await act(agent, step);
    }));

    expect(codes.filter((code) => !EXPECTED.has(code))).toEqual([]);
    const [{ deadlocks: deadlocksAfter }] = await server.dataSource.query(
      `SELECT deadlocks::int FROM pg_stat_database WHERE datname = current_database()`);
    expect(deadlocksAfter).toBe(deadlocksBefore);

    for (const threadId of threads) {
      const versions = await server.dataSource.query(`SELECT thread_version AS v FROM event WHERE thread_id = $1 ORDER BY id`, [threadId]);
      const [{ version }] = await server.dataSource.query(`SELECT version FROM thread WHERE id = $1`, [threadId]);
      expect(versions.map((row: { v: number }) => row.v)).toEqual(Array.from({ length: version }, (_, i) => i + 1));
    }
    // The script did race: many changes landed while others were refused.
    const [{ n: changes }] = await server.dataSource.query(
      `SELECT count(*)::int AS n FROM event WHERE thread_id = ANY($1) AND id > $2`, [threads, raceStart]);
    expect(changes).toBeGreaterThan(60);
    expect(codes.length).toBeGreaterThan(10);
    // Capacity held under the race.
    const over = await server.dataSource.query(
      `SELECT a.id FROM agent a WHERE (SELECT count(*) FROM thread t WHERE t.owner_id = a.id AND t.status = 'OPEN') > a.capacity`);
    expect(over).toEqual([]);
  });
});
