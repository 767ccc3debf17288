import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAgent, buildThread, ingest, startTestServer, type AgentFixture, type TestServer } from '../../../../../../test/support/server.js';

let server: TestServer;
let admin: AgentFixture;
let general: string;
let billing: string;

const CLAIM = `mutation($id: ID!) { claimThread(threadId: $id) { cursor thread { id version owner { id name } } } }`;
const CLAIM_NEXT = `mutation($q: ID) { claimNext(queueId: $q) { cursor thread { id channel { kind } owner { id } } } }`;
type ClaimResult = { claimThread: { cursor: string; thread: { id: string; version: number; owner: { id: string; name: string } | null } } | null };

beforeAll(async () => {
  server = await startTestServer();
  admin = await buildAgent(server, { role: 'ADMIN' });
  [{ id: general }] = await server.dataSource.query(`SELECT id FROM queue WHERE name = 'General'`);
  billing = (await server.gql<{ createQueue: { id: string } }>('mutation { createQueue(name: "Billing") { id } }', {}, admin.token)).data!.createQueue.id;
});
afterAll(() => server.close());

async function queuedThread(options: Parameters<typeof ingest>[2] = {}): Promise<string> {
  const result = await ingest(server, admin.token, options);
  expect(result.errors).toBeUndefined();
  return result.data!.receiveMessage.thread.id;
}

async function agents(count: number, overrides: Parameters<typeof buildAgent>[1] = {}): Promise<AgentFixture[]> {
  return Promise.all(Array.from({ length: count }, (_, i) => buildAgent(server, { queueIds: [general], name: `Claimer ${i}`, ...overrides })));
}

describe('claimThread', () => {
  it('lets exactly one of 50 concurrent claims win; the others learn who took it', async () => {
    const threadId = await queuedThread();
    const claimers = await agents(50);
    const results = await Promise.all(claimers.map((agent) => server.gql<ClaimResult>(CLAIM, { id: threadId }, agent.token)));
    const winners = results.filter((r) => r.data?.claimThread);
    expect(winners).toHaveLength(1);
    const winner = winners[0]!.data!.claimThread!.thread.owner!;
    const losers = results.filter((r) => !r.data?.claimThread);
    expect(losers).toHaveLength(49);
    for (const loser of losers) {
      expect(loser.errors?.[0]?.extensions).toMatchObject({ code: 'THREAD_ALREADY_CLAIMED', ownerId: winner.id, ownerName: winner.name });
      expect(loser.errors?.[0]?.message).toBe(`Taken by ${winner.name}`);
    }
    const events = await server.dataSource.query(`SELECT actor_id FROM event WHERE thread_id = $1 AND type = 'CLAIMED'`, [threadId]);
    expect(events).toEqual([{ actor_id: winner.id }]);
  });

  it('still gives the thread to one of the others when the first claims of a race cannot take it', async () => {
    // Agents at capacity and outsiders first: their attempts fail, and whoever waited behind them
    // (in this process, ClaimGate) must go on to decide, not give up or hang.
    const full = await agents(10, { capacity: 1 });
    for (const agent of full) {
      const own = await queuedThread();
      expect((await server.gql<ClaimResult>(CLAIM, { id: own }, agent.token)).errors).toBeUndefined();
    }
    const outsiders = await agents(10, { queueIds: [billing] });
    const roomy = await agents(20);
    const threadId = await queuedThread();
    const racers = [...full, ...outsiders, ...roomy];
    const results = await Promise.all(racers.map((agent) => server.gql<ClaimResult>(CLAIM, { id: threadId }, agent.token)));
    const winnerIds = results.flatMap((r) => (r.data?.claimThread ? [r.data.claimThread.thread.owner!.id] : []));
    expect(winnerIds).toHaveLength(1);
    expect(roomy.map((agent) => agent.id)).toContain(winnerIds[0]);
    results.forEach((result, i) => {
      if (result.data?.claimThread) return;
      const code = result.errors?.[0]?.extensions?.code;
      if (i < 10) expect(['AGENT_AT_CAPACITY', 'THREAD_ALREADY_CLAIMED']).toContain(code);
      else if (i < 20) expect(code).toBe('NOT_FOUND');
      else expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'THREAD_ALREADY_CLAIMED', ownerId: winnerIds[0] });
    });

    // When every claimer fails, the thread stays in its queue and nobody is left waiting.
    const nobodys = await queuedThread();
    const refused = await Promise.all(full.map((agent) => server.gql<ClaimResult>(CLAIM, { id: nobodys }, agent.token)));
    expect(refused.map((r) => r.errors?.[0]?.extensions?.code)).toEqual(full.map(() => 'AGENT_AT_CAPACITY'));
    const [row] = await server.dataSource.query(`SELECT owner_id FROM thread WHERE id = $1`, [nobodys]);
    expect(row.owner_id).toBeNull();
  });

  it('treats claiming my own thread as a no-op success with the latest cursor', async () => {
    const threadId = await queuedThread();
    const [agent] = await agents(1);
    const first = await server.gql<ClaimResult>(CLAIM, { id: threadId }, agent!.token);
    const again = await server.gql<ClaimResult>(CLAIM, { id: threadId }, agent!.token);
    expect(again.errors).toBeUndefined();
    expect(again.data!.claimThread).toEqual(first.data!.claimThread);
  });

  it('answers NOT_FOUND for a missing or invisible thread and INVALID_STATE for a RESOLVED one', async () => {
    const [member] = await agents(1);
    const [outsider] = await agents(1, { queueIds: [billing] });
    const threadId = await queuedThread();
    expect((await server.gql(CLAIM, { id: 'thr_nope' }, member!.token)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await server.gql(CLAIM, { id: threadId }, outsider!.token)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    await server.gql(`mutation($id: ID!) { setThreadStatus(threadId: $id, status: RESOLVED) { cursor } }`, { id: threadId }, admin.token);
    expect((await server.gql(CLAIM, { id: threadId }, member!.token)).errors?.[0]?.extensions?.code).toBe('INVALID_STATE');
  });

  it('counts OPEN owned threads against capacity, race-free: capacity 1 racing for 10 threads ends with 1', async () => {
    const [agent] = await agents(1, { capacity: 1 });
    const threads = await Promise.all(Array.from({ length: 10 }, () => queuedThread()));
    const results = await Promise.all(threads.map((id) => server.gql<ClaimResult>(CLAIM, { id }, agent!.token)));
    expect(results.filter((r) => r.data?.claimThread)).toHaveLength(1);
    expect(results.filter((r) => r.errors?.[0]?.extensions?.code === 'AGENT_AT_CAPACITY')).toHaveLength(9);
    const [{ n }] = await server.dataSource.query(`SELECT count(*)::int AS n FROM thread WHERE owner_id = $1`, [agent!.id]);
    expect(n).toBe(1);
    // A PENDING thread does not count: the agent may take another.
    const [owned] = await server.dataSource.query(`SELECT id FROM thread WHERE owner_id = $1`, [agent!.id]);
    await server.gql(`mutation($id: ID!) { setThreadStatus(threadId: $id, status: PENDING) { cursor } }`, { id: owned.id }, agent!.token);
    const next = await server.gql<ClaimResult>(CLAIM, { id: threads.find((id) => id !== owned.id) }, agent!.token);
    expect(next.errors).toBeUndefined();
  });
});

