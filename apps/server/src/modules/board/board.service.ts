import type { DataSource, EntityManager } from 'typeorm';
import { queryRows } from '../../db/sql.js';
import { Agent } from '../agents/agent.entity.js';
import { EFFECTIVE_PRESENCE_SQL } from '../agents/presence.js';
import { OWNS_OPEN_SQL } from '../threads/thread-access.js';
import { Channel } from '../channels/channel.entity.js';
import { Queue } from '../queues/queue.entity.js';
import { Board, type AgentLoad, type ChannelBoardRow, type QueueBoardRow } from './board.model.js';

/** What one computation gives: the board, what identifies its figures, and when it may change unprompted. */
export interface ComputedBoard {
  board: Board;
  /** Equal for two boards whose figures are equal: everything but `asOf` and the waits in seconds (which tick). */
  fingerprint: string;
  /** When the last hour's figures change though nothing happens: the oldest answer in the window leaves it. */
  nextExpiry: Date | null;
}

interface WaitingRow {
  channel_id: string | null;
  queue_id: string | null;
  waiting: number;
  unassigned: number;
  breached: number;
  oldest: Date;
  median: Date | null;
  p90: Date | null;
}

/**
 * The board (DESIGN.md, "The wait clock"; issue 12): waiting threads per wait channel and per
 * queue, the last hour's answers per channel from wait episodes, and every active agent's load.
 * Everything is read in one REPEATABLE READ snapshot, so its figures agree with each other and
 * with `asOf`; every aggregate is an index scan (migration 0060), never a read of messages.
 */
export class BoardService {
  constructor(private readonly dataSource: DataSource) {}

  async board(): Promise<Board> {
    return (await this.compute()).board;
  }

