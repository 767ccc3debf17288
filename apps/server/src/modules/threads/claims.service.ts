import type { DataSource, EntityManager } from 'typeorm';
import { queryRows } from '../../db/sql.js';
import type { Transactions } from '../../db/transaction.js';
import { badInput, forbidden, invalidState, notFound } from '../../errors.js';
import { newId } from '../../ids.js';
import { AgentRole, Presence } from '../agents/agent.entity.js';
import { effectivePresence } from '../agents/presence.js';
import { hasRole, type Actor } from '../auth/actor.js';
import { alreadyClaimed, atCapacity, unavailable } from './claims.errors.js';
import { requireOwner, requireVisible } from './thread-access.js';
import { ThreadEventType, ThreadStatus } from './thread.enums.js';
import {
  latestEventCursor, lockedFromRow, lockThread, readThread, runThreadChange, THREAD_COLUMNS, threadEvent, withCollaborators,
  type LockedThread, type ThreadChange, type ThreadColumnsRow,
} from './thread-state.js';

interface LockedAgent {
  id: string;
  name: string;
  capacity: number;
  active: boolean;
  presence: Presence;
  last_seen_at: Date | null;
  owned: number;
}

export const MAX_NOTE_LENGTH = 2000;

/**
 * Who holds a thread: claim, claim-next, release, hand-off. Every write locks in one order
 * (DESIGN.md, "Claims and locks"): agent rows by id, then thread rows by id, then the event append.
 */
