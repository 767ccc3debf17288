import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAgent, ingest, startTestServer, until, type AgentFixture, type TestServer } from '../../../../../test/support/server.js';
import { seededRandom } from '../demo-client.js';
import { startBots } from '../demo-bots.js';
import { opener, TOPICS } from '../demo-lines.js';
import { startSimulator } from '../demo-simulator.js';
import type { DemoAgent } from '../demo-team.js';

let server: TestServer;
let admin: AgentFixture;
let key: string;
let queues: Map<string, string>;


function capturingLogger(entries: Array<Record<string, unknown>>) {
  return pino({ level: 'debug' }, { write: (line: string) => void entries.push(JSON.parse(line) as Record<string, unknown>) });
}

const problems = (entries: Array<Record<string, unknown>>) => entries.filter((entry) => Number(entry.level) >= 40);
const count = async (sql: string, params: unknown[] = []) => Number((await server.dataSource.query(sql, params))[0].n);

beforeAll(async () => {
  server = await startTestServer();
  admin = await buildAgent(server, { role: 'ADMIN', name: 'Test Admin' });
  const created = await server.gql<{ createApiKey: { key: string } }>(
    'mutation { createApiKey(name: "Demo traffic", scopes: [INGEST, READ]) { key } }', {}, admin.token);
  expect(created.errors).toBeUndefined();
  key = created.data!.createApiKey.key;
  const billing = await server.gql('mutation { createQueue(name: "Billing") { id } }', {}, admin.token);
  expect(billing.errors).toBeUndefined();
  const listed = await server.gql<{ queues: Array<{ id: string; name: string }> }>('{ queues { id name } }', {}, admin.token);
  queues = new Map(listed.data!.queues.map((queue) => [queue.name, queue.id]));
});

afterAll(async () => {
  await server?.close();
});

describe('startSimulator', () => {
  it('sends valid traffic through the API, with follow-ups, and pauses when the floor is full', async () => {
    const logs: Array<Record<string, unknown>> = [];
    const maxWaiting = 30;
    const simulator = startSimulator({
      url: server.url, ingestKey: key, logger: capturingLogger(logs), messagesPerMinute: 6, maxWaiting, speed: 200, random: seededRandom(7),
    });
    try {
      await until(() => logs.some((entry) => entry.msg === 'demo traffic: the floor is full, new customers wait'), 15_000);
      const threadsAtPause = await count('SELECT count(*) AS n FROM thread');
      await new Promise((resolve) => setTimeout(resolve, 600)); // about 12 arrivals' worth at this speed
      expect(await count('SELECT count(*) AS n FROM thread')).toBe(threadsAtPause);
    } finally {
      await simulator.stop();
    }

    expect(problems(logs)).toEqual([]);
    const sent = logs.filter((entry) => entry.msg === 'demo traffic: customer wrote').length;
    const inbound = await count(`SELECT count(*) AS n FROM message WHERE kind = 'INBOUND'`);
    expect(sent).toBeGreaterThanOrEqual(maxWaiting);
    expect(inbound).toBe(sent); // every receiveMessage the simulator sent was stored
    const kinds = (await server.dataSource.query(`SELECT DISTINCT channel_kind AS kind FROM message WHERE kind = 'INBOUND'`) as Array<{ kind: string }>)
      .map((row) => row.kind);
    expect(kinds).toEqual(expect.arrayContaining(['SMS', 'EMAIL', 'TWITTER']));
    // A follow-up: a second message from the same address in a thread still open (not an SMS burst).
    const followedUp = await count(`SELECT count(*) AS n FROM (
      SELECT m.thread_id FROM message m JOIN thread t ON t.id = m.thread_id
      WHERE m.kind = 'INBOUND' AND m.channel_kind <> 'SMS' AND t.status = 'OPEN'
      GROUP BY m.thread_id HAVING count(*) >= 2) AS followed`);
    expect(followedUp).toBeGreaterThan(0);
    expect(await count(`SELECT count(*) AS n FROM thread WHERE waiting_since IS NOT NULL`)).toBeLessThanOrEqual(maxWaiting + 1);
    // The demo's customers, and now and then a new one.
    expect(await count('SELECT count(*) AS n FROM customer')).toBeGreaterThan(10);
  });
});

