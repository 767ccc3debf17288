import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAgent, buildThread, ingest, startTestServer, type AgentFixture, type TestServer } from '../../../../../../test/support/server.js';

let server: TestServer;
let admin: AgentFixture;
let supervisor: AgentFixture;
let owner: AgentFixture;
let collaborator: AgentFixture;
let bystander: AgentFixture; // in the queue, but neither owner nor collaborator
let stranger: AgentFixture; // in no queue

const SET_STATUS = `mutation($id: ID!, $s: ThreadStatus!) { setThreadStatus(threadId: $id, status: $s) { cursor thread { id status version } } }`;
const SET_PRIORITY = `mutation($id: ID!, $p: Priority!) { setThreadPriority(threadId: $id, priority: $p) { cursor thread { id priority version } } }`;

beforeAll(async () => {
  server = await startTestServer();
  admin = await buildAgent(server, { role: 'ADMIN' });
  const [{ id: general }] = await server.dataSource.query(`SELECT id FROM queue WHERE name = 'General'`);
  supervisor = await buildAgent(server, { role: 'SUPERVISOR' });
  owner = await buildAgent(server, { queueIds: [general] });
  collaborator = await buildAgent(server, { queueIds: [general] });
  bystander = await buildAgent(server, { queueIds: [general] });
  stranger = await buildAgent(server);
});
afterAll(() => server.close());

let phone = 0;
/** A thread owned by `owner` with `collaborator` beside them (claims arrive with the next issue). */
async function heldThread(): Promise<{ id: string; customerId: string; from: string }> {
  const from = `+1555060${String(++phone).padStart(4, '0')}`;
  const { id, customerId } = await buildThread(server, { from, ownerId: owner.id, collaboratorIds: [collaborator.id] });
  return { id, customerId, from };
}