export class ClaimsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
  ) {}

  /** Exactly one of any number of concurrent claims wins: the UPDATE's condition decides. */
  async claim(actor: Actor, threadId: string): Promise<ThreadChange> {
    const supervisor = hasRole(actor, AgentRole.SUPERVISOR);
    // Most losers of a race arrive after the winner committed: tell them at once, with one read
    // and no lock. (The read may be stale the other way, unowned; the locked path decides then.)
    const [seen] = await this.dataSource.query(
      `SELECT t.owner_id, o.name AS owner_name,
              ($3 OR t.owner_id = $2 OR t.queue_id IN (SELECT queue_id FROM agent_queue WHERE agent_id = $2)
                 OR EXISTS (SELECT 1 FROM thread_participant p WHERE p.thread_id = t.id AND p.agent_id = $2)) AS visible,
              ($3 OR t.queue_id IN (SELECT queue_id FROM agent_queue WHERE agent_id = $2)) AS member,
              t.status
         FROM thread t LEFT JOIN agent o ON o.id = t.owner_id WHERE t.id = $1`,
      [threadId, actor.agentId, supervisor],
    );
    if (seen?.visible && seen.member && seen.status !== ThreadStatus.RESOLVED && seen.owner_id && seen.owner_id !== actor.agentId) {
      throw alreadyClaimed(seen.owner_id, seen.owner_name);
    }

    return runThreadChange(this.transactions, threadId, async ({ manager, emit }) => {
      const me = await lockAgent(manager, actor.agentId, false); // the UPDATE counts
      // One statement decides: unowned, not RESOLVED, in my queues, and I have room (counted in
      // this statement's snapshot, taken after my agent row was locked). The claimer stops being
      // a collaborator: an owner is not also one.
      const [claimed] = await queryRows<ThreadColumnsRow & { collaborator_ids: string[]; was_collaborator: boolean }>(manager,
        `WITH claimed AS (
           UPDATE thread SET owner_id = $2, updated_at = now(), version = version + 1
            WHERE id = $1 AND owner_id IS NULL AND status <> 'RESOLVED'
              AND ($3 OR queue_id IN (SELECT queue_id FROM agent_queue WHERE agent_id = $2))
              AND (SELECT count(*) FROM thread mine WHERE mine.owner_id = $2 AND mine.status = 'OPEN') < $4
           RETURNING ${THREAD_COLUMNS}
         ), left_participant AS (
           DELETE FROM thread_participant p USING claimed WHERE p.thread_id = claimed.id AND p.agent_id = $2 RETURNING p.agent_id
         )
         SELECT claimed.*,
                (SELECT coalesce(array_agg(tp.agent_id ORDER BY tp.agent_id), '{}') FROM thread_participant tp
                  WHERE tp.thread_id = claimed.id AND tp.agent_id <> $2) AS collaborator_ids,
                EXISTS (SELECT 1 FROM left_participant) AS was_collaborator
           FROM claimed`,
        [threadId, actor.agentId, supervisor, me.capacity],
      );
      if (claimed) {
        const after = lockedFromRow(claimed, claimed.collaborator_ids);
        const collaboratorIds = claimed.was_collaborator ? [...after.collaboratorIds, actor.agentId].sort() : after.collaboratorIds;
        const before = { ...after, ownerId: null, collaboratorIds, version: after.version - 1 };
        emit(threadEvent(ThreadEventType.CLAIMED, before, after, { actorId: actor.agentId }));
        return null;
      }
      // Nothing changed: say why, in the contract's order of errors.
      const thread = await requireVisible(manager, actor, threadId, await readThread(manager, threadId));
      if (thread.ownerId === actor.agentId) return latestEventCursor(manager, threadId);
      if (!supervisor && !(await isMember(manager, actor.agentId, thread.queueId))) {
        throw forbidden("Only members of the thread's queue and supervisors may claim it");
      }
      if (thread.status === ThreadStatus.RESOLVED) throw invalidState('The thread is RESOLVED: reopen it first');
      if (thread.ownerId) throw alreadyClaimed(thread.ownerId, await agentName(manager, thread.ownerId));
      throw atCapacity(me.name, me.capacity);
    });
  }

  /** The first unowned OPEN thread of my queues (or of `queueId`) in DUE_SOONEST order; null when none. */
  async claimNext(actor: Actor, queueId: string | null): Promise<ThreadChange | null> {
    const supervisor = hasRole(actor, AgentRole.SUPERVISOR);
    let claimedId: string | null = null;
    const { lastEventId } = await this.transactions.run(async ({ manager, emit }) => {
      if (queueId !== null && !(await queueAccess(manager, actor.agentId, queueId, supervisor))) throw notFound('Queue', queueId);
      const me = await lockAgent(manager, actor.agentId);
      if (me.owned >= me.capacity) throw atCapacity(me.name, me.capacity);
      // SKIP LOCKED: twenty agents pressing "next" at once take twenty different threads.
      const [next] = await manager.query(
        `SELECT id FROM thread t
          WHERE t.owner_id IS NULL AND t.status = 'OPEN'
            AND (($2::text IS NOT NULL AND t.queue_id = $2)
              OR ($2::text IS NULL AND ($3 OR t.queue_id IN (SELECT queue_id FROM agent_queue WHERE agent_id = $1))))
          ORDER BY (t.response_due_at IS NULL), t.priority DESC, t.response_due_at, t.id
          LIMIT 1 FOR UPDATE SKIP LOCKED`,
        [actor.agentId, queueId, supervisor],
      );
      if (!next) return;
      const before = (await lockThread(manager, next.id))!;
      const [row] = await queryRows<ThreadColumnsRow>(manager,
        `UPDATE thread SET owner_id = $2, updated_at = now(), version = version + 1 WHERE id = $1 RETURNING ${THREAD_COLUMNS}`,
        [next.id, actor.agentId]);
      emit(threadEvent(ThreadEventType.CLAIMED, before, await withCollaborators(manager, row!), { actorId: actor.agentId }));
      claimedId = next.id;
    });
    return claimedId && lastEventId ? { threadId: claimedId, cursor: lastEventId } : null;
  }

  /** The owner (or a supervisor) puts the thread back in its queue. */
  async release(actor: Actor, threadId: string): Promise<ThreadChange> {
    return runThreadChange(this.transactions, threadId, async ({ manager, emit }) => {
      const before = await requireVisible(manager, actor, threadId, await lockThread(manager, threadId));
      requireOwner(actor, before);
      if (before.status === ThreadStatus.RESOLVED) throw invalidState('The thread is RESOLVED: reopen it first');
      if (before.ownerId === null) return latestEventCursor(manager, threadId);
      const after = await setOwner(manager, threadId, null, null);
      emit(threadEvent(ThreadEventType.RELEASED, before, after, { actorId: actor.agentId }));
      return null;
    });
  }

  /**
   * To an active, online agent of the thread's queue who has room, or to a queue (owner cleared).
   * The note travels on the HANDED_OFF event and in a SYSTEM message written as the actor.
   */
  async handOff(actor: Actor, threadId: string, target: { toAgentId?: string | null; toQueueId?: string | null; note?: string | null }): Promise<ThreadChange> {
    if ((target.toAgentId == null) === (target.toQueueId == null)) {
      throw badInput(target.toAgentId == null ? 'toAgentId' : 'toQueueId', 'give exactly one of toAgentId and toQueueId');
    }
    const note = target.note == null ? null : target.note.trim();
    if (note !== null && note.length > MAX_NOTE_LENGTH) throw badInput('note', `must be at most ${MAX_NOTE_LENGTH} characters`);

    return runThreadChange(this.transactions, threadId, async ({ manager, emit }) => {
      // Agents first: the target's row (its capacity) is locked before the thread's.
      const targetAgent = target.toAgentId ? await findAndLockAgent(manager, target.toAgentId) : undefined;
      const before = await requireVisible(manager, actor, threadId, await lockThread(manager, threadId));
      requireOwner(actor, before);
      if (before.status === ThreadStatus.RESOLVED) throw invalidState('The thread is RESOLVED: reopen it first');

      let after: LockedThread;
      let summary: string;
      if (target.toAgentId) {
        if (!targetAgent) throw badInput('toAgentId', `unknown agent ${target.toAgentId}`);
        if (targetAgent.id === before.ownerId) throw badInput('toAgentId', `${targetAgent.name} already holds this thread`);
        if (!targetAgent.active) throw unavailable(targetAgent.name, 'deactivated');
        if (!(await isMember(manager, targetAgent.id, before.queueId))) throw unavailable(targetAgent.name, 'not a member of this thread\'s queue');
        if (effectivePresence({ chosenPresence: targetAgent.presence, lastSeenAt: targetAgent.last_seen_at }) === Presence.OFFLINE) {
          throw unavailable(targetAgent.name, 'offline');
        }
        if (targetAgent.owned >= targetAgent.capacity) throw atCapacity(targetAgent.name, targetAgent.capacity);
        await manager.query(`DELETE FROM thread_participant WHERE thread_id = $1 AND agent_id = $2`, [threadId, targetAgent.id]);
        after = await setOwner(manager, threadId, targetAgent.id, null);
        summary = `handed this thread to ${targetAgent.name}`;
      } else {
        const queue: Array<{ name: string }> = await manager.query(`SELECT name FROM queue WHERE id = $1`, [target.toQueueId]);
        if (!queue[0]) throw badInput('toQueueId', `unknown queue ${target.toQueueId}`);
        after = await setOwner(manager, threadId, null, target.toQueueId!);
        summary = `handed this thread to the ${queue[0].name} queue`;
      }
      const messageId = newId('msg');
      await manager.query(
        `INSERT INTO message (id, thread_id, kind, channel_id, channel_kind, author_id, body)
         SELECT $1, t.id, 'SYSTEM', t.channel_id, c.kind, $2, $3 FROM thread t JOIN channel c ON c.id = t.channel_id WHERE t.id = $4`,
        [messageId, actor.agentId, `${actor.name} ${summary}${note ? `: ${note}` : '.'}`, threadId],
      );
      emit(threadEvent(ThreadEventType.HANDED_OFF, before, after, { actorId: actor.agentId, messageId, note: note || null }));
      return null;
    });
  }

}

