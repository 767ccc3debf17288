import type { EntityManager } from 'typeorm';
import { queryRows, type SqlParams } from '../../db/sql.js';
import { newId } from '../../ids.js';
import type { LockedThread } from './thread-state.js';

/**
 * The wait clock (DESIGN.md, "The wait clock"; docs/wait-clock.md): how long a customer has
 * waited, until when, and which channel's promise sets the due time, and the wait episode that
 * records each wait for reports. Its only home: every write that moves the clock passes one of
 * these moves to writeThread (`wait`), which applies the thread's assignments and the episode's
 * statement as one SQL statement, so a move cannot change one without the other.
 *
 * - start or extend: an INBOUND message; the oldest unanswered arrival, the earliest due time
 *   and the channel that set it. Opens the thread's episode, or moves its due time and channel.
 * - answer: a REPLY answers everything waiting, and is the thread's first response once (time,
 *   author and message). The open episode is answered by the reply's author.
 * - restore: a FAILED delivery puts back what the reply had stopped (the customer never got it),
 *   and reopens the episode the reply had answered; `firstResponseWithout` takes back a first
 *   response the failed reply was.
 * - clear: PENDING or RESOLVED ("no reply needed" is a decision, and it is recorded); the open
 *   episode is closed.
 * - followQueue: a hand-off; the open episode's queue is the thread's.
 * - handOver, then absorb: two customers merged; one open thread hands its wait over, the other
 *   takes it and its episode.
 * - breach: the due time passed with nobody answering; the open episode records it, once
 *   (the breach timer calls it, then records SLA_BREACHED through writeThread).
 */
export interface WaitMove {
  /** Assignments to the thread row. */
  set(params: SqlParams): string[];
  /**
   * Data-modifying CTEs (`name AS (…)`, comma-separated) over `moved`, the thread row after the
   * write (THREAD_COLUMNS); they run in the statement that moves the clock.
   */
  episode(params: SqlParams): string;
}

/** What a reply stopped, stored on the reply so a failed delivery can restore it. */
export interface StoppedWait {
  waitingSince: Date | null;
  responseDueAt: Date | null;
  waitChannelId: string | null;
}

const OPEN = 'e.answered_at IS NULL AND e.closed_at IS NULL';

/** A message's due time: its arrival plus its channel's target at arrival. */
export function dueAt(receivedAt: Date, responseTargetSeconds: number): Date {
  return new Date(receivedAt.getTime() + responseTargetSeconds * 1000);
}

/** An inbound message received at `receivedAt`, due at `due`, on `channelId`. */
export function startOrExtend(arrival: { receivedAt: Date; due: Date; channelId: string }): WaitMove {
  return {
    set(params) {
      const received = params.add(arrival.receivedAt, 'timestamptz');
      const due = params.add(arrival.due, 'timestamptz');
      return [
        `waiting_since = least(waiting_since, ${received})`,
        `response_due_at = least(response_due_at, ${due})`,
        // Right-hand sides read the row as it was: the channel follows the message that sets the due time.
        `wait_channel_id = CASE WHEN response_due_at IS NULL OR ${due} < response_due_at THEN ${params.add(arrival.channelId)} ELSE wait_channel_id END`,
      ];
    },
    episode: (params) => `opened AS (${openEpisode(params)})`,
  };
}

/** A reply by `agentId` (message `messageId`): nobody waits any more; the first response is recorded once. */
export function answer(reply: { agentId: string; messageId: string }): WaitMove {
  return {
    set: (params) => {
      // Right-hand sides read the row as it was: the first reply sets all three, once.
      const first = (value: string, column: string) => `${column} = CASE WHEN first_response_at IS NULL THEN ${value} ELSE ${column} END`;
      return [...CLEARED, first('now()', 'first_response_at'), first(params.add(reply.agentId), 'first_responder_id'),
        first(params.add(reply.messageId), 'first_response_message_id')];
    },
    episode: (params) => `answered AS (
      UPDATE wait_episode e SET answered_at = now(), answered_by = ${params.add(reply.agentId)}, answer_message_id = ${params.add(reply.messageId)},
             queue_id = moved.queue_id
        FROM moved WHERE e.thread_id = moved.id AND ${OPEN})`,
  };
}

