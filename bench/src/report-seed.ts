import type pg from 'pg';
import { hashPassword } from '@switchboard/server/modules/auth/passwords.js';
import { int } from './board-seed.js';
import { nowMs } from './fanout-shared.js';
import { CHANNELS, EXTRA_QUEUES, SUPERVISOR_PASSWORD, timedSteps, type SeedReport } from './bench-shared.js';

// The report bench's 30 days of a contact center (bench/src/report.ts), seeded in set-based SQL.

export const EPISODES = Math.max(4, Math.round(int('REPORT_EPISODES', 1_000_000) / 4) * 4);
/** Threads start up to this many days before the window too, so its first days are as busy as the rest. */
const LEAD_DAYS = 8;
export const RESOLVED = int('REPORT_RESOLVED', 200_000);
export const AGENTS = 200;
export const DAYS = 30;
/** Threads of 4 waits each drawn over LEAD_DAYS + DAYS days, with 15 % to spare: the window keeps EPISODES of their waits. */
const GENERATED_THREADS = Math.ceil((EPISODES / 4) * ((DAYS + LEAD_DAYS) / DAYS) * 1.15);
export { SUPERVISOR_PASSWORD };
const SUPERVISOR_EMAIL = 'supervisor@report.bench.example.com';
/** Waits closed without a reply (PENDING or RESOLVED first). */
const CLOSED_SHARE = 0.05;

export type ReportSeed = SeedReport;

/** An id of the server's format (`<prefix>_` and 32 hex digits): the indexes' INCLUDE columns are as wide as in production. */
const hexId = (prefix: string, n: string) => `'${prefix}_' || lpad(to_hex(${n}), 32, '0')`;
const md5Id = (prefix: string, n: string) => `'${prefix}_' || md5('${prefix}-bench-' || ${n})`;

/**
 * Everything in set-based SQL (generate_series, a fixed setseed), with one "now":
 * - the 7 channels (one per kind) with the board bench's targets, each routed to a queue of its own;
 *   20 queues; 200 agents, two queues each (20 per queue), and one SUPERVISOR who signs in;
 * - threads (one customer each) starting over the window and the LEAD_DAYS before it, 80 % of them
 *   bell-shaped around 12:00 UTC, 20 % uniform; each in its channel's queue (60 %) or any; each
 *   has 4 waits one after another: response times log-normal around 0.35 x the channel's target
 *   (seconds for CHAT, minutes for SMS, hours for EMAIL; about 12 % late; at most 3 days) or,
 *   5 % of them, closed without a reply; the customer writes again after an exponential gap (a
 *   day on average). A wait that ends after now is still open (the last hours; a day or two for
 *   EMAIL and FORUM), and it is its thread's last. Answers come from a member of the queue;
 * - EPISODES of those waits that started in the window (thinned at random to exactly that), their
 *   threads and customers: the latest wait gives a thread its clock (past-due open waits recorded
 *   as breached, as the breach timer would have), its first answer (maybe before the window)
 *   first_response_at and first_responder_id;
 * - RESOLVED STATUS_CHANGED events, up to an hour after an answer, by whoever answered.
 * The history (customers, threads, waits, events) goes in with session_replication_role = replica
 * on this session: the event log is append-only through append_events(), whose guard is a trigger
 * (and whose created_at is clock_timestamp()), and a replica session fires no trigger, so it can
 * write a past; the foreign-key triggers do not fire either, so the references are checked after.
 */
