import type { EntityManager } from 'typeorm';
import { DomainError, ErrorCode, notFound } from '../../errors.js';
import { hasRole, type Actor, type AgentIdentity } from '../auth/actor.js';
import { AgentRole } from '../agents/agent.entity.js';
import { notOwner, notParticipant } from './claims.errors.js';
import type { LockedThread } from './thread-state.js';
import { seesLocked, viewerOf } from './visibility.js';

/**
 * What an actor may do to a thread (DESIGN.md, "Who may do what"); who may SEE it is
 * visibility.ts's. Checked in the contract's order of errors: visibility, then the right.
 */

/** NOT_FOUND for a missing thread and for one the actor may not see: the two are not told apart. */
export async function requireVisible(manager: EntityManager, actor: AgentIdentity | Actor, threadId: string, thread: LockedThread | undefined): Promise<LockedThread> {
  if (!thread || !(await seesLocked(manager, viewerOf(actor), thread))) throw notFound('Thread', threadId);
  return thread;
}

/** SQL: may agent `agentId` work in queue `queueId` (claim, join)? Members of the queue, and supervisors. Pass qualified columns. */
export function mayWorkInSql(agentId: string, queueId: string, supervisor: string): string {
  return `(${supervisor} OR EXISTS (SELECT 1 FROM agent_queue mq WHERE mq.agent_id = ${agentId} AND mq.queue_id = ${queueId}))`;
}

export async function mayWorkIn(manager: EntityManager, actor: AgentIdentity, queueId: string): Promise<boolean> {
  const rows: Array<{ may: boolean }> = await manager.query(
    `SELECT ${mayWorkInSql('$1', '$2', '$3')} AS may`, [actor.agentId, queueId, hasRole(actor, AgentRole.SUPERVISOR)]);
  return rows[0]?.may === true;
}

/** The owner, a collaborator, or a supervisor (who has every right in every queue). */
function isParticipant(actor: AgentIdentity, thread: LockedThread): boolean {
  return hasRole(actor, AgentRole.SUPERVISOR) || thread.ownerId === actor.agentId || thread.collaboratorIds.includes(actor.agentId);
}

/** Owner, collaborators and supervisors may act on the thread's status and priority. */
export function requireOwnerOrCollaborator(actor: AgentIdentity, thread: LockedThread): void {
  if (isParticipant(actor, thread)) return;
  throw new DomainError(ErrorCode.NOT_THREAD_OWNER, 'Only the owner, a collaborator or a supervisor may do this', {
    ownerId: thread.ownerId,
  });
}

/** Owner, collaborators and supervisors may answer the customer. */
export function requireParticipant(actor: AgentIdentity, thread: LockedThread): void {
  if (!isParticipant(actor, thread)) throw notParticipant();
}

/** Release and hand-off: the owner, or a supervisor. */
export function requireOwner(actor: AgentIdentity, thread: LockedThread): void {
  if (thread.ownerId !== actor.agentId && !hasRole(actor, AgentRole.SUPERVISOR)) throw notOwner();
}

/** The threads an agent's capacity counts, over a thread row `t` they own: the OPEN ones. */
export const OWNS_OPEN_SQL = (t: string): string => `${t}.status = 'OPEN'`;
