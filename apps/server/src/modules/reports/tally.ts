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

/** The bucket of a response time in whole seconds (BUCKET_SQL in JavaScript). */
export function bucketOf(seconds: number): number {
  if (seconds < 60) return seconds;
  if (seconds < 3600) return 59 + Math.floor(seconds / 60);
  if (seconds < 172_800) return 118 + Math.floor(seconds / 3600);
  return Math.min(166 + Math.floor(seconds / 86_400), 199);
}

/** Nearest-rank percentile `q` of exact values with their counts. */
function nearestRank(counts: Map<number, number>, q: number): number | null {
  const values = [...counts.keys()].sort((a, b) => a - b);
  const total = values.reduce((sum, value) => sum + counts.get(value)!, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (const value of values) {
    seen += counts.get(value)!;
    if (seen >= rank) return value;
  }
  return values.at(-1)!;
}

/** The smallest response time (seconds) a bucket holds: what a percentile from buckets reports. */
export function bucketFloor(bucket: number): number {
  if (bucket < 60) return bucket;
  if (bucket <= 118) return (bucket - 59) * 60;
  if (bucket <= 165) return (bucket - 118) * 3600;
  return (bucket - 166) * 86400;
}

/** Nearest-rank percentile `q` of the bucketed response times (a bucket's lower bound); null when none. */
export function percentileOf(hist: Record<number, number>, q: number): number | null {
  const bucket = nearestRank(new Map(Object.entries(hist).map(([key, count]) => [Number(key), count])), q);
  return bucket === null ? null : bucketFloor(bucket);
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

/** The dimensions a row of (channel, queue, agent) counts in. */
function keysOf(channel: string | null, queue: string | null, agent: string | null): string[] {
  const keys = ['total'];
  if (channel) keys.push(`channel:${channel}`);
  if (queue) keys.push(`queue:${queue}`);
  if (agent) keys.push(`agent:${agent}`);
  return keys;
}

/**
 * Reads the tallies of [from, to) from the raw rows, through indexes only (migration 0070). Each
 * measure is one GROUP BY over (channel, queue, agent) whose few rows are summed per dimension
 * here. With `exact`, answers are grouped by the second and percentiles are exact (nearest rank;
 * for stretches up to a day); without, by bucket.
 */
export async function readTallies(manager: EntityManager, from: Date, to: Date, exact: boolean): Promise<Map<string, Tally>> {
  const tallies = new Map<string, Tally>();
  const of = (key: string) => {
    let tally = tallies.get(key);
    if (!tally) tallies.set(key, (tally = emptyTally()));
    return tally;
  };
  const range = [from, to];

  const answered = await queryRows<{ channel_id: string; queue_id: string; answered_by: string | null; value: number; answered: number; in_target: number }>(manager, `
    SELECT channel_id, queue_id, answered_by, ${exact ? RESPONSE_SECONDS : BUCKET_SQL(RESPONSE_SECONDS)} AS value,
           count(*)::int AS answered, count(*) FILTER (WHERE answered_at <= due_at)::int AS in_target
      FROM wait_episode WHERE answered_at >= $1 AND answered_at < $2
     GROUP BY 1, 2, 3, 4`, range);
  const seconds = new Map<string, Map<number, number>>();
  for (const row of answered) {
    for (const key of keysOf(row.channel_id, row.queue_id, row.answered_by)) {
      const tally = of(key);
      tally.answered += row.answered;
      tally.inTarget += row.in_target;
      if (!exact) {
        tally.hist[row.value] = (tally.hist[row.value] ?? 0) + row.answered;
        continue;
      }
      const counts = seconds.get(key) ?? new Map<number, number>();
      seconds.set(key, counts.set(row.value, (counts.get(row.value) ?? 0) + row.answered));
    }
  }
  for (const [key, counts] of seconds) {
    const tally = of(key);
    for (const [value, count] of counts) {
      const bucket = bucketOf(value);
      tally.hist[bucket] = (tally.hist[bucket] ?? 0) + count;
    }
    tally.exact = { median: nearestRank(counts, 0.5), p90: nearestRank(counts, 0.9) };
  }

  // Breached: the due time fell in the period (and has passed) before an answer or a close.
  const breached = await queryRows<{ channel_id: string; queue_id: string; answered_by: string | null; breached: number }>(manager, `
    SELECT channel_id, queue_id, answered_by, count(*)::int AS breached
      FROM wait_episode WHERE due_at >= $1 AND due_at < $2 AND due_at <= now()
       AND coalesce(answered_at, closed_at, 'infinity') > due_at
     GROUP BY 1, 2, 3`, range);
  for (const row of breached) for (const key of keysOf(row.channel_id, row.queue_id, row.answered_by)) of(key).breached += row.breached;

  const resolved = await queryRows<{ channel_id: string; queue_id: string; actor_id: string | null; resolved: number }>(manager, `
    SELECT t.channel_id, e.queue_id, e.actor_id, count(*)::int AS resolved
      FROM event e JOIN thread t ON t.id = e.thread_id
     WHERE e.type = 'STATUS_CHANGED' AND e.after ->> 'status' = 'RESOLVED' AND e.created_at >= $1 AND e.created_at < $2
     GROUP BY 1, 2, 3`, range);
  for (const row of resolved) for (const key of keysOf(row.channel_id, row.queue_id, row.actor_id)) of(key).resolved += row.resolved;

  const first = await queryRows<{ agent_id: string; count: number }>(manager, `
    SELECT first_responder_id AS agent_id, count(*)::int AS count FROM thread
     WHERE first_response_at >= $1 AND first_response_at < $2 AND first_responder_id IS NOT NULL GROUP BY 1`, range);
  for (const row of first) of(`agent:${row.agent_id}`).firstResponses += row.count;

  return tallies;
}
