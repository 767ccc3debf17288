import type { Tx } from '../../events/transactions.js';
import { ThreadEventType } from './thread.enums.js';
import { lockThread } from './thread-state.js';
import { writeThread } from './thread-writer.js';

/**
 * An agent taken out of a queue (or deactivated) keeps no thread of it: owned threads return to
 * their queue (RELEASED) and co-responding ends (LEFT). The caller holds the agent's row lock,
 * so no claim by that agent can slip in between (DESIGN.md's lock order: agents, then threads).
 */
export async function returnAgentsThreads(tx: Tx, { agentId, queueId, actorId }: { agentId: string; queueId: string | null; actorId: string | null }): Promise<void> {
  const held: Array<{ id: string }> = await tx.manager.query(
    `SELECT t.id FROM thread t
      WHERE (t.owner_id = $1 OR EXISTS (SELECT 1 FROM thread_participant p WHERE p.thread_id = t.id AND p.agent_id = $1))
        AND ($2::text IS NULL OR t.queue_id = $2) AND t.status <> 'RESOLVED'
      ORDER BY t.id`,
    [agentId, queueId],
  );
  for (const { id } of held) {
    const before = await lockThread(tx.manager, id);
    if (!before) continue;
    if (before.ownerId === agentId) {
      await writeThread(tx, before, { type: ThreadEventType.RELEASED, actorId, set: () => ['owner_id = NULL'] });
    } else if (before.collaboratorIds.includes(agentId)) {
      await tx.manager.query(`DELETE FROM thread_participant WHERE thread_id = $1 AND agent_id = $2`, [id, agentId]);
      await writeThread(tx, before, { type: ThreadEventType.LEFT, actorId });
    }
  }
}
