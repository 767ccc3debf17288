import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  buildAgent, ingest, startTestServer, subscribe, until, type AgentFixture, type LiveSubscription, type TestServer,
} from '../../../../../test/support/server.js';

let server: TestServer;
let admin: AgentFixture;
let general: string;
const open: LiveSubscription[] = [];

beforeAll(async () => {
  server = await startTestServer();
  admin = await buildAgent(server, { role: 'ADMIN' });
  [{ id: general }] = await server.dataSource.query(`SELECT id FROM queue WHERE name = 'General'`);
});
afterAll(async () => {
  await Promise.all(open.map((subscription) => subscription.dispose()));
  await server.close();
});


async function liveNow<T>(token: string, query: string, variables: Record<string, unknown> = {}): Promise<LiveSubscription<T>> {
  const before = server.app.hub.subscriberCount;
  const subscription = subscribe<T>(server, token, query, variables);
  open.push(subscription as LiveSubscription);
  await until(() => server.app.hub.subscriberCount > before);
  return subscription;
}

const presenceOf = async (agentId: string) =>
  (await server.gql<{ agents: Array<{ id: string; presence: string }> }>('{ agents { id presence } }', {}, admin.token)).data!.agents.find((a) => a.id === agentId)!.presence;

describe('presence', () => {
  it('is what the agent chose while a console is connected, and OFFLINE 60 s after the last one closed', async () => {
    const agent = await buildAgent(server, { queueIds: [general], online: false, name: 'Pat Presence' });
    const watcher = await liveNow<{ agentPresenceChanged: { id: string; presence: string } }>(admin.token,
      'subscription { agentPresenceChanged { id presence } }');
    await server.gql('mutation { setPresence(presence: AWAY) { id } }', {}, agent.token);
    await until(() => watcher.received.some((r) => r.data?.agentPresenceChanged.id === agent.id));
    expect(watcher.received.filter((r) => r.data?.agentPresenceChanged.id === agent.id).map((r) => r.data!.agentPresenceChanged.presence)).toEqual(['AWAY']);

    // A console connects and later closes; 60 s on (simulated by ageing last_seen_at), the heartbeat sweep announces OFFLINE.
    const console = await liveNow(agent.token, 'subscription { agentPresenceChanged { id } }');
    await console.dispose();
    // The server marks the moment the console closed; age last_seen_at only after that write.
    await until(() => !server.app.presence.isConnected(agent.id));
    await server.app.presence.settled();
    const [{ recent }] = await server.dataSource.query(`SELECT last_seen_at > now() - interval '5 seconds' AS recent FROM agent WHERE id = $1`, [agent.id]);
    expect(recent).toBe(true);
    expect(await presenceOf(agent.id)).toBe('AWAY');
    await server.dataSource.query(`UPDATE agent SET last_seen_at = now() - interval '61 seconds' WHERE id = $1`, [agent.id]);
    expect(await presenceOf(agent.id)).toBe('OFFLINE');
    await server.app.presence.beat();
    await until(() => watcher.received.filter((r) => r.data?.agentPresenceChanged.id === agent.id).length === 2);
    expect(watcher.received.filter((r) => r.data?.agentPresenceChanged.id === agent.id).at(-1)!.data!.agentPresenceChanged.presence).toBe('OFFLINE');
    // A second sweep (another replica, say) announces nothing more.
    await server.app.presence.beat();
    const [{ n }] = await server.dataSource.query(
      `SELECT count(*)::int AS n FROM event WHERE type = 'AGENT_PRESENCE_CHANGED' AND data->>'agentId' = $1`, [agent.id]);
    expect(n).toBe(2);
  });

  it('keeps an agent with a connected console online through heartbeats', async () => {
    const agent = await buildAgent(server, { queueIds: [general], online: false });
    await server.gql('mutation { setPresence(presence: ONLINE) { id } }', {}, agent.token);
    await liveNow(agent.token, 'subscription { agentPresenceChanged { id } }');
    await server.dataSource.query(`UPDATE agent SET last_seen_at = now() - interval '59 seconds' WHERE id = $1`, [agent.id]);
    await server.app.presence.beat();
    expect(await presenceOf(agent.id)).toBe('ONLINE');
  });

  it('returns a thread to its queue when its customer writes and the owner is OFFLINE', async () => {
    const owner = await buildAgent(server, { queueIds: [general], name: 'Gone Home' });
    const from = '+15550900001';
    const threadId = (await ingest(server, admin.token, { from })).data!.receiveMessage.thread.id;
    await server.gql(`mutation($id: ID!) { claimThread(threadId: $id) { cursor } }`, { id: threadId }, owner.token);
    await server.dataSource.query(`UPDATE agent SET last_seen_at = now() - interval '2 minutes' WHERE id = $1`, [owner.id]);
    await ingest(server, admin.token, { from, body: 'Hello? Anyone?' });
    const [thread] = await server.dataSource.query(`SELECT owner_id FROM thread WHERE id = $1`, [threadId]);
    expect(thread.owner_id).toBeNull();
    const events = await server.dataSource.query(`SELECT type, actor_id, message_id FROM event WHERE thread_id = $1 ORDER BY event.id DESC LIMIT 2`, [threadId]);
    expect(events.map((e: { type: string }) => e.type)).toEqual(['RELEASED', 'MESSAGE_RECEIVED']);
    expect(events[0].actor_id).toBeNull();
    const [message] = await server.dataSource.query(`SELECT kind, body FROM message WHERE id = $1`, [events[0].message_id]);
    expect(message.kind).toBe('SYSTEM');
    expect(message.body).toContain('Gone Home is offline');
  });
});

