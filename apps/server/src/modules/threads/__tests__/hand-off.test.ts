import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAgent, ingest, startTestServer, type AgentFixture, type TestServer } from '../../../../../../test/support/server.js';

let server: TestServer;
let admin: AgentFixture;
let supervisor: AgentFixture;
let general: string;
let billing: string;

const HAND_OFF = `mutation($id: ID!, $agent: ID, $queue: ID, $note: String) {
  handOffThread(threadId: $id, toAgentId: $agent, toQueueId: $queue, note: $note) { cursor thread { id owner { id } queue { id } version } } }`;
const CLAIM = `mutation($id: ID!) { claimThread(threadId: $id) { cursor } }`;
const ONLINE = `mutation { setPresence(presence: ONLINE) { presence lastSeenAt } }`;

beforeAll(async () => {
  server = await startTestServer();
  admin = await buildAgent(server, { role: 'ADMIN' });
  supervisor = await buildAgent(server, { role: 'SUPERVISOR', name: 'Sue Pervisor' });
  [{ id: general }] = await server.dataSource.query(`SELECT id FROM queue WHERE name = 'General'`);
  billing = (await server.gql<{ createQueue: { id: string } }>('mutation { createQueue(name: "Billing") { id } }', {}, admin.token)).data!.createQueue.id;
});
afterAll(() => server.close());

async function onlineAgent(name: string, overrides: Parameters<typeof buildAgent>[1] = {}): Promise<AgentFixture> {
  const agent = await buildAgent(server, { queueIds: [general], name, ...overrides });
  const result = await server.gql<{ setPresence: { presence: string; lastSeenAt: string } }>(ONLINE, {}, agent.token);
  expect(result.data!.setPresence.presence).toBe('ONLINE');
  return agent;
}

/** A thread of General held by `owner`. */
async function heldBy(owner: AgentFixture): Promise<string> {
  const id = (await ingest(server, admin.token, {})).data!.receiveMessage.thread.id;
  expect((await server.gql(CLAIM, { id }, owner.token)).errors).toBeUndefined();
  return id;
}

describe('handOffThread', () => {
  it('gives the thread to an online colleague, with the note on the event and in a SYSTEM message by the actor', async () => {
    const ada = await onlineAgent('Ada');
    const ben = await onlineAgent('Ben');
    const threadId = await heldBy(ada);
    const result = await server.gql<{ handOffThread: { cursor: string; thread: { owner: { id: string } } } }>(
      HAND_OFF, { id: threadId, agent: ben.id, note: 'Customer prefers a call back after 5pm' }, ada.token);
    expect(result.errors).toBeUndefined();
    expect(result.data!.handOffThread.thread.owner.id).toBe(ben.id);
    const [event] = await server.dataSource.query(
      `SELECT id::text, type, note, actor_id, before->>'ownerId' AS b, after->>'ownerId' AS a, message_id FROM event WHERE thread_id = $1 ORDER BY event.id DESC LIMIT 1`, [threadId]);
    expect(event).toMatchObject({ id: result.data!.handOffThread.cursor, type: 'HANDED_OFF', note: 'Customer prefers a call back after 5pm', actor_id: ada.id, b: ada.id, a: ben.id });
    const [message] = await server.dataSource.query(`SELECT kind, author_id, body FROM message WHERE id = $1`, [event.message_id]);
    expect(message).toEqual({ kind: 'SYSTEM', author_id: ada.id, body: 'Ada handed this thread to Ben: Customer prefers a call back after 5pm' });
  });

  it('keeps a note with quotes, backslashes and emoji intact through the event log', async () => {
    const ada = await onlineAgent('Ada N');
    const threadId = await heldBy(ada);
    const note = `It's "urgent" \\ C:\\orders\\4411 — ünïcode ✓ 🚀 $1 $$ %s \n end`;
    const result = await server.gql(HAND_OFF, { id: threadId, queue: billing, note }, ada.token);
    expect(result.errors).toBeUndefined();
    const [event] = await server.dataSource.query(`SELECT note FROM event WHERE thread_id = $1 AND type = 'HANDED_OFF'`, [threadId]);
    expect(event.note).toBe(note.trim());
  });

  it('moves the thread to another queue with the owner cleared', async () => {
    const ada = await onlineAgent('Ada Q');
    const threadId = await heldBy(ada);
    const result = await server.gql<{ handOffThread: { thread: { owner: null; queue: { id: string } } } }>(HAND_OFF, { id: threadId, queue: billing }, ada.token);
    expect(result.data!.handOffThread.thread).toMatchObject({ owner: null, queue: { id: billing } });
    const [event] = await server.dataSource.query(`SELECT queue_id, before_queue_id FROM event WHERE thread_id = $1 ORDER BY event.id DESC LIMIT 1`, [threadId]);
    expect(event).toEqual({ queue_id: billing, before_queue_id: general });
    // The former owner no longer sees it: it left their queue.
    expect((await server.gql(`query($id: ID!) { thread(id: $id) { id } }`, { id: threadId }, ada.token)).data).toEqual({ thread: null });
  });

  it('refuses an offline, a deactivated, an outside and a full target, and a non-owner', async () => {
    const ada = await onlineAgent('Ada R');
    const threadId = await heldBy(ada);
    const offline = await buildAgent(server, { queueIds: [general], name: 'Olga Offline', online: false });
    const outside = await onlineAgent('Otto Outside', { queueIds: [billing] });
    const full = await onlineAgent('Fay Full', { capacity: 0 });
    const gone = await onlineAgent('Gus Gone');
    await server.gql(`mutation($id: ID!) { updateAgent(id: $id, input: { active: false }) { id } }`, { id: gone.id }, admin.token);
    const bystander = await onlineAgent('Bea Bystander');
    const code = async (vars: Record<string, unknown>, token = ada.token) =>
      (await server.gql(HAND_OFF, { id: threadId, ...vars }, token)).errors?.[0]?.extensions?.code;
    expect(await code({ agent: offline.id })).toBe('AGENT_UNAVAILABLE');
    expect(await code({ agent: outside.id })).toBe('AGENT_UNAVAILABLE');
    expect(await code({ agent: gone.id })).toBe('AGENT_UNAVAILABLE');
    expect(await code({ agent: full.id })).toBe('AGENT_AT_CAPACITY');
    expect(await code({ agent: full.id }, bystander.token)).toBe('NOT_THREAD_OWNER');
    expect(await code({})).toBe('BAD_USER_INPUT');
    expect(await code({ agent: full.id, queue: billing })).toBe('BAD_USER_INPUT');
    const [row] = await server.dataSource.query(`SELECT owner_id FROM thread WHERE id = $1`, [threadId]);
    expect(row.owner_id).toBe(ada.id);
  });

  it('lets a supervisor hand off a thread they do not hold', async () => {
    const ada = await onlineAgent('Ada S');
    const ben = await onlineAgent('Ben S');
    const threadId = await heldBy(ada);
    const result = await server.gql<{ handOffThread: { thread: { owner: { id: string } } } }>(HAND_OFF, { id: threadId, agent: ben.id }, supervisor.token);
    expect(result.data!.handOffThread.thread.owner.id).toBe(ben.id);
  });
});

