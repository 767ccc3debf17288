import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildAgent, ingest, startTestServer, subscribe, until, type AgentFixture, type LiveSubscription, type TestServer,
} from '../../../../../../test/support/server.js';

// The set-up an admin changes from /settings: renaming queues and channels, more channels of a
// kind, e-mail and password changes, and the settingsChanged push every console reloads from.
let server: TestServer;
let admin: AgentFixture;
let agent: AgentFixture;
let general: string;
const open: LiveSubscription[] = [];

beforeAll(async () => {
  process.env.SWITCHBOARD_WEBHOOK_ALLOW_PRIVATE = 'true'; // a webhook to 127.0.0.1, never called here
  server = await startTestServer();
  admin = await buildAgent(server, { role: 'ADMIN', name: 'Settings Admin' });
  [{ id: general }] = await server.dataSource.query(`SELECT id FROM queue WHERE name = 'General'`);
  agent = await buildAgent(server, { queueIds: [general], name: 'Settings Agent' });
});
afterAll(async () => {
  await Promise.all(open.map((subscription) => subscription.dispose()));
  await server.close();
});

let sequence = 0;
const unique = (prefix: string) => `${prefix} ${++sequence}`;

async function countRows(table: string): Promise<number> {
  const [row] = await server.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`);
  return row.n;
}

async function must<T>(query: string, variables: Record<string, unknown>, token = admin.token): Promise<T> {
  const result = await server.gql<T>(query, variables, token);
  expect(result.errors).toBeUndefined();
  return result.data!;
}

async function liveNow<T>(token: string, query: string): Promise<LiveSubscription<T>> {
  const before = server.app.hub.subscriberCount;
  const subscription = subscribe<T>(server, token, query);
  open.push(subscription as LiveSubscription);
  await until(() => server.app.hub.subscriberCount > before);
  return subscription;
}

const CREATE_QUEUE = 'mutation($n: String!) { createQueue(name: $n) { id name } }';
const RENAME_QUEUE = 'mutation($id: ID!, $n: String!) { renameQueue(id: $id, name: $n) { id name } }';
const CREATE_CHANNEL = 'mutation($i: CreateChannelInput!) { createChannel(input: $i) { id kind name responseTargetSeconds queue { id } } }';
const RENAME_CHANNEL = 'mutation($id: ID!, $n: String!) { renameChannel(id: $id, name: $n) { id name } }';

describe('renameQueue', () => {
  it('renames, logs QUEUE_RENAMED, and refuses a name another queue has (ignoring case) with the field named', async () => {
    const { createQueue: billing } = await must<{ createQueue: { id: string } }>(CREATE_QUEUE, { n: unique('Billing') });
    const { renameQueue } = await must<{ renameQueue: { name: string } }>(RENAME_QUEUE, { id: billing.id, n: '  Payments  ' });
    expect(renameQueue.name).toBe('Payments');
    const [event] = await server.dataSource.query(`SELECT data FROM event WHERE type = 'QUEUE_RENAMED' ORDER BY id DESC LIMIT 1`);
    expect(event.data).toMatchObject({ queueId: billing.id, after: 'Payments' });

    const eventsBefore = await countRows('event');
    const taken = await server.gql(RENAME_QUEUE, { id: billing.id, n: 'general' }, admin.token);
    expect(taken.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
    expect(taken.errors?.[0]?.message).toContain('already exists');
    const blank = await server.gql(RENAME_QUEUE, { id: billing.id, n: '   ' }, admin.token);
    expect(blank.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
    expect(await countRows('event')).toBe(eventsBefore);
    expect((await server.dataSource.query(`SELECT name FROM queue WHERE id = $1`, [billing.id]))[0].name).toBe('Payments');
  });

  it('is ADMIN only, and NOT_FOUND for an unknown queue', async () => {
    const forbidden = await server.gql(RENAME_QUEUE, { id: general, n: 'Mine' }, agent.token);
    expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const missing = await server.gql(RENAME_QUEUE, { id: 'que_missing', n: unique('Nowhere') }, admin.token);
    expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});

describe('channels', () => {
  it('adds a second SMS number whose messages go to its own queue with its own target', async () => {
    const { createQueue: vip } = await must<{ createQueue: { id: string } }>(CREATE_QUEUE, { n: unique('VIP') });
    const name = unique('SMS VIP line');
    const { createChannel } = await must<{ createChannel: { id: string; kind: string; name: string; responseTargetSeconds: number; queue: { id: string } } }>(
      CREATE_CHANNEL, { i: { kind: 'SMS', name, responseTargetSeconds: 90, queueId: vip.id } });
    expect(createChannel).toMatchObject({ kind: 'SMS', name, responseTargetSeconds: 90, queue: { id: vip.id } });
    expect(createChannel.id).toMatch(/^chn_/);

    const result = await ingest(server, admin.token, { channelKind: 'SMS', channelId: createChannel.id, from: '+15557770001' });
    const threadId = result.data!.receiveMessage.thread.id;
    const [thread] = await server.dataSource.query(
      `SELECT queue_id, channel_id, extract(epoch FROM response_due_at - waiting_since)::int AS target FROM thread WHERE id = $1`, [threadId]);
    expect(thread).toEqual({ queue_id: vip.id, channel_id: createChannel.id, target: 90 });
    // Without a channelId, the kind's first channel still takes SMS.
    const plain = await ingest(server, admin.token, { channelKind: 'SMS', from: '+15557770002' });
    const [first] = await server.dataSource.query(`SELECT queue_id FROM thread WHERE id = $1`, [plain.data!.receiveMessage.thread.id]);
    expect(first.queue_id).not.toBe(vip.id);
  });

  it('refuses bad input field by field and writes nothing', async () => {
    const before = await Promise.all(['channel', 'event'].map(countRows));
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ kind: 'EMAIL', name: '  ', responseTargetSeconds: 60, queueId: general }, 'name'],
      [{ kind: 'EMAIL', name: 'sms', responseTargetSeconds: 60, queueId: general }, 'name'],
      [{ kind: 'EMAIL', name: unique('Inbox'), responseTargetSeconds: 0, queueId: general }, 'responseTargetSeconds'],
      [{ kind: 'EMAIL', name: unique('Inbox'), responseTargetSeconds: 31 * 86400, queueId: general }, 'responseTargetSeconds'],
      [{ kind: 'EMAIL', name: unique('Inbox'), responseTargetSeconds: 60, queueId: 'que_missing' }, 'queueId'],
    ];
    for (const [input, field] of cases) {
      const result = await server.gql(CREATE_CHANNEL, { i: input }, admin.token);
      expect(result.errors?.[0]?.extensions, JSON.stringify(input)).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    expect(await Promise.all(['channel', 'event'].map(countRows))).toEqual(before);
    const forbidden = await server.gql(CREATE_CHANNEL, { i: { kind: 'EMAIL', name: unique('Inbox'), responseTargetSeconds: 60, queueId: general } }, agent.token);
    expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('renames a channel, keeping names unique ignoring case, and two concurrent creates of one name make one', async () => {
    const [{ id: email }] = await server.dataSource.query(`SELECT id FROM channel WHERE kind = 'EMAIL' ORDER BY created_at LIMIT 1`);
    const name = unique('Support inbox');
    expect((await must<{ renameChannel: { name: string } }>(RENAME_CHANNEL, { id: email, n: name })).renameChannel.name).toBe(name);
    const taken = await server.gql(RENAME_CHANNEL, { id: email, n: 'WEB CHAT' }, admin.token);
    expect(taken.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });

    const twin = unique('Twin inbox');
    const results = await Promise.all([0, 1, 2, 3].map(() =>
      server.gql(CREATE_CHANNEL, { i: { kind: 'EMAIL', name: twin, responseTargetSeconds: 3600, queueId: general } }, admin.token)));
    expect(results.filter((r) => r.errors === undefined)).toHaveLength(1);
    for (const failed of results.filter((r) => r.errors !== undefined)) {
      expect(failed.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
    }
    expect((await server.dataSource.query(`SELECT count(*)::int AS n FROM channel WHERE lower(name) = lower($1)`, [twin]))[0].n).toBe(1);
  });
});

describe('agents', () => {
  const UPDATE = 'mutation($id: ID!, $i: UpdateAgentInput!) { updateAgent(id: $id, input: $i) { id email } }';
  const RESET = 'mutation($id: ID!, $p: String!) { resetAgentPassword(id: $id, password: $p) { id } }';

  it('changes an e-mail (normalized, unique) and the agent signs in with it', async () => {
    const someone = await buildAgent(server, { name: 'Email Changer' });
    const { updateAgent } = await must<{ updateAgent: { email: string } }>(UPDATE, { id: someone.id, i: { email: ' New.Address@Example.com ' } });
    expect(updateAgent.email).toBe('new.address@example.com');
    const login = await server.gql('mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }',
      { e: 'new.address@example.com', p: someone.password });
    expect(login.errors).toBeUndefined();

    const taken = await server.gql(UPDATE, { id: someone.id, i: { email: agent.email.toUpperCase() } }, admin.token);
    expect(taken.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'email' });
    const malformed = await server.gql(UPDATE, { id: someone.id, i: { email: 'not-an-address' } }, admin.token);
    expect(malformed.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'email' });
  });

  it('resets a password: the old one and every session stop working, live sockets close, the new one signs in', async () => {
    const forgetful = await buildAgent(server, { name: 'Forgetful Agent' });
    const socket = await liveNow(forgetful.token, 'subscription { agentPresenceChanged { id } }');

    const short = await server.gql(RESET, { id: forgetful.id, p: 'short' }, admin.token);
    expect(short.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'password' });
    expect((await server.gql('{ me { id } }', {}, forgetful.token)).data).toEqual({ me: { id: forgetful.id } });
    expect((await server.gql(RESET, { id: forgetful.id, p: 'a-new-password' }, agent.token)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    await must(RESET, { id: forgetful.id, p: 'a-new-password' });
    expect(await socket.closed).toBe(4403);
    expect((await server.gql('{ me { id } }', {}, forgetful.token)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const login = (password: string) => server.gql('mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }',
      { e: forgetful.email, p: password });
    expect((await login(forgetful.password)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await login('a-new-password')).errors).toBeUndefined();
  });
});

describe('settingsChanged', () => {
  const SUBSCRIPTION = 'subscription { settingsChanged { area id } }';
  type Change = { settingsChanged: { area: string; id: string | null } };
  const areas = (subscription: LiveSubscription<Change>) => subscription.received.map((r) => r.data?.settingsChanged);

  it('tells every console of queue, agent and channel changes, and only admins of keys and webhooks', async () => {
    const watcher = await buildAgent(server, { queueIds: [general], name: 'Watching Agent' });
    const agentFeed = await liveNow<Change>(watcher.token, SUBSCRIPTION);
    const adminFeed = await liveNow<Change>(admin.token, SUBSCRIPTION);

    const { createQueue } = await must<{ createQueue: { id: string } }>(CREATE_QUEUE, { n: unique('Live queue') });
    const { createApiKey } = await must<{ createApiKey: { apiKey: { id: string } } }>(
      'mutation($n: String!) { createApiKey(name: $n, scopes: [READ]) { apiKey { id } } }', { n: unique('Wallboard') });
    const [{ id: chat }] = await server.dataSource.query(`SELECT id FROM channel WHERE kind = 'CHAT' ORDER BY created_at LIMIT 1`);
    await must('mutation($c: ID!) { setChannelTarget(channelId: $c, responseTargetSeconds: 150) { id } }', { c: chat });
    await must('mutation($id: ID!) { revokeApiKey(id: $id) }', { id: createApiKey.apiKey.id });

    await until(() => agentFeed.received.length >= 2 && adminFeed.received.length >= 4);
    expect(areas(adminFeed)).toEqual([
      { area: 'QUEUES', id: createQueue.id },
      { area: 'API_KEYS', id: createApiKey.apiKey.id },
      { area: 'CHANNELS', id: chat },
      { area: 'API_KEYS', id: createApiKey.apiKey.id },
    ]);
    expect(areas(agentFeed)).toEqual([{ area: 'QUEUES', id: createQueue.id }, { area: 'CHANNELS', id: chat }]);
  });

  it('tells admins of webhooks created, paused and deleted, and agents of none of it', async () => {
    const watcher = await buildAgent(server, { queueIds: [general], name: 'Webhook Watcher' });
    const agentFeed = await liveNow<Change>(watcher.token, SUBSCRIPTION);
    const adminFeed = await liveNow<Change>(admin.token, SUBSCRIPTION);
    const { createWebhook } = await must<{ createWebhook: { webhook: { id: string } } }>(
      'mutation { createWebhook(url: "http://127.0.0.1:9/hook", types: [CREATED]) { webhook { id } } }', {});
    const id = createWebhook.webhook.id;
    await must('mutation($id: ID!) { setWebhookActive(id: $id, active: false) { id } }', { id });
    await must('mutation($id: ID!) { deleteWebhook(id: $id) }', { id });
    await adminFeed.waitFor(3);
    expect(areas(adminFeed)).toEqual([{ area: 'WEBHOOKS', id }, { area: 'WEBHOOKS', id }, { area: 'WEBHOOKS', id }]);
    const logged = await server.dataSource.query(
      `SELECT data->>'change' AS change, actor_id FROM event WHERE type = 'WEBHOOK_CHANGED' AND data->>'webhookId' = $1 ORDER BY id`, [id]);
    expect(logged).toEqual(['CREATED', 'PAUSED', 'DELETED'].map((change) => ({ change, actor_id: admin.id })));
    // A later change every console hears proves the agent's feed was live and skipped the webhooks.
    const { createQueue } = await must<{ createQueue: { id: string } }>(CREATE_QUEUE, { n: unique('After webhooks') });
    await agentFeed.waitFor(1);
    expect(areas(agentFeed)).toEqual([{ area: 'QUEUES', id: createQueue.id }]);
  });

  it('carries the agent, queue or channel that changed, as it is now, so consoles need not read the lists again', async () => {
    const watcher = await buildAgent(server, { queueIds: [general], name: 'Carried Watcher' });
    const renamed = await buildAgent(server, { queueIds: [general], name: 'Before Rename' });
    type Carried = { settingsChanged: { area: string; agent: { id: string; name: string; capacity: number } | null; queue: { id: string; name: string } | null; channel: { id: string; responseTargetSeconds: number } | null } };
    const feed = await liveNow<Carried>(watcher.token,
      'subscription { settingsChanged { area agent { id name capacity } queue { id name } channel { id responseTargetSeconds } } }');
    await must('mutation($id: ID!) { updateAgent(id: $id, input: { name: "After Rename", capacity: 7 }) { id } }', { id: renamed.id });
    const name = unique('Carried queue');
    const { createQueue } = await must<{ createQueue: { id: string } }>(CREATE_QUEUE, { n: name });
    const [{ id: sms }] = await server.dataSource.query(`SELECT id FROM channel WHERE kind = 'SMS' ORDER BY created_at LIMIT 1`);
    await must('mutation($c: ID!) { setChannelTarget(channelId: $c, responseTargetSeconds: 240) { id } }', { c: sms });
    await feed.waitFor(3);
    expect(feed.received.map((r) => r.data?.settingsChanged)).toEqual([
      { area: 'AGENTS', agent: { id: renamed.id, name: 'After Rename', capacity: 7 }, queue: null, channel: null },
      { area: 'QUEUES', agent: null, queue: { id: createQueue.id, name }, channel: null },
      { area: 'CHANNELS', agent: null, queue: null, channel: { id: sms, responseTargetSeconds: 240 } },
    ]);
  });

  it('names each agent added to or taken out of a queue, so their own consoles read their queues again', async () => {
    const watcher = await buildAgent(server, { queueIds: [general], name: 'Members Watcher' });
    const [joining, staying] = [await buildAgent(server, { name: 'Joining' }), await buildAgent(server, { queueIds: [general], name: 'Staying' })];
    const { createQueue } = await must<{ createQueue: { id: string } }>(CREATE_QUEUE, { n: unique('Members queue') });
    await must('mutation($q: ID!, $a: [ID!]!) { setQueueMembers(queueId: $q, agentIds: $a) { id } }', { q: createQueue.id, a: [staying.id] });
    const feed = await liveNow<Change>(watcher.token, SUBSCRIPTION);
    await must('mutation($q: ID!, $a: [ID!]!) { setQueueMembers(queueId: $q, agentIds: $a) { id } }', { q: createQueue.id, a: [joining.id] });
    await feed.waitFor(3);
    expect(areas(feed)).toEqual([
      { area: 'QUEUES', id: createQueue.id },
      { area: 'AGENTS', id: joining.id },
      { area: 'AGENTS', id: staying.id },
    ]);
  });

  it('completes an admin\'s subscription when they lose the role, so keys stop reaching them', async () => {
    const demoted = await buildAgent(server, { role: 'ADMIN', name: 'Soon Demoted' });
    const feed = await liveNow<Change>(demoted.token, SUBSCRIPTION);
    await must('mutation($id: ID!) { updateAgent(id: $id, input: { role: SUPERVISOR }) { id } }', { id: demoted.id });
    await feed.completed;
    expect(areas(feed)).toEqual([{ area: 'AGENTS', id: demoted.id }].slice(0, feed.received.length));
  });
});