describe('setThreadStatus', () => {
  it('lets the owner, a collaborator and a supervisor change the status, each change an event', async () => {
    const thread = await heldThread();
    const steps: Array<[AgentFixture, string]> = [[owner, 'PENDING'], [collaborator, 'OPEN'], [supervisor, 'RESOLVED']];
    for (const [agent, status] of steps) {
      const result = await server.gql<{ setThreadStatus: { cursor: string; thread: { status: string } } }>(SET_STATUS, { id: thread.id, s: status }, agent.token);
      expect(result.errors).toBeUndefined();
      expect(result.data!.setThreadStatus.thread.status).toBe(status);
      const [event] = await server.dataSource.query(`SELECT id::text, type, actor_id, before->>'status' AS b, after->>'status' AS a FROM event WHERE thread_id = $1 ORDER BY event.id DESC LIMIT 1`, [thread.id]);
      expect(event).toMatchObject({ id: result.data!.setThreadStatus.cursor, type: 'STATUS_CHANGED', actor_id: agent.id, a: status });
    }
  });

  it('answers NOT_THREAD_OWNER to a queue member who is neither owner nor collaborator, and NOT_FOUND to an agent who cannot see it', async () => {
    const thread = await heldThread();
    const notOwner = await server.gql(SET_STATUS, { id: thread.id, s: 'PENDING' }, bystander.token);
    expect(notOwner.errors?.[0]?.extensions?.code).toBe('NOT_THREAD_OWNER');
    const invisible = await server.gql(SET_STATUS, { id: thread.id, s: 'PENDING' }, stranger.token);
    expect(invisible.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const missing = await server.gql(SET_STATUS, { id: 'thr_missing', s: 'PENDING' }, supervisor.token);
    expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const [row] = await server.dataSource.query(`SELECT status FROM thread WHERE id = $1`, [thread.id]);
    expect(row.status).toBe('OPEN');
  });

  it('refuses anything but reopening on a RESOLVED thread (INVALID_STATE), and writes nothing', async () => {
    const thread = await heldThread();
    await server.gql(SET_STATUS, { id: thread.id, s: 'RESOLVED' }, owner.token);
    const [{ n: eventsBefore }] = await server.dataSource.query(`SELECT count(*)::int AS n FROM event WHERE thread_id = $1`, [thread.id]);
    expect((await server.gql(SET_STATUS, { id: thread.id, s: 'PENDING' }, owner.token)).errors?.[0]?.extensions?.code).toBe('INVALID_STATE');
    expect((await server.gql(SET_PRIORITY, { id: thread.id, p: 'HIGH' }, owner.token)).errors?.[0]?.extensions?.code).toBe('INVALID_STATE');
    const [{ n: eventsAfter }] = await server.dataSource.query(`SELECT count(*)::int AS n FROM event WHERE thread_id = $1`, [thread.id]);
    expect(eventsAfter).toBe(eventsBefore);
    const reopened = await server.gql<{ setThreadStatus: { thread: { status: string } } }>(SET_STATUS, { id: thread.id, s: 'OPEN' }, owner.token);
    expect(reopened.data!.setThreadStatus.thread.status).toBe('OPEN');
  });

  it('refuses to reopen while the customer has another open thread', async () => {
    const thread = await heldThread();
    await server.gql(SET_STATUS, { id: thread.id, s: 'RESOLVED' }, owner.token);
    const newer = await ingest(server, admin.token, { from: thread.from }); // a new thread for the same customer
    expect(newer.data!.receiveMessage.thread.id).not.toBe(thread.id);
    const result = await server.gql(SET_STATUS, { id: thread.id, s: 'OPEN' }, supervisor.token);
    expect(result.errors?.[0]?.extensions?.code).toBe('INVALID_STATE');
    expect(result.errors?.[0]?.message).toContain(newer.data!.receiveMessage.thread.id);
  });

  it('treats setting the current status as a no-op that returns the latest event cursor', async () => {
    const thread = await heldThread();
    const [{ id: latest }] = await server.dataSource.query(`SELECT max(id)::text AS id FROM event WHERE thread_id = $1`, [thread.id]);
    const result = await server.gql<{ setThreadStatus: { cursor: string; thread: { version: number } } }>(SET_STATUS, { id: thread.id, s: 'OPEN' }, owner.token);
    expect(result.data!.setThreadStatus.cursor).toBe(latest);
    const [{ n }] = await server.dataSource.query(`SELECT count(*)::int AS n FROM event WHERE id > $1`, [latest]);
    expect(n).toBe(0);
  });
});

describe('setThreadPriority', () => {
  it('stores the priority, bumps the version and logs before/after', async () => {
    const thread = await heldThread();
    const result = await server.gql<{ setThreadPriority: { thread: { priority: string; version: number } } }>(SET_PRIORITY, { id: thread.id, p: 'URGENT' }, collaborator.token);
    expect(result.data!.setThreadPriority.thread.priority).toBe('URGENT');
    const [row] = await server.dataSource.query(`SELECT priority, version FROM thread WHERE id = $1`, [thread.id]);
    expect(row).toEqual({ priority: 3, version: result.data!.setThreadPriority.thread.version });
    const [event] = await server.dataSource.query(`SELECT type, before->>'priority' AS b, after->>'priority' AS a, thread_version FROM event WHERE thread_id = $1 ORDER BY event.id DESC LIMIT 1`, [thread.id]);
    expect(event).toEqual({ type: 'PRIORITY_CHANGED', b: 'NORMAL', a: 'URGENT', thread_version: row.version });
  });

  it('answers NOT_THREAD_OWNER to a bystander', async () => {
    const thread = await heldThread();
    expect((await server.gql(SET_PRIORITY, { id: thread.id, p: 'LOW' }, bystander.token)).errors?.[0]?.extensions?.code).toBe('NOT_THREAD_OWNER');
  });
});

describe('threadEvents and eventCursor', () => {
  it('pages through the log after a cursor, per thread, with the thread as it is now', async () => {
    const { data } = await server.gql<{ eventCursor: string }>('{ eventCursor }', {}, owner.token);
    const start = data!.eventCursor;
    const thread = await heldThread();
    await server.gql(SET_PRIORITY, { id: thread.id, p: 'HIGH' }, owner.token);
    await server.gql(SET_STATUS, { id: thread.id, s: 'PENDING' }, owner.token);
    const EVENTS = `query($after: String, $id: ID, $first: Int) { threadEvents(after: $after, threadId: $id, first: $first) {
      cursor type threadVersion actor { id } before { status priority } after { status priority waitingSince } message { kind } thread { status version } } }`;
    type Events = { threadEvents: Array<{ cursor: string; type: string; threadVersion: number; actor: { id: string } | null; thread: { status: string; version: number }; message: { kind: string } | null }> };
    const all = await server.gql<Events>(EVENTS, { after: start, id: thread.id }, owner.token);
    // buildThread's join and claim are in the log like any other change.
    expect(all.data!.threadEvents.map((e) => e.type)).toEqual(['CREATED', 'MESSAGE_RECEIVED', 'JOINED', 'CLAIMED', 'PRIORITY_CHANGED', 'STATUS_CHANGED']);
    expect(all.data!.threadEvents.map((e) => e.threadVersion)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(all.data!.threadEvents[1]!.message).toEqual({ kind: 'INBOUND' });
    expect(all.data!.threadEvents[4]!.actor).toEqual({ id: owner.id });
    expect(all.data!.threadEvents.every((e) => e.thread.status === 'PENDING' && e.thread.version === 6)).toBe(true);
    const firstTwo = await server.gql<Events>(EVENTS, { after: start, id: thread.id, first: 2 }, owner.token);
    const rest = await server.gql<Events>(EVENTS, { after: firstTwo.data!.threadEvents[1]!.cursor, id: thread.id }, owner.token);
    expect([...firstTwo.data!.threadEvents, ...rest.data!.threadEvents].map((e) => e.cursor)).toEqual(all.data!.threadEvents.map((e) => e.cursor));
    const cursorNow = await server.gql<{ eventCursor: string }>('{ eventCursor }', {}, owner.token);
    expect(cursorNow.data!.eventCursor).toBe(all.data!.threadEvents.at(-1)!.cursor);
  });

  it('refuses a malformed cursor with BAD_USER_INPUT', async () => {
    const result = await server.gql(`{ threadEvents(after: "abc") { cursor } }`, {}, owner.token);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });
});

describe('customers', () => {
  it('finds customers by name or address, newest first, and lists their threads', async () => {
    const first = await ingest(server, admin.token, { channelKind: 'EMAIL', from: 'maria.lopez@example.com', fromName: 'Maria Lopez' });
    const customerId = first.data!.receiveMessage.thread.customer.id;
    const result = await server.gql<{ customers: { edges: Array<{ node: { id: string; name: string; threads: { totalCount: number; edges: Array<{ node: { id: string } }> } } }> } }>(
      `{ customers(search: "lopez") { edges { node { id name threads { totalCount edges { node { id } } } } } } }`, {}, supervisor.token);
    expect(result.data!.customers.edges).toEqual([
      { node: { id: customerId, name: 'Maria Lopez', threads: { totalCount: 1, edges: [{ node: { id: first.data!.receiveMessage.thread.id } }] } } },
    ]);
    const byAddress = await server.gql<{ customers: { edges: unknown[] } }>(`{ customers(search: "maria.lopez@") { edges { node { id } } } }`, {}, supervisor.token);
    expect(byAddress.data!.customers.edges).toHaveLength(1);
    expect((await server.gql(`query($id: ID!) { customer(id: $id) { name } }`, { id: customerId }, stranger.token)).data).toEqual({ customer: null });
  });
});
