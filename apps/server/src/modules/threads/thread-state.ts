import type { EntityManager } from 'typeorm';
import type { ThreadStateJson } from '../../events/event-types.js';
import { PRIORITY_BY_RANK, type ThreadStatus } from './thread.enums.js';

export type { ThreadStateJson };

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
  waitChannelId: string | null;
  version: number;
  collaboratorIds: string[];
}

/** A thread row's state in one read, collaborators included (also usable in `RETURNING`). */
export const THREAD_COLUMNS = `id, customer_id, queue_id, channel_id, owner_id, status, priority, waiting_since, response_due_at,
  wait_channel_id, version,
  (SELECT kind FROM channel WHERE channel.id = thread.channel_id) AS channel_kind,
  (SELECT coalesce(array_agg(tp.agent_id ORDER BY tp.agent_id), '{}') FROM thread_participant tp WHERE tp.thread_id = thread.id) AS collaborator_ids`;

export interface ThreadColumnsRow {
  id: string; customer_id: string; queue_id: string; channel_id: string; channel_kind: string; owner_id: string | null;
  status: ThreadStatus; priority: number; waiting_since: Date | null; response_due_at: Date | null;
  wait_channel_id: string | null; version: number; collaborator_ids: string[];
}

/** Locks the thread row (after any agent rows: DESIGN.md's one lock order) and reads its state. */
export async function lockThread(manager: EntityManager, threadId: string): Promise<LockedThread | undefined> {
  const rows: ThreadColumnsRow[] = await manager.query(`SELECT ${THREAD_COLUMNS} FROM thread WHERE id = $1 FOR UPDATE`, [threadId]);
  return rows[0] ? lockedFromRow(rows[0]) : undefined;
}

/** Locks and reads the customer's one thread that is not RESOLVED, if any (where a new message goes). */
export async function lockOpenThreadOf(manager: EntityManager, customerId: string): Promise<LockedThread | undefined> {
  const rows: ThreadColumnsRow[] = await manager.query(
    `SELECT ${THREAD_COLUMNS} FROM thread WHERE customer_id = $1 AND status <> 'RESOLVED' FOR UPDATE`, [customerId]);
  return rows[0] ? lockedFromRow(rows[0]) : undefined;
}

/** The thread's state without taking a lock (the caller holds one, or only explains a refusal). */
export async function readThread(manager: EntityManager, threadId: string): Promise<LockedThread | undefined> {
  const rows: ThreadColumnsRow[] = await manager.query(`SELECT ${THREAD_COLUMNS} FROM thread WHERE id = $1`, [threadId]);
  return rows[0] ? lockedFromRow(rows[0]) : undefined;
}

export function lockedFromRow(row: ThreadColumnsRow): LockedThread {
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
    waitChannelId: row.wait_channel_id,
    version: row.version,
    collaboratorIds: row.collaborator_ids,
  };
}

/** The routing state an event stores. */
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
