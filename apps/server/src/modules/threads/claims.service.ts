import type { DataSource, EntityManager } from 'typeorm';
import { SqlParams } from '../../db/sql.js';
import type { Transactions } from '../../events/transactions.js';
import { badInput, forbidden, invalidState, notFound } from '../../errors.js';
import { newId } from '../../ids.js';
import { AgentRole, Presence } from '../agents/agent.entity.js';
import { effectivePresence } from '../agents/presence.js';
import { hasRole, type AgentIdentity } from '../auth/actor.js';
import { ClaimGate } from './claim-gate.js';
import { alreadyClaimed, atCapacity, unavailable } from './claims.errors.js';
import { mayWorkIn, mayWorkInSql, OWNS_OPEN_SQL, requireOwner, requireVisible } from './thread-access.js';
import { ThreadEventType, ThreadStatus } from './thread.enums.js';
import { lockThread, readThread } from './thread-state.js';
import { latestEventCursor, runThreadChange, writeThread, writeThreadIf, type ThreadChange } from './thread-writer.js';
import { followQueue } from './wait-clock.js';
import { threadVisibleSql, viewerOf } from './visibility.js';

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

  private readonly gate = new ClaimGate();

  /** Exactly one of any number of concurrent claims wins: the UPDATE's condition decides. */
  async claim(actor: AgentIdentity, threadId: string): Promise<ThreadChange> {
    // Most losers of a race learn the winner from one unlocked read: those that arrive after it
    // committed, and (ClaimGate) those of this process that arrive while it is deciding.
    for (;;) {
      await this.gate.idle(threadId);
      await this.refuseIfTaken(actor, threadId);
      if (!this.gate.busy(threadId)) break; // else another attempt began during my read
    }
    return this.gate.run(threadId, () => this.claimLocked(actor, threadId));
  }

  /** ALREADY_CLAIMED when the thread's last committed state says so (no lock: stale means unowned, and the locked path decides). */
  private async refuseIfTaken(actor: AgentIdentity, threadId: string): Promise<void> {
    const params = new SqlParams();
    const [me, thread, isSupervisor] = [params.add(actor.agentId), params.add(threadId), params.add(hasRole(actor, AgentRole.SUPERVISOR))];
    const [seen] = await this.dataSource.query(
      `SELECT t.owner_id, o.name AS owner_name, t.status, ${threadVisibleSql(viewerOf(actor), params)} AS visible,
              ${mayWorkInSql(me, 't.queue_id', isSupervisor)} AS member
         FROM thread t LEFT JOIN agent o ON o.id = t.owner_id WHERE t.id = ${thread}`,
      params.values,
    );
    if (seen?.visible && seen.member && seen.status !== ThreadStatus.RESOLVED && seen.owner_id && seen.owner_id !== actor.agentId) {
      throw alreadyClaimed(seen.owner_id, seen.owner_name);
    }
  }

  private async claimLocked(actor: AgentIdentity, threadId: string): Promise<ThreadChange> {
    const supervisor = hasRole(actor, AgentRole.SUPERVISOR);
    return runThreadChange(this.transactions, threadId, async (tx) => {
      const { manager } = tx;
      const agent = await lockAgent(manager, actor.agentId, false); // the UPDATE counts
      // An owner is not also a collaborator. Undone with the rest if the claim below fails.
      const left: unknown[] = await manager.query(
        `DELETE FROM thread_participant p USING thread t
          WHERE p.thread_id = $1 AND p.agent_id = $2 AND t.id = p.thread_id AND t.owner_id IS NULL RETURNING p.agent_id`,
        [threadId, actor.agentId]);
      // One statement decides: unowned, not RESOLVED, in my queues, and I have room (counted in
      // this statement's snapshot, taken after my agent row was locked).
      const claimed = await writeThreadIf(tx, threadId,
        (p) => {
          const mine = p.add(actor.agentId);
          return `owner_id IS NULL AND status <> 'RESOLVED' AND ${mayWorkInSql(mine, 'thread.queue_id', p.add(supervisor))}
            AND (SELECT count(*) FROM thread mine WHERE mine.owner_id = ${mine} AND ${OWNS_OPEN_SQL('mine')}) < ${p.add(agent.capacity)}`;
        },
        { type: ThreadEventType.CLAIMED, actorId: actor.agentId, set: (p) => [`owner_id = ${p.add(actor.agentId)}`] },
        (after) => ({
          ...after,
          ownerId: null,
          collaboratorIds: left.length > 0 ? [...after.collaboratorIds, actor.agentId].sort() : after.collaboratorIds,
          version: after.version - 1,
        }),
      );
      if (claimed) return null;
      // Nothing changed: say why, in the contract's order of errors.
      const current = await requireVisible(manager, actor, threadId, await readThread(manager, threadId));
      if (current.ownerId === actor.agentId) return latestEventCursor(manager, threadId);
      if (!(await mayWorkIn(manager, actor, current.queueId))) throw forbidden("Only members of the thread's queue and supervisors may claim it");
      if (current.status === ThreadStatus.RESOLVED) throw invalidState('The thread is RESOLVED: reopen it first');
      if (current.ownerId) throw alreadyClaimed(current.ownerId, await agentName(manager, current.ownerId));
      throw atCapacity(agent.name, agent.capacity);
    });
  }

  /** The first unowned OPEN thread of my queues (or of `queueId`) in DUE_SOONEST order; null when none. */
  async claimNext(actor: AgentIdentity, queueId: string | null): Promise<ThreadChange | null> {
    const supervisor = hasRole(actor, AgentRole.SUPERVISOR);
    let claimedId: string | null = null;
    const { lastEventId } = await this.transactions.run(async (tx) => {
      const { manager } = tx;
      if (queueId !== null && !(await queueVisible(manager, actor, queueId))) throw notFound('Queue', queueId);
      const agent = await lockAgent(manager, actor.agentId);
      if (agent.owned >= agent.capacity) throw atCapacity(agent.name, agent.capacity);
      // SKIP LOCKED: twenty agents pressing "next" at once take twenty different threads.
      const [next] = await manager.query(
        `SELECT id FROM thread t
          WHERE t.owner_id IS NULL AND t.status = 'OPEN'
            AND (($2::text IS NOT NULL AND t.queue_id = $2) OR ($2::text IS NULL AND ${mayWorkInSql('$1', 't.queue_id', '$3')}))
          ORDER BY (t.response_due_at IS NULL), t.priority DESC, t.response_due_at, t.id
          LIMIT 1 FOR UPDATE SKIP LOCKED`,
        [actor.agentId, queueId, supervisor],
      );
      if (!next) return;
      const before = (await lockThread(manager, next.id))!;
      await writeThread(tx, before, { type: ThreadEventType.CLAIMED, actorId: actor.agentId, set: (p) => [`owner_id = ${p.add(actor.agentId)}`] });
      claimedId = next.id;
    });
    return claimedId && lastEventId ? { threadId: claimedId, cursor: lastEventId } : null;
  }

  /** The owner (or a supervisor) puts the thread back in its queue. */
  async release(actor: AgentIdentity, threadId: string): Promise<ThreadChange> {
    return runThreadChange(this.transactions, threadId, async (tx) => {
      const before = await requireVisible(tx.manager, actor, threadId, await lockThread(tx.manager, threadId));
      requireOwner(actor, before);
      if (before.status === ThreadStatus.RESOLVED) throw invalidState('The thread is RESOLVED: reopen it first');
      if (before.ownerId === null) return latestEventCursor(tx.manager, threadId);
      await writeThread(tx, before, { type: ThreadEventType.RELEASED, actorId: actor.agentId, set: () => ['owner_id = NULL'] });
      return null;
    });
  }

  /**
   * To an active, online agent of the thread's queue who has room, or to a queue (owner cleared).
   * The note travels on the HANDED_OFF event and in a SYSTEM message written as the actor.
   */
  async handOff(actor: AgentIdentity, threadId: string, target: { toAgentId?: string | null; toQueueId?: string | null; note?: string | null }): Promise<ThreadChange> {
    if ((target.toAgentId == null) === (target.toQueueId == null)) {
      throw badInput(target.toAgentId == null ? 'toAgentId' : 'toQueueId', 'give exactly one of toAgentId and toQueueId');
    }
    const note = target.note == null ? null : target.note.trim();
    if (note !== null && note.length > MAX_NOTE_LENGTH) throw badInput('note', `must be at most ${MAX_NOTE_LENGTH} characters`);

    return runThreadChange(this.transactions, threadId, async (tx) => {
      const { manager } = tx;
      // Agents first: the target's row (its capacity) is locked before the thread's.
      const targetAgent = target.toAgentId ? await findAndLockAgent(manager, target.toAgentId) : undefined;
      const before = await requireVisible(manager, actor, threadId, await lockThread(manager, threadId));
      requireOwner(actor, before);
      if (before.status === ThreadStatus.RESOLVED) throw invalidState('The thread is RESOLVED: reopen it first');

      let owner: string | null = null;
      let queueId = before.queueId;
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
        owner = targetAgent.id;
        summary = `handed this thread to ${targetAgent.name}`;
      } else {
        const queue: Array<{ name: string }> = await manager.query(`SELECT name FROM queue WHERE id = $1`, [target.toQueueId]);
        if (!queue[0]) throw badInput('toQueueId', `unknown queue ${target.toQueueId}`);
        queueId = target.toQueueId!;
        summary = `handed this thread to the ${queue[0].name} queue`;
      }
      const messageId = newId('msg');
      await manager.query(
        `INSERT INTO message (id, thread_id, kind, channel_id, channel_kind, author_id, body) VALUES ($1, $2, 'SYSTEM', $3, $4, $5, $6)`,
        [messageId, threadId, before.channelId, before.channelKind, actor.agentId, `${actor.name} ${summary}${note ? `: ${note}` : '.'}`],
      );
      await writeThread(tx, before, {
        type: ThreadEventType.HANDED_OFF,
        actorId: actor.agentId,
        messageId,
        note: note || null,
        set: (p) => [`owner_id = ${p.add(owner)}`, `queue_id = ${p.add(queueId)}`],
        wait: queueId === before.queueId ? undefined : followQueue(),
      });
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
  const [count] = await manager.query(`SELECT count(*)::int AS n FROM thread t WHERE owner_id = $1 AND ${OWNS_OPEN_SQL('t')}`, [agentId]);
  return { ...rows[0], owned: count.n };
}

async function lockAgent(manager: EntityManager, agentId: string, withCount = true): Promise<LockedAgent> {
  const agent = await findAndLockAgent(manager, agentId, withCount);
  if (!agent) throw notFound('Agent', agentId);
  return agent;
}

/** A hand-off's target must be a member of the queue itself, whatever their role. */
async function isMember(manager: EntityManager, agentId: string, queueId: string): Promise<boolean> {
  const rows: Array<{ member: boolean }> = await manager.query(`SELECT ${mayWorkInSql('$1', '$2', 'FALSE')} AS member`, [agentId, queueId]);
  return rows[0]?.member === true;
}

/** A queue the actor may take from: supervisors any, agents their own. */
async function queueVisible(manager: EntityManager, actor: AgentIdentity, queueId: string): Promise<boolean> {
  const rows: unknown[] = await manager.query(
    `SELECT 1 FROM queue q WHERE q.id = $2 AND ${mayWorkInSql('$1', 'q.id', '$3')}`, [actor.agentId, queueId, hasRole(actor, AgentRole.SUPERVISOR)]);
  return rows.length > 0;
}

async function agentName(manager: EntityManager, agentId: string): Promise<string> {
  const [row] = await manager.query(`SELECT name FROM agent WHERE id = $1`, [agentId]);
  return row?.name ?? 'another agent';
}

