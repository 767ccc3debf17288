import type { Transactions } from '../../events/transactions.js';
import { invalidState } from '../../errors.js';
import type { AgentIdentity } from '../auth/actor.js';
import { requireOwnerOrCollaborator, requireVisible } from './thread-access.js';
import { PRIORITY_RANK, ThreadEventType, ThreadStatus, type Priority } from './thread.enums.js';
import { lockThread } from './thread-state.js';
import { latestEventCursor, runThreadChange, writeThread, type ThreadChange } from './thread-writer.js';
import { clear } from './wait-clock.js';

/** Status and priority: decisions about a thread, each recorded as an event. */
export class ThreadService {
  constructor(private readonly transactions: Transactions) {}

  async setStatus(actor: AgentIdentity, threadId: string, status: ThreadStatus): Promise<ThreadChange> {
    return runThreadChange(this.transactions, threadId, async (tx) => {
      const { manager } = tx;
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
      await writeThread(tx, before, {
        type: ThreadEventType.STATUS_CHANGED,
        actorId: actor.agentId,
        set: (params) => [`status = ${params.add(status, 'thread_status')}`, 'last_activity_at = now()'],
        wait: status === ThreadStatus.OPEN ? undefined : clear(),
      }).catch((error: { constraint?: string }) => {
        if (error.constraint === 'thread_one_open_per_customer') throw invalidState('The customer has another open thread');
        throw error;
      });
      return null;
    });
  }

  async setPriority(actor: AgentIdentity, threadId: string, priority: Priority): Promise<ThreadChange> {
    return runThreadChange(this.transactions, threadId, async (tx) => {
      const before = await requireVisible(tx.manager, actor, threadId, await lockThread(tx.manager, threadId));
      requireOwnerOrCollaborator(actor, before);
      if (before.status === ThreadStatus.RESOLVED) throw invalidState('The thread is RESOLVED: reopen it first');
      if (before.priority === PRIORITY_RANK[priority]) return latestEventCursor(tx.manager, threadId);
      await writeThread(tx, before, {
        type: ThreadEventType.PRIORITY_CHANGED,
        actorId: actor.agentId,
        set: (params) => [`priority = ${params.add(PRIORITY_RANK[priority])}`],
      });
      return null;
    });
  }
}
