import type { EntityManager } from 'typeorm';
import { queryRows } from '../../db/sql.js';

/**
 * The counts behind response figures, per dimension of a report, over one stretch of time:
 * the raw rows' reading (this file), a day's stored roll-up (rollups.ts), or a merge of both.
 *
 * Dimensions are keyed `total`, `channel:<id>`, `queue:<id>` and `agent:<id>`. Each measure has
 * its own clock: answers by `answered_at`, breaches by `due_at`, resolutions by the RESOLVED
 * event's time, first responses by `first_response_at`.
 */
export interface Tally {
  answered: number;
  inTarget: number;
  breached: number;
  resolved: number;
  firstResponses: number;
  /** Answered waits by response-time bucket (`bucketOf`); percentiles of merged stretches come from here. */
  hist: Record<number, number>;
  /** Set when read exactly from raw rows in one stretch: nearest-rank percentiles in whole seconds. */
  exact?: { median: number | null; p90: number | null };
}

export const emptyTally = (): Tally => ({ answered: 0, inTarget: 0, breached: 0, resolved: 0, firstResponses: 0, hist: {} });

/**
 * Response-time buckets: whole seconds under a minute (exact, as figures are whole seconds),
 * whole minutes under an hour, whole hours under two days, whole days beyond (up to 33).
 */
export const BUCKET_SQL = (seconds: string) => `(CASE WHEN ${seconds} < 60 THEN ${seconds}
  WHEN ${seconds} < 3600 THEN 59 + ${seconds} / 60 WHEN ${seconds} < 172800 THEN 118 + ${seconds} / 3600
  ELSE least(166 + ${seconds} / 86400, 199) END)`;

/** The smallest response time (seconds) a bucket holds: what a percentile from buckets reports. */
export function bucketFloor(bucket: number): number {
  if (bucket < 60) return bucket;
  if (bucket <= 118) return (bucket - 59) * 60;
  if (bucket <= 165) return (bucket - 118) * 3600;
  return (bucket - 166) * 86400;
}

/** Nearest-rank percentile `q` of the bucketed response times; null when none. */
export function percentileOf(hist: Record<number, number>, q: number): number | null {
  const buckets = Object.keys(hist).map(Number).sort((a, b) => a - b);
  const total = buckets.reduce((sum, bucket) => sum + hist[bucket]!, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (const bucket of buckets) {
    seen += hist[bucket]!;
    if (seen >= rank) return bucketFloor(bucket);
  }
  return bucketFloor(buckets.at(-1)!);
}

/** Adds `from` into `into` (the exact percentiles do not survive a merge). */
export function mergeTally(into: Tally, from: Tally): Tally {
  into.answered += from.answered;
  into.inTarget += from.inTarget;
  into.breached += from.breached;
  into.resolved += from.resolved;
  into.firstResponses += from.firstResponses;
  for (const [bucket, count] of Object.entries(from.hist)) into.hist[Number(bucket)] = (into.hist[Number(bucket)] ?? 0) + count;
  delete into.exact;
  return into;
}

/** Whole seconds from a wait's start to its answer. */
const RESPONSE_SECONDS = `floor(extract(epoch FROM answered_at - started_at))::int`;
const DIMENSION = (channel: string, queue: string, agent: string) => `CASE
  WHEN grouping(${channel}) = 0 THEN 'channel:' || ${channel} WHEN grouping(${queue}) = 0 THEN 'queue:' || ${queue}
  WHEN grouping(${agent}) = 0 THEN 'agent:' || ${agent} ELSE 'total' END`;

/**
 * Reads the tallies of [from, to) from the raw rows, through indexes only (migration 0070). With
 * `exact`, percentiles too, by nearest rank over every answered wait (for stretches up to a day).
 */
export async function readTallies(manager: EntityManager, from: Date, to: Date, exact: boolean): Promise<Map<string, Tally>> {
  const tallies = new Map<string, Tally>();
  // A grouping set's key column may be NULL (a wait nobody answered, an event without an actor):
  // such a row has no key and belongs to no dimension; the total counts it.
  const unkeyed = emptyTally();
  const of = (key: string | null) => {
    if (key === null) return unkeyed;
    let tally = tallies.get(key);
    if (!tally) tallies.set(key, (tally = emptyTally()));
    return tally;
  };
  const range = [from, to];
  const sets = `GROUPING SETS ((), (channel_id), (queue_id), (answered_by))`;

  const answered = await queryRows<{ key: string | null; bucket: number; answered: number; in_target: number }>(manager, `
    SELECT ${DIMENSION('channel_id', 'queue_id', 'answered_by')} AS key, bucket, count(*)::int AS answered,
           count(*) FILTER (WHERE answered_at <= due_at)::int AS in_target
      FROM (SELECT *, ${BUCKET_SQL(RESPONSE_SECONDS)} AS bucket FROM wait_episode WHERE answered_at >= $1 AND answered_at < $2) e
     GROUP BY GROUPING SETS ((bucket), (channel_id, bucket), (queue_id, bucket), (answered_by, bucket))`, range);
  for (const row of answered) {
    const tally = of(row.key);
    tally.answered += row.answered;
    tally.inTarget += row.in_target;
    tally.hist[row.bucket] = (tally.hist[row.bucket] ?? 0) + row.answered;
  }
  if (exact) {
    const percentiles = await queryRows<{ key: string | null; median: number | null; p90: number | null }>(manager, `
      SELECT ${DIMENSION('channel_id', 'queue_id', 'answered_by')} AS key,
             percentile_disc(0.5) WITHIN GROUP (ORDER BY ${RESPONSE_SECONDS}) AS median,
             percentile_disc(0.9) WITHIN GROUP (ORDER BY ${RESPONSE_SECONDS}) AS p90
        FROM wait_episode WHERE answered_at >= $1 AND answered_at < $2 GROUP BY ${sets}`, range);
    for (const row of percentiles) of(row.key).exact = { median: row.median, p90: row.p90 };
  }

  // Breached: the due time fell in the period (and has passed) before an answer or a close.
  const breached = await queryRows<{ key: string | null; breached: number }>(manager, `
    SELECT ${DIMENSION('channel_id', 'queue_id', 'answered_by')} AS key, count(*)::int AS breached
      FROM wait_episode WHERE due_at >= $1 AND due_at < $2 AND due_at <= now()
       AND coalesce(answered_at, closed_at, 'infinity') > due_at
     GROUP BY ${sets}`, range);
  for (const row of breached) of(row.key).breached += row.breached;

  const resolved = await queryRows<{ key: string | null; resolved: number }>(manager, `
    SELECT ${DIMENSION('t.channel_id', 'e.queue_id', 'e.actor_id')} AS key, count(*)::int AS resolved
      FROM event e JOIN thread t ON t.id = e.thread_id
     WHERE e.type = 'STATUS_CHANGED' AND e.after ->> 'status' = 'RESOLVED' AND e.created_at >= $1 AND e.created_at < $2
     GROUP BY GROUPING SETS ((), (t.channel_id), (e.queue_id), (e.actor_id))`, range);
  for (const row of resolved) of(row.key).resolved += row.resolved;

  const first = await queryRows<{ agent_id: string; count: number }>(manager, `
    SELECT first_responder_id AS agent_id, count(*)::int AS count FROM thread
     WHERE first_response_at >= $1 AND first_response_at < $2 AND first_responder_id IS NOT NULL GROUP BY 1`, range);
  for (const row of first) of(`agent:${row.agent_id}`).firstResponses += row.count;

  return tallies;
}