describe('startBots', () => {
  it('claims, replies, notes or hands off, and resolves, but never touches a thread a person owns', async () => {
    await server.dataSource.query(`UPDATE thread SET status = 'RESOLVED', owner_id = NULL, waiting_since = NULL, response_due_at = NULL`);
    const general = queues.get('General')!;
    const billing = queues.get('Billing')!;
    const bots: DemoAgent[] = [
      { name: 'Bot Ann', email: 'bot-ann@example.com', role: 'AGENT', queues: ['General'], capacity: 3, bot: { pace: 1 } },
      { name: 'Bot Ben', email: 'bot-ben@example.com', role: 'AGENT', queues: ['General'], capacity: 3, bot: { pace: 1.5 } },
      { name: 'Bot Cat', email: 'bot-cat@example.com', role: 'AGENT', queues: ['General', 'Billing'], capacity: 3, bot: { pace: 0.8 } },
      { name: 'Person', email: 'person@example.com', role: 'AGENT', queues: ['General'], capacity: 3, bot: null },
    ];
    const botIds: string[] = [];
    for (const agent of bots.filter((bot) => bot.bot)) {
      const created = await server.gql<{ createAgent: { id: string } }>(
        'mutation($input: CreateAgentInput!) { createAgent(input: $input) { id } }',
        { input: { name: agent.name, email: agent.email, password: 'demo-password', capacity: agent.capacity,
          queueIds: agent.queues.map((name) => (name === 'Billing' ? billing : general)) } },
        admin.token);
      expect(created.errors).toBeUndefined();
      botIds.push(created.data!.createAgent.id);
    }
    const person = await buildAgent(server, { name: 'Person', queueIds: [general] });

    const random = seededRandom(11);
    const threadIds: string[] = [];
    for (let i = 0; i < 10; i += 1) {
      const topic = TOPICS[i % TOPICS.length]!;
      const kind = i % 3 === 0 ? 'EMAIL' : 'SMS';
      const result = await ingest(server, admin.token, { channelKind: kind, body: opener(random, topic, kind),
        from: kind === 'EMAIL' ? `customer${i}@example.net` : `+1555020${String(1000 + i)}` });
      expect(result.errors).toBeUndefined();
      threadIds.push(result.data!.receiveMessage.thread.id);
    }
    // The person's own thread, claimed before the bots start: theirs alone.
    const personal = threadIds[1]!;
    const claimed = await server.gql('mutation($id: ID!) { claimThread(threadId: $id) { cursor } }', { id: personal }, person.token);
    expect(claimed.errors).toBeUndefined();

    const logs: Array<Record<string, unknown>> = [];
    const running = startBots({ url: server.url, logger: capturingLogger(logs), agents: bots, password: 'demo-password', speed: 200, random });
    const byBots = (sql: string) => count(`SELECT count(*) AS n FROM event WHERE actor_id = ANY($1) AND ${sql}`, [botIds]);
    try {
      await until(async () => (await byBots(`type = 'CLAIMED'`)) > 0 && (await byBots(`type = 'REPLIED'`)) > 0
        && (await byBots(`type = 'STATUS_CHANGED' AND after->>'status' = 'RESOLVED'`)) > 0
        && (await byBots(`(type = 'HANDED_OFF' AND note IS NOT NULL) OR type = 'NOTE_ADDED'`)) > 0, 15_000);
    } finally {
      await running.stop();
    }

    expect(problems(logs)).toEqual([]);
    expect(await count(`SELECT count(*) AS n FROM event WHERE thread_id = $1 AND actor_id = ANY($2)`, [personal, botIds])).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM message WHERE thread_id = $1 AND author_id = ANY($2)`, [personal, botIds])).toBe(0);
    // Signed out on stop: no session of a bot is left behind.
    expect(await count(`SELECT count(*) AS n FROM session WHERE agent_id = ANY($1) AND revoked_at IS NULL`, [botIds])).toBe(0);
  });
});
