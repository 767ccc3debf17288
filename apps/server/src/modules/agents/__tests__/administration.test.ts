import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAgent, startTestServer, type AgentFixture, type TestServer } from '../../../../../../test/support/server.js';

let server: TestServer;
let admin: AgentFixture;
let agent: AgentFixture;
let general: string;

beforeAll(async () => {
  server = await startTestServer();
  admin = await buildAgent(server, { role: 'ADMIN', name: 'Root Admin' });
  agent = await buildAgent(server, { role: 'AGENT' });
  const [row] = await server.dataSource.query(`SELECT id FROM queue WHERE name = 'General'`);
  general = row.id;
});
afterAll(() => server.close());

const UUID7_ID = /^[a-z]{3}_[0-9a-f]{12}7[0-9a-f]{3}[89ab][0-9a-f]{15}$/;

async function countRows(table: string): Promise<number> {
  const [row] = await server.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`);
  return row.n;
}

describe('seed', () => {
  it('has the seven channels with their default targets, all joining queue "General"', async () => {
    const result = await server.gql<{ channels: Array<{ id: string; kind: string; responseTargetSeconds: number; queue: { name: string } }> }>(
      '{ channels { id kind responseTargetSeconds queue { name } } }', {}, agent.token);
    const targets = Object.fromEntries(result.data!.channels.map((c) => [c.kind, c.responseTargetSeconds]));
    expect(targets).toEqual({ SMS: 300, CHAT: 120, TWITTER: 3600, FACEBOOK: 3600, EMAIL: 14400, VOICE: 14400, FORUM: 86400 });
    expect(new Set(result.data!.channels.map((c) => c.queue.name))).toEqual(new Set(['General']));
    for (const channel of result.data!.channels) expect(channel.id).toMatch(/^chn_/);
  });
});

describe('createAgent', () => {
  const CREATE = `mutation($input: CreateAgentInput!) { createAgent(input: $input) { id name email role capacity active presence queues { id name } } }`;

  it('lets an ADMIN create an agent in queues, with a type-prefixed UUIDv7 id and defaults', async () => {
    const result = await server.gql<{ createAgent: Record<string, unknown> }>(CREATE, {
      input: { name: '  Grace Hopper ', email: 'Grace@Example.com', password: 'navy-1906', queueIds: [general] },
    }, admin.token);
    expect(result.errors).toBeUndefined();
    expect(result.data!.createAgent).toMatchObject({
      name: 'Grace Hopper', email: 'grace@example.com', role: 'AGENT', capacity: 5, active: true, presence: 'OFFLINE',
      queues: [{ id: general, name: 'General' }],
    });
    expect(result.data!.createAgent.id).toMatch(UUID7_ID);
    // The new agent can sign in.
    const login = await server.gql('mutation { login(email: "grace@example.com", password: "navy-1906") { token } }');
    expect(login.errors).toBeUndefined();
  });

  it('is FORBIDDEN to an AGENT and writes nothing', async () => {
    const before = await countRows('agent');
    const result = await server.gql(CREATE, { input: { name: 'X', email: 'x@example.com', password: 'password1' } }, agent.token);
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(result.data).toEqual({ createAgent: null });
    expect(await countRows('agent')).toBe(before);
  });

  it.each([
    [{ name: '   ', email: 'blank@example.com', password: 'password1' }, 'name'],
    [{ name: 'N', email: 'not-an-email', password: 'password1' }, 'email'],
    [{ name: 'N', email: 'short@example.com', password: 'short' }, 'password'],
    [{ name: 'N', email: 'cap@example.com', password: 'password1', capacity: -1 }, 'capacity'],
    [{ name: 'N', email: 'queue@example.com', password: 'password1', queueIds: ['que_missing'] }, 'queueIds'],
  ])('answers BAD_USER_INPUT naming the field for %o, writing nothing', async (input, field) => {
    const before = await Promise.all(['agent', 'agent_queue', 'event'].map(countRows));
    const result = await server.gql(CREATE, { input }, admin.token);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(result.errors?.[0]?.message).toContain(field);
    expect(await Promise.all(['agent', 'agent_queue', 'event'].map(countRows))).toEqual(before);
  });

  it('refuses a second agent with the same e-mail, also when both race', async () => {
    const input = { name: 'Twin', email: 'twin@example.com', password: 'password1' };
    const results = await Promise.all([1, 2, 3].map(() => server.gql(CREATE, { input }, admin.token)));
    const codes = results.map((r) => r.errors?.[0]?.extensions?.code ?? 'OK').sort();
    expect(codes).toEqual(['BAD_USER_INPUT', 'BAD_USER_INPUT', 'OK']);
    const [row] = await server.dataSource.query(`SELECT count(*)::int AS n FROM agent WHERE email = 'twin@example.com'`);
    expect(row.n).toBe(1);
  });
});

describe('updateAgent', () => {
  const UPDATE = `mutation($id: ID!, $input: UpdateAgentInput!) { updateAgent(id: $id, input: $input) { id name role capacity active } }`;

  it('changes name, role and capacity', async () => {
    const target = await buildAgent(server);
    const result = await server.gql(UPDATE, { id: target.id, input: { name: 'Renamed', role: 'SUPERVISOR', capacity: 9 } }, admin.token);
    expect(result.data).toEqual({ updateAgent: { id: target.id, name: 'Renamed', role: 'SUPERVISOR', capacity: 9, active: true } });
  });

  it('signs a deactivated agent out and refuses their next login', async () => {
    const target = await buildAgent(server);
    await server.gql(UPDATE, { id: target.id, input: { active: false } }, admin.token);
    expect((await server.gql('{ me { id } }', {}, target.token)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const login = await server.gql(`mutation { login(email: "${target.email}", password: "${target.password}") { token } }`);
    expect(login.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('keeps at least one active ADMIN', async () => {
    const [row] = await server.dataSource.query(`SELECT count(*)::int AS n FROM agent WHERE role = 'ADMIN' AND active`);
    expect(row.n).toBe(1);
    const result = await server.gql(UPDATE, { id: admin.id, input: { role: 'AGENT' } }, admin.token);
    expect(result.errors?.[0]?.extensions?.code).toBe('INVALID_STATE');
    const [after] = await server.dataSource.query(`SELECT role FROM agent WHERE id = $1`, [admin.id]);
    expect(after.role).toBe('ADMIN');
  });

  it('answers NOT_FOUND for an unknown agent', async () => {
    const result = await server.gql(UPDATE, { id: 'agt_missing', input: { name: 'x' } }, admin.token);
    expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});

describe('queues', () => {
  it('creates a queue and refuses a duplicate name (case-insensitive) with BAD_USER_INPUT', async () => {
    const created = await server.gql<{ createQueue: { id: string; name: string; members: unknown[] } }>(
      'mutation { createQueue(name: "Billing") { id name members { id } } }', {}, admin.token);
    expect(created.data!.createQueue).toMatchObject({ name: 'Billing', members: [] });
    expect(created.data!.createQueue.id).toMatch(/^que_/);
    const duplicate = await server.gql('mutation { createQueue(name: "billing") { id } }', {}, admin.token);
    expect(duplicate.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
  });

  it('replaces members, logs who was added and removed, and lists them on both sides', async () => {
    const a = await buildAgent(server, { name: 'Alpha' });
    const b = await buildAgent(server, { name: 'Bravo' });
    const created = await server.gql<{ createQueue: { id: string } }>('mutation { createQueue(name: "VIP") { id } }', {}, admin.token);
    const queueId = created.data!.createQueue.id;
    const SET = `mutation($q: ID!, $ids: [ID!]!) { setQueueMembers(queueId: $q, agentIds: $ids) { members { name } } }`;
    expect((await server.gql(SET, { q: queueId, ids: [a.id, b.id] }, admin.token)).data).toEqual({
      setQueueMembers: { members: [{ name: 'Alpha' }, { name: 'Bravo' }] },
    });
    await server.gql(SET, { q: queueId, ids: [b.id] }, admin.token);
    const events = await server.dataSource.query(
      `SELECT data FROM event WHERE type = 'QUEUE_MEMBERS_CHANGED' AND queue_id = $1 ORDER BY id`, [queueId]);
    expect(events.map((e: { data: unknown }) => e.data)).toEqual([
      { queueId, added: [a.id, b.id].sort(), removed: [] },
      { queueId, added: [], removed: [a.id] },
    ]);
    const agents = await server.gql<{ agents: Array<{ id: string; queues: Array<{ id: string }> }> }>(
      '{ agents { id queues { id } } }', {}, agent.token);
    expect(agents.data!.agents.find((x) => x.id === a.id)!.queues).toEqual([]);
    expect(agents.data!.agents.find((x) => x.id === b.id)!.queues).toEqual([{ id: queueId }]);
  });

  it('answers NOT_FOUND for an unknown queue and BAD_USER_INPUT for an unknown agent', async () => {
    const SET = `mutation($q: ID!, $ids: [ID!]!) { setQueueMembers(queueId: $q, agentIds: $ids) { id } }`;
    expect((await server.gql(SET, { q: 'que_missing', ids: [] }, admin.token)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await server.gql(SET, { q: general, ids: ['agt_missing'] }, admin.token)).errors?.[0]?.extensions)
      .toMatchObject({ code: 'BAD_USER_INPUT', field: 'agentIds' });
  });
});

describe('channels', () => {
  it('sets a response target and logs the change; rejects a zero or negative target', async () => {
    const [sms] = await server.dataSource.query(`SELECT id FROM channel WHERE kind = 'SMS'`);
    const SET = `mutation($c: ID!, $s: Int!) { setChannelTarget(channelId: $c, responseTargetSeconds: $s) { responseTargetSeconds } }`;
    expect((await server.gql(SET, { c: sms.id, s: 180 }, admin.token)).data).toEqual({ setChannelTarget: { responseTargetSeconds: 180 } });
    const [event] = await server.dataSource.query(`SELECT data FROM event WHERE type = 'CHANNEL_CHANGED' ORDER BY id DESC LIMIT 1`);
    expect(event.data).toEqual({ channelId: sms.id, before: { name: 'SMS', responseTargetSeconds: 300, queueId: general }, after: { responseTargetSeconds: 180 } });
    for (const s of [0, -5]) {
      expect((await server.gql(SET, { c: sms.id, s }, admin.token)).errors?.[0]?.extensions)
        .toMatchObject({ code: 'BAD_USER_INPUT', field: 'responseTargetSeconds' });
    }
    expect((await server.gql(SET, { c: sms.id, s: 60 }, agent.token)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('routes a channel to another queue', async () => {
    const [email] = await server.dataSource.query(`SELECT id FROM channel WHERE kind = 'EMAIL'`);
    const queue = await server.gql<{ createQueue: { id: string } }>('mutation { createQueue(name: "Mail") { id } }', {}, admin.token);
    const SET = `mutation($c: ID!, $q: ID!) { setChannelQueue(channelId: $c, queueId: $q) { queue { name } } }`;
    expect((await server.gql(SET, { c: email.id, q: queue.data!.createQueue.id }, admin.token)).data)
      .toEqual({ setChannelQueue: { queue: { name: 'Mail' } } });
    expect((await server.gql(SET, { c: email.id, q: 'que_nope' }, admin.token)).errors?.[0]?.extensions)
      .toMatchObject({ code: 'BAD_USER_INPUT', field: 'queueId' });
  });
});

describe('the event log', () => {
  it('accepts rows only through append_events and never changes them', async () => {
    await expect(server.dataSource.query(`INSERT INTO event (id, type) VALUES (nextval('event_id_seq'), 'FORGED')`))
      .rejects.toThrow(/only by append_events/);
    await expect(server.dataSource.query(`UPDATE event SET note = 'x'`)).rejects.toThrow(/only by append_events/);
    await expect(server.dataSource.query(`DELETE FROM event`)).rejects.toThrow(/only by append_events/);
  });
});
