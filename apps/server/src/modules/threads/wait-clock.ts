import type { SqlParams } from '../../db/sql.js';
import type { LockedThread } from './thread-state.js';

/**
 * The wait clock (DESIGN.md, "The wait clock"; docs/wait-clock.md): how long a customer has
 * waited, until when, and which channel's promise sets the due time. Its only home: every
 * write that moves the clock takes its assignments from here, and writeThread records them.
 *
 * - start or extend: an INBOUND message; the oldest unanswered arrival, the earliest due time
 *   and the channel that set it.
 * - answer: a REPLY answers everything waiting, and is the thread's first response once.
 * - restore: a FAILED delivery puts back what the reply had stopped (the customer never got it).
 * - clear: PENDING or RESOLVED ("no reply needed" is a decision, and it is recorded).
 */

/** What a reply stopped, stored on the reply so a failed delivery can restore it. */
export interface StoppedWait {
  waitingSince: Date | null;
  responseDueAt: Date | null;
  waitChannelId: string | null;
}

/** A message's due time: its arrival plus its channel's target at arrival. */
export function dueAt(receivedAt: Date, responseTargetSeconds: number): Date {
  return new Date(receivedAt.getTime() + responseTargetSeconds * 1000);
}

/** An inbound message received at `receivedAt`, due at `due`, on `channelId`. */
export function startOrExtend(params: SqlParams, arrival: { receivedAt: Date; due: Date; channelId: string }): string[] {
  const received = params.add(arrival.receivedAt);
  const due = params.add(arrival.due, 'timestamptz');
  return [
    `waiting_since = least(waiting_since, ${received})`,
    `response_due_at = least(response_due_at, ${due})`,
    // Right-hand sides read the row as it was: the channel follows the message that sets the due time.
    `wait_channel_id = CASE WHEN response_due_at IS NULL OR ${due} < response_due_at THEN ${params.add(arrival.channelId)} ELSE wait_channel_id END`,
  ];
}

/** A reply: nobody waits any more; the first response is recorded once. */
export function answer(): string[] {
  return [...clear(), 'first_response_at = coalesce(first_response_at, now())'];
}

/** What answering `thread` stops, to keep with the reply. */
export function stoppedBy(thread: LockedThread): StoppedWait {
  return { waitingSince: thread.waitingSince, responseDueAt: thread.responseDueAt, waitChannelId: thread.waitChannelId };
}

/** A failed delivery of a reply that had stopped `stopped`: the customer waits again, since then. */
export function restore(params: SqlParams, stopped: StoppedWait): string[] {
  const since = params.add(stopped.waitingSince, 'timestamptz');
  const due = params.add(stopped.responseDueAt, 'timestamptz');
  return [
    `waiting_since = least(waiting_since, ${since})`,
    `wait_channel_id = CASE WHEN response_due_at IS NULL OR ${due} < response_due_at THEN ${params.add(stopped.waitChannelId)} ELSE wait_channel_id END`,
    `response_due_at = least(response_due_at, ${due})`,
  ];
}

/** PENDING or RESOLVED: the clock stops without an answer. */
export function clear(): string[] {
  return ['waiting_since = NULL', 'response_due_at = NULL', 'wait_channel_id = NULL'];
}