/** What answering `thread` stops, to keep with the reply. */
export function stoppedBy(thread: LockedThread): StoppedWait {
  return { waitingSince: thread.waitingSince, responseDueAt: thread.responseDueAt, waitChannelId: thread.waitChannelId };
}

/**
 * A failed delivery of reply `messageId`, which had stopped `stopped`: the customer waits again,
 * since then. The episode the reply answered is open again, and a wait that started since is
 * part of it (that row goes; a breach it had recorded stays with the reopened one). Without an
 * episode for the reply (a wait older than the log the backfill read), the open one follows the
 * thread as after an inbound message.
 */
export function restore(stopped: StoppedWait & { messageId: string }): WaitMove {
  return {
    set(params) {
      const since = params.add(stopped.waitingSince, 'timestamptz');
      const due = params.add(stopped.responseDueAt, 'timestamptz');
      return [
        `waiting_since = least(waiting_since, ${since})`,
        `wait_channel_id = CASE WHEN response_due_at IS NULL OR ${due} < response_due_at THEN ${params.add(stopped.waitChannelId)} ELSE wait_channel_id END`,
        `response_due_at = least(response_due_at, ${due})`,
      ];
    },
    episode(params) {
      const reply = params.add(stopped.messageId);
      // Every part reads the table as it was before the statement, so exactly one branch acts.
      const ended = `SELECT 1 FROM wait_episode a, moved WHERE a.thread_id = moved.id AND a.answer_message_id = ${reply}`;
      return `merged AS (
          DELETE FROM wait_episode e USING moved WHERE e.thread_id = moved.id AND ${OPEN} AND EXISTS (${ended})
          RETURNING e.breached_at),
        reopened AS (
          -- Joined to the aggregate over merged, so the merged row is gone before this one reopens.
          UPDATE wait_episode e SET answered_at = NULL, answered_by = NULL, answer_message_id = NULL,
                 started_at = moved.waiting_since, due_at = moved.response_due_at, channel_id = moved.wait_channel_id,
                 queue_id = moved.queue_id, breached_at = least(e.breached_at, m.breached_at)
            FROM moved, (SELECT min(breached_at) AS breached_at FROM merged) m
           WHERE e.thread_id = moved.id AND e.answer_message_id = ${reply}),
        opened AS (${openEpisode(params, `NOT EXISTS (${ended})`)})`;
    },
  };
}

/**
 * Assignments for a reply `messageId` whose delivery FAILED: when it was the thread's first
 * response, the first response is the thread's next reply that did not fail (its author and
 * time), or none yet. Whether or not the wait reopens (a RESOLVED thread's does not).
 */
export function firstResponseWithout(messageId: string): (params: SqlParams) => string[] {
  return (params) => {
    const failed = params.add(messageId);
    const next = (column: string) => `(SELECT m.${column} FROM message m WHERE m.thread_id = thread.id AND m.kind = 'REPLY'
      AND m.delivery_status IS DISTINCT FROM 'FAILED' AND m.id <> ${failed} ORDER BY m.seq LIMIT 1)`;
    const revert = (column: string, value: string) => `${column} = CASE WHEN first_response_message_id = ${failed} THEN ${value} ELSE ${column} END`;
    return [revert('first_response_at', next('created_at')), revert('first_responder_id', next('author_id')),
      revert('first_response_message_id', next('id'))];
  };
}

/**
 * Two customers merged, each with an open thread (customers/customer-merge.ts): this thread takes
 * over `other`'s wait as if its unanswered messages had arrived here (the earlier start, the
 * earlier due time and its channel). `other`'s open episode goes; this thread's, opened or moved,
 * keeps a breach it had recorded.
 */
export function absorb(other: LockedThread): WaitMove {
  const waits = other.waitingSince && other.responseDueAt && other.waitChannelId
    ? startOrExtend({ receivedAt: other.waitingSince, due: other.responseDueAt, channelId: other.waitChannelId })
    : null;
  return {
    set: (params) => waits?.set(params) ?? [],
    episode: (params) => `gone AS (
        DELETE FROM wait_episode e WHERE e.thread_id = ${params.add(other.id)} AND ${OPEN} RETURNING e.breached_at),
      opened AS (${openEpisode(params, 'true', '(SELECT min(breached_at) FROM gone)')})`,
  };
}

/** The first half of `absorb`: this thread's wait goes to another thread; its open episode stays for `absorb` to take. */
export function handOver(): WaitMove {
  return { set: () => CLEARED, episode: () => `handed AS (SELECT 1)` };
}

