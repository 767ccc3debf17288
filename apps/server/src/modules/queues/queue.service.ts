import { INPUT_LIMITS } from '@switchboard/schema';
import type { DataSource } from 'typeorm';
import type { Transactions } from '../../events/transactions.js';
import { SystemEventType } from '../../events/event-types.js';
import { badInput, notFound } from '../../errors.js';
import { newId } from '../../ids.js';
import { Agent } from '../agents/agent.entity.js';
import { requireText } from '../agents/agent.service.js';
import { returnAgentsThreads } from '../threads/requeue.js';
import { Queue } from './queue.entity.js';

/** Queues and who works in them. */
export class QueueService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
  ) {}

  list(): Promise<Queue[]> {
    return this.dataSource.getRepository(Queue).find({ order: { name: 'ASC' } });
  }

  async byIds(ids: readonly string[]): Promise<Map<string, Queue>> {
    const rows = await this.dataSource.getRepository(Queue).createQueryBuilder('q').where('q.id = ANY(:ids)', { ids }).getMany();
    return new Map(rows.map((queue) => [queue.id, queue]));
  }

  /** Members per queue, by name: the first `first` after the agent `after` (by name, then id). */
  async membersOf(queueIds: readonly string[], { first, after }: { first: number; after: string | null }): Promise<Map<string, Agent[]>> {
    const rows: Array<{ queue_id: string; agent_id: string }> = await this.dataSource.query(
      `SELECT queue_id, agent_id FROM (
         SELECT aq.queue_id, aq.agent_id, row_number() OVER (PARTITION BY aq.queue_id ORDER BY a.name, a.id) AS n
           FROM agent_queue aq JOIN agent a ON a.id = aq.agent_id
          WHERE aq.queue_id = ANY($1) AND ($3::text IS NULL OR (a.name, a.id) > (SELECT name, id FROM agent WHERE id = $3))
       ) p WHERE p.n <= $2 ORDER BY p.n`,
      [queueIds, first, after],
    );
    const agents = await this.dataSource.getRepository(Agent).createQueryBuilder('a')
      .where('a.id = ANY(:ids)', { ids: [...new Set(rows.map((row) => row.agent_id))] }).getMany();
    const byId = new Map(agents.map((agent) => [agent.id, agent]));
    const result = new Map<string, Agent[]>();
    for (const row of rows) {
      const agent = byId.get(row.agent_id);
      if (agent) result.set(row.queue_id, [...(result.get(row.queue_id) ?? []), agent]);
    }
    return result;
  }

  /** Queues per agent, by name. */
  async queuesOf(agentIds: readonly string[]): Promise<Map<string, Queue[]>> {
    const rows: Array<{ agent_id: string; id: string; name: string; created_at: Date }> = await this.dataSource.query(
      `SELECT aq.agent_id, q.id, q.name, q.created_at FROM agent_queue aq JOIN queue q ON q.id = aq.queue_id
        WHERE aq.agent_id = ANY($1) ORDER BY q.name, q.id`,
      [agentIds],
    );
    const result = new Map<string, Queue[]>();
    for (const row of rows) {
      const queue = Object.assign(new Queue(), { id: row.id, name: row.name, createdAt: row.created_at });
      result.set(row.agent_id, [...(result.get(row.agent_id) ?? []), queue]);
    }
    return result;
  }

  async create(rawName: string, actorId: string | null): Promise<Queue> {
    const name = requireText('name', rawName, INPUT_LIMITS.name);
    const id = newId('que');
    await this.transactions.run(async ({ manager, emit }) => {
      const taken: unknown[] = await manager.query(`SELECT 1 FROM queue WHERE lower(name) = lower($1)`, [name]);
      if (taken.length > 0) throw badInput('name', `a queue named "${name}" already exists`);
      await manager.query(`INSERT INTO queue (id, name) VALUES ($1, $2)`, [id, name]);
      emit({ type: SystemEventType.QUEUE_CREATED, actorId, queueId: id, data: { queueId: id, name } });
    }).catch(rethrowTakenName(name));
    return this.dataSource.getRepository(Queue).findOneByOrFail({ id });
  }

  async rename(queueId: string, rawName: string, actorId: string | null): Promise<Queue> {
    const name = requireText('name', rawName, INPUT_LIMITS.name);
    await this.transactions.run(async ({ manager, emit }) => {
      const [row]: Array<{ name: string }> = await manager.query(`SELECT name FROM queue WHERE id = $1 FOR NO KEY UPDATE`, [queueId]);
      if (!row) throw notFound('Queue', queueId);
      if (row.name === name) return;
      const taken: unknown[] = await manager.query(`SELECT 1 FROM queue WHERE lower(name) = lower($1) AND id <> $2`, [name, queueId]);
      if (taken.length > 0) throw badInput('name', `a queue named "${name}" already exists`);
      await manager.query(`UPDATE queue SET name = $2 WHERE id = $1`, [queueId, name]);
      emit({ type: SystemEventType.QUEUE_RENAMED, actorId, queueId, data: { queueId, before: row.name, after: name } });
    }).catch(rethrowTakenName(name));
    return this.dataSource.getRepository(Queue).findOneByOrFail({ id: queueId });
  }

  /** Replaces the members. An agent taken out keeps no thread of the queue: those return to it. */
  async setMembers(queueId: string, agentIds: string[], actorId: string | null): Promise<Queue> {
    const wanted = [...new Set(agentIds)];
    await this.transactions.run(async ({ manager, emit }) => {
      // The queue row serializes replacements of one queue's members; only this takes it, so it
      // may come before the one lock order of the rest (agents by id, then threads by id).
      const queue: unknown[] = await manager.query(`SELECT 1 FROM queue WHERE id = $1 FOR NO KEY UPDATE`, [queueId]);
      if (queue.length === 0) throw notFound('Queue', queueId);
      const current: Array<{ agent_id: string }> = await manager.query(
        `SELECT agent_id FROM agent_queue WHERE queue_id = $1`, [queueId]);
      const before = new Set(current.map((row) => row.agent_id));
      // Lock every agent involved, so a removed agent's claim cannot slip in before its threads return.
      const known: Array<{ id: string }> = await manager.query(
        `SELECT id FROM agent WHERE id = ANY($1) ORDER BY id FOR NO KEY UPDATE`, [[...new Set([...wanted, ...before])]]);
      const missing = wanted.filter((id) => !known.some((row) => row.id === id));
      if (missing.length > 0) throw badInput('agentIds', `unknown agent ${missing.join(', ')}`);
      const added = wanted.filter((id) => !before.has(id)).sort();
      const removed = [...before].filter((id) => !wanted.includes(id)).sort();
      if (added.length === 0 && removed.length === 0) return;
      await manager.query(`DELETE FROM agent_queue WHERE queue_id = $1 AND agent_id = ANY($2)`, [queueId, removed]);
      await manager.query(
        `INSERT INTO agent_queue (agent_id, queue_id) SELECT unnest($2::text[]), $1`, [queueId, added]);
      emit({ type: SystemEventType.QUEUE_MEMBERS_CHANGED, actorId, queueId, data: { queueId, added, removed } });
      for (const agentId of removed) await returnAgentsThreads({ manager, emit }, { agentId, queueId, actorId });
    });
    return this.dataSource.getRepository(Queue).findOneByOrFail({ id: queueId });
  }
}

/** Two concurrent writes of one name: the unique index decides; answer as the check would. */
function rethrowTakenName(name: string) {
  return (error: unknown): never => {
    if ((error as { constraint?: string }).constraint === 'queue_name_key') {
      throw badInput('name', `a queue named "${name}" already exists`);
    }
    throw error;
  };
}
