import type pg from 'pg';
import { hashPassword } from '@switchboard/server/modules/auth/passwords.js';
import { nowMs } from './fanout-shared.js';
import { CHANNELS, EXTRA_QUEUES, SUPERVISOR_PASSWORD, timedSteps, type SeedReport } from './bench-shared.js';

// The board bench's contact center (bench/src/board.ts), seeded in set-based SQL.

export function int(name: string, fallback: number): number {
  const raw = process.env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

export const WAITING = int('BOARD_WAITING', 100_000);
export const OTHER = int('BOARD_OTHER', 300_000);
export const EPISODES = Math.max(int('BOARD_EPISODES', 500_000), WAITING);
const OWNED_SHARE = Number(process.env.BOARD_OWNED_SHARE ?? 0.2);
export const AGENTS = 200;
/** Long-target channels: this share of their waits is past due (short ones are all past due, see seed). */
const BREACHED_SHARE = 0.3;


export type Seeded = SeedReport;

export { SUPERVISOR_PASSWORD };

/**
 * Everything in set-based SQL (generate_series), seeded random numbers so runs compare. Waits that
 * are past due are recorded as breached on the thread and its open episode, as the breach timer
 * would have, and no wait falls due within 15 minutes: the server's breach timer stays idle and
 * the live figures move only with the bench's writes (and the last hour's answers ageing out).
 */
export async function seedBoard(db: pg.Client): Promise<Seeded> {
  const began = nowMs();
  const { q, steps } = timedSteps(db, nowMs);
  await q(`SELECT setseed(0.42)`);

  await q(`INSERT INTO queue (id, name) SELECT 'que_bench' || lpad(n::text, 2, '0'), name FROM unnest($1::text[]) WITH ORDINALITY AS t(name, n)`, [EXTRA_QUEUES]);
  await q(`CREATE TEMP TABLE bench_queue AS SELECT id, (row_number() OVER (ORDER BY name) - 1)::int AS n FROM queue`);
  // Cumulative shares give each channel a [lo, hi) slice of [0, 1) to pick waiting threads with.
  await q(`CREATE TEMP TABLE bench_channel AS
    SELECT c.id, c.kind, v.target, bq.id AS queue_id, v.lo, v.hi FROM channel c
      JOIN (SELECT kind, target, queue, sum(share) OVER (ORDER BY ord) - share AS lo, sum(share) OVER (ORDER BY ord) AS hi
              FROM unnest($1::text[], $2::int[], $3::text[], $4::float8[]) WITH ORDINALITY AS t(kind, target, queue, share, ord)) v
        ON c.kind = v.kind::channel_kind
      JOIN queue bq ON bq.name = v.queue`,
  [CHANNELS.map((c) => c[0]), CHANNELS.map((c) => c[1]), CHANNELS.map((c) => c[2]), CHANNELS.map((c) => c[3])]);
  await q(`UPDATE bench_channel SET hi = 1.0000001 WHERE hi = (SELECT max(hi) FROM bench_channel)`);
  await q(`UPDATE channel c SET response_target_seconds = b.target, queue_id = b.queue_id FROM bench_channel b WHERE b.id = c.id`);

  // One argon2 hash (the supervisor signs in); the 200 agents never do.
  const supervisorEmail = 'supervisor@board.bench.example.com';
  await q(`INSERT INTO agent (id, name, email, password_hash, role, capacity, presence, last_seen_at, announced_presence)
           VALUES ('agt_bench_sup', 'Bench supervisor', $1, $2, 'SUPERVISOR', 0, 'ONLINE', now(), 'ONLINE')`,
  [supervisorEmail, await hashPassword(SUPERVISOR_PASSWORD)]);
  // Odd agents have a console open (ONLINE, a few AWAY, some of those set by the supervisor);
  // even ones were last seen yesterday (OFFLINE to others). announced_presence matches, so the
  // server's presence sweep has nothing to announce.
  await q(`INSERT INTO agent (id, name, email, password_hash, role, capacity, presence, last_seen_at, announced_presence, presence_set_by)
    SELECT 'agt_bench' || lpad(n::text, 3, '0'), 'Agent ' || lpad(n::text, 3, '0'), 'agent' || n || '@board.bench.example.com', 'not-a-hash', 'AGENT',
           $2, p.presence::presence, CASE WHEN n % 2 = 1 THEN now() ELSE now() - interval '1 day' END,
           CASE WHEN n % 2 = 1 THEN p.presence::presence ELSE 'OFFLINE' END,
           CASE WHEN n % 20 = 1 THEN 'agt_bench_sup' END
      FROM generate_series(1, $1) n, LATERAL (SELECT CASE WHEN n % 10 = 1 THEN 'AWAY' WHEN n % 2 = 1 THEN 'ONLINE' ELSE 'OFFLINE' END AS presence) p`,
  [AGENTS, Math.max(5, Math.ceil((WAITING * OWNED_SHARE * 1.3) / AGENTS))]);
  // Two queues each; every queue gets 20 members.
  await q(`INSERT INTO agent_queue (agent_id, queue_id)
    SELECT 'agt_bench' || lpad(g.i::text, 3, '0'), bq.id FROM generate_series(1, $1) g(i) JOIN bench_queue bq ON bq.n IN (g.i % 20, (g.i + 7) % 20)`, [AGENTS]);

  const total = WAITING + OTHER;
  await q(`INSERT INTO customer (id, name, created_at, updated_at)
    SELECT 'cus_bench' || lpad(n::text, 7, '0'), 'Customer ' || n, now() - interval '40 days', now() - interval '40 days' FROM generate_series(1, $1) n`, [total], 'customers');

  // Waiting threads: short-target channels (SMS, CHAT, VOICE) are all past due; the others 30 %.
  // Past due by up to 3 hours (FORUM: half a day); the rest fall due in 15 min or later.
  await q(`
    WITH base AS MATERIALIZED (
      SELECT n, random() AS pick, random() AS r1, random() AS r2, random() AS r3, random() AS r4, random() AS r5 FROM generate_series(1, $1) n
    ), w AS (
      SELECT b.*, c.id AS channel_id, c.kind, c.target, c.queue_id AS home_queue,
             CASE WHEN c.target <= 900 OR b.r1 < $3 THEN c.target + b.r2 * greatest(10800, c.target / 2) ELSE b.r2 * (c.target - 900) END AS wait_s
        FROM base b JOIN bench_channel c ON b.pick >= c.lo AND b.pick < c.hi
    )
    INSERT INTO thread (id, customer_id, queue_id, channel_id, subject, status, priority, owner_id, waiting_since, response_due_at,
                        wait_channel_id, sla_breached_due_at, last_inbound_at, last_activity_at, version, created_at, updated_at)
    SELECT 'thr_bench' || lpad(n::text, 7, '0'), 'cus_bench' || lpad(n::text, 7, '0'),
           CASE WHEN r3 < 0.6 THEN home_queue ELSE (SELECT id FROM bench_queue WHERE bench_queue.n = floor(r3 * 1000)::int % 20) END,
           channel_id, CASE WHEN kind IN ('EMAIL', 'FORUM') THEN 'Question ' || n END, 'OPEN', floor(r4 * 4)::smallint,
           CASE WHEN r5 < $2 THEN 'agt_bench' || lpad((1 + floor(r5 / $2 * $4)::int)::text, 3, '0') END,
           since, since + make_interval(secs => target), channel_id,
           CASE WHEN since + make_interval(secs => target) <= now() THEN since + make_interval(secs => target) END,
           since, since, 2, since, since
      FROM w, LATERAL (SELECT now() - make_interval(secs => wait_s) AS since) s`,
  [WAITING, OWNED_SHARE, BREACHED_SHARE, AGENTS], 'waiting threads');

  // Threads nobody waits on: 90 % RESOLVED (most keep their last owner), 10 % OPEN and answered.
  await q(`
    INSERT INTO thread (id, customer_id, queue_id, channel_id, subject, status, priority, owner_id, first_response_at,
                        last_inbound_at, last_activity_at, version, created_at, updated_at)
    SELECT 'thr_bench' || lpad(n::text, 7, '0'), 'cus_bench' || lpad(n::text, 7, '0'), c.queue_id, c.id,
           CASE WHEN c.kind IN ('EMAIL', 'FORUM') THEN 'Question ' || n END,
           CASE WHEN r1 < 0.9 THEN 'RESOLVED' ELSE 'OPEN' END::thread_status, 1,
           CASE WHEN r1 < 0.9 AND r2 < 0.8 OR r1 >= 0.9 AND r2 < $3 THEN 'agt_bench' || lpad((1 + floor(r3 * $4)::int)::text, 3, '0') END,
           at + interval '20 minutes', at, at + interval '20 minutes', 5, at, at + interval '20 minutes'
      FROM (SELECT n, random() AS pick, random() AS r1, random() AS r2, random() AS r3, now() - random() * interval '30 days' AS at
              FROM generate_series($1 + 1, $1 + $2) n) b
      JOIN bench_channel c ON b.pick >= c.lo AND b.pick < c.hi`,
  [WAITING, OTHER, OWNED_SHARE, AGENTS], 'other threads');

  // Wait episodes: one open per waiting thread (what the wait clock keeps), then answered or
  // closed ones on the other threads; about 5,000 answered within the last hour (80 % by their
  // due time), the rest over the last 30 days (75 % answered, 25 % closed without a reply).
  await q(`
    INSERT INTO wait_episode (id, thread_id, channel_id, queue_id, started_at, due_at, breached_at)
    SELECT 'wep_bench_o' || substr(id, 10), id, wait_channel_id, queue_id, waiting_since, response_due_at, sla_breached_due_at
      FROM thread WHERE id LIKE 'thr_bench%' AND waiting_since IS NOT NULL`, [], 'open episodes');
  const older = EPISODES - WAITING;
  const lastHour = Math.min(5_000, older);
  await q(`
    INSERT INTO wait_episode (id, thread_id, channel_id, queue_id, started_at, due_at, answered_at, answered_by, closed_at, breached_at)
    SELECT 'wep_bench_' || lpad(k::text, 7, '0'), 'thr_bench' || lpad(($1 + 1 + (k - 1) % $2)::text, 7, '0'), c.id, c.queue_id,
           ended - make_interval(secs => wait_s), ended - make_interval(secs => wait_s) + make_interval(secs => c.target),
           CASE WHEN recent OR r2 < 0.75 THEN ended END,
           CASE WHEN recent OR r2 < 0.75 THEN 'agt_bench' || lpad((1 + floor(r3 * $5)::int)::text, 3, '0') END,
           CASE WHEN NOT recent AND r2 >= 0.75 THEN ended END,
           CASE WHEN wait_s > c.target THEN ended - make_interval(secs => wait_s) + make_interval(secs => c.target) END
      FROM (SELECT k, random() AS pick, random() AS r1, random() AS r2, random() AS r3, k <= $4 AS recent,
                   CASE WHEN k <= $4 THEN now() - random() * interval '59 minutes' ELSE now() - interval '1 hour' - random() * interval '30 days' END AS ended
              FROM generate_series(1, $3) k) e
      JOIN bench_channel c ON e.pick >= c.lo AND e.pick < c.hi,
      LATERAL (SELECT c.target * e.r1 * 1.25 AS wait_s) w`,
  [WAITING, OTHER, older, lastHour, AGENTS], 'past episodes');

  // Index-only scans need the visibility map: a freshly loaded table has none until VACUUM.
  await q(`VACUUM ANALYZE`, [], 'VACUUM ANALYZE');
  const seconds = (nowMs() - began) / 1000;

  const { rows } = await db.query<Record<string, string>>(`SELECT
      (SELECT count(*) FROM thread WHERE waiting_since IS NOT NULL) AS "waiting threads",
      (SELECT count(*) FROM thread WHERE waiting_since IS NOT NULL AND response_due_at <= now()) AS "  of which past due",
      (SELECT count(*) FROM thread WHERE waiting_since IS NOT NULL AND owner_id IS NOT NULL) AS "  of which held by an agent",
      (SELECT count(*) FROM thread WHERE waiting_since IS NULL) AS "threads not waiting",
      (SELECT count(*) FROM thread WHERE status = 'OPEN' AND owner_id IS NOT NULL) AS "OPEN threads held (the agents' lists)",
      (SELECT count(*) FROM customer) AS "customers",
      (SELECT count(*) FROM wait_episode) AS "wait episodes",
      (SELECT count(*) FROM wait_episode WHERE answered_at > now() - interval '1 hour') AS "  answered in the last hour",
      (SELECT count(DISTINCT wait_channel_id) FROM thread WHERE waiting_since IS NOT NULL) AS "channels with waiting threads",
      (SELECT count(*) FROM queue) AS "queues",
      (SELECT count(DISTINCT queue_id) FROM thread WHERE waiting_since IS NOT NULL) AS "queues with waiting threads",
      (SELECT count(*) FROM agent WHERE active) AS "active agents (incl. admin, supervisor)",
      (SELECT count(*) FROM agent a WHERE a.last_seen_at > now() - interval '60 seconds' AND a.presence = 'ONLINE') AS "agents ONLINE",
      (SELECT count(*) FROM message) AS "messages"`);
  const counts = Object.entries(rows[0] ?? {}).map(([label, value]): [string, number] => [label, Number(value)]);
  return { supervisorEmail, seconds, steps, counts };
}