describe('releaseThread', () => {
  it('returns the thread to its queue; others may then claim it', async () => {
    const ada = await onlineAgent('Ada Rel');
    const ben = await onlineAgent('Ben Rel');
    const threadId = await heldBy(ada);
    expect((await server.gql(`mutation($id: ID!) { releaseThread(threadId: $id) { cursor } }`, { id: threadId }, ben.token)).errors?.[0]?.extensions?.code).toBe('NOT_THREAD_OWNER');
    const released = await server.gql<{ releaseThread: { thread: { owner: null } } }>(`mutation($id: ID!) { releaseThread(threadId: $id) { cursor thread { owner { id } } } }`, { id: threadId }, ada.token);
    expect(released.data!.releaseThread.thread.owner).toBeNull();
    expect((await server.gql(CLAIM, { id: threadId }, ben.token)).errors).toBeUndefined();
  });
});

describe('leaving a queue', () => {
  it('returns the threads an agent held in a queue when setQueueMembers takes them out, with events', async () => {
    const ada = await onlineAgent('Ada Out');
    const stay = await onlineAgent('Stay');
    const held = await heldBy(ada);
    const joined = await heldBy(stay);
    await server.gql(`mutation($id: ID!) { joinThread(threadId: $id) { cursor } }`, { id: joined }, ada.token);
    const members = await server.dataSource.query(`SELECT agent_id FROM agent_queue WHERE queue_id = $1 AND agent_id <> $2`, [general, ada.id]);
    const result = await server.gql(`mutation($q: ID!, $ids: [ID!]!) { setQueueMembers(queueId: $q, agentIds: $ids) { id } }`,
      { q: general, ids: members.map((m: { agent_id: string }) => m.agent_id) }, admin.token);
    expect(result.errors).toBeUndefined();
    const [heldRow] = await server.dataSource.query(`SELECT owner_id FROM thread WHERE id = $1`, [held]);
    expect(heldRow.owner_id).toBeNull();
    const [participant] = await server.dataSource.query(`SELECT count(*)::int AS n FROM thread_participant WHERE thread_id = $1 AND agent_id = $2`, [joined, ada.id]);
    expect(participant.n).toBe(0);
    const events = await server.dataSource.query(`SELECT thread_id, type, actor_id FROM event WHERE thread_id = ANY($1) ORDER BY id DESC LIMIT 2`, [[held, joined]]);
    expect(events).toEqual(expect.arrayContaining([
      { thread_id: held, type: 'RELEASED', actor_id: admin.id },
      { thread_id: joined, type: 'LEFT', actor_id: admin.id },
    ]));
  });

  it('returns every thread of a deactivated agent', async () => {
    const ada = await onlineAgent('Ada Gone');
    const threads = [await heldBy(ada), await heldBy(ada)];
    await server.gql(`mutation($id: ID!) { updateAgent(id: $id, input: { active: false }) { id } }`, { id: ada.id }, admin.token);
    const rows = await server.dataSource.query(`SELECT owner_id FROM thread WHERE id = ANY($1)`, [threads]);
    expect(rows).toEqual([{ owner_id: null }, { owner_id: null }]);
  });
});

describe('setPresence', () => {
  it('stores the choice with lastSeenAt, and others see it', async () => {
    const agent = await buildAgent(server, { queueIds: [general], online: false });
    const before = await server.gql<{ agents: Array<{ id: string; presence: string }> }>('{ agents { id presence } }', {}, admin.token);
    expect(before.data!.agents.find((a) => a.id === agent.id)!.presence).toBe('OFFLINE');
    const away = await server.gql<{ setPresence: { presence: string; lastSeenAt: string } }>('mutation { setPresence(presence: AWAY) { presence lastSeenAt } }', {}, agent.token);
    expect(away.data!.setPresence.presence).toBe('AWAY');
    expect(Date.now() - Date.parse(away.data!.setPresence.lastSeenAt)).toBeLessThan(60_000);
    const after = await server.gql<{ agents: Array<{ id: string; presence: string }> }>('{ agents { id presence } }', {}, admin.token);
    expect(after.data!.agents.find((a) => a.id === agent.id)!.presence).toBe('AWAY');
  });
});
