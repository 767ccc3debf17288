import fs from 'node:fs';
import path from 'node:path';
import { buildSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildAgent, buildThread, startTestServer, subscribe, until, type AgentFixture, type TestServer,
} from '../../../../../../test/support/server.js';

/**
 * Every role and every API key scope against every operation of the schema (DESIGN.md,
 * "Security"). An allowed call may still fail for its own reasons (NOT_FOUND, INVALID_STATE…);
 * a refused one fails with FORBIDDEN, before anything runs.
 */

type ActorName = 'AGENT' | 'SUPERVISOR' | 'ADMIN' | 'READ key' | 'INGEST key' | 'WRITE key' | 'ADMIN key';
const ACTORS: ActorName[] = ['AGENT', 'SUPERVISOR', 'ADMIN', 'READ key', 'INGEST key', 'WRITE key', 'ADMIN key'];
const SESSIONS: ActorName[] = ['AGENT', 'SUPERVISOR', 'ADMIN'];

/** Who may call each kind of operation. */
const POLICY: Record<string, ActorName[]> = {
  read: ['AGENT', 'SUPERVISOR', 'ADMIN', 'READ key', 'WRITE key', 'ADMIN key'],
  gateway: ['AGENT', 'SUPERVISOR', 'ADMIN', 'READ key', 'INGEST key', 'WRITE key', 'ADMIN key'],
  admin: ['ADMIN', 'ADMIN key'],
  // Acting on threads takes an agent: a session, or a WRITE key's bound agent (an ADMIN key bound to none may not).
  agent: ['AGENT', 'SUPERVISOR', 'ADMIN', 'WRITE key'],
  // Not about one agent's threads, but still an act.
  act: ['AGENT', 'SUPERVISOR', 'ADMIN', 'WRITE key', 'ADMIN key'],
  ingest: ['ADMIN', 'INGEST key', 'ADMIN key'],
  // The supervisor's reads: a wallboard reads them with a READ key.
  supervisorRead: ['SUPERVISOR', 'ADMIN', 'READ key', 'ADMIN key'],
  // A supervisor's act on another agent, as that supervisor (a key bound to no agent may not).
  supervisor: ['SUPERVISOR', 'ADMIN'],
  public: ACTORS,
};

let server: TestServer;
let admin: AgentFixture;
const tokens = {} as Record<ActorName, string>;
let threadId: string;
let customerId: string;
let queueId: string;
let channelId: string;
let agentId: string;
let messageId: string;

interface Operation {
  coordinate: string;
  kind: keyof typeof POLICY;
  document: string;
  variables?: () => Record<string, unknown>;
}