export async function seedReports(db: pg.Client): Promise<ReportSeed> {
  const began = nowMs();
  const { q, steps } = timedSteps(db, nowMs);
  await q(`SET work_mem = '256MB'`);
  await q(`SET maintenance_work_mem = '256MB'`);
  await q(`SELECT setseed(0.13)`);

  await q(`INSERT INTO queue (id, name) SELECT ${md5Id('que', 'n::text')}, name FROM unnest($1::text[]) WITH ORDINALITY AS t(name, n)`, [EXTRA_QUEUES]);
  await q(`CREATE TEMP TABLE bench_queue AS SELECT id, name, (row_number() OVER (ORDER BY name) - 1)::int AS n FROM queue`);
  await q(`CREATE TEMP TABLE bench_channel AS
    SELECT c.id, c.kind, v.target, bq.id AS queue_id, bq.n AS home_n, v.lo, v.hi FROM channel c
      JOIN (SELECT kind, target, queue, sum(share) OVER (ORDER BY ord) - share AS lo, sum(share) OVER (ORDER BY ord) AS hi
              FROM unnest($1::text[], $2::int[], $3::text[], $4::float8[]) WITH ORDINALITY AS t(kind, target, queue, share, ord)) v
        ON c.kind = v.kind::channel_kind
      JOIN bench_queue bq ON bq.name = v.queue`,
  [CHANNELS.map((c) => c[0]), CHANNELS.map((c) => c[1]), CHANNELS.map((c) => c[2]), CHANNELS.map((c) => c[3])]);
  await q(`UPDATE bench_channel SET hi = 1.0000001 WHERE hi = (SELECT max(hi) FROM bench_channel)`);
  await q(`UPDATE channel c SET response_target_seconds = b.target, queue_id = b.queue_id FROM bench_channel b WHERE b.id = c.id`);

  await q(`INSERT INTO agent (id, name, email, password_hash, role, capacity) VALUES ('agt_' || md5('bench-supervisor'), 'Bench supervisor', $1, $2, 'SUPERVISOR', 0)`,
    [SUPERVISOR_EMAIL, await hashPassword(SUPERVISOR_PASSWORD)]);
  await q(`CREATE TEMP TABLE bench_agent AS SELECT i, ${md5Id('agt', 'i::text')} AS id FROM generate_series(1, $1) i`, [AGENTS]);
  await q(`INSERT INTO agent (id, name, email, password_hash, role, capacity)
    SELECT id, 'Agent ' || lpad(i::text, 3, '0'), 'agent' || i || '@report.bench.example.com', 'not-a-hash', 'AGENT', 10 FROM bench_agent`);
  // Agent i is in queues i % 20 and (i + 7) % 20: queue n's members are i = n or n + 13 (mod 20), plus 20 m.
  await q(`INSERT INTO agent_queue (agent_id, queue_id)
    SELECT a.id, bq.id FROM bench_agent a JOIN bench_queue bq ON bq.n IN (a.i % 20, (a.i + 7) % 20)`);

  // One "now" for the whole seed, so what is answered, closed or breached agrees across statements.
  const { rows: [clock] } = await db.query<{ now: Date }>(`SELECT now()`);
  const now = clock!.now;
  // Threads start over LEAD_DAYS + DAYS days, shaped by the time of day (days repeat their shape:
  // what would fall after now moves back a period), in their channel's queue (60 %) or any.
  await q(`
    CREATE TEMP TABLE bench_thread AS
    SELECT t.n, c.id AS channel_id, c.target, CASE WHEN t.rq < 0.6 THEN c.home_n ELSE floor(t.rq2 * 20)::int END AS queue_n,
           CASE WHEN s0 < $2::timestamptz - interval '${DAYS + LEAD_DAYS} days' THEN s0 + interval '${DAYS + LEAD_DAYS} days' ELSE s0 END AS s0
      FROM (SELECT n, random() AS pick, random() AS rq, random() AS rq2, floor(random() * ${DAYS + LEAD_DAYS})::int AS d,
                   CASE WHEN random() < 0.2 THEN random() ELSE (random() + random() + random()) / 3 END AS f
              FROM generate_series(1, $1::int) n) t
      JOIN bench_channel c ON t.pick >= c.lo AND t.pick < c.hi,
      LATERAL (SELECT date_trunc('day', $2::timestamptz - interval '${DAYS + LEAD_DAYS} days', 'UTC') + make_interval(days => t.d) + t.f * interval '1 day' AS s0) s`,
  [GENERATED_THREADS, now], 'threads drawn (temp table)');
  // Each thread's 4 waits, one after another: a wait ends (answer or close), the customer writes
  // again after an exponential gap (mean a day). A wait whose end comes after now is still open
  // (and the thread's last); one whose start does, never began.
  await q(`
    CREATE TEMP TABLE bench_wait AS
    WITH draws AS MATERIALIZED (
      SELECT t.n, j, t.channel_id, t.target, t.queue_n, t.s0, random() < ${CLOSED_SHARE} AS closed, random() AS rclose, 1 - random() AS u1, random() AS u2,
             1 - random() AS ugap, random() AS ragent, random() AS rside, random() AS rkeep, random() AS rev, random() AS rev2
        FROM bench_thread t CROSS JOIN generate_series(0, 3) j
    ), timed AS (
      SELECT d.*, CASE WHEN closed THEN rclose * 2 * target
                       ELSE least(259200, greatest(1, target * 0.35 * exp(0.9 * sqrt(-2 * ln(u1)) * cos(2 * pi() * u2)))) END AS took_s,
             -ln(ugap) * 86400 AS gap_s
        FROM draws d
    ), placed AS (
      SELECT t.*, s0 + make_interval(secs => coalesce(sum(took_s + gap_s) OVER (PARTITION BY n ORDER BY j ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)) AS started_at
        FROM timed t
    )
    SELECT n AS thread_n, j AS slot, channel_id, queue_n, started_at, started_at + make_interval(secs => target) AS due_at,
           CASE WHEN NOT closed AND started_at + make_interval(secs => took_s) <= $1 THEN started_at + make_interval(secs => took_s) END AS answered_at,
           CASE WHEN closed AND started_at + make_interval(secs => took_s) <= $1 THEN started_at + make_interval(secs => took_s) END AS closed_at,
           -- A member of the queue: agent i is in queues i % 20 and (i + 7) % 20.
           coalesce(nullif((CASE WHEN rside < 0.5 THEN queue_n ELSE (queue_n + 13) % 20 END) + 20 * floor(ragent * 10)::int, 0), ${AGENTS}) AS agent_i,
           rkeep, rev, rev2
      FROM placed WHERE started_at < $1`, [now], 'waits drawn (temp table)');
  // The window's waits: exactly EPISODES of them, thinned at random, ranked by start.
  await q(`
    CREATE TEMP TABLE bench_ep AS
    SELECT row_number() OVER (ORDER BY started_at) AS r, k.*
      FROM (SELECT * FROM bench_wait WHERE started_at >= $1::timestamptz - interval '${DAYS} days' ORDER BY rkeep LIMIT $2) k`,
  [now, EPISODES], 'waits of the window (temp table)');
  await q(`CREATE TEMP TABLE bench_latest AS SELECT DISTINCT ON (thread_n) * FROM bench_ep ORDER BY thread_n, slot DESC`);

  // The history goes in on this session with session_replication_role = replica: triggers do not
  // fire, which lets it write the event log directly (below) and skips the foreign-key triggers
  // (a third of the seed); the references are checked once afterwards, with anti-joins.
  await q(`SET session_replication_role = replica`);
  try {
    await q(`INSERT INTO customer (id, name, created_at, updated_at)
      SELECT ${hexId('cus', 'l.thread_n')}, 'Customer ' || l.thread_n, t.s0, t.s0 FROM bench_latest l JOIN bench_thread t ON t.n = l.thread_n`, [], 'customers');
    // A thread: its latest wait gives its clock; its first answer (in the window or before), its first response.
    await q(`
      INSERT INTO thread (id, customer_id, queue_id, channel_id, status, priority, waiting_since, response_due_at, wait_channel_id,
                          sla_breached_due_at, first_response_at, first_responder_id, last_inbound_at, last_activity_at, version, created_at, updated_at)
      SELECT ${hexId('thr', 'l.thread_n')}, ${hexId('cus', 'l.thread_n')}, bq.id, l.channel_id,
             CASE WHEN is_open THEN 'OPEN' ELSE 'RESOLVED' END::thread_status, 1,
             CASE WHEN is_open THEN l.started_at END, CASE WHEN is_open THEN l.due_at END, CASE WHEN is_open THEN l.channel_id END,
             CASE WHEN is_open AND l.due_at <= $1 THEN l.due_at END,
             f.answered_at, a.id, l.started_at, coalesce(l.answered_at, l.closed_at, l.started_at), 12, t.s0, coalesce(l.answered_at, l.closed_at, l.started_at)
        FROM bench_latest l
        CROSS JOIN LATERAL (SELECT l.answered_at IS NULL AND l.closed_at IS NULL AS is_open) o
        JOIN bench_queue bq ON bq.n = l.queue_n
        JOIN bench_thread t ON t.n = l.thread_n
        LEFT JOIN (SELECT DISTINCT ON (thread_n) thread_n, answered_at, agent_i FROM bench_wait WHERE answered_at IS NOT NULL ORDER BY thread_n, slot) f
          ON f.thread_n = l.thread_n
        LEFT JOIN bench_agent a ON a.i = f.agent_i`, [now], 'threads');

    await q(`
      INSERT INTO wait_episode (id, thread_id, channel_id, queue_id, started_at, due_at, answered_at, answered_by, breached_at, closed_at)
      SELECT ${hexId('wep', 'e.r')}, ${hexId('thr', 'e.thread_n')}, e.channel_id, bq.id, e.started_at, e.due_at, e.answered_at,
             CASE WHEN e.answered_at IS NOT NULL THEN a.id END,
             CASE WHEN e.due_at <= $1 AND coalesce(e.answered_at, e.closed_at, 'infinity') > e.due_at THEN e.due_at END, e.closed_at
        FROM bench_ep e JOIN bench_queue bq ON bq.n = e.queue_n JOIN bench_agent a ON a.i = e.agent_i
       ORDER BY e.r`, [now], 'wait episodes');

    // The resolutions: RESOLVED up to an hour after an answer, by whoever answered (the log's
    // append_events() guard is a trigger: it does not fire on this session, nor does clock_timestamp() stamp them).
    await q(`
      INSERT INTO event (id, type, thread_id, queue_id, before_queue_id, actor_id, thread_version, before, after, created_at)
      SELECT nextval('event_id_seq'), 'STATUS_CHANGED', s.thread_id, s.queue_id, s.queue_id, s.actor_id, 11,
             jsonb_build_object('status', 'OPEN', 'customerId', s.customer_id, 'channelKind', s.kind, 'queueId', s.queue_id, 'ownerId', s.actor_id,
                                'collaboratorIds', '[]'::jsonb, 'priority', 'NORMAL', 'waitingSince', NULL, 'responseDueAt', NULL),
             jsonb_build_object('status', 'RESOLVED', 'customerId', s.customer_id, 'channelKind', s.kind, 'queueId', s.queue_id, 'ownerId', s.actor_id,
                                'collaboratorIds', '[]'::jsonb, 'priority', 'NORMAL', 'waitingSince', NULL, 'responseDueAt', NULL),
             s.created_at
        FROM (SELECT ${hexId('thr', 'e.thread_n')} AS thread_id, ${hexId('cus', 'e.thread_n')} AS customer_id, c.kind::text AS kind,
                     bq.id AS queue_id, a.id AS actor_id, e.answered_at + e.rev2 * interval '1 hour' AS created_at
                FROM (SELECT * FROM bench_ep WHERE answered_at IS NOT NULL AND answered_at + rev2 * interval '1 hour' < $2 ORDER BY rev LIMIT $1) e
                JOIN bench_queue bq ON bq.n = e.queue_n JOIN bench_agent a ON a.i = e.agent_i JOIN bench_channel c ON c.id = e.channel_id
               ORDER BY created_at) s`, [RESOLVED, now], 'resolved events');
  } finally {
    await q(`SET session_replication_role = DEFAULT`);
  }
  const checking = nowMs();
  // One pass over each table, hash anti-joins to what it refers to.
  const { rows: [dangling] } = await db.query<{ n: string }>(`SELECT
      (SELECT count(*) FROM wait_episode e LEFT JOIN thread t ON t.id = e.thread_id LEFT JOIN agent a ON a.id = e.answered_by
         LEFT JOIN queue q ON q.id = e.queue_id LEFT JOIN channel c ON c.id = e.channel_id
        WHERE t.id IS NULL OR (e.answered_by IS NOT NULL AND a.id IS NULL) OR q.id IS NULL OR c.id IS NULL)
    + (SELECT count(*) FROM thread t LEFT JOIN customer cu ON cu.id = t.customer_id LEFT JOIN agent a ON a.id = t.first_responder_id
         LEFT JOIN queue q ON q.id = t.queue_id LEFT JOIN channel c ON c.id = t.channel_id
        WHERE cu.id IS NULL OR (t.first_responder_id IS NOT NULL AND a.id IS NULL) OR q.id IS NULL OR c.id IS NULL)
    + (SELECT count(*) FROM event e LEFT JOIN thread t ON t.id = e.thread_id LEFT JOIN agent a ON a.id = e.actor_id
        WHERE (e.thread_id IS NOT NULL AND t.id IS NULL) OR (e.actor_id IS NOT NULL AND a.id IS NULL)) AS n`);
  if (Number(dangling!.n) !== 0) throw new Error(`the seed left ${dangling!.n} dangling references`);
  steps.push(['references checked', (nowMs() - checking) / 1000]);
  await q(`DROP TABLE bench_ep, bench_wait, bench_latest, bench_thread`);

  // Index-only scans need the visibility map: a freshly loaded table has none until VACUUM.
  await q(`VACUUM ANALYZE`, [], 'VACUUM ANALYZE');
  await q(`RESET work_mem`);
  await q(`RESET maintenance_work_mem`);
  const seconds = (nowMs() - began) / 1000;

  const { rows } = await db.query<Record<string, string>>(`SELECT
      (SELECT count(*) FROM channel) AS "channels",
      (SELECT count(*) FROM queue) AS "queues",
      (SELECT count(*) FROM agent WHERE role = 'AGENT') AS "agents",
      (SELECT count(*) FROM customer) AS "customers",
      (SELECT count(*) FROM thread) AS "threads",
      (SELECT count(*) FROM thread WHERE first_responder_id IS NOT NULL) AS "  with a first response",
      (SELECT count(*) FROM thread WHERE waiting_since IS NOT NULL) AS "  waiting now",
      (SELECT count(*) FROM wait_episode) AS "wait episodes",
      (SELECT count(*) FROM wait_episode WHERE answered_at IS NOT NULL) AS "  answered",
      (SELECT count(*) FROM wait_episode WHERE answered_at > due_at) AS "    of which late",
      (SELECT count(*) FROM wait_episode WHERE closed_at IS NOT NULL) AS "  closed without a reply",
      (SELECT count(*) FROM wait_episode WHERE answered_at IS NULL AND closed_at IS NULL) AS "  open",
      (SELECT count(*) FROM wait_episode WHERE answered_at IS NULL AND closed_at IS NULL AND due_at <= now()) AS "    of which past due",
      (SELECT count(*) FROM wait_episode WHERE answered_at >= date_trunc('day', now(), 'UTC') - interval '1 day'
                                          AND answered_at < date_trunc('day', now(), 'UTC')) AS "answered yesterday (UTC)",
      (SELECT count(*) FROM event WHERE type = 'STATUS_CHANGED' AND after ->> 'status' = 'RESOLVED') AS "RESOLVED events"`);
  const counts = Object.entries(rows[0] ?? {}).map(([label, value]): [string, number] => [label, Number(value)]);
  return { supervisorEmail: SUPERVISOR_EMAIL, seconds, steps, counts };
}
