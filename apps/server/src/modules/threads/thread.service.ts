import type { Transactions } from '../../db/transaction.js';
import { invalidState } from '../../errors.js';
import type { Actor } from '../auth/actor.js';
import { requireOwnerOrCollaborator, requireVisible } from './thread-access.js';
import { PRIORITY_RANK, ThreadEventType, ThreadStatus, type Priority } from './thread.enums.js';
import { latestEventCursor, lockThread, runThreadChange, THREAD_COLUMNS, threadEvent, withCollaborators, type ThreadChange, type ThreadColumnsRow } from './thread-state.js';
import { queryRows } from '../../db/sql.js';

/** Status and priority: decisions about a thread, each recorded as an event. */
export class ThreadService {
  constructor(private readonly transactions: Transactions) {}

  async setStatus(actor: Actor, threadId: string, status: ThreadStatus): Promise<ThreadChange> {
    return runThreadChange(this.transactions, threadId, async ({ manager, emit }) => {
      const before = await requireVisible(manager, actor, threadId, await lockThread(manager, threadId));
      requireOwnerOrCollaborator(actor, before);
      if (before.status === ThreadStatus.RESOLVED && status !== ThreadStatus.OPEN) {
        throw invalidState('The thread is RESOLVED: reopen it (status OPEN) first');
      }
      if (before.status === status) return latestEventCursor(manager, threadId);
      if (before.status === ThreadStatus.RESOLVED) {
        const other: Array<{ id: string }> = await manager.query(
          `SELECT id FROM thread WHERE customer_id = $1 AND status <> 'RESOLVED' AND id <> $2`, [before.customerId, threadId]);
        if (other[0]) throw invalidState(`The customer has another open thread (${other[0].id}); continue there`);
      }
      // PENDING and RESOLVED stop the clock: "no reply needed" is a decision, and it is recorded.
      const clearsClock = status !== ThreadStatus.OPEN;
      const [row] = await queryRows<ThreadColumnsRow>(manager,
        `UPDATE thread SET status = $2,
           waiting_since = CASE WHEN $3 THEN NULL ELSE waiting_since END,
           response_due_at = CASE WHEN $3 THEN NULL ELSE response_due_at END,
           wait_channel_id = CASE WHEN $3 THEN NULL ELSE wait_channel_id END,
           last_activity_at = now(), updated_at = now(), version = version + 1
         WHERE id = $1 RETURNING ${THREAD_COLUMNS}`,
        [threadId, status, clearsClock],
      ).catch((error: { constraint?: string }) => {
        if (error.constraint === 'thread_one_open_per_customer') throw invalidState('The customer has another open thread');
        throw error;
      });
      const after = await withCollaborators(manager, row!);
      emit(threadEvent(ThreadEventType.STATUS_CHANGED, before, after, { actorId: actor.agentId }));
      return null;
    });
  }

  async setPriority(actor: Actor, threadId: string, priority: Priority): Promise<ThreadChange> {
    return runThreadChange(this.transactions, threadId, async ({ manager, emit }) => {
      const before = await requireVisible(manager, actor, threadId, await lockThread(manager, threadId));
      requireOwnerOrCollaborator(actor, before);
      if (before.status === ThreadStatus.RESOLVED) throw invalidState('The thread is RESOLVED: reopen it first');
      if (before.priority === PRIORITY_RANK[priority]) return latestEventCursor(manager, threadId);
      const [row] = await queryRows<ThreadColumnsRow>(manager,
        `UPDATE thread SET priority = $2, updated_at = now(), version = version + 1 WHERE id = $1 RETURNING ${THREAD_COLUMNS}`,
        [threadId, PRIORITY_RANK[priority]],
      );
      const after = await withCollaborators(manager, row!);
      emit(threadEvent(ThreadEventType.PRIORITY_CHANGED, before, after, { actorId: actor.agentId }));
      return null;
    });
  }

}
