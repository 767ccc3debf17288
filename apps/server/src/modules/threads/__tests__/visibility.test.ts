import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildAgent, ingest, startTestServer, subscribe, until, type AgentFixture, type LiveSubscription, type TestServer,
} from '../../../../../../test/support/server.js';

/**
 * The leak this module closed: a former owner kept reading a thread through `threadEvents {
 * thread { messages } }`. Every read path, for everyone who may not see the thread now.
 */

const SECRET = 'secret written after the hand-off 7731';
const ADDRESS = '+15550177310';

let server: TestServer;
let admin: AgentFixture;
let general: string;
let billing: string;
let social: string;
let threadId: string;
let customerId: string;
const viewers: Record<string, AgentFixture | null> = {};
const live: Record<string, { subscription: LiveSubscription; sentinelThread: string }> = {};

const THREAD_FIELDS = `id status version subject queue { id } owner { id } preview lastMessage { body }
  customer { name identities { address } threads { edges { node { id preview } } } }
  messages { edges { node { body } } }`;

const EVENTS = `subscription($ids: [ID!]) { threadEvents(after: "0", filter: { threadIds: $ids }) { type thread { ${THREAD_FIELDS} } } }`;
const LIVE_EVENTS = `subscription($ids: [ID!]) { threadEvents(filter: { threadIds: $ids }) { type thread { ${THREAD_FIELDS} } } }`;

async function ok<T>(query: string, variables: Record<string, unknown>, token: string): Promise<T> {
  const result = await server.gql<T>(query, variables, token);
  expect(result.errors).toBeUndefined();
  return result.data!;
}

/** A thread of `queueId` that `viewer` may see, to write a sentinel event on. */
async function threadIn(queueId: string): Promise<string> {
  const id = (await ingest(server, admin.token, { body: 'sentinel thread' })).data!.receiveMessage.thread.id;
  if (queueId !== general) await ok(`mutation($id: ID!, $q: ID) { handOffThread(threadId: $id, toQueueId: $q) { cursor } }`, { id, q: queueId }, admin.token);
  return id;
}

beforeAll(async () => {
  server = await startTestServer();
  admin = await buildAgent(server, { role: 'ADMIN' });
  [{ id: general }] = await server.dataSource.query(`SELECT id FROM queue WHERE name = 'General'`);
  billing = (await ok<{ createQueue: { id: string } }>('mutation { createQueue(name: "Billing") { id } }', {}, admin.token)).createQueue.id;
  social = (await ok<{ createQueue: { id: string } }>('mutation { createQueue(name: "Social") { id } }', {}, admin.token)).createQueue.id;
  viewers['former owner'] = await buildAgent(server, { queueIds: [general], name: 'Ada Owner' });
  viewers['former collaborator'] = await buildAgent(server, { queueIds: [general], name: 'Ben Helper' });
  viewers['agent of another queue'] = await buildAgent(server, { queueIds: [social], name: 'Cy Social' });
  viewers['outsider without a token'] = null;
  const owner = viewers['former owner']!;
  const collaborator = viewers['former collaborator']!;

  const first = (await ingest(server, admin.token, { from: ADDRESS, fromName: 'Dana Customer', subject: 'Refund', body: 'My order never came' })).data!.receiveMessage;
  threadId = first.thread.id;
  customerId = first.thread.customer.id;
  await ok(`mutation($id: ID!) { claimThread(threadId: $id) { cursor } }`, { id: threadId }, owner.token);
  await ok(`mutation($id: ID!) { joinThread(threadId: $id) { cursor } }`, { id: threadId }, collaborator.token);
  await ok(`mutation($id: ID!) { reply(threadId: $id, body: "Looking into it") { cursor } }`, { id: threadId }, owner.token);

  // Both watch the thread live while it leaves them.
  const subscribersBefore = server.app.hub.subscriberCount;
  for (const name of ['former owner', 'former collaborator'] as const) {
    const sentinelThread = await threadIn(general);
    live[name] = { subscription: subscribe(server, viewers[name]!.token, LIVE_EVENTS, { ids: [threadId, sentinelThread] }), sentinelThread };
  }
  // graphql-ws does not acknowledge a subscribe: wait until the hub has registered both.
  await until(() => server.app.hub.subscriberCount >= subscribersBefore + 2);

  const handOff = await ok<{ handOffThread: { thread: { messages: { edges: unknown[] }; preview: string | null; customer: { identities: unknown[] } } } }>(
    `mutation($id: ID!, $q: ID) { handOffThread(threadId: $id, toQueueId: $q, note: "Billing owns refunds") { thread { ${THREAD_FIELDS} } } }`,
    { id: threadId, q: billing }, owner.token);
  // The hand-off's own payload already shows only what a former owner may see.
  expect(handOff.handOffThread.thread).toMatchObject({ messages: { edges: [] }, preview: null, customer: { identities: [] } });
  await ok(`mutation($id: ID!) { leaveThread(threadId: $id) { cursor } }`, { id: threadId }, collaborator.token);
  await ingest(server, admin.token, { from: ADDRESS, body: SECRET });
});
afterAll(async () => {
  await Promise.all(Object.values(live).map(({ subscription }) => subscription.dispose()));
  await server.close();
});

