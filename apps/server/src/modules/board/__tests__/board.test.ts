import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAgent, ingest, startTestServer, subscribe, until, type AgentFixture, type TestServer } from '../../../../../../test/support/server.js';

// The board's figures over real PostgreSQL, from waits with known start times (receivedAt in the
// past): counts, the median and p90 waits, breaches, the last hour's service level, queues and
// agents. Each test routes the channels it uses to a queue of its own, so figures add up per test.

let server: TestServer;
let admin: AgentFixture;
let supervisor: AgentFixture;
let seq = 0;

const ROW_FIELDS = `waitingCount unassignedCount oldestWaitingSince longestWaitSeconds medianWaitSeconds p90WaitSeconds breachedCount
  medianWaitingSince p90WaitingSince answeredLastHour serviceLevelLastHour longestWaitingThreadId`;
const BOARD = `{
  asOf
  channels { channel { id kind responseTargetSeconds } ${ROW_FIELDS} }
  queues { queue { id name } waitingCount unassignedCount oldestWaitingSince longestWaitSeconds breachedCount onlineAgentCount longestWaitingThreadId }
  agents { agent { id name email capacity presence presenceSetBy { id } } ownedThreadCount threads { id } }
}`;

interface ChannelRow {
  channel: { id: string; kind: string; responseTargetSeconds: number };
  waitingCount: number; unassignedCount: number; oldestWaitingSince: string | null; longestWaitSeconds: number | null;
  medianWaitSeconds: number | null; p90WaitSeconds: number | null; breachedCount: number; medianWaitingSince: string | null;
  p90WaitingSince: string | null; answeredLastHour: number; serviceLevelLastHour: number | null; longestWaitingThreadId: string | null;
}
interface QueueRow {
  queue: { id: string; name: string }; waitingCount: number; unassignedCount: number; oldestWaitingSince: string | null;
  longestWaitSeconds: number | null; breachedCount: number; onlineAgentCount: number; longestWaitingThreadId: string | null;
}
interface AgentRow {
  agent: { id: string; name: string; email: string | null; capacity: number; presence: string; presenceSetBy: { id: string } | null };
  ownedThreadCount: number; threads: Array<{ id: string }>;
}
interface BoardView { asOf: string; channels: ChannelRow[]; queues: QueueRow[]; agents: AgentRow[] }

async function ok<T>(query: string, variables: Record<string, unknown> = {}, token = admin.token): Promise<T> {
  const result = await server.gql<T>(query, variables, token);
  expect(result.errors).toBeUndefined();
  return result.data!;
}

async function readBoard(token = supervisor.token): Promise<BoardView> {
  return (await ok<{ board: BoardView }>(`{ board ${BOARD} }`, {}, token)).board;
}

/** A queue of the test's own, with the given channels routed to it and their targets set. */
async function route(name: string, targets: Partial<Record<string, number>>): Promise<{ queueId: string; channelIds: Record<string, string> }> {
  const { createQueue } = await ok<{ createQueue: { id: string } }>(`mutation($n: String!) { createQueue(name: $n) { id } }`, { n: name });
  const channelIds: Record<string, string> = {};
  for (const [kind, seconds] of Object.entries(targets)) {
    const [{ id }] = await server.dataSource.query(`SELECT id FROM channel WHERE kind = $1`, [kind]);
    channelIds[kind] = id;
    await ok(`mutation($c: ID!, $q: ID!) { setChannelQueue(channelId: $c, queueId: $q) { id } }`, { c: id, q: createQueue.id });
    await ok(`mutation($c: ID!, $s: Int!) { setChannelTarget(channelId: $c, responseTargetSeconds: $s) { id } }`, { c: id, s: seconds });
  }
  return { queueId: createQueue.id, channelIds };
}

/** A customer's message received `secondsAgo` seconds ago (the start of their wait). */
async function waitingFor(channelKind: string, secondsAgo: number, receivedAt = new Date(Date.now() - secondsAgo * 1000)) {
  const result = await ingest(server, admin.token, { channelKind, from: fromFor(channelKind), receivedAt: receivedAt.toISOString() });
  expect(result.errors).toBeUndefined();
  return { threadId: result.data!.receiveMessage.thread.id, receivedAt };
}