/** PENDING or RESOLVED: the clock stops without an answer. */
export function clear(): WaitMove {
  return {
    set: () => CLEARED,
    episode: () => `closed AS (
      UPDATE wait_episode e SET closed_at = now(), queue_id = moved.queue_id FROM moved WHERE e.thread_id = moved.id AND ${OPEN})`,
  };
}

/** A hand-off to another queue: an open episode is in the thread's queue now. The clock stays. */
export function followQueue(): WaitMove {
  return {
    set: () => [],
    episode: () => `requeued AS (
      UPDATE wait_episode e SET queue_id = moved.queue_id FROM moved
       WHERE e.thread_id = moved.id AND ${OPEN} AND e.queue_id <> moved.queue_id)`,
  };
}

/** An open wait not yet breached (the partial index `wait_episode_unbreached_due_idx`). */
const UNBREACHED = `${OPEN} AND e.breached_at IS NULL`;

/**
 * Records the breach of the thread's open wait if it is due by the database's clock now and not
 * yet breached; true when this call recorded it. The condition, not a lock or a leader, makes it
 * once per wait: a second UPDATE waits for the first and then finds `breached_at` set. The caller
 * holds the thread's row lock (DESIGN.md's lock order: thread before episode).
 */
export async function breach(manager: EntityManager, threadId: string): Promise<boolean> {
  const rows = await queryRows<{ id: string }>(manager,
    `UPDATE wait_episode e SET breached_at = now() WHERE e.thread_id = $1 AND ${UNBREACHED} AND e.due_at <= now() RETURNING e.id`, [threadId]);
  return rows.length > 0;
}

/** The threads of OPEN waits due by now and not yet breached, earliest first, at most `limit`. */
export async function dueBreaches(manager: EntityManager, limit: number): Promise<string[]> {
  const rows: Array<{ thread_id: string }> = await manager.query(
    `SELECT e.thread_id FROM wait_episode e JOIN thread t ON t.id = e.thread_id AND t.status = 'OPEN'
      WHERE ${UNBREACHED} AND e.due_at <= now() ORDER BY e.due_at LIMIT $1`, [limit]);
  return rows.map((row) => row.thread_id);
}

/** How long until the next OPEN wait not yet breached is due, by the database's clock (ms, 0 if due); null when none waits. */
export async function untilNextBreach(manager: EntityManager): Promise<number | null> {
  const rows: Array<{ ms: number | null }> = await manager.query(
    // No wait pending gives NULL (greatest() would turn a NULL into 0 and wake the timer at once, forever).
    `SELECT CASE WHEN min(e.due_at) IS NULL THEN NULL ELSE greatest(0, ceil(extract(epoch FROM min(e.due_at) - now()) * 1000)) END::float8 AS ms
       FROM wait_episode e JOIN thread t ON t.id = e.thread_id AND t.status = 'OPEN' WHERE ${UNBREACHED}`);
  return rows[0]?.ms ?? null;
}

const CLEARED = ['waiting_since = NULL', 'response_due_at = NULL', 'wait_channel_id = NULL'];

/**
 * The thread's open episode as the clock now is: inserted when none is open, else moved. With
 * `breached` (an expression), a breach it carries over from a wait merged into it.
 */
function openEpisode(params: SqlParams, condition = 'true', breached = 'NULL::timestamptz'): string {
  return `INSERT INTO wait_episode AS e (id, thread_id, channel_id, queue_id, started_at, due_at, breached_at)
    SELECT ${params.add(newId('wep'))}::text, moved.id, moved.wait_channel_id, moved.queue_id, moved.waiting_since, moved.response_due_at, ${breached}
      FROM moved WHERE moved.waiting_since IS NOT NULL AND ${condition}
    ON CONFLICT (thread_id) WHERE answered_at IS NULL AND closed_at IS NULL DO UPDATE
      SET started_at = excluded.started_at, due_at = excluded.due_at, channel_id = excluded.channel_id, queue_id = excluded.queue_id,
          breached_at = least(e.breached_at, excluded.breached_at)
      WHERE (e.started_at, e.due_at, e.channel_id, e.queue_id, e.breached_at)
            IS DISTINCT FROM (excluded.started_at, excluded.due_at, excluded.channel_id, excluded.queue_id, least(e.breached_at, excluded.breached_at))`;
}