/** What a viewer who may not see the thread now is allowed to get of it. */
function expectRedacted(thread: Record<string, unknown>): void {
  expect(thread).toMatchObject({
    id: threadId,
    subject: 'Refund',
    preview: null,
    lastMessage: null,
    messages: { edges: [] },
    customer: { name: 'Dana Customer', identities: [], threads: { edges: [] } },
  });
}

const NAMES = ['former owner', 'former collaborator', 'agent of another queue', 'outsider without a token'] as const;

describe.each(NAMES)('a thread that left the sight of the %s', (name) => {
  const token = () => viewers[name]?.token ?? '';

  const expectSealed = (result: { data?: unknown; errors?: Array<{ extensions?: Record<string, unknown> }> }) => {
    expect(JSON.stringify(result)).not.toContain(SECRET);
    expect(JSON.stringify(result)).not.toContain(ADDRESS);
    if (name === 'outsider without a token') expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  };

  it('is null through thread(id)', async () => {
    const result = await server.gql<{ thread: unknown }>(`query($id: ID!) { thread(id: $id) { ${THREAD_FIELDS} } }`, { id: threadId }, token());
    expectSealed(result);
    if (viewers[name]) expect(result.data!.thread).toBeNull();
  });

  it('is not listed by threads', async () => {
    const result = await server.gql<{ threads: { edges: Array<{ node: { id: string } }> } }>(
      `{ threads(first: 200) { edges { node { ${THREAD_FIELDS} } } } }`, {}, token());
    expectSealed(result);
    if (viewers[name]) expect(result.data!.threads.edges.map((edge) => edge.node.id)).not.toContain(threadId);
  });

  it('is null through customer(id), and absent from its threads', async () => {
    const result = await server.gql<{ customer: unknown }>(
      `query($id: ID!) { customer(id: $id) { name identities { address } threads { edges { node { ${THREAD_FIELDS} } } } } }`, { id: customerId }, token());
    expectSealed(result);
    if (viewers[name]) expect(result.data!.customer).toBeNull();
  });

  it('comes REDACTED under threadEvents, for the events they could see then, and not at all otherwise', async () => {
    const result = await server.gql<{ threadEvents: Array<{ type: string; thread: Record<string, unknown> }> }>(
      `query($id: ID!) { threadEvents(threadId: $id) { type thread { ${THREAD_FIELDS} } } }`, { id: threadId }, token());
    expectSealed(result);
    if (!viewers[name]) return;
    const events = result.data!.threadEvents;
    if (name === 'agent of another queue') {
      expect(events).toEqual([]);
      return;
    }
    expect(events.map((event) => event.type)).toContain('HANDED_OFF');
    expect(events.map((event) => event.type)).not.toContain('STATUS_CHANGED');
    for (const event of events) expectRedacted(event.thread);
  });

  it('comes REDACTED in a replay of the threadEvents subscription', async () => {
    if (!viewers[name]) {
      const subscription = subscribe(server, 'not-a-token', EVENTS, { ids: [threadId] });
      expect(await subscription.closed).toBe(4403);
      return;
    }
    const sentinelThread = await threadIn(name === 'agent of another queue' ? social : general);
    const subscription = subscribe<{ threadEvents: { type: string; thread: Record<string, unknown> } }>(
      server, token(), EVENTS, { ids: [threadId, sentinelThread] });
    try {
      const sentinel = `sentinel for ${name}`;
      await ok(`mutation($id: ID!, $body: String!) { addNote(threadId: $id, body: $body) { cursor } }`, { id: sentinelThread, body: sentinel }, admin.token);
      const deadline = Date.now() + 10_000;
      while (!subscription.received.some((payload) => payload.data?.threadEvents.type === 'NOTE_ADDED' && payload.data.threadEvents.thread.id === sentinelThread)) {
        if (Date.now() > deadline) throw new Error(`no sentinel: ${JSON.stringify(subscription.received)}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      expect(JSON.stringify(subscription.received)).not.toContain(SECRET);
      const about = subscription.received.map((payload) => payload.data!.threadEvents).filter((event) => event.thread.id === threadId);
      if (name === 'agent of another queue') expect(about).toEqual([]);
      else {
        expect(about.length).toBeGreaterThan(0);
        for (const event of about) expectRedacted(event.thread);
      }
    } finally {
      await subscription.dispose();
    }
  });

  it('refuses writes and typing with NOT_FOUND, saying nothing of the thread', async () => {
    const calls = [
      `mutation($id: ID!) { reply(threadId: $id, body: "hello?") { cursor } }`,
      `mutation($id: ID!) { addNote(threadId: $id, body: "peek") { cursor } }`,
      `mutation($id: ID!) { claimThread(threadId: $id) { cursor } }`,
      `mutation($id: ID!) { joinThread(threadId: $id) { cursor } }`,
      `mutation($id: ID!) { setThreadStatus(threadId: $id, status: RESOLVED) { cursor } }`,
      `mutation($id: ID!) { setTyping(threadId: $id, typing: true) }`,
    ];
    for (const query of calls) {
      const result = await server.gql(query, { id: threadId }, token());
      expectSealed(result);
      expect(result.errors?.[0]?.extensions?.code).toBe(viewers[name] ? 'NOT_FOUND' : 'UNAUTHENTICATED');
    }
  });
});

describe('a live console watching the thread as it leaves', () => {
  it.each(['former owner', 'former collaborator'] as const)('of the %s learns it left, REDACTED from then on, and never sees what followed', async (name) => {
    const { subscription, sentinelThread } = live[name]!;
    type Received = { threadEvents: { type: string; thread: Record<string, unknown> } };
    const events = () => subscription.received.map((payload) => (payload.data as Received).threadEvents);
    // Written after everything else: once it arrives, anything about the secret would have too.
    await ok(`mutation($id: ID!) { addNote(threadId: $id, body: "end of test") { cursor } }`, { id: sentinelThread }, admin.token);
    const deadline = Date.now() + 10_000;
    while (!events().some((event) => event.type === 'NOTE_ADDED' && event.thread.id === sentinelThread)) {
      if (Date.now() > deadline) throw new Error(JSON.stringify(subscription.received));
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(JSON.stringify(subscription.received)).not.toContain(SECRET);
    const about = events().filter((event) => event.thread.id === threadId);
    expect(about.map((event) => event.type)).toContain(name === 'former owner' ? 'HANDED_OFF' : 'LEFT');
    expectRedacted(about.at(-1)!.thread);
  });
});

describe('one live rendering shared by agents', () => {
  it("never shows one agent the customer's threads that only another agent may see", async () => {
    const both = await buildAgent(server, { queueIds: [general, social], name: 'Both Queues' });
    const generalOnly = await buildAgent(server, { queueIds: [general], name: 'General Only' });
    const from = '+15550177311';
    // The customer's earlier conversation, resolved in Social; their current one in General.
    const earlier = (await ingest(server, admin.token, { from, body: 'social question' })).data!.receiveMessage.thread.id;
    await ok(`mutation($id: ID!, $q: ID) { handOffThread(threadId: $id, toQueueId: $q) { cursor } }`, { id: earlier, q: social }, admin.token);
    await ok(`mutation($id: ID!) { setThreadStatus(threadId: $id, status: RESOLVED) { cursor } }`, { id: earlier }, admin.token);
    const current = (await ingest(server, admin.token, { from, body: 'general question' })).data!.receiveMessage.thread.id;

    const query = `subscription($ids: [ID!]) { threadEvents(filter: { threadIds: $ids }) { type thread { id customer { threads { edges { node { id } } } } } } }`;
    type Received = { threadEvents: { type: string; thread: { customer: { threads: { edges: Array<{ node: { id: string } }> } } } } };
    const seen = [both, generalOnly].map((agent) => subscribe<Received>(server, agent.token, query, { ids: [current] }));
    try {
      // graphql-ws does not acknowledge a subscribe: wait until the hub has registered both, next
      // to the two live watchers of beforeAll (earlier tests' disposed subscriptions may still be
      // leaving the hub, so a count taken before subscribing would not do).
      await until(() => server.app.hub.subscriberCount === Object.keys(live).length + 2);
      await ok(`mutation($id: ID!) { addNote(threadId: $id, body: "for both") { cursor } }`, { id: current }, admin.token);
      await Promise.all(seen.map((subscription) => subscription.waitFor(1)));
      const threadsSeenBy = seen.map((subscription) =>
        subscription.received[0]!.data!.threadEvents.thread.customer.threads.edges.map((edge) => edge.node.id).sort());
      expect(threadsSeenBy).toEqual([[current, earlier].sort(), [current]]);
    } finally {
      await Promise.all(seen.map((subscription) => subscription.dispose()));
    }
  });
});
