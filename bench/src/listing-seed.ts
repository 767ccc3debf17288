import type pg from 'pg';
import { nowMs } from './fanout-shared.js';
import { timedSteps } from './bench-shared.js';

// The queue-listing comparison's data set (bench/src/vs-postgraphile.ts), in set-based SQL on the
// server's own schema (its migrations ran): customers, the 7 seeded channels, 200 agents, threads
// of which a share wait, and messages spread over the threads.

export interface ListingCounts {
  threads: number;
  messages: number;
}

export interface ListingSeed {
  seconds: number;
  steps: Array<[string, number]>;
  counts: Record<string, number>;
}

const AGENTS = 200;
/** Share of threads a customer waits on (OPEN, wait clock set). */
const WAITING_SHARE = 0.4;
/** Share of waiting threads an agent already holds. */
const OWNED_SHARE = 0.2;

/**
 * Seeded random numbers, so runs compare. Waiting times are whole milliseconds (the server's
 * Date has no microseconds, PostGraphile prints them), and no wait falls due within the next hour:
 * waits past due are recorded as breached (thread and open episode) as the breach timer would, so
 * the server writes nothing while the listing is measured.
 */
export async function seedListing(db: pg.Client, { threads, messages }: ListingCounts): Promise<ListingSeed> {
  const began = nowMs();
  const { q, steps } = timedSteps(db, nowMs);
  await q(`SELECT setseed(0.16)`);
  await q(`SET maintenance_work_mem = '256MB'`);
  const { rows: channels } = await db.query<{ id: string; kind: string; target: number; queue_id: string }>(
    `SELECT id, kind::text, response_target_seconds AS target, queue_id FROM channel ORDER BY kind, id`);
  const [ids, kinds, targets, queues] = [channels.map((c) => c.id), channels.map((c) => c.kind), channels.map((c) => c.target), channels.map((c) => c.queue_id)];
  // The channel of thread n is channel n mod 7 (arrays passed as parameters `$param`).
  const pick = (index: string, param: number, type: string) => `($${param}::${type}[])[${index} % ${channels.length} + 1]`;

  await q(`INSERT INTO agent (id, name, email, password_hash, role, capacity)
    SELECT 'agt_l' || lpad(n::text, 3, '0'), 'Agent ' || lpad(n::text, 3, '0'), 'agent' || n || '@listing.bench.example.com', 'not-a-hash', 'AGENT', 1000
      FROM generate_series(1, $1) n`, [AGENTS]);
  await q(`INSERT INTO customer (id, name, created_at, updated_at)
    SELECT 'cus_l' || lpad(n::text, 7, '0'), 'Customer ' || n, now() - interval '40 days', now() - interval '40 days'
      FROM generate_series(1, $1) n`, [threads], 'customers');

  // Waiting: past due by up to 3 h (recorded as breached), or, on channels whose target exceeds
  // an hour, half of them due an hour or more from now. Others: 85 % RESOLVED, 15 % OPEN answered.
  await q(`
    INSERT INTO thread (id, customer_id, queue_id, channel_id, status, priority, owner_id, waiting_since, response_due_at,
                        wait_channel_id, sla_breached_due_at, first_response_at, last_inbound_at, last_activity_at, version, created_at, updated_at)
    SELECT 'thr_l' || lpad(n::text, 7, '0'), 'cus_l' || lpad(n::text, 7, '0'), ch.queue_id, ch.id,
           CASE WHEN waiting OR r2 >= 0.85 THEN 'OPEN' ELSE 'RESOLVED' END::thread_status, floor(r4 * 4)::smallint,
           CASE WHEN r3 < $3 OR NOT waiting AND r3 < 0.8 THEN 'agt_l' || lpad((1 + floor(r5 * $4))::int::text, 3, '0') END,
           since, since + make_interval(secs => ch.target), CASE WHEN waiting THEN ch.id END,
           CASE WHEN since + make_interval(secs => ch.target) <= now() THEN since + make_interval(secs => ch.target) END,
           CASE WHEN NOT waiting THEN at + interval '20 minutes' END,
           coalesce(since, at), coalesce(since, at + interval '20 minutes'), 3, coalesce(since, at), coalesce(since, at)
      FROM (SELECT n, random() < $2 AS waiting, random() AS r1, random() AS r2, random() AS r3, random() AS r4, random() AS r5,
                   now() - random() * interval '30 days' AS at
              FROM generate_series(1, $1) n) b,
      LATERAL (SELECT ${pick('n', 5, 'text')} AS id, ${pick('n', 6, 'int')} AS target, ${pick('n', 7, 'text')} AS queue_id) ch,
      LATERAL (SELECT CASE WHEN waiting THEN date_trunc('milliseconds', now() - make_interval(secs =>
                 CASE WHEN ch.target > 3600 AND r1 >= 0.5 THEN r2 * (ch.target - 3600) ELSE ch.target + r2 * 10800 END)) END AS since) s`,
  [threads, WAITING_SHARE, OWNED_SHARE, AGENTS, ids, targets, queues], 'threads');
  await q(`
    INSERT INTO wait_episode (id, thread_id, channel_id, queue_id, started_at, due_at, breached_at)
    SELECT 'wep_l' || substr(id, 6), id, wait_channel_id, queue_id, waiting_since, response_due_at, sla_breached_due_at
      FROM thread WHERE id LIKE 'thr_l%' AND waiting_since IS NOT NULL`, [], 'open wait episodes');

  // Every thread has its first message; the rest land on random threads. The trigram index on
  // bodies is built once afterwards (much faster than a million GIN insertions), as it was.
  const { rows: [trgm] } = await db.query<{ def: string | null }>(`SELECT pg_get_indexdef('message_body_trgm'::regclass) AS def`);
  await q(`DROP INDEX message_body_trgm`);
  await q(`
    INSERT INTO message (id, thread_id, kind, channel_id, channel_kind, author_id, body, received_at, created_at)
    SELECT 'msg_l' || lpad(k::text, 8, '0'), 'thr_l' || lpad(tn::text, 7, '0'), kind::message_kind,
           ${pick('tn', 4, 'text')}, ${pick('tn', 5, 'text')}::channel_kind,
           CASE WHEN kind = 'REPLY' THEN 'agt_l' || lpad((1 + k % $3)::text, 3, '0') END,
           CASE WHEN kind = 'REPLY' THEN 'Reply ' ELSE 'Question ' END || k || ' about order ' || (k::bigint * 7919 % 1000003),
           now() - interval '1 day', now() - interval '1 day'
      FROM (SELECT k, CASE WHEN k <= $1 THEN k ELSE 1 + floor(random() * $1)::int END AS tn,
                   CASE WHEN k <= $1 OR random() < 0.5 THEN 'INBOUND' ELSE 'REPLY' END AS kind
              FROM generate_series(1, $2) k) m`,
  [threads, messages, AGENTS, ids, kinds], 'messages');
  await q(trgm?.def ?? 'SELECT 1', [], 'message body trigram index');
  await q(`VACUUM ANALYZE`, [], 'VACUUM ANALYZE');

  const { rows: [row] } = await db.query<Record<string, string>>(`SELECT
      (SELECT count(*) FROM thread) AS threads,
      (SELECT count(*) FROM thread WHERE waiting_since IS NOT NULL) AS "waiting threads",
      (SELECT count(*) FROM thread WHERE waiting_since IS NOT NULL AND owner_id IS NOT NULL) AS "waiting, held by an agent",
      (SELECT count(*) FROM message) AS messages,
      (SELECT count(*) FROM customer) AS customers,
      (SELECT count(*) FROM agent) AS agents,
      (SELECT count(*) FROM channel) AS channels`);
  const counts = Object.fromEntries(Object.entries(row ?? {}).map(([key, value]) => [key, Number(value)]));
  return { seconds: (nowMs() - began) / 1000, steps, counts };
}
