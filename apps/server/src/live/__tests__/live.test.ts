import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  buildAgent, ingest, startTestServer, subscribe, until, type AgentFixture, type LiveSubscription, type TestServer,
} from '../../../../../test/support/server.js';

let server: TestServer;
let admin: AgentFixture;
let general: string;
let billing: string;
const open: LiveSubscription[] = [];

const EVENTS = `subscription($after: String, $filter: ThreadFilter, $types: [ThreadEventType!]) {
  threadEvents(after: $after, filter: $filter, types: $types) {
    cursor type threadVersion before { ownerId queueId } after { ownerId queueId } thread { id } note } }`;
type EventPayload = { threadEvents: { cursor: string; type: string; threadVersion: number; thread: { id: string }; before: { ownerId: string | null; queueId: string } | null; after: { ownerId: string | null; queueId: string }; note: string | null } };

function live(token: string, variables: Record<string, unknown> = {}, query = EVENTS): LiveSubscription<EventPayload> {
  const subscription = subscribe<EventPayload>(server, token, query, variables);
  open.push(subscription as LiveSubscription);
  return subscription;
}

/** Subscribes and waits until the hub has registered it (graphql-ws itself acknowledges nothing). */
async function liveNow(token: string, variables: Record<string, unknown> = {}): Promise<LiveSubscription<EventPayload>> {
  const before = server.app.hub.subscriberCount;
  const subscription = live(token, variables);
  await until(() => server.app.hub.subscriberCount > before);
  return subscription;
}

const events = (subscription: LiveSubscription<EventPayload>) => subscription.received.map((r) => r.data!.threadEvents);



/** A console's socket that has authenticated and subscribes to nothing (yet). */
async function idleSocket(token: string): Promise<{ closed: Promise<number> }> {
  const socket = new WebSocket(server.wsUrl, 'graphql-transport-ws');
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  await new Promise((resolve) => socket.on('open', resolve));
  const acknowledged = new Promise<void>((resolve) => socket.on('message', (data) => {
    if ((JSON.parse(String(data)) as { type: string }).type === 'connection_ack') resolve();
  }));
  socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }));
  await acknowledged;
  return { closed };
}

async function cursorNow(token: string): Promise<string> {
  return (await server.gql<{ eventCursor: string }>('{ eventCursor }', {}, token)).data!.eventCursor;
}

beforeAll(async () => {
  server = await startTestServer();
  admin = await buildAgent(server, { role: 'ADMIN' });
  [{ id: general }] = await server.dataSource.query(`SELECT id FROM queue WHERE name = 'General'`);
  billing = (await server.gql<{ createQueue: { id: string } }>('mutation { createQueue(name: "Billing") { id } }', {}, admin.token)).data!.createQueue.id;
});
afterAll(async () => {
  await Promise.all(open.map((subscription) => subscription.dispose()));
  await server.close();
});