const id = () => ({ id: threadId });
const OPERATIONS: Operation[] = [
  { coordinate: 'Query.agents', kind: 'read', document: '{ agents { id email } }' },
  { coordinate: 'Query.me', kind: 'read', document: '{ me { id } }' },
  { coordinate: 'Query.serverTime', kind: 'gateway', document: '{ serverTime }' },
  { coordinate: 'Query.channels', kind: 'read', document: '{ channels { id } }' },
  { coordinate: 'Query.queues', kind: 'read', document: '{ queues { id } }' },
  { coordinate: 'Query.customer', kind: 'read', document: 'query($id: ID!) { customer(id: $id) { id } }', variables: () => ({ id: customerId }) },
  { coordinate: 'Query.customers', kind: 'read', document: '{ customers { edges { node { id } } } }' },
  { coordinate: 'Query.thread', kind: 'read', document: 'query($id: ID!) { thread(id: $id) { id } }', variables: id },
  { coordinate: 'Query.threads', kind: 'read', document: '{ threads { totalCount } }' },
  { coordinate: 'Query.eventCursor', kind: 'gateway', document: '{ eventCursor }' },
  { coordinate: 'Query.threadEvents', kind: 'read', document: '{ threadEvents(first: 1) { cursor } }' },
  { coordinate: 'Query.apiKeys', kind: 'admin', document: '{ apiKeys { id } }' },
  { coordinate: 'Mutation.createAgent', kind: 'admin', document: 'mutation { createAgent(input: { name: "X", email: "not-an-email", password: "short" }) { id } }' },
  { coordinate: 'Mutation.updateAgent', kind: 'admin', document: 'mutation($id: ID!) { updateAgent(id: $id, input: {}) { id } }', variables: () => ({ id: agentId }) },
  { coordinate: 'Mutation.setPresence', kind: 'agent', document: 'mutation { setPresence(presence: AWAY) { id } }' },
  { coordinate: 'Query.board', kind: 'supervisorRead', document: '{ board { asOf agents { agent { id } } } }' },
  { coordinate: 'Query.report', kind: 'supervisorRead', document: '{ report(from: "2026-01-01T00:00:00Z", to: "2026-01-02T00:00:00Z") { total { answeredCount } } }' },
  { coordinate: 'Query.boardHistory', kind: 'supervisorRead', document: '{ boardHistory(since: "2026-01-01T00:00:00Z") { at } }' },
  { coordinate: 'Mutation.setAgentPresence', kind: 'supervisor', document: 'mutation { setAgentPresence(agentId: "agt_nobody", presence: AWAY) { id } }' },
  { coordinate: 'Mutation.login', kind: 'public', document: 'mutation { login(email: "nobody@example.com", password: "wrong-password") { token } }' },
  { coordinate: 'Mutation.setChannelTarget', kind: 'admin', document: 'mutation($id: ID!) { setChannelTarget(channelId: $id, responseTargetSeconds: 300) { id } }', variables: () => ({ id: channelId }) },
  { coordinate: 'Mutation.setChannelQueue', kind: 'admin', document: 'mutation($id: ID!, $q: ID!) { setChannelQueue(channelId: $id, queueId: $q) { id } }', variables: () => ({ id: channelId, q: queueId }) },
  { coordinate: 'Mutation.createQueue', kind: 'admin', document: 'mutation { createQueue(name: "") { id } }' },
  { coordinate: 'Mutation.renameQueue', kind: 'admin', document: 'mutation($q: ID!) { renameQueue(id: $q, name: "") { id } }', variables: () => ({ q: queueId }) },
  { coordinate: 'Mutation.createChannel', kind: 'admin', document: 'mutation($q: ID!) { createChannel(input: { kind: SMS, name: "", responseTargetSeconds: 60, queueId: $q }) { id } }', variables: () => ({ q: queueId }) },
  { coordinate: 'Mutation.renameChannel', kind: 'admin', document: 'mutation($id: ID!) { renameChannel(id: $id, name: "") { id } }', variables: () => ({ id: channelId }) },
  { coordinate: 'Mutation.resetAgentPassword', kind: 'admin', document: 'mutation($id: ID!) { resetAgentPassword(id: $id, password: "short") { id } }', variables: () => ({ id: agentId }) },
  { coordinate: 'Mutation.setQueueMembers', kind: 'admin', document: 'mutation($q: ID!) { setQueueMembers(queueId: $q, agentIds: ["agt_nobody"]) { id } }', variables: () => ({ q: queueId }) },
  { coordinate: 'Mutation.mergeCustomers', kind: 'act', document: 'mutation($id: ID!) { mergeCustomers(intoId: $id, fromId: $id) { id } }', variables: () => ({ id: customerId }) },
  { coordinate: 'Mutation.addCustomerIdentity', kind: 'act', document: 'mutation($id: ID!) { addCustomerIdentity(customerId: $id, channelKind: SMS, address: "not a phone") { id } }', variables: () => ({ id: customerId }) },
  { coordinate: 'Mutation.reply', kind: 'agent', document: 'mutation($id: ID!) { reply(threadId: $id, body: "") { cursor } }', variables: id },
  { coordinate: 'Mutation.addNote', kind: 'agent', document: 'mutation($id: ID!) { addNote(threadId: $id, body: "") { cursor } }', variables: id },
  { coordinate: 'Mutation.setMessageDelivery', kind: 'ingest', document: 'mutation($m: ID!) { setMessageDelivery(messageId: $m, status: SENT) { id } }', variables: () => ({ m: messageId }) },
  { coordinate: 'Mutation.receiveMessage', kind: 'ingest', document: 'mutation { receiveMessage(input: { channelKind: SMS, from: "not a phone", body: "x", externalId: "scopes-1" }) { duplicate } }' },
  { coordinate: 'Mutation.setThreadStatus', kind: 'agent', document: 'mutation { setThreadStatus(threadId: "thr_nothing", status: OPEN) { cursor } }' },
  { coordinate: 'Mutation.setThreadPriority', kind: 'agent', document: 'mutation { setThreadPriority(threadId: "thr_nothing", priority: HIGH) { cursor } }' },
  { coordinate: 'Mutation.claimThread', kind: 'agent', document: 'mutation { claimThread(threadId: "thr_nothing") { cursor } }' },
  { coordinate: 'Mutation.claimNext', kind: 'agent', document: 'mutation { claimNext(queueId: "que_nothing") { cursor } }' },
  { coordinate: 'Mutation.releaseThread', kind: 'agent', document: 'mutation { releaseThread(threadId: "thr_nothing") { cursor } }' },
  { coordinate: 'Mutation.handOffThread', kind: 'agent', document: 'mutation { handOffThread(threadId: "thr_nothing") { cursor } }' },
  { coordinate: 'Mutation.joinThread', kind: 'agent', document: 'mutation { joinThread(threadId: "thr_nothing") { cursor } }' },
  { coordinate: 'Mutation.leaveThread', kind: 'agent', document: 'mutation { leaveThread(threadId: "thr_nothing") { cursor } }' },
  { coordinate: 'Mutation.setTyping', kind: 'agent', document: 'mutation { setTyping(threadId: "thr_nothing", typing: true) }' },
  { coordinate: 'Mutation.createApiKey', kind: 'admin', document: 'mutation { createApiKey(name: "", scopes: [READ]) { key } }' },
  { coordinate: 'Mutation.revokeApiKey', kind: 'admin', document: 'mutation { revokeApiKey(id: "key_nothing") }' },
  { coordinate: 'Query.webhooks', kind: 'admin', document: '{ webhooks { id } }' },
  { coordinate: 'Query.webhookDeliveries', kind: 'admin', document: '{ webhookDeliveries(webhookId: "whk_nothing") { id } }' },
  { coordinate: 'Mutation.createWebhook', kind: 'admin', document: 'mutation { createWebhook(url: "ftp://nowhere") { secret } }' },
  { coordinate: 'Mutation.setWebhookActive', kind: 'admin', document: 'mutation { setWebhookActive(id: "whk_nothing", active: false) { id } }' },
  { coordinate: 'Mutation.deleteWebhook', kind: 'admin', document: 'mutation { deleteWebhook(id: "whk_nothing") }' },
];

