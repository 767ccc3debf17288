import type { EntityManager } from 'typeorm';
import { queryRows, SqlParams } from '../../db/sql.js';
import type { Transactions, Tx } from '../../events/transactions.js';
import type { ThreadEventDraft, ThreadEventType } from '../../events/event-types.js';
import { newId } from '../../ids.js';
import { lockedFromRow, stateOf, THREAD_COLUMNS, type LockedThread, type ThreadColumnsRow } from './thread-state.js';
import type { WaitMove } from './wait-clock.js';

/**
 * The one way a thread row changes (STYLE.md rule 14): every write bumps the version, returns the
 * new state with its collaborators, and records the event with the state before and after, in
 * the same transaction. A new operation cannot forget one of the three. A move of the wait clock
 * (`wait`) also writes its wait episode, in the same statement (wait-clock.ts).
 */
export interface ThreadWrite {
  type: ThreadEventType;
  /** Assignments besides the version and updated_at, e.g. `owner_id = ${params.add(id)}`. */
  set?: (params: SqlParams) => string[];
  /** A move of the wait clock (wait-clock.ts): its assignments, and its episode in the same statement. */
  wait?: WaitMove;
  actorId?: string | null;
  messageId?: string;
  note?: string | null;
}

/** Applies `write` to the locked thread `before`, and records it. */
export async function writeThread(tx: Tx, before: LockedThread, write: ThreadWrite): Promise<LockedThread> {
  const after = await update(tx.manager, before.id, write, null);
  tx.emit(threadEvent(write.type, before, after!, write));
  return after!;
}

/**
 * The same, only when `condition` holds (a claim's one deciding statement); `beforeOf` gives the
 * state before from the state after, since the row was not read first. Null when nothing changed.
 */
export async function writeThreadIf(
  tx: Tx,
  threadId: string,
  condition: (params: SqlParams) => string,
  write: ThreadWrite,
  beforeOf: (after: LockedThread) => LockedThread,
): Promise<LockedThread | null> {
  const after = await update(tx.manager, threadId, write, condition);
  if (after) tx.emit(threadEvent(write.type, beforeOf(after), after, write));
  return after;
}

/** A new thread, with its CREATED event. */
export async function createThread(
  tx: Tx,
  values: { customerId: string; queueId: string; channelId: string; subject: string | null; receivedAt: Date },
): Promise<LockedThread> {
  const [row] = await queryRows<ThreadColumnsRow>(tx.manager,
    `INSERT INTO thread (id, customer_id, queue_id, channel_id, subject, last_inbound_at)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${THREAD_COLUMNS}`,
    [newId('thr'), values.customerId, values.queueId, values.channelId, values.subject, values.receivedAt]);
  const created = lockedFromRow(row!);
  tx.emit(threadEvent('CREATED', null, created, {}));
  return created;
}

async function update(manager: EntityManager, threadId: string, write: ThreadWrite, condition: ((params: SqlParams) => string) | null): Promise<LockedThread | null> {
  const params = new SqlParams();
  const id = params.add(threadId);
  const sets = [...(write.set?.(params) ?? []), ...(write.wait?.set(params) ?? []), 'updated_at = now()', 'version = version + 1'];
  const where = condition ? `id = ${id} AND ${condition(params)}` : `id = ${id}`;
  const updateSql = `UPDATE thread SET ${sets.join(', ')} WHERE ${where} RETURNING ${THREAD_COLUMNS}`;
  const sql = write.wait ? `WITH moved AS (${updateSql}), ${write.wait.episode(params)} SELECT * FROM moved` : updateSql;
  const [row] = await queryRows<ThreadColumnsRow>(manager, sql, params.values);
  return row ? lockedFromRow(row) : null;
}

/** A thread event with its routing columns, so replays filter by index (DESIGN.md, "Data"). */
function threadEvent(type: ThreadEventType, before: LockedThread | null, after: LockedThread, write: Omit<ThreadWrite, 'type' | 'set' | 'wait'>): ThreadEventDraft {
  return {
    type,
    threadId: after.id,
    queueId: after.queueId,
    beforeQueueId: before?.queueId ?? after.queueId,
    ownerId: after.ownerId,
    beforeOwnerId: before?.ownerId ?? null,
    actorId: write.actorId ?? null,
    messageId: write.messageId,
    threadVersion: after.version,
    before: before ? stateOf(before) : null,
    after: stateOf(after),
    note: write.note ?? null,
  };
}

/** The cursor of the thread's latest event: what a no-op returns. */
export async function latestEventCursor(manager: EntityManager, threadId: string): Promise<string> {
  const rows: Array<{ id: string | null }> = await manager.query(`SELECT max(id)::text AS id FROM event WHERE thread_id = $1`, [threadId]);
  return rows[0]?.id ?? '0';
}

export interface ThreadChange {
  threadId: string;
  /** The event cursor of the change, or of the thread's latest event for a no-op. */
  cursor: string;
}

/**
 * Runs a thread write: `work` writes (and so records) its changes and returns null, or returns
 * the cursor of the thread's latest event when it changed nothing.
 */
export async function runThreadChange(transactions: Transactions, threadId: string, work: (tx: Tx) => Promise<string | null>): Promise<ThreadChange> {
  const { value, lastEventId } = await transactions.run(work);
  return { threadId, cursor: lastEventId ?? value ?? '0' };
}
