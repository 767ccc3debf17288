import type { DataSource, EntityManager } from 'typeorm';
import { newId } from '../ids.js';
import { hashPassword } from '../modules/auth/passwords.js';
import { DEMO_AGENTS, DEMO_CHANNELS, DEMO_CUSTOMERS, DEMO_MIX, DEMO_PASSWORD, DEMO_QUEUES, type DemoKind } from './demo-team.js';
import { seededRandom } from './demo-client.js';
import { agentSolution, fill, opener, TOPICS } from './demo-lines.js';

/** What the seed found: the database it created, or why it left one alone. */
export type SeedOutcome = { demo: true; seeded: boolean } | { demo: false; reason: string };

// Its own key: 7254420119, 7254420120 and 7254420121 are the event log's append, the last-admin check and the breach timer.
const SEED_LOCK = 7254420122;
const HOURS = 24;

/**
 * Seeds the demo contact center (demo-team.ts) on a fresh database, in one transaction, and
 * marks it (the `demo` table). A database with anything in it (an agent besides the admin, a
 * thread, a queue of its own) is never seeded or changed, and a marked one is not seeded twice:
 * two processes starting together seed once (an advisory lock).
 *
 * A day of history is written as its rows (resolved threads, their messages and answered waits,
 * board snapshots), the way a day of work would have left them, so the reports and the board's
 * chart have something to show at once. It is not replayed through the event log: history has
 * no events to deliver, so a report's "resolved" count starts with the demo's own.
 */
export async function seedDemo(dataSource: DataSource, now = new Date()): Promise<SeedOutcome> {
  const passwordHashes = await Promise.all(DEMO_AGENTS.map(() => hashPassword(DEMO_PASSWORD)));
  return dataSource.transaction(async (manager) => {
    await manager.query(`SELECT pg_advisory_xact_lock($1)`, [SEED_LOCK]);
    const [marked] = await manager.query(`SELECT 1 FROM demo`);
    if (marked) return { demo: true, seeded: false };
    const [{ agents, threads, queues }] = await manager.query(
      `SELECT (SELECT count(*)::int FROM agent) AS agents, (SELECT count(*)::int FROM thread) AS threads, (SELECT count(*)::int FROM queue) AS queues`);
    if (agents > 1 || threads > 0 || queues > 1) {
      return { demo: false, reason: 'the database already holds a contact center: it is never seeded or changed' };
    }
    const world = await seedTeam(manager, passwordHashes);
    await seedHistory(manager, world, now);
    await manager.query(`INSERT INTO demo DEFAULT VALUES`);
    return { demo: true, seeded: true };
  });
}

/** Whether this database is the demo's (the simulator and bots run only then). */
export async function isDemoDatabase(dataSource: DataSource): Promise<boolean> {
  return (await dataSource.query(`SELECT 1 FROM demo`)).length > 0;
}

interface World {
  queueIds: Map<string, string>;
  channels: Map<DemoKind, { id: string; targetSeconds: number; queueId: string }>;
  agentIds: Map<string, string>;
  customers: Array<{ id: string; name: string; addresses: Record<'SMS' | 'EMAIL' | 'TWITTER', string> }>;
}

async function seedTeam(manager: EntityManager, passwordHashes: string[]): Promise<World> {
  const queueIds = new Map<string, string>();
  const [general] = await manager.query(`SELECT id FROM queue ORDER BY created_at LIMIT 1`);
  for (const name of DEMO_QUEUES) {
    if (name === 'General' && general) {
      await manager.query(`UPDATE queue SET name = $2 WHERE id = $1`, [general.id, name]);
      queueIds.set(name, general.id);
      continue;
    }
    const id = newId('que');
    await manager.query(`INSERT INTO queue (id, name) VALUES ($1, $2)`, [id, name]);
    queueIds.set(name, id);
  }

  const channels: World['channels'] = new Map();
  for (const [kind, { targetSeconds, queue }] of Object.entries(DEMO_CHANNELS) as Array<[DemoKind, (typeof DEMO_CHANNELS)[DemoKind]]>) {
    const queueId = queueIds.get(queue)!;
    const [channel] = await manager.query(
      `UPDATE channel SET response_target_seconds = $2, queue_id = $3
        WHERE id = (SELECT id FROM channel WHERE kind = $1 ORDER BY created_at, id LIMIT 1) RETURNING id`,
      [kind, targetSeconds, queueId]);
    channels.set(kind, { id: channel[0].id, targetSeconds, queueId });
  }

  const agentIds = new Map<string, string>();
  for (const [index, agent] of DEMO_AGENTS.entries()) {
    const id = newId('agt');
    await manager.query(
      `INSERT INTO agent (id, name, email, password_hash, role, capacity) VALUES ($1, $2, $3, $4, $5, $6)`,
      [id, agent.name, agent.email, passwordHashes[index], agent.role, agent.capacity]);
    await manager.query(`INSERT INTO agent_queue (agent_id, queue_id) SELECT $1, unnest($2::text[])`,
      [id, agent.queues.map((name) => queueIds.get(name)!)]);
    agentIds.set(agent.email, id);
  }

  const customers: World['customers'] = [];
  for (const customer of DEMO_CUSTOMERS) {
    const id = newId('cus');
    const addresses = { SMS: customer.sms, EMAIL: customer.email, TWITTER: customer.twitter };
    await manager.query(`INSERT INTO customer (id, name) VALUES ($1, $2)`, [id, customer.name]);
    await manager.query(
      `INSERT INTO customer_identity (customer_id, channel_kind, address) SELECT $1, * FROM unnest($2::channel_kind[], $3::text[])`,
      [id, Object.keys(addresses), Object.values(addresses)]);
    customers.push({ id, name: customer.name, addresses });
  }
  return { queueIds, channels, agentIds, customers };
}

