import type { Transactions } from '../../events/transactions.js';
import { forbidden, invalidState } from '../../errors.js';
import type { AgentIdentity } from '../auth/actor.js';
import { mayWorkIn, requireVisible } from './thread-access.js';
import { ThreadEventType, ThreadStatus } from './thread.enums.js';
import { lockThread } from './thread-state.js';
import { latestEventCursor, runThreadChange, writeThread, type ThreadChange } from './thread-writer.js';

/** Co-responding: agents of the queue join a thread beside its owner, and leave it. */
export class ParticipantsService {
  constructor(private readonly transactions: Transactions) {}

  join(actor: AgentIdentity, threadId: string): Promise<ThreadChange> {
    return runThreadChange(this.transactions, threadId, async (tx) => {
      const { manager } = tx;
      const before = await requireVisible(manager, actor, threadId, await lockThread(manager, threadId));
      if (!(await mayWorkIn(manager, actor, before.queueId))) throw forbidden("Only members of the thread's queue and supervisors may join it");
      if (before.status === ThreadStatus.RESOLVED) throw invalidState('The thread is RESOLVED: reopen it first');
      if (before.ownerId === actor.agentId || before.collaboratorIds.includes(actor.agentId)) {
        return latestEventCursor(manager, threadId);
      }
      await manager.query(`INSERT INTO thread_participant (thread_id, agent_id) VALUES ($1, $2)`, [threadId, actor.agentId]);
      await writeThread(tx, before, { type: ThreadEventType.JOINED, actorId: actor.agentId });
      return null;
    });
  }

  leave(actor: AgentIdentity, threadId: string): Promise<ThreadChange> {
    return runThreadChange(this.transactions, threadId, async (tx) => {
      const { manager } = tx;
      const before = await requireVisible(manager, actor, threadId, await lockThread(manager, threadId));
      if (!before.collaboratorIds.includes(actor.agentId)) return latestEventCursor(manager, threadId);
      await manager.query(`DELETE FROM thread_participant WHERE thread_id = $1 AND agent_id = $2`, [threadId, actor.agentId]);
      await writeThread(tx, before, { type: ThreadEventType.LEFT, actorId: actor.agentId });
      return null;
    });
  }
}