/** Operations whose calls end the caller's own credentials: run with throwaway ones, checked apart. */
const SELF_ENDING = new Set(['Mutation.logout']);

beforeAll(async () => {
  server = await startTestServer();
  admin = await buildAgent(server, { role: 'ADMIN' });
  [{ id: queueId }] = await server.dataSource.query(`SELECT id FROM queue WHERE name = 'General'`);
  [{ id: channelId }] = await server.dataSource.query(`SELECT id FROM channel WHERE kind = 'SMS'`);
  const agent = await buildAgent(server, { queueIds: [queueId] });
  agentId = agent.id;
  tokens.AGENT = agent.token;
  tokens.SUPERVISOR = (await buildAgent(server, { role: 'SUPERVISOR' })).token;
  tokens.ADMIN = admin.token;
  const key = async (scopes: string, bound?: string) => {
    const result = await server.gql<{ createApiKey: { key: string } }>(
      `mutation($name: String!, $agent: ID) { createApiKey(name: $name, scopes: [${scopes}], agentId: $agent) { key } }`,
      { name: `${scopes} key`, agent: bound ?? null }, admin.token);
    expect(result.errors).toBeUndefined();
    return result.data!.createApiKey.key;
  };
  tokens['READ key'] = await key('READ');
  tokens['INGEST key'] = await key('INGEST');
  tokens['WRITE key'] = await key('WRITE', agent.id);
  tokens['ADMIN key'] = await key('ADMIN');
  ({ id: threadId, customerId } = await buildThread(server));
  const replied = await server.gql<{ reply: { message: { id: string } } }>(
    `mutation($id: ID!) { reply(threadId: $id, body: "on its way") { message { id } } }`, { id: threadId }, admin.token);
  messageId = replied.data!.reply.message.id;
});
afterAll(() => server.close());

