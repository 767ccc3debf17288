import type { EntityManager } from 'typeorm';
import type { Transactions, Tx } from '../../db/transaction.js';
import type { ThreadEventDraft, ThreadStateJson } from '../../events/event-types.js';

export type { ThreadStateJson };
import { PRIORITY_BY_RANK, type ThreadEventType, type ThreadStatus } from './thread.enums.js';


/** The thread row a write holds locked (FOR UPDATE) while it decides and changes it. */
export interface LockedThread {
  id: string;
  customerId: string;
  queueId: string;
  channelId: string;
  channelKind: string;
  ownerId: string | null;
  status: ThreadStatus;
  priority: number;
  waitingSince: Date | null;
  responseDueAt: Date | null;
  version: number;
  collaboratorIds: string[];
}

export const THREAD_COLUMNS = `id, customer_id, queue_id, channel_id, owner_id, status, priority, waiting_since, response_due_at, version,
  (SELECT kind FROM channel WHERE channel.id = thread.channel_id) AS channel_kind`;

export interface ThreadColumnsRow {
  id: string; customer_id: string; queue_id: string; channel_id: string; channel_kind: string; owner_id: string | null;
  status: ThreadStatus; priority: number; waiting_since: Date | null; response_due_at: Date | null; version: number;
}

/** Locks the thread row (after any agent rows: DESIGN.md's one lock order) and reads its state. */
export async function lockThread(manager: EntityManager, threadId: string): Promise<LockedThread | undefined> {
  const rows: ThreadColumnsRow[] = await manager.query(`SELECT ${THREAD_COLUMNS} FROM thread WHERE id = $1 FOR UPDATE`, [threadId]);
  const row = rows[0];
  return row ? withCollaborators(manager, row) : undefined;
}

/** The thread's state without taking a lock (the caller holds one, or only explains a refusal). */
export async function readThread(manager: EntityManager, threadId: string): Promise<LockedThread | undefined> {
  const rows: ThreadColumnsRow[] = await manager.query(`SELECT ${THREAD_COLUMNS} FROM thread WHERE id = $1`, [threadId]);
  const row = rows[0];
  return row ? withCollaborators(manager, row) : undefined;
}

/** The state after an `UPDATE thread … RETURNING ${THREAD_COLUMNS}`. */
export async function withCollaborators(manager: EntityManager, row: ThreadColumnsRow): Promise<LockedThread> {
  const participants: Array<{ agent_id: string }> = await manager.query(
    `SELECT agent_id FROM thread_participant WHERE thread_id = $1 ORDER BY agent_id`, [row.id]);
  return lockedFromRow(row, participants.map((p) => p.agent_id));
}

export function lockedFromRow(row: ThreadColumnsRow, collaboratorIds: string[]): LockedThread {
  return {
    id: row.id,
    customerId: row.customer_id,
    queueId: row.queue_id,
    channelId: row.channel_id,
    channelKind: row.channel_kind,
    ownerId: row.owner_id,
    status: row.status,
    priority: row.priority,
    waitingSince: row.waiting_since,
    responseDueAt: row.response_due_at,
    version: row.version,
    collaboratorIds,
  };
}

export function stateOf(thread: LockedThread): ThreadStateJson {
  return {
    status: thread.status,
    customerId: thread.customerId,
    channelKind: thread.channelKind,
    queueId: thread.queueId,
    ownerId: thread.ownerId,
    collaboratorIds: thread.collaboratorIds,
    priority: PRIORITY_BY_RANK[thread.priority]!,
    waitingSince: thread.waitingSince?.toISOString() ?? null,
    responseDueAt: thread.responseDueAt?.toISOString() ?? null,
  };
}

/** A thread event with its routing columns, so replays filter by index (DESIGN.md, "Data"). */
export function threadEvent(
  type: ThreadEventType,
  before: LockedThread | null,
  after: LockedThread,
  extra: { actorId?: string | null; messageId?: string; note?: string | null } = {},
): ThreadEventDraft {
  return {
    type,
    threadId: after.id,
    queueId: after.queueId,
    beforeQueueId: before?.queueId ?? after.queueId,
    ownerId: after.ownerId,
    beforeOwnerId: before?.ownerId ?? null,
    actorId: extra.actorId ?? null,
    messageId: extra.messageId,
    threadVersion: after.version,
    before: before ? stateOf(before) : null,
    after: stateOf(after),
    note: extra.note ?? null,
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
 * Runs a thread write: `work` emits its events and returns null, or returns the cursor of the
 * thread's latest event when it changed nothing.
 */
export async function runThreadChange(transactions: Transactions, threadId: string, work: (tx: Tx) => Promise<string | null>): Promise<ThreadChange> {
  const { value, lastEventId } = await transactions.run(work);
  return { threadId, cursor: lastEventId ?? value ?? '0' };
}
