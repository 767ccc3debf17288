import type { Transactions } from '../../db/transaction.js';
import { queryRows } from '../../db/sql.js';
import { forbidden, invalidState } from '../../errors.js';
import { AgentRole } from '../agents/agent.entity.js';
import { hasRole, type Actor } from '../auth/actor.js';
import { requireVisible } from './thread-access.js';
import { ThreadEventType, ThreadStatus } from './thread.enums.js';
import { latestEventCursor, lockThread, runThreadChange, THREAD_COLUMNS, threadEvent, withCollaborators, type ThreadChange, type ThreadColumnsRow } from './thread-state.js';

/** Co-responding: agents of the queue join a thread beside its owner, and leave it. */
export class ParticipantsService {
  constructor(private readonly transactions: Transactions) {}

  join(actor: Actor, threadId: string): Promise<ThreadChange> {
    return runThreadChange(this.transactions, threadId, async ({ manager, emit }) => {
      const before = await requireVisible(manager, actor, threadId, await lockThread(manager, threadId));
      if (!hasRole(actor, AgentRole.SUPERVISOR)) {
        const member: unknown[] = await manager.query(
          `SELECT 1 FROM agent_queue WHERE agent_id = $1 AND queue_id = $2`, [actor.agentId, before.queueId]);
        if (member.length === 0) throw forbidden("Only members of the thread's queue and supervisors may join it");
      }
      if (before.status === ThreadStatus.RESOLVED) throw invalidState('The thread is RESOLVED: reopen it first');
      if (before.ownerId === actor.agentId || before.collaboratorIds.includes(actor.agentId)) {
        return latestEventCursor(manager, threadId);
      }
      await manager.query(`INSERT INTO thread_participant (thread_id, agent_id) VALUES ($1, $2)`, [threadId, actor.agentId]);
      const [row] = await queryRows<ThreadColumnsRow>(manager,
        `UPDATE thread SET updated_at = now(), version = version + 1 WHERE id = $1 RETURNING ${THREAD_COLUMNS}`, [threadId]);
      emit(threadEvent(ThreadEventType.JOINED, before, await withCollaborators(manager, row!), { actorId: actor.agentId }));
      return null;
    });
  }

  leave(actor: Actor, threadId: string): Promise<ThreadChange> {
    return runThreadChange(this.transactions, threadId, async ({ manager, emit }) => {
      const before = await requireVisible(manager, actor, threadId, await lockThread(manager, threadId));
      if (!before.collaboratorIds.includes(actor.agentId)) return latestEventCursor(manager, threadId);
      await manager.query(`DELETE FROM thread_participant WHERE thread_id = $1 AND agent_id = $2`, [threadId, actor.agentId]);
      const [row] = await queryRows<ThreadColumnsRow>(manager,
        `UPDATE thread SET updated_at = now(), version = version + 1 WHERE id = $1 RETURNING ${THREAD_COLUMNS}`, [threadId]);
      emit(threadEvent(ThreadEventType.LEFT, before, await withCollaborators(manager, row!), { actorId: actor.agentId }));
      return null;
    });
  }

}