/** Busier in the day than at night: threads per hour at `hour` (0-23, server time). */
const perHour = (hour: number) => Math.round(4 + 10 * Math.max(0, Math.sin(((hour - 6) / 16) * Math.PI)));

/** What the day's customers asked, from the lines the simulator and bots use (praise needs no answer). */
const ANSWERED_TOPICS = TOPICS.filter((topic) => !topic.noReply);

/** The day's conversations started where the simulator's do, by default. */
const MIX = Object.entries(DEMO_MIX) as ReadonlyArray<[DemoKind, number]>;

function pick<T>(random: () => number, weighted: ReadonlyArray<[T, number]>): T {
  let roll = random() * weighted.reduce((sum, [, weight]) => sum + weight, 0);
  for (const [value, weight] of weighted) if ((roll -= weight) < 0) return value;
  return weighted[weighted.length - 1]![0];
}

/**
 * The last 24 hours: resolved threads (one customer message, one answer, mostly on time, some
 * late), and a board snapshot per channel per minute that counts the waits those threads had.
 */
async function seedHistory(manager: EntityManager, world: World, now: Date): Promise<void> {
  const random = seededRandom(2026); // every fresh demo tells the same day
  const responders = DEMO_AGENTS.filter((agent) => agent.role === 'AGENT').map((agent) => ({ id: world.agentIds.get(agent.email)!, pace: agent.bot?.pace ?? 1 }));
  const waits: Array<{ kind: DemoKind; start: number; end: number; due: number }> = [];
  const rows = { threads: [] as unknown[][], messages: [] as unknown[][], episodes: [] as unknown[][] };
  const start = now.getTime() - HOURS * 3600_000;
  let n = 0;
  for (let hour = 0; hour < HOURS; hour++) {
    const hourStart = start + hour * 3600_000;
    for (let i = 0, count = perHour(new Date(hourStart).getHours()); i < count; i++) {
      const kind = pick(random, MIX);
      const channel = world.channels.get(kind)!;
      const customer = world.customers[Math.floor(random() * world.customers.length)]!;
      const responder = responders[Math.floor(random() * responders.length)]!;
      const received = hourStart + Math.floor(random() * 3600_000);
      // Most answers come well inside the target; about one in eight is late.
      const share = random() < 0.12 ? 1 + random() * 1.5 : (0.1 + random() * 0.8) / responder.pace;
      const answered = Math.min(received + Math.round(channel.targetSeconds * 1000 * Math.min(share, 2.5)), now.getTime() - 60_000);
      if (answered <= received) continue;
      const resolved = Math.min(answered + Math.round(random() * 600_000), now.getTime() - 30_000);
      const topic = ANSWERED_TOPICS[Math.floor(random() * ANSWERED_TOPICS.length)]!;
      const lines = { customer: opener(random, topic, kind), answer: fill(random, agentSolution(random, topic)) };
      const subject = kind === 'EMAIL' || kind === 'FORUM' ? topic.subject : null;
      const address = kind === 'SMS' || kind === 'VOICE' ? customer.addresses.SMS : kind === 'EMAIL' || kind === 'FORUM' ? customer.addresses.EMAIL : customer.addresses.TWITTER;
      const threadId = newId('thr');
      const inboundId = newId('msg');
      const replyId = newId('msg');
      const at = (ms: number) => new Date(ms).toISOString();
      rows.threads.push([threadId, customer.id, channel.queueId, channel.id, subject, responder.id, at(answered), at(received), at(resolved), at(received)]);
      rows.messages.push([inboundId, threadId, 'INBOUND', channel.id, kind, null, lines.customer, address, null, `demo-history-${++n}`, at(received), at(received + channel.targetSeconds * 1000), at(received)]);
      rows.messages.push([replyId, threadId, 'REPLY', channel.id, kind, responder.id, lines.answer, address, 'DELIVERED', null, null, null, at(answered)]);
      rows.episodes.push([newId('wep'), threadId, channel.id, channel.queueId, at(received), at(received + channel.targetSeconds * 1000), at(answered), responder.id, replyId]);
      waits.push({ kind, start: received, end: answered, due: received + channel.targetSeconds * 1000 });
    }
  }
  await insertHistory(manager, rows);
  await seedSnapshots(manager, world, waits, start, now.getTime());
}