/** Locks the agent's row (FOR NO KEY UPDATE: foreign-key checks still pass) and counts what they hold. */
async function findAndLockAgent(manager: EntityManager, agentId: string, withCount = true): Promise<LockedAgent | undefined> {
  const rows: Array<Omit<LockedAgent, 'owned'>> = await manager.query(
    `SELECT id, name, capacity, active, presence, last_seen_at FROM agent WHERE id = $1 FOR NO KEY UPDATE`, [agentId]);
  if (!rows[0]) return undefined;
  if (!withCount) return { ...rows[0], owned: Number.NaN };
  // A statement of its own, AFTER the lock is held: its snapshot then sees every claim that
  // committed while we waited (a count in the locking statement would use the older snapshot).
  const [count] = await manager.query(`SELECT count(*)::int AS n FROM thread WHERE owner_id = $1 AND status = 'OPEN'`, [agentId]);
  return { ...rows[0], owned: count.n };
}

async function lockAgent(manager: EntityManager, agentId: string, withCount = true): Promise<LockedAgent> {
  const agent = await findAndLockAgent(manager, agentId, withCount);
  if (!agent) throw notFound('Agent', agentId);
  return agent;
}

async function setOwner(manager: EntityManager, threadId: string, ownerId: string | null, queueId: string | null): Promise<LockedThread> {
  const [row] = await queryRows<ThreadColumnsRow>(manager,
    `UPDATE thread SET owner_id = $2, queue_id = coalesce($3, queue_id), updated_at = now(), version = version + 1
      WHERE id = $1 RETURNING ${THREAD_COLUMNS}`, [threadId, ownerId, queueId]);
  return withCollaborators(manager, row!);
}

async function isMember(manager: EntityManager, agentId: string, queueId: string): Promise<boolean> {
  const rows: unknown[] = await manager.query(`SELECT 1 FROM agent_queue WHERE agent_id = $1 AND queue_id = $2`, [agentId, queueId]);
  return rows.length > 0;
}

async function queueAccess(manager: EntityManager, agentId: string, queueId: string, supervisor: boolean): Promise<boolean> {
  const rows: unknown[] = await manager.query(
    `SELECT 1 FROM queue q WHERE q.id = $2 AND ($3 OR EXISTS (SELECT 1 FROM agent_queue WHERE agent_id = $1 AND queue_id = q.id))`,
    [agentId, queueId, supervisor]);
  return rows.length > 0;
}

async function agentName(manager: EntityManager, agentId: string): Promise<string> {
  const [row] = await manager.query(`SELECT name FROM agent WHERE id = $1`, [agentId]);
  return row?.name ?? 'another agent';
}