describe('claimNext', () => {
  it('takes an SMS due in 2 minutes before an e-mail that waited longer but is due in 3 hours', async () => {
    const queue = (await server.gql<{ createQueue: { id: string } }>('mutation { createQueue(name: "Next order") { id } }', {}, admin.token)).data!.createQueue.id;
    const [agent] = await agents(1, { queueIds: [queue] });
    const email = (await buildThread(server, { queueId: queue, channelKind: 'EMAIL', from: 'waited-long@example.com', receivedAt: new Date(Date.now() - 60 * 60_000).toISOString() })).id;
    const sms = (await buildThread(server, { queueId: queue, channelKind: 'SMS', receivedAt: new Date(Date.now() - 3 * 60_000).toISOString() })).id;
    const first = await server.gql<{ claimNext: { thread: { id: string; channel: { kind: string } } } }>(CLAIM_NEXT, { q: queue }, agent!.token);
    expect(first.data!.claimNext.thread).toMatchObject({ id: sms, channel: { kind: 'SMS' } });
    const second = await server.gql<{ claimNext: { thread: { id: string } } }>(CLAIM_NEXT, { q: queue }, agent!.token);
    expect(second.data!.claimNext.thread.id).toBe(email);
    const none = await server.gql(CLAIM_NEXT, { q: queue }, agent!.token);
    expect(none).toEqual({ data: { claimNext: null } });
  });

  it('gives 20 agents pressing "next" at once 20 different threads', async () => {
    const queue = (await server.gql<{ createQueue: { id: string } }>('mutation { createQueue(name: "Rush") { id } }', {}, admin.token)).data!.createQueue.id;
    await Promise.all(Array.from({ length: 25 }, () => buildThread(server, { queueId: queue })));
    const team = await agents(20, { queueIds: [queue] });
    const results = await Promise.all(team.map((agent) => server.gql<{ claimNext: { thread: { id: string; owner: { id: string } } } | null }>(CLAIM_NEXT, { q: queue }, agent.token)));
    expect(results.map((r) => r.errors)).toEqual(Array(20).fill(undefined));
    const taken = results.map((r) => r.data!.claimNext!.thread.id);
    expect(new Set(taken).size).toBe(20);
    results.forEach((r, i) => expect(r.data!.claimNext!.thread.owner.id).toBe(team[i]!.id));
  });

  it('refuses a queue the agent is not in (NOT_FOUND) and an agent at capacity (AGENT_AT_CAPACITY)', async () => {
    const [agent] = await agents(1, { capacity: 0 });
    expect((await server.gql(CLAIM_NEXT, { q: billing }, agent!.token)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await server.gql(CLAIM_NEXT, {}, agent!.token)).errors?.[0]?.extensions?.code).toBe('AGENT_AT_CAPACITY');
  });
});