function fromFor(kind: string): string {
  const n = ++seq;
  if (kind === 'EMAIL') return `board-${n}@example.com`;
  if (kind === 'SMS' || kind === 'VOICE') return `+1555077${String(n).padStart(4, '0')}`;
  return `board_customer_${n}`;
}

const CLAIM = `mutation($id: ID!) { claimThread(threadId: $id) { thread { id } } }`;
const REPLY = `mutation($id: ID!) { reply(threadId: $id, body: "Here to help.") { message { id } } }`;
const secondsBetween = (later: string, earlier: Date) => Math.floor((Date.parse(later) - earlier.getTime()) / 1000);

beforeAll(async () => {
  server = await startTestServer();
  admin = await buildAgent(server, { role: 'ADMIN', name: 'Ada Admin' });
  supervisor = await buildAgent(server, { role: 'SUPERVISOR', name: 'Sam Supervisor' });
});
afterAll(() => server.close());

describe('board', () => {
  it('counts waits per channel: unassigned, oldest, median and p90 waits, breaches, and the longest-waiting thread', async () => {
    await route('Board figures', { FORUM: 600 });
    // Waits of 1000, 500, 300, 100 and 20 s on a 600 s target: the first is past its due time.
    const waits = [];
    for (const secondsAgo of [1000, 500, 300, 100, 20]) waits.push(await waitingFor('FORUM', secondsAgo));
    const owner = await buildAgent(server, { name: 'Olive Owner' });
    await ok(`mutation($q: ID!, $a: [ID!]!) { setQueueMembers(queueId: $q, agentIds: $a) { id } }`,
      { q: (await server.dataSource.query(`SELECT queue_id FROM channel WHERE kind = 'FORUM'`))[0].queue_id, a: [owner.id] });
    await ok(CLAIM, { id: waits[1]!.threadId }, owner.token);

    const board = await readBoard();
    const forum = board.channels.find((row) => row.channel.kind === 'FORUM')!;
    expect(forum).toMatchObject({ waitingCount: 5, unassignedCount: 4, breachedCount: 1, longestWaitingThreadId: waits[0]!.threadId });
    expect(forum.channel.responseTargetSeconds).toBe(600);
    expect(forum.oldestWaitingSince).toBe(waits[0]!.receivedAt.toISOString());
    // Waits ascending 20, 100, 300, 500, 1000: the median is the 3rd, the p90 the 5th (nearest rank).
    expect(forum.medianWaitingSince).toBe(waits[2]!.receivedAt.toISOString());
    expect(forum.p90WaitingSince).toBe(waits[0]!.receivedAt.toISOString());
    expect(forum.longestWaitSeconds).toBe(secondsBetween(board.asOf, waits[0]!.receivedAt));
    expect(forum.medianWaitSeconds).toBe(secondsBetween(board.asOf, waits[2]!.receivedAt));
    expect(forum.p90WaitSeconds).toBe(forum.longestWaitSeconds);
    expect(forum.longestWaitSeconds).toBeGreaterThanOrEqual(1000);
    expect(forum.answeredLastHour).toBe(0);
    expect(forum.serviceLevelLastHour).toBeNull();
    // Every channel has a row, waiting or not.
    expect(board.channels.map((row) => row.channel.kind).sort()).toEqual(['CHAT', 'EMAIL', 'FACEBOOK', 'FORUM', 'SMS', 'TWITTER', 'VOICE']);
  });

  it('groups waits by the channel whose message set the due time, and queues by the thread\'s queue', async () => {
    const { queueId } = await route('Board wait channel', { TWITTER: 3600, EMAIL: 14_400 });
    // One customer writes by e-mail, then on Twitter: the tweet's earlier due time makes it a Twitter wait.
    const email = await waitingFor('EMAIL', 120);
    const sameCustomer = await server.dataSource.query(`SELECT customer_id FROM thread WHERE id = $1`, [email.threadId]);
    await ok(`mutation($c: ID!) { addCustomerIdentity(customerId: $c, channelKind: TWITTER, address: "board_mixed") { id } }`, { c: sameCustomer[0].customer_id });
    const tweet = await ingest(server, admin.token, { channelKind: 'TWITTER', from: 'board_mixed' });
    expect(tweet.data!.receiveMessage.thread.id).toBe(email.threadId);
    const board = await readBoard();
    const twitter = board.channels.find((row) => row.channel.kind === 'TWITTER')!;
    const byEmail = board.channels.find((row) => row.channel.kind === 'EMAIL')!;
    expect(twitter).toMatchObject({ waitingCount: 1, longestWaitingThreadId: email.threadId });
    // Waiting since the e-mail: the wait started with the first unanswered message.
    expect(twitter.oldestWaitingSince).toBe(email.receivedAt.toISOString());
    expect(byEmail.waitingCount).toBe(0);
    const queue = board.queues.find((row) => row.queue.id === queueId)!;
    expect(queue).toMatchObject({ waitingCount: 1, unassignedCount: 1, breachedCount: 0, longestWaitingThreadId: email.threadId });
  });

  it('reports the last hour\'s answers per channel and the share answered by their due time', async () => {
    const { queueId } = await route('Board service level', { VOICE: 60 });
    const agent = await buildAgent(server, { name: 'Victor Voice', queueIds: [queueId] });
    // Answered within 60 s, answered 140 s late, and one answered 2 h ago (outside the hour).
    const inTime = await waitingFor('VOICE', 30);
    const late = await waitingFor('VOICE', 200);
    for (const { threadId } of [inTime, late]) {
      await ok(CLAIM, { id: threadId }, agent.token);
      await ok(REPLY, { id: threadId }, agent.token);
    }
    const old = await waitingFor('VOICE', 7300);
    await ok(CLAIM, { id: old.threadId }, agent.token);
    await ok(REPLY, { id: old.threadId }, agent.token);
    await server.dataSource.query(`UPDATE wait_episode SET answered_at = now() - interval '2 hours' WHERE thread_id = $1`, [old.threadId]);

    const board = await readBoard();
    const voice = board.channels.find((row) => row.channel.kind === 'VOICE')!;
    expect(voice).toMatchObject({ waitingCount: 0, answeredLastHour: 2, serviceLevelLastHour: 0.5, breachedCount: 0, longestWaitingThreadId: null });
    expect(voice.oldestWaitingSince).toBeNull();
    expect(voice.medianWaitSeconds).toBeNull();
    const load = board.agents.find((row) => row.agent.id === agent.id)!;
    // Answered threads stay OPEN with their owner: capacity counts them.
    expect(load.ownedThreadCount).toBe(3);
    expect(load.threads.map((thread) => thread.id).sort()).toEqual([inTime.threadId, late.threadId, old.threadId].sort());
  });

  it('lists queues with online members, and every active agent with presence, load and capacity', async () => {
    const { queueId } = await route('Board members', { FACEBOOK: 900 });
    const online = await buildAgent(server, { name: 'Nina Online', queueIds: [queueId], capacity: 4 });
    const offline = await buildAgent(server, { name: 'Otto Offline', queueIds: [queueId], online: false });
    const waiting = await waitingFor('FACEBOOK', 60);
    const answered = await waitingFor('FACEBOOK', 10);
    await ok(CLAIM, { id: answered.threadId }, online.token);
    await ok(CLAIM, { id: waiting.threadId }, online.token);
    await ok(REPLY, { id: answered.threadId }, online.token);

    const board = await readBoard();
    const queue = board.queues.find((row) => row.queue.id === queueId)!;
    expect(queue).toMatchObject({ waitingCount: 1, unassignedCount: 0, onlineAgentCount: 1, longestWaitingThreadId: waiting.threadId });
    const nina = board.agents.find((row) => row.agent.id === online.id)!;
    expect(nina).toMatchObject({ ownedThreadCount: 2, agent: { capacity: 4, presence: 'ONLINE', presenceSetBy: null } });
    // The thread whose customer still waits comes first.
    expect(nina.threads.map((thread) => thread.id)).toEqual([waiting.threadId, answered.threadId]);
    // A long list is cut at `first`; the count stays whole.
    const first = await ok<{ board: { agents: Array<{ agent: { id: string }; ownedThreadCount: number; threads: Array<{ id: string }> }> } }>(
      `{ board { agents { agent { id } ownedThreadCount threads(first: 1) { id } } } }`, {}, supervisor.token);
    expect(first.board.agents.find((row) => row.agent.id === online.id)).toMatchObject({ ownedThreadCount: 2, threads: [{ id: waiting.threadId }] });
    const tooMany = await server.gql(`{ board { agents { threads(first: 6) { id } } } }`, {}, supervisor.token);
    expect(tooMany.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(board.agents.find((row) => row.agent.id === offline.id)).toMatchObject({ ownedThreadCount: 0, agent: { presence: 'OFFLINE' }, threads: [] });
    // Deactivated agents leave the board.
    await ok(`mutation($id: ID!) { updateAgent(id: $id, input: { active: false }) { id } }`, { id: offline.id });
    expect((await readBoard()).agents.some((row) => row.agent.id === offline.id)).toBe(false);
    // By name.
    const names = (await readBoard()).agents.map((row) => row.agent.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
  });

  it('answers a repeated query from the latest computation while the log has not moved, and computes again after a write', async () => {
    const computations = () => server.statements.filter((sql) => sql.includes('GROUP BY wait_channel_id, queue_id')).length;
    await readBoard();
    const before = computations();
    const again = await readBoard();
    expect(computations()).toBe(before);
    await waitingFor('EMAIL', 3);
    const after = await readBoard();
    expect(computations()).toBe(before + 1);
    const email = (board: BoardView) => board.channels.find((row) => row.channel.kind === 'EMAIL')!.waitingCount;
    expect(email(after)).toBe(email(again) + 1);
  });

  it('is for supervisors, admins, READ and ADMIN keys; agents and other keys get FORBIDDEN', async () => {
    const agent = await buildAgent(server);
    const refused = await server.gql(`{ board { asOf } }`, {}, agent.token);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(refused.data).toBeNull();
    expect((await server.gql(`{ board { asOf } }`)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    await readBoard(admin.token);

    const key = async (scopes: string[]) => (await ok<{ createApiKey: { key: string } }>(
      `mutation($s: [ApiScope!]!, $a: ID) { createApiKey(name: "wallboard", scopes: $s, agentId: $a) { key } }`,
      { s: scopes, a: scopes.includes('WRITE') ? agent.id : null })).createApiKey.key;
    const read = await readBoard(await key(['READ']));
    // A READ key sees no e-mail addresses (the contract's rule for keys without ADMIN).
    expect(read.agents.every((row) => row.agent.email === null)).toBe(true);
    expect((await readBoard(await key(['ADMIN']))).agents.some((row) => row.agent.email !== null)).toBe(true);
    for (const scopes of [['INGEST'], ['WRITE']]) {
      const result = await server.gql(`{ board { asOf } }`, {}, await key(scopes));
      expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
  });
});

describe('boardUpdated', () => {
  const SUBSCRIPTION = `subscription { boardUpdated { asOf channels { channel { kind } waitingCount unassignedCount breachedCount } } }`;
  type Pushed = { boardUpdated: { asOf: string; channels: Array<{ channel: { kind: string }; waitingCount: number; unassignedCount: number; breachedCount: number }> } };
  const chat = (payload: { data?: Pushed } | undefined) => payload?.data?.boardUpdated.channels.find((row) => row.channel.kind === 'CHAT');

  it('pushes the board at once, then on each change, coalesced to at most one push per 250 ms', async () => {
    const { queueId } = await route('Board live', { CHAT: 3600 });
    const agent = await buildAgent(server, { queueIds: [queueId] });
    const live = subscribe<Pushed>(server, supervisor.token, SUBSCRIPTION);
    try {
      await live.waitFor(1);
      expect(chat(live.received[0])?.waitingCount).toBe(0);
      const { threadId } = await waitingFor('CHAT', 5);
      await until(() => chat(live.received.at(-1))?.waitingCount === 1);
      await ok(CLAIM, { id: threadId }, agent.token);
      await until(() => chat(live.received.at(-1))?.unassignedCount === 0);

      // A burst of 20 messages: far fewer pushes than changes, none closer than the interval allows.
      const before = live.received.length;
      const started = Date.now();
      await Promise.all(Array.from({ length: 20 }, () => waitingFor('CHAT', 1)));
      await until(() => chat(live.received.at(-1))?.waitingCount === 21);
      const pushes = live.received.length - before;
      expect(pushes).toBeGreaterThanOrEqual(1);
      expect(pushes).toBeLessThanOrEqual(Math.ceil((Date.now() - started) / 250) + 1);
      expect(pushes).toBeLessThan(20);
    } finally {
      await live.dispose();
    }
  });

  it('pushes nothing when no figure changed (a note), and computes once for all subscribers', async () => {
    const { queueId } = await route('Board quiet', { SMS: 3600 });
    const agent = await buildAgent(server, { queueIds: [queueId] });
    const { threadId } = await waitingFor('SMS', 5);
    await ok(CLAIM, { id: threadId }, agent.token);
    const events = subscribe<{ threadEvents: { type: string } }>(server, admin.token,
      `subscription($id: ID!) { threadEvents(filter: { threadIds: [$id] }) { type } }`, { id: threadId });
    const boards = Array.from({ length: 5 }, () => subscribe<Pushed>(server, supervisor.token, SUBSCRIPTION));
    try {
      await Promise.all(boards.map((live) => live.waitFor(1)));
      // The event subscription is registered too (graphql-ws acknowledges nothing; the boards' first
      // push says nothing of another socket): six in all, once the last test's have left the hub.
      await until(() => server.app.hub.subscriberCount === boards.length + 1);
      await until(() => server.app.live.board.isIdle());
      const computations = server.statements.filter((sql) => sql.includes('GROUP BY wait_channel_id, queue_id')).length;
      await ok(`mutation($id: ID!) { addNote(threadId: $id, body: "Customer is a regular.") { message { id } } }`, { id: threadId }, agent.token);
      await events.waitFor(1);
      // The feed has read the note: the board was marked stale before the event reached us.
      await until(() => server.app.live.board.isIdle());
      expect(server.statements.filter((sql) => sql.includes('GROUP BY wait_channel_id, queue_id')).length).toBe(computations + 1);
      for (const live of boards) expect(live.received).toHaveLength(1);

      await ok(`mutation($id: ID!) { releaseThread(threadId: $id) { thread { id } } }`, { id: threadId }, agent.token);
      await Promise.all(boards.map((live) => live.waitFor(2)));
      await until(() => server.app.live.board.isIdle());
      // Five subscribers, one computation per push.
      expect(server.statements.filter((sql) => sql.includes('GROUP BY wait_channel_id, queue_id')).length).toBe(computations + 2);
    } finally {
      await events.dispose();
      await Promise.all(boards.map((live) => live.dispose()));
    }
  });

  it('pushes a breach within about a second of the due time, though nobody wrote anything', async () => {
    await route('Board breach', { CHAT: 2 });
    server.services.breachTimer.start();
    await until(() => server.services.breachTimer.isLeader);
    const live = subscribe<Pushed>(server, supervisor.token, SUBSCRIPTION);
    try {
      await live.waitFor(1);
      const breachedBefore = chat(live.received.at(-1))!.breachedCount;
      const { receivedAt } = await waitingFor('CHAT', 0, new Date());
      const due = receivedAt.getTime() + 2_000;
      await until(() => (chat(live.received.at(-1))?.breachedCount ?? 0) > breachedBefore, 8_000);
      const pushed = live.received.at(-1)!.data!.boardUpdated;
      expect(Date.parse(pushed.asOf)).toBeGreaterThanOrEqual(due);
      // The breach timer fires within a second; the push follows in the same 250 ms window.
      expect(Date.parse(pushed.asOf) - due).toBeLessThan(2_000);
    } finally {
      await live.dispose();
      await server.services.breachTimer.stop();
    }
  });

  it('refuses agents, and ends a supervisor\'s subscription when their role changes', async () => {
    const agent = await buildAgent(server);
    const refused = subscribe<Pushed>(server, agent.token, SUBSCRIPTION);
    await refused.waitFor(1);
    expect(refused.received[0]?.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    await refused.dispose();

    const demoted = await buildAgent(server, { role: 'SUPERVISOR' });
    const live = subscribe<Pushed>(server, demoted.token, SUBSCRIPTION);
    try {
      await live.waitFor(1);
      await ok(`mutation($id: ID!) { updateAgent(id: $id, input: { role: AGENT }) { id } }`, { id: demoted.id });
      await live.completed;
      const again = subscribe<Pushed>(server, demoted.token, SUBSCRIPTION);
      await again.waitFor(1);
      expect(again.received[0]?.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      await again.dispose();
    } finally {
      await live.dispose();
    }
  });
});

describe('setAgentPresence', () => {
  const SET = `mutation($a: ID!, $p: Presence!) { setAgentPresence(agentId: $a, presence: $p) { id presence presenceSetBy { id name } } }`;
  const ME = `{ me { presence presenceSetBy { id } } }`;

  it('lets a supervisor mark an agent AWAY or OFFLINE; the agent sees who did, and may choose again', async () => {
    const agent = await buildAgent(server, { name: 'Wanda Walked-away' });
    const presence = subscribe<{ agentPresenceChanged: { id: string; presence: string; presenceSetBy: { id: string } | null } }>(
      server, agent.token, `subscription { agentPresenceChanged { id presence presenceSetBy { id } } }`);
    try {
      await until(() => server.app.hub.presenceWatchers().some((watcher) => watcher.actor.kind === 'agent' && watcher.actor.agentId === agent.id));
      const away = await ok<{ setAgentPresence: { presence: string; presenceSetBy: { id: string; name: string } } }>(SET, { a: agent.id, p: 'AWAY' }, supervisor.token);
      expect(away.setAgentPresence).toMatchObject({ presence: 'AWAY', presenceSetBy: { id: supervisor.id, name: 'Sam Supervisor' } });
      expect((await ok<{ me: unknown }>(ME, {}, agent.token)).me).toEqual({ presence: 'AWAY', presenceSetBy: { id: supervisor.id } });
      await until(() => presence.received.some((p) => p.data?.agentPresenceChanged.id === agent.id && p.data.agentPresenceChanged.presenceSetBy?.id === supervisor.id));

      // Already AWAY: a supervisor standing behind it is still news (the agent's console shows who).
      await ok(`mutation { setPresence(presence: AWAY) { id } }`, {}, agent.token);
      await until(() => presence.received.at(-1)?.data?.agentPresenceChanged.presenceSetBy === null);
      await ok(SET, { a: agent.id, p: 'AWAY' }, admin.token);
      await until(() => presence.received.at(-1)?.data?.agentPresenceChanged.presenceSetBy?.id === admin.id);
      expect(presence.received.at(-1)?.data?.agentPresenceChanged.presence).toBe('AWAY');

      await ok(SET, { a: agent.id, p: 'OFFLINE' }, supervisor.token);
      expect((await ok<{ me: unknown }>(ME, {}, agent.token)).me).toEqual({ presence: 'OFFLINE', presenceSetBy: { id: supervisor.id } });
      await ok(`mutation { setPresence(presence: ONLINE) { id } }`, {}, agent.token);
      expect((await ok<{ me: unknown }>(ME, {}, agent.token)).me).toEqual({ presence: 'ONLINE', presenceSetBy: null });
      const [event] = await server.dataSource.query(
        `SELECT actor_id FROM event WHERE type = 'AGENT_PRESENCE_CHANGED' AND data->>'agentId' = $1 AND data->>'after' = 'OFFLINE' ORDER BY id DESC LIMIT 1`, [agent.id]);
      expect(event.actor_id).toBe(supervisor.id);
    } finally {
      await presence.dispose();
    }
  });

  it('refuses ONLINE, agents, unknown and inactive agents, and writes nothing then', async () => {
    const agent = await buildAgent(server);
    const other = await buildAgent(server);
    const code = async (variables: Record<string, unknown>, token: string) => (await server.gql(SET, variables, token)).errors?.[0]?.extensions?.code;
    expect(await code({ a: agent.id, p: 'ONLINE' }, supervisor.token)).toBe('BAD_USER_INPUT');
    // An agent with no console connected shows OFFLINE, whoever set what: the AWAY waits for them.
    const absent = await buildAgent(server, { online: false });
    const away = await ok<{ setAgentPresence: { presence: string; presenceSetBy: unknown } }>(SET, { a: absent.id, p: 'AWAY' }, supervisor.token);
    expect(away.setAgentPresence).toMatchObject({ presence: 'OFFLINE', presenceSetBy: null });
    expect(await code({ a: other.id, p: 'AWAY' }, agent.token)).toBe('FORBIDDEN');
    expect(await code({ a: 'agt_nobody', p: 'AWAY' }, supervisor.token)).toBe('NOT_FOUND');
    await ok(`mutation($id: ID!) { updateAgent(id: $id, input: { active: false }) { id } }`, { id: other.id });
    expect(await code({ a: other.id, p: 'AWAY' }, supervisor.token)).toBe('NOT_FOUND');
    const rows = await server.dataSource.query(`SELECT presence, presence_set_by FROM agent WHERE id = ANY($1) ORDER BY id`, [[agent.id, other.id]]);
    expect(rows).toEqual([{ presence: 'ONLINE', presence_set_by: null }, { presence: 'ONLINE', presence_set_by: null }]);
  });
});