describe('every operation in the schema', () => {
  it('has a row in this table', () => {
    const sdl = fs.readFileSync(path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../../../../packages/schema/schema.graphql'), 'utf8');
    const schema = buildSchema(sdl);
    const roots = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()];
    const coordinates = roots.flatMap((type) => Object.keys(type!.getFields()).map((field) => `${type!.name}.${field}`)).sort();
    const covered = [...OPERATIONS.map((op) => op.coordinate), ...SUBSCRIPTIONS.map((op) => op.coordinate), ...SELF_ENDING].sort();
    expect([...new Set(covered)]).toEqual(coordinates);
  });
});

describe.each(ACTORS)('%s', (actor) => {
  it.each(OPERATIONS.map((op) => [op.coordinate, op] as const))('%s', async (_coordinate, op) => {
    const result = await server.gql(op.document, op.variables?.() ?? {}, tokens[actor]);
    const code = result.errors?.[0]?.extensions?.code;
    if (POLICY[op.kind]!.includes(actor)) expect(code).not.toBe('FORBIDDEN');
    else expect(code).toBe('FORBIDDEN');
    // login answers UNAUTHENTICATED for a wrong password, whoever asks; nothing else may.
    if (op.kind !== 'public') expect(code).not.toBe('UNAUTHENTICATED');
  });
});

interface SubscriptionOperation {
  coordinate: string;
  label: string;
  allowed: ActorName[];
  document: string;
  variables?: () => Record<string, unknown>;
}

const SUBSCRIPTIONS: SubscriptionOperation[] = [
  { coordinate: 'Subscription.threadEvents', label: 'threadEvents', allowed: POLICY.read!, document: 'subscription { threadEvents { cursor } }' },
  { coordinate: 'Subscription.threadEvents', label: 'threadEvents(types: [REPLIED])', allowed: POLICY.gateway!, document: 'subscription { threadEvents(types: [REPLIED]) { cursor message { body } } }' },
  { coordinate: 'Subscription.typing', label: 'typing', allowed: POLICY.read!, document: 'subscription($id: ID!) { typing(threadId: $id) { typing } }', variables: id },
  { coordinate: 'Subscription.agentPresenceChanged', label: 'agentPresenceChanged', allowed: POLICY.read!, document: 'subscription { agentPresenceChanged { id } }' },
  { coordinate: 'Subscription.settingsChanged', label: 'settingsChanged', allowed: POLICY.read!, document: 'subscription { settingsChanged { area } }' },
  { coordinate: 'Subscription.boardUpdated', label: 'boardUpdated', allowed: POLICY.supervisorRead!, document: 'subscription { boardUpdated { asOf } }' },
];

describe.each(ACTORS)('%s subscribing', (actor) => {
  it.each(SUBSCRIPTIONS.map((op) => [op.label, op] as const))('%s', async (_label, op) => {
    const before = server.app.hub.subscriberCount;
    const subscription = subscribe(server, tokens[actor], op.document, op.variables?.() ?? {});
    try {
      // graphql-ws acknowledges nothing: either the hub registers it, or an error comes back.
      await until(() => server.app.hub.subscriberCount > before || subscription.received.length > 0);
      const code = subscription.received[0]?.errors?.[0]?.extensions?.code;
      // An allowed one may already have its first payload (boardUpdated pushes at once): never an error.
      if (op.allowed.includes(actor)) expect(subscription.received.filter((payload) => payload.errors)).toEqual([]);
      else expect(code).toBe('FORBIDDEN');
    } finally {
      await subscription.dispose();
      await until(() => server.app.hub.subscriberCount === before);
    }
  });
});

describe('logout', () => {
  it.each(ACTORS)('%s', async (actor) => {
    // A throwaway credential of the same kind: logging out must not end the ones above.
    const token = SESSIONS.includes(actor)
      ? (await buildAgent(server, { role: actor as 'AGENT' | 'SUPERVISOR' | 'ADMIN' })).token
      : tokens[actor];
    const result = await server.gql('mutation { logout }', {}, token);
    const code = result.errors?.[0]?.extensions?.code;
    // A key does not sign out (revoke it); a key that may not act at all is refused before that.
    const expected: Record<ActorName, string | undefined> = {
      AGENT: undefined, SUPERVISOR: undefined, ADMIN: undefined,
      'READ key': 'FORBIDDEN', 'INGEST key': 'FORBIDDEN', 'WRITE key': 'BAD_USER_INPUT', 'ADMIN key': 'BAD_USER_INPUT',
    };
    expect(code).toBe(expected[actor]);
  });
});
