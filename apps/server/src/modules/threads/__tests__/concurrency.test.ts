import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAgent, ingest, startTestServer, type AgentFixture, type TestServer } from '../../../test-support/test-server.js';

let server: TestServer;
let admin: AgentFixture;

beforeAll(async () => {
  server = await startTestServer();
  admin = await buildAgent(server, { role: 'ADMIN' });
});
afterAll(() => server.close());

/** The business errors an operation may meet when others act on the same threads. */
const EXPECTED = new Set(['THREAD_ALREADY_CLAIMED', 'NOT_THREAD_OWNER', 'NOT_A_PARTICIPANT', 'AGENT_AT_CAPACITY', 'INVALID_STATE']);

describe('concurrent claims, hand-offs and replies', () => {
  it('never deadlock, and leave every thread with a gap-free run of versions in its events', async () => {
    const [{ id: general }] = await server.dataSource.query(`SELECT id FROM queue WHERE name = 'General'`);
    const team = await Promise.all(Array.from({ length: 6 }, (_, i) => buildAgent(server, { queueIds: [general], capacity: 3, name: `Racer ${i}` })));
    for (const agent of team) await server.gql('mutation { setPresence(presence: ONLINE) { id } }', {}, agent.token);
    const threads: string[] = [];
    for (let i = 0; i < 8; i++) threads.push((await ingest(server, admin.token, {})).data!.receiveMessage.thread.id);
    const [{ deadlocks: deadlocksBefore }] = await server.dataSource.query(
      `SELECT deadlocks::int FROM pg_stat_database WHERE datname = current_database()`);

    // A fixed pseudo-random script, so a failure can be replayed.
    let seed = 42;
    const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
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
    // The script did race: every kind of change happened, many times.
    const kinds = await server.dataSource.query(
      `SELECT type, count(*)::int AS n FROM event WHERE thread_id = ANY($1) GROUP BY type`, [threads]);
    const counts = Object.fromEntries(kinds.map((row: { type: string; n: number }) => [row.type, row.n]));
    for (const type of ['CLAIMED', 'HANDED_OFF', 'REPLIED', 'RELEASED', 'JOINED', 'NOTE_ADDED']) expect(counts[type]).toBeGreaterThan(2);
    // Capacity held under the race.
    const over = await server.dataSource.query(
      `SELECT a.id FROM agent a WHERE (SELECT count(*) FROM thread t WHERE t.owner_id = a.id AND t.status = 'OPEN') > a.capacity`);
    expect(over).toEqual([]);
  });
});
