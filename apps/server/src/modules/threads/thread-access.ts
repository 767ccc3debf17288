import type { EntityManager } from 'typeorm';
import { AppError, ErrorCode, notFound } from '../../graphql/errors.js';
import { hasRole, type Actor } from '../auth/actor.js';
import { AgentRole } from '../agents/agent.entity.js';
import { notOwner, notParticipant } from './claims.errors.js';
import type { LockedThread } from './thread-state.js';

/** Agents see threads of their queues and those they own or co-respond on; supervisors see all. */
export async function canSee(manager: EntityManager, actor: Actor, thread: LockedThread): Promise<boolean> {
  if (hasRole(actor, AgentRole.SUPERVISOR)) return true;
  if (thread.ownerId === actor.agentId || thread.collaboratorIds.includes(actor.agentId)) return true;
  const rows: unknown[] = await manager.query(
    `SELECT 1 FROM agent_queue WHERE agent_id = $1 AND queue_id = $2`, [actor.agentId, thread.queueId]);
  return rows.length > 0;
}

/** NOT_FOUND for a missing thread and for one the actor may not see: the two are not told apart. */
export async function requireVisible(manager: EntityManager, actor: Actor, threadId: string, thread: LockedThread | undefined): Promise<LockedThread> {
  if (!thread || !(await canSee(manager, actor, thread))) throw notFound('Thread', threadId);
  return thread;
}

/** The owner, a collaborator, or a supervisor (who has every right in every queue). */
function isParticipant(actor: Actor, thread: LockedThread): boolean {
  return hasRole(actor, AgentRole.SUPERVISOR) || thread.ownerId === actor.agentId || thread.collaboratorIds.includes(actor.agentId);
}

/** Owner, collaborators and supervisors may act on the thread's status and priority. */
export function requireOwnerOrCollaborator(actor: Actor, thread: LockedThread): void {
  if (isParticipant(actor, thread)) return;
  throw new AppError(ErrorCode.NOT_THREAD_OWNER, 'Only the owner, a collaborator or a supervisor may do this', {
    ownerId: thread.ownerId,
  });
}

/** Owner, collaborators and supervisors may answer the customer. */
export function requireParticipant(actor: Actor, thread: LockedThread): void {
  if (!isParticipant(actor, thread)) throw notParticipant();
}

/** Release and hand-off: the owner, or a supervisor. */
export function requireOwner(actor: Actor, thread: LockedThread): void {
  if (thread.ownerId !== actor.agentId && !hasRole(actor, AgentRole.SUPERVISOR)) throw notOwner();
}