describe('threadEvents subscription', () => {
  it('delivers a claim away from my "unassigned" view and a hand-off out of my queue', async () => {
    const watcher = await buildAgent(server, { queueIds: [general], name: 'Watcher' });
    const taker = await buildAgent(server, { queueIds: [general], name: 'Taker' });
    const start = await cursorNow(watcher.token);
    const subscription = live(watcher.token, { after: start, filter: { unassigned: true, queueIds: [general] } });
    const queueView = live(watcher.token, { after: start, filter: { queueIds: [general] } });
    const threadId = (await ingest(server, admin.token, {})).data!.receiveMessage.thread.id;
    await subscription.waitFor(2); // CREATED, MESSAGE_RECEIVED
    await server.gql(`mutation($id: ID!) { claimThread(threadId: $id) { cursor } }`, { id: threadId }, taker.token);
    await subscription.waitFor(3);
    expect(events(subscription)[2]).toMatchObject({ type: 'CLAIMED', before: { ownerId: null }, after: { ownerId: taker.id } });
    // The claim took it out of "unassigned"; the queue view still shows it, until it leaves the queue.
    await server.gql(`mutation($id: ID!, $q: ID!) { handOffThread(threadId: $id, toQueueId: $q, note: "billing issue") { cursor } }`, { id: threadId, q: billing }, taker.token);
    await queueView.waitFor(4);
    expect(events(queueView).map((event) => event.type)).toEqual(['CREATED', 'MESSAGE_RECEIVED', 'CLAIMED', 'HANDED_OFF']);
    expect(events(queueView)[3]).toMatchObject({ type: 'HANDED_OFF', before: { queueId: general }, after: { queueId: billing, ownerId: null }, note: 'billing issue' });
  });

  it('resumes from a cursor without a seam: no gap and no duplicate while writers keep writing', async () => {
    const agent = await buildAgent(server, { queueIds: [general] });
    const start = await cursorNow(agent.token);
    const before = await Promise.all(Array.from({ length: 5 }, () => ingest(server, admin.token, {})));
    expect(before.every((r) => !r.errors)).toBe(true);
    const subscription = live(agent.token, { after: start });
    const during = await Promise.all(Array.from({ length: 10 }, () => ingest(server, admin.token, {})));
    expect(during.every((r) => !r.errors)).toBe(true);
    const expected = await server.dataSource.query(
      `SELECT id::text FROM event WHERE id > $1 AND thread_id IS NOT NULL ORDER BY event.id`, [start]);
    await subscription.waitFor(expected.length);
    // A sentinel written after everything: a late duplicate would come before its events.
    await ingest(server, admin.token, {});
    const all: Array<{ id: string }> = await server.dataSource.query(
      `SELECT id::text FROM event WHERE id > $1 AND thread_id IS NOT NULL ORDER BY event.id`, [start]);
    expect(all.length).toBeGreaterThan(expected.length);
    await subscription.waitFor(all.length);
    expect(events(subscription).map((event) => event.cursor)).toEqual(all.map((row) => row.id));
  });

  it('shows an agent only the threads of their queues', async () => {
    const outsider = await buildAgent(server, { queueIds: [billing] });
    const subscription = live(outsider.token, { after: await cursorNow(outsider.token) });
    const inGeneral = (await ingest(server, admin.token, {})).data!.receiveMessage.thread.id;
    const [twitter] = await server.dataSource.query(`SELECT id FROM channel WHERE kind = 'TWITTER'`);
    await server.gql(`mutation($c: ID!, $q: ID!) { setChannelQueue(channelId: $c, queueId: $q) { id } }`, { c: twitter.id, q: billing }, admin.token);
    const inBilling = (await ingest(server, admin.token, { channelKind: 'TWITTER', from: 'billing_customer' })).data!.receiveMessage.thread.id;
    await subscription.waitFor(2);
    expect(new Set(events(subscription).map((event) => event.thread.id))).toEqual(new Set([inBilling]));
    expect(events(subscription).some((event) => event.thread.id === inGeneral)).toBe(false);
  });

  it('stops delivering a queue to an agent taken out of it, at once', async () => {
    const agent = await buildAgent(server, { queueIds: [general, billing] });
    const subscription = await liveNow(agent.token, { types: ['CREATED'] });
    const members = await server.dataSource.query(`SELECT agent_id FROM agent_queue WHERE queue_id = $1 AND agent_id <> $2`, [general, agent.id]);
    await server.gql(`mutation($q: ID!, $ids: [ID!]!) { setQueueMembers(queueId: $q, agentIds: $ids) { id } }`,
      { q: general, ids: members.map((m: { agent_id: string }) => m.agent_id) }, admin.token);
    const hidden = (await ingest(server, admin.token, {})).data!.receiveMessage.thread.id;
    const shown = (await ingest(server, admin.token, { channelKind: 'TWITTER', from: 'still_visible' })).data!.receiveMessage.thread.id;
    // A sentinel written after both: anything about the hidden thread would have come before it.
    const sentinel = (await ingest(server, admin.token, { channelKind: 'TWITTER', from: 'sentinel_visible' })).data!.receiveMessage.thread.id;
    await subscription.waitFor(2);
    expect(events(subscription).map((event) => event.thread.id)).toEqual([shown, sentinel]);
    expect(hidden).not.toBe(shown);
  });

  it('catches up after its listener connection is killed', async () => {
    const agent = await buildAgent(server, { queueIds: [general] });
    const subscription = live(agent.token, { after: await cursorNow(agent.token), types: ['CREATED'] });
    const listeners = async () => server.dataSource.query(
      `SELECT pid FROM pg_stat_activity WHERE application_name = 'switchboard-listener' AND datname = current_database()`);
    const [listener, ...others] = await listeners();
    expect(others).toEqual([]);
    const killed = await server.dataSource.query(`SELECT pg_terminate_backend($1) AS ok`, [listener.pid]);
    expect(killed).toEqual([{ ok: true }]);
    const threadId = (await ingest(server, admin.token, {})).data!.receiveMessage.thread.id;
    await subscription.waitFor(1);
    expect(events(subscription)[0]!.thread.id).toBe(threadId);
    // One listener again, a new one: the killed backend may still be listed while it exits.
    await until(async () => {
      const now = await listeners();
      return now.length === 1 && now[0].pid !== listener.pid && server.app.feed.listening;
    });
  });

  it('reports on /healthz how far behind the log live delivery is', async () => {
    const health = await (await fetch(`${server.url}/healthz`)).json() as Record<string, unknown>;
    expect(health).toMatchObject({ status: 'ok', live: 'ok', liveQueuedEvents: 0, liveReplaying: 0 });
    expect(health.liveLagMs).toBe(0);
  });

  it('replays to consoles resuming together with one rendering per event, not one per console', async () => {
    await Promise.all(open.splice(0).map((subscription) => subscription.dispose()));
    await until(() => server.app.hub.subscriberCount === 0);
    const agent = await buildAgent(server, { queueIds: [general] });
    const start = await cursorNow(agent.token);
    await Promise.all(Array.from({ length: 10 }, () => ingest(server, admin.token, {})));
    const missed: Array<{ id: string }> = await server.dataSource.query(
      `SELECT id::text FROM event WHERE id > $1 AND thread_id IS NOT NULL ORDER BY event.id`, [start]);
    const rendersBefore = server.app.hub.renders;
    const consoles = Array.from({ length: 30 }, () => live(agent.token, { after: start }));
    await Promise.all(consoles.map((subscription) => subscription.waitFor(missed.length)));
    for (const subscription of consoles) expect(events(subscription).map((event) => event.cursor)).toEqual(missed.map((row) => row.id));
    // 30 consoles x 20 events rendered 600 times before; shared, once per event.
    expect(server.app.hub.renders - rendersBefore).toBe(missed.length);
  });

  it('renders each event once per document and role, whatever the number of subscribers', async () => {
    await Promise.all(open.splice(0).map((subscription) => subscription.dispose()));
    await until(() => server.app.hub.subscriberCount === 0);
    const agents = await Promise.all([1, 2, 3].map(() => buildAgent(server, { queueIds: [general] })));
    const subscriptions = agents.flatMap((agent) => Array.from({ length: 10 }, () => live(agent.token, { types: ['CREATED'] })));
    const supervisor = await buildAgent(server, { role: 'SUPERVISOR' });
    const supervisors = Array.from({ length: 5 }, () => live(supervisor.token, { types: ['CREATED'] }));
    await until(() => server.app.hub.subscriberCount === 35);
    const rendersBefore = server.app.hub.renders;
    await ingest(server, admin.token, {});
    await Promise.all([...subscriptions, ...supervisors].map((subscription) => subscription.waitFor(1)));
    expect(server.app.hub.renders - rendersBefore).toBe(2); // one for AGENT, one for SUPERVISOR
    expect([...subscriptions, ...supervisors].every((subscription) => subscription.received.length === 1)).toBe(true);
  });

  it('answers a cursor older than the log keeps with CURSOR_EXPIRED, after retention pruned it', async () => {
    const agent = await buildAgent(server, { queueIds: [general] });
    const [{ id: oldest }] = await server.dataSource.query(`SELECT min(id)::text AS id FROM event`);
    await ingest(server, admin.token, {});
    // Retention, as the hourly job runs it, with a horizon that covers everything: all but the newest go.
    const [{ removed }] = await server.dataSource.query(`SELECT prune_events(now() + interval '1 day') AS removed`);
    expect(removed).toBeGreaterThan(0);
    const [{ n }] = await server.dataSource.query(`SELECT count(*)::int AS n FROM event`);
    expect(n).toBe(1);
    const subscription = live(agent.token, { after: oldest });
    await subscription.waitFor(1);
    expect(subscription.received[0]!.errors?.[0]?.extensions?.code).toBe('CURSOR_EXPIRED');
    // The newest event is kept, so a fresh eventCursor still resumes.
    const fresh = live(agent.token, { after: await cursorNow(agent.token), types: ['CREATED'] });
    const threadId = (await ingest(server, admin.token, {})).data!.receiveMessage.thread.id;
    await fresh.waitFor(1);
    expect(events(fresh)[0]!.thread.id).toBe(threadId);
  });

  it('closes the sockets of a session that signs out (4403)', async () => {
    const agent = await buildAgent(server, { queueIds: [general] });
    await liveNow(agent.token, {});
    const subscription = open.at(-1)!;
    await server.gql('mutation { logout }', {}, agent.token);
    expect(await subscription.closed).toBe(4403);
  });

  it('closes a signed-out session\'s socket that subscribes to nothing, so it cannot subscribe later', async () => {
    const agent = await buildAgent(server, { queueIds: [general] });
    const idle = await idleSocket(agent.token);
    const connections = server.app.hub.connections.size;
    await server.gql('mutation { logout }', {}, agent.token);
    expect(await idle.closed).toBe(4403);
    expect(server.app.hub.connections.size).toBe(connections - 1);
  });

  it('closes the sockets of a deactivated agent (4403), and refuses their token afterwards', async () => {
    const agent = await buildAgent(server, { queueIds: [general] });
    await liveNow(agent.token, {});
    const subscription = open.at(-1)!;
    await server.gql(`mutation($id: ID!) { updateAgent(id: $id, input: { active: false }) { id } }`, { id: agent.id }, admin.token);
    expect(await subscription.closed).toBe(4403);
    const again = subscribe(server, agent.token, EVENTS, {});
    open.push(again as LiveSubscription);
    expect(await again.closed).toBe(4403);
  });

  it('closes a socket whose session expires while it is connected', async () => {
    const agent = await buildAgent(server, { queueIds: [general] });
    await liveNow(agent.token, {});
    const subscription = open.at(-1)!;
    const idle = await idleSocket(agent.token);
    server.app.hub.connections.closeExpired(Date.now() + 365 * 24 * 3600 * 1000); // a year on, every session has expired
    expect(await subscription.closed).toBe(4403);
    expect(await idle.closed).toBe(4403);
  });
});
