import type { EntityManager } from 'typeorm';
import type { EventDraft } from '../../events/event-types.js';
import { queryRows } from '../../db/sql.js';
import { ThreadEventType } from './thread.enums.js';
import { lockThread, THREAD_COLUMNS, threadEvent, withCollaborators, type ThreadColumnsRow } from './thread-state.js';

/**
 * An agent taken out of a queue (or deactivated) keeps no thread of it: owned threads return to
 * their queue (RELEASED) and co-responding ends (LEFT). The caller holds the agent's row lock,
 * so no claim by that agent can slip in between (DESIGN.md's lock order: agents, then threads).
 */
export async function returnAgentsThreads(
  manager: EntityManager,
  emit: (...events: EventDraft[]) => void,
  { agentId, queueId, actorId }: { agentId: string; queueId: string | null; actorId: string | null },
): Promise<void> {
  const held: Array<{ id: string }> = await manager.query(
    `SELECT t.id FROM thread t
      WHERE (t.owner_id = $1 OR EXISTS (SELECT 1 FROM thread_participant p WHERE p.thread_id = t.id AND p.agent_id = $1))
        AND ($2::text IS NULL OR t.queue_id = $2) AND t.status <> 'RESOLVED'
      ORDER BY t.id`,
    [agentId, queueId],
  );
  for (const { id } of held) {
    const before = await lockThread(manager, id);
    if (!before) continue;
    if (before.ownerId === agentId) {
      const [row] = await queryRows<ThreadColumnsRow>(manager,
        `UPDATE thread SET owner_id = NULL, updated_at = now(), version = version + 1 WHERE id = $1 RETURNING ${THREAD_COLUMNS}`, [id]);
      const after = await withCollaborators(manager, row!);
      emit(threadEvent(ThreadEventType.RELEASED, before, after, { actorId }));
    } else if (before.collaboratorIds.includes(agentId)) {
      await manager.query(`DELETE FROM thread_participant WHERE thread_id = $1 AND agent_id = $2`, [id, agentId]);
      const [row] = await queryRows<ThreadColumnsRow>(manager,
        `UPDATE thread SET updated_at = now(), version = version + 1 WHERE id = $1 RETURNING ${THREAD_COLUMNS}`, [id]);
      const after = await withCollaborators(manager, row!);
      emit(threadEvent(ThreadEventType.LEFT, before, after, { actorId }));
    }
  }
}