describe('typing', () => {
  const TYPING = `subscription($id: ID!) { typing(threadId: $id) { threadId typing agent { id } } }`;
  type Typing = { typing: { threadId: string; typing: boolean; agent: { id: string } } };

  it('broadcasts true, absorbs renewals within 2 s, and says false on false', async () => {
    const writer = await buildAgent(server, { queueIds: [general] });
    const reader = await buildAgent(server, { queueIds: [general] });
    const threadId = (await ingest(server, admin.token, {})).data!.receiveMessage.thread.id;
    const watcher = await liveNow<Typing>(reader.token, TYPING, { id: threadId });
    // The renewals come within 2 s by the server's clock (Date.now), held still while they are sent:
    // five round trips on a busy machine could otherwise take longer, and a late one is rightly sent.
    const clock = vi.spyOn(Date, 'now').mockReturnValue(Date.now());
    try {
      for (let i = 0; i < 5; i++) {
        const result = await server.gql<{ setTyping: boolean }>(`mutation($id: ID!) { setTyping(threadId: $id, typing: true) }`, { id: threadId }, writer.token);
        expect(result.data!.setTyping).toBe(true);
      }
    } finally {
      clock.mockRestore();
    }
    await server.gql(`mutation($id: ID!) { setTyping(threadId: $id, typing: false) }`, { id: threadId }, writer.token);
    await watcher.waitFor(2);
    expect(watcher.received.map((r) => r.data!.typing)).toEqual([
      { threadId, typing: true, agent: { id: writer.id } },
      { threadId, typing: false, agent: { id: writer.id } },
    ]);
    const [{ n }] = await server.dataSource.query(`SELECT count(*)::int AS n FROM event WHERE type LIKE '%TYPING%'`);
    expect(n).toBe(0); // never stored
  });

  it('expires an unrenewed true after about 5 s', async () => {
    const writer = await buildAgent(server, { queueIds: [general] });
    const threadId = (await ingest(server, admin.token, {})).data!.receiveMessage.thread.id;
    const watcher = await liveNow<Typing>(admin.token, TYPING, { id: threadId });
    await server.gql(`mutation($id: ID!) { setTyping(threadId: $id, typing: true) }`, { id: threadId }, writer.token);
    await watcher.waitFor(2, 9000);
    expect(watcher.received.map((r) => r.data!.typing.typing)).toEqual([true, false]);
  });

  it('refuses a thread the subscriber cannot see', async () => {
    const queue = (await server.gql<{ createQueue: { id: string } }>('mutation { createQueue(name: "Elsewhere") { id } }', {}, admin.token)).data!.createQueue.id;
    const outsider = await buildAgent(server, { queueIds: [queue] });
    const threadId = (await ingest(server, admin.token, {})).data!.receiveMessage.thread.id;
    const subscription = subscribe<Typing>(server, outsider.token, TYPING, { id: threadId });
    open.push(subscription as LiveSubscription);
    await subscription.waitFor(1);
    expect(subscription.received[0]!.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const setTyping = await server.gql(`mutation($id: ID!) { setTyping(threadId: $id, typing: true) }`, { id: threadId }, outsider.token);
    expect(setTyping.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