  compute(): Promise<ComputedBoard> {
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      await manager.query('SET TRANSACTION READ ONLY');
      const [{ as_of: asOf }] = await queryRows<{ as_of: Date }>(manager, 'SELECT now() AS as_of') as [{ as_of: Date }];
      const channels = await manager.getRepository(Channel).find({ order: { name: 'ASC', id: 'ASC' } });
      const queues = await manager.getRepository(Queue).find({ order: { name: 'ASC', id: 'ASC' } });
      const agents = await manager.getRepository(Agent).find({ where: { active: true }, order: { name: 'ASC', id: 'ASC' } });
      const waiting = await this.waiting(manager);
      const longest = await this.longestWaiting(manager);
      const lastHour = await this.lastHour(manager);
      const online = await this.onlineMembers(manager);
      const held = await this.held(manager);
      const seconds = (since: Date | null | undefined) => since ? Math.max(0, Math.floor((asOf.getTime() - since.getTime()) / 1000)) : null;

      const board = new Board();
      board.asOf = asOf;
      board.channels = channels.map((channel): ChannelBoardRow => {
        const row = waiting.get(`c:${channel.id}`);
        const answered = lastHour.rows.get(channel.id);
        return {
          channel,
          waitingCount: row?.waiting ?? 0,
          unassignedCount: row?.unassigned ?? 0,
          oldestWaitingSince: row?.oldest ?? null,
          longestWaitSeconds: seconds(row?.oldest),
          medianWaitingSince: row?.median ?? null,
          medianWaitSeconds: seconds(row?.median),
          p90WaitingSince: row?.p90 ?? null,
          p90WaitSeconds: seconds(row?.p90),
          breachedCount: row?.breached ?? 0,
          answeredLastHour: answered?.answered ?? 0,
          serviceLevelLastHour: answered && answered.answered > 0 ? answered.inTarget / answered.answered : null,
          longestWaitingThreadId: longest.get(`c:${channel.id}`) ?? null,
        };
      });
      board.queues = queues.map((queue): QueueBoardRow => {
        const row = waiting.get(`q:${queue.id}`);
        return {
          queue,
          waitingCount: row?.waiting ?? 0,
          unassignedCount: row?.unassigned ?? 0,
          oldestWaitingSince: row?.oldest ?? null,
          longestWaitSeconds: seconds(row?.oldest),
          breachedCount: row?.breached ?? 0,
          onlineAgentCount: online.get(queue.id) ?? 0,
          longestWaitingThreadId: longest.get(`q:${queue.id}`) ?? null,
        };
      });
      board.agents = agents.map((agent): AgentLoad => {
        const threads = held.get(agent.id) ?? [];
        return { agent, ownedThreadCount: threads.length, ownedThreadIds: threads };
      });
      const presence = await this.presence(manager);
      return { board, fingerprint: fingerprintOf(board, presence), nextExpiry: lastHour.nextExpiry };
    });
  }

  /** Waiting threads per wait channel and per queue, in one scan of the board index. */
  private async waiting(manager: EntityManager): Promise<Map<string, WaitingRow>> {
    // A wait is now - waiting_since: the median (p90) wait is the median (90th percentile) of
    // waiting_since newest first. percentile_disc picks a real thread's value.
    const rows = await queryRows<WaitingRow>(manager, `
      SELECT wait_channel_id AS channel_id, queue_id, count(*)::int AS waiting,
             count(*) FILTER (WHERE owner_id IS NULL)::int AS unassigned,
             count(*) FILTER (WHERE response_due_at <= now())::int AS breached,
             min(waiting_since) AS oldest,
             CASE WHEN grouping(wait_channel_id) = 0 THEN percentile_disc(0.5) WITHIN GROUP (ORDER BY waiting_since DESC) END AS median,
             CASE WHEN grouping(wait_channel_id) = 0 THEN percentile_disc(0.9) WITHIN GROUP (ORDER BY waiting_since DESC) END AS p90
        FROM thread WHERE waiting_since IS NOT NULL
       GROUP BY GROUPING SETS ((wait_channel_id), (queue_id))`);
    return new Map(rows.map((row) => [row.queue_id === null ? `c:${row.channel_id}` : `q:${row.queue_id}`, row]));
  }

  /** The longest-waiting thread of each channel and queue: one index probe each. */
  private async longestWaiting(manager: EntityManager): Promise<Map<string, string>> {
    const rows = await queryRows<{ key: string; id: string }>(manager, `
      SELECT 'c:' || c.id AS key, t.id FROM channel c CROSS JOIN LATERAL (
        SELECT id FROM thread WHERE wait_channel_id = c.id AND waiting_since IS NOT NULL ORDER BY waiting_since, id LIMIT 1) t
      UNION ALL
      SELECT 'q:' || q.id, t.id FROM queue q CROSS JOIN LATERAL (
        SELECT id FROM thread WHERE queue_id = q.id AND waiting_since IS NOT NULL ORDER BY waiting_since, id LIMIT 1) t`);
    return new Map(rows.map((row) => [row.key, row.id]));
  }

  /** Waits answered in the last hour per channel, and how many by their due time (wait episodes). */
  private async lastHour(manager: EntityManager): Promise<{ rows: Map<string, { answered: number; inTarget: number }>; nextExpiry: Date | null }> {
    const rows = await queryRows<{ channel_id: string; answered: number; in_target: number; oldest: Date }>(manager, `
      SELECT channel_id, count(*)::int AS answered, count(*) FILTER (WHERE answered_at <= due_at)::int AS in_target, min(answered_at) AS oldest
        FROM wait_episode WHERE answered_at > now() - interval '1 hour'
       GROUP BY channel_id`);
    const oldest = rows.reduce<number | null>((min, row) => Math.min(min ?? Infinity, row.oldest.getTime()), null);
    return {
      rows: new Map(rows.map((row) => [row.channel_id, { answered: row.answered, inTarget: row.in_target }])),
      nextExpiry: oldest === null ? null : new Date(oldest + 3_600_000),
    };
  }

  /** Active members of each queue whose presence is ONLINE. */
  private async onlineMembers(manager: EntityManager): Promise<Map<string, number>> {
    const rows = await queryRows<{ queue_id: string; online: number }>(manager, `
      SELECT aq.queue_id, count(*)::int AS online FROM agent_queue aq JOIN agent a ON a.id = aq.agent_id
       WHERE a.active AND ${EFFECTIVE_PRESENCE_SQL} = 'ONLINE' GROUP BY aq.queue_id`);
    return new Map(rows.map((row) => [row.queue_id, row.online]));
  }

  /** Each active agent's presence as others see it now (for the fingerprint; Agent.presence renders it). */
  private async presence(manager: EntityManager): Promise<Map<string, string>> {
    const rows = await queryRows<{ id: string; presence: string }>(manager, `SELECT a.id, ${EFFECTIVE_PRESENCE_SQL} AS presence FROM agent a WHERE a.active`);
    return new Map(rows.map((row) => [row.id, row.presence]));
  }

  /** The OPEN threads each agent owns, the longest-waiting first (what capacity counts). */
  private async held(manager: EntityManager): Promise<Map<string, string[]>> {
    const rows = await queryRows<{ owner_id: string; ids: string[] }>(manager, `
      SELECT t.owner_id, array_agg(t.id ORDER BY t.waiting_since NULLS LAST, t.id) AS ids
        FROM thread t JOIN agent a ON a.id = t.owner_id
       WHERE a.active AND ${OWNS_OPEN_SQL('t')} GROUP BY t.owner_id`);
    return new Map(rows.map((row) => [row.owner_id, row.ids]));
  }
}

/** The board without what only ticks: a board whose fingerprint is unchanged is not pushed again. */
function fingerprintOf(board: Board, presence: Map<string, string>): string {
  const time = (date: Date | null) => date?.getTime() ?? null;
  return JSON.stringify({
    channels: board.channels.map((row) => [row.channel.id, row.channel.name, row.channel.kind, row.channel.responseTargetSeconds, row.channel.queueId,
      row.waitingCount, row.unassignedCount, row.breachedCount, time(row.oldestWaitingSince), time(row.medianWaitingSince), time(row.p90WaitingSince),
      row.answeredLastHour, row.serviceLevelLastHour, row.longestWaitingThreadId]),
    queues: board.queues.map((row) => [row.queue.id, row.queue.name, row.waitingCount, row.unassignedCount, row.breachedCount,
      time(row.oldestWaitingSince), row.onlineAgentCount, row.longestWaitingThreadId]),
    agents: board.agents.map(({ agent, ownedThreadIds }) => [agent.id, agent.name, agent.email, agent.role, agent.capacity,
      presence.get(agent.id), agent.presenceSetById, ownedThreadIds]),
  });
}