async function insertHistory(manager: EntityManager, rows: { threads: unknown[][]; messages: unknown[][]; episodes: unknown[][] }): Promise<void> {
  const columns = (table: unknown[][]) => table[0]!.map((_, index) => table.map((row) => row[index]));
  if (rows.threads.length === 0) return;
  await manager.query(
    `INSERT INTO thread (id, customer_id, queue_id, channel_id, subject, status, owner_id, first_responder_id, first_response_at,
                         last_inbound_at, last_activity_at, created_at, updated_at, version)
     SELECT t.id, t.customer_id, t.queue_id, t.channel_id, t.subject, 'RESOLVED', NULL, t.responder, t.answered::timestamptz,
            t.received::timestamptz, t.resolved::timestamptz, t.created::timestamptz, t.resolved::timestamptz, 4
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])
         AS t(id, customer_id, queue_id, channel_id, subject, responder, answered, received, resolved, created)`,
    columns(rows.threads));
  await manager.query(
    `INSERT INTO message (id, thread_id, kind, channel_id, channel_kind, author_id, body, to_address, delivery_status, external_id,
                          received_at, response_due_at, created_at)
     SELECT m.id, m.thread_id, m.kind::message_kind, m.channel_id, m.kind_of_channel::channel_kind, m.author_id, m.body,
            CASE WHEN m.kind = 'REPLY' THEN m.address END, m.status::delivery_status, m.external_id,
            m.received::timestamptz, m.due::timestamptz, m.created::timestamptz
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
                   $10::text[], $11::text[], $12::text[], $13::text[])
         AS m(id, thread_id, kind, channel_id, kind_of_channel, author_id, body, address, status, external_id, received, due, created)`,
    columns(rows.messages));
  await manager.query(
    `UPDATE thread t SET first_response_message_id = m.id FROM message m WHERE m.thread_id = t.id AND m.kind = 'REPLY' AND t.id = ANY($1)`,
    [rows.threads.map((row) => row[0])]);
  await manager.query(
    `INSERT INTO wait_episode (id, thread_id, channel_id, queue_id, started_at, due_at, answered_at, answered_by, answer_message_id, breached_at)
     SELECT e.id, e.thread_id, e.channel_id, e.queue_id, e.started::timestamptz, e.due::timestamptz, e.answered::timestamptz, e.by, e.message_id,
            CASE WHEN e.answered::timestamptz > e.due::timestamptz THEN e.due::timestamptz END
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
         AS e(id, thread_id, channel_id, queue_id, started, due, answered, by, message_id)`,
    columns(rows.episodes));
}

/** The board as it stood each minute of the day: how many waited, the longest wait, how many overdue. */
async function seedSnapshots(manager: EntityManager, world: World, waits: ReadonlyArray<{ kind: DemoKind; start: number; end: number; due: number }>, start: number, end: number): Promise<void> {
  const rows: unknown[][] = [];
  for (let at = Math.ceil(start / 60_000) * 60_000; at < end; at += 60_000) {
    for (const [kind, channel] of world.channels) {
      const open = waits.filter((wait) => wait.kind === kind && wait.start <= at && wait.end > at);
      const longest = open.length === 0 ? null : Math.round((at - Math.min(...open.map((wait) => wait.start))) / 1000);
      rows.push([new Date(at).toISOString(), channel.id, open.length, longest, open.filter((wait) => wait.due <= at).length]);
    }
  }
  await manager.query(
    `INSERT INTO board_snapshot (interval_start, channel_id, at, waiting_count, longest_wait_seconds, breached_count)
     SELECT s.at::timestamptz, s.channel_id, s.at::timestamptz, s.waiting, s.longest, s.breached
       FROM unnest($1::text[], $2::text[], $3::int[], $4::int[], $5::int[]) AS s(at, channel_id, waiting, longest, breached)`,
    rows[0]!.map((_, index) => rows.map((row) => row[index])));
}
