import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildAgent, buildThread, startTestServer, subscribe, until, type AgentFixture, type TestServer,
} from '../../../../../../test/support/server.js';

let server: TestServer;
let admin: AgentFixture;
let general: string;

const CREATE = `mutation($name: String!, $scopes: [ApiScope!]!, $agent: ID) {
  createApiKey(name: $name, scopes: $scopes, agentId: $agent) { key apiKey { id name scopes agent { id } createdAt lastUsedAt } } }`;
type Created = { createApiKey: { key: string; apiKey: { id: string; name: string; scopes: string[]; agent: { id: string } | null; lastUsedAt: string | null } } };

async function createKey(scopes: string[], agentId?: string): Promise<Created['createApiKey']> {
  const result = await server.gql<Created>(CREATE, { name: `${scopes.join('+')} key`, scopes, agent: agentId ?? null }, admin.token);
  expect(result.errors).toBeUndefined();
  return result.data!.createApiKey;
}

beforeAll(async () => {
  server = await startTestServer();
  admin = await buildAgent(server, { role: 'ADMIN' });
  [{ id: general }] = await server.dataSource.query(`SELECT id FROM queue WHERE name = 'General'`);
});
afterAll(() => server.close());

describe('createApiKey', () => {
  it('shows the secret once and stores only a keyed hash of it', async () => {
    const created = await createKey(['READ']);
    expect(created.key).toMatch(/^sbk_[A-Za-z0-9_-]{43}$/);
    const [row]: Array<{ key_hash: Buffer }> = await server.dataSource.query(`SELECT key_hash FROM api_key WHERE id = $1`, [created.apiKey.id]);
    expect(row!.key_hash).toHaveLength(32);
    expect(row!.key_hash.toString('utf8')).not.toContain(created.key);
    const listed = await server.gql<{ apiKeys: Array<Record<string, unknown>> }>('{ apiKeys { id name scopes } }', {}, admin.token);
    expect(listed.data!.apiKeys).toContainEqual({ id: created.apiKey.id, name: 'READ key', scopes: ['READ'] });
    expect(JSON.stringify(listed)).not.toContain(created.key);
  });

  it('refuses a WRITE key without an agent to act as, an unknown agent and no scopes, writing nothing', async () => {
    const before = await server.dataSource.query(`SELECT count(*)::int AS n FROM api_key`);
    for (const [variables, field] of [
      [{ name: 'w', scopes: ['WRITE'] }, 'agentId'],
      [{ name: 'w', scopes: ['WRITE'], agent: 'agt_nobody' }, 'agentId'],
      [{ name: 'none', scopes: [] }, 'scopes'],
      [{ name: ' ', scopes: ['READ'] }, 'name'],
    ] as const) {
      const result = await server.gql(CREATE, variables, admin.token);
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    expect(await server.dataSource.query(`SELECT count(*)::int AS n FROM api_key`)).toEqual(before);
  });

  it('records when a key was last used', async () => {
    const created = await createKey(['READ']);
    expect(created.apiKey.lastUsedAt).toBeNull();
    await server.gql('{ serverTime }', {}, created.key);
    await until(async () => {
      const listed = await server.gql<{ apiKeys: Array<{ id: string; lastUsedAt: string | null }> }>('{ apiKeys { id lastUsedAt } }', {}, admin.token);
      return listed.data!.apiKeys.find((key) => key.id === created.apiKey.id)?.lastUsedAt != null;
    });
  });
});

describe('scopes', () => {
  it("hides agents' e-mail addresses from a READ key, not from an ADMIN key", async () => {
    const read = await createKey(['READ']);
    const all = await createKey(['ADMIN']);
    const emails = async (token: string) =>
      (await server.gql<{ agents: Array<{ email: string | null }> }>('{ agents { email } }', {}, token)).data!.agents.map((agent) => agent.email);
    expect(new Set(await emails(read.key))).toEqual(new Set([null]));
    expect(await emails(all.key)).toContain(admin.email);
  });

  it('lets a WRITE key act as its agent, with that agent\'s rights, recorded as that agent', async () => {
    const agent = await buildAgent(server, { queueIds: [general], name: 'Keyed Agent' });
    const write = await createKey(['WRITE'], agent.id);
    const { id } = await buildThread(server);
    const claimed = await server.gql<{ claimThread: { thread: { owner: { id: string } } } }>(
      `mutation($id: ID!) { claimThread(threadId: $id) { thread { owner { id } } } }`, { id }, write.key);
    expect(claimed.data!.claimThread.thread.owner.id).toBe(agent.id);
    const [event] = await server.dataSource.query(`SELECT actor_id FROM event WHERE thread_id = $1 AND type = 'CLAIMED'`, [id]);
    expect(event).toEqual({ actor_id: agent.id });
    // An AGENT's key is no ADMIN.
    const refused = await server.gql('mutation { createQueue(name: "Nope") { id } }', {}, write.key);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('stops a WRITE key when its agent is deactivated', async () => {
    const agent = await buildAgent(server, { queueIds: [general] });
    const write = await createKey(['WRITE'], agent.id);
    expect((await server.gql('{ serverTime }', {}, write.key)).errors).toBeUndefined();
    await server.gql(`mutation($id: ID!) { updateAgent(id: $id, input: { active: false }) { id } }`, { id: agent.id }, admin.token);
    expect((await server.gql('{ serverTime }', {}, write.key)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('lets an INGEST key ingest and follow every reply, whoever sends it and wherever the thread is', async () => {
    const ingestKey = await createKey(['INGEST']);
    const agent = await buildAgent(server, { queueIds: [general] });
    const replies = subscribe<{ threadEvents: { type: string; message: { body: string; to: string } } }>(
      server, ingestKey.key, 'subscription { threadEvents(types: [REPLIED]) { type message { body to } } }');
    try {
      await until(() => replies.received.length > 0 || server.app.hub.subscriberCount > 0);
      const received = await server.gql<{ receiveMessage: { thread: { id: string } } }>(
        `mutation { receiveMessage(input: { channelKind: SMS, from: "+15550199001", body: "Where is my order?", externalId: "gw-1" }) { thread { id } } }`,
        {}, ingestKey.key);
      expect(received.errors).toBeUndefined();
      const threadId = received.data!.receiveMessage.thread.id;
      await server.gql(`mutation($id: ID!) { claimThread(threadId: $id) { cursor } }`, { id: threadId }, agent.token);
      await server.gql(`mutation($id: ID!) { reply(threadId: $id, body: "On its way") { cursor } }`, { id: threadId }, agent.token);
      await replies.waitFor(1);
      expect(replies.received[0]!.data!.threadEvents).toEqual({ type: 'REPLIED', message: { body: 'On its way', to: '+15550199001' } });
      // Nothing else: it may not read the thread it ingested.
      const read = await server.gql(`query($id: ID!) { thread(id: $id) { id } }`, { id: threadId }, ingestKey.key);
      expect(read.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    } finally {
      await replies.dispose();
    }
  });
});

describe('revokeApiKey', () => {
  it('ends a key at once, on HTTP and on its open WebSockets (4403)', async () => {
    const read = await createKey(['READ']);
    // A socket with its subscription registered (the last test's may still be leaving the hub).
    await until(() => server.app.hub.subscriberCount === 0);
    const watching = subscribe(server, read.key, 'subscription { threadEvents { cursor } }');
    await until(() => server.app.hub.subscriberCount > 0);
    const revoked = await server.gql(`mutation($id: ID!) { revokeApiKey(id: $id) }`, { id: read.apiKey.id }, admin.token);
    expect(revoked).toEqual({ data: { revokeApiKey: true } });
    expect(await watching.closed).toBe(4403);
    expect((await server.gql('{ serverTime }', {}, read.key)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const listed = await server.gql<{ apiKeys: Array<{ id: string }> }>('{ apiKeys { id } }', {}, admin.token);
    expect(listed.data!.apiKeys.map((key) => key.id)).not.toContain(read.apiKey.id);
  });
});
