import type { DataSource, EntityManager } from 'typeorm';
import { queryRows } from '../../db/sql.js';
import { Agent } from '../agents/agent.entity.js';
import { EFFECTIVE_PRESENCE_SQL } from '../agents/presence.js';
import { OWNS_OPEN_SQL } from '../threads/thread-access.js';
import { Channel } from '../channels/channel.entity.js';
import { Queue } from '../queues/queue.entity.js';
import { Board, BoardThread, type AgentLoad, type ChannelBoardRow, type QueueBoardRow } from './board.model.js';

/** The most threads an agent's board row lists (AgentLoad.threads); the count says how many more. */
export const MAX_LISTED_THREADS = 5;

/** How long a computation answers `board` queries while the event log stays where it was. */
const REUSE_MS = 1_000;
/** The event log's position: its latest id (an index's last entry). */
const LOG_POSITION = `SELECT coalesce(max(id), 0)::text AS cursor FROM event`;

/** What one computation gives: the board, what identifies its figures, and when it may change unprompted. */
export interface ComputedBoard {
  board: Board;
  /** Equal for two boards whose figures are equal: everything but `asOf` and the waits in seconds (which tick). */
  fingerprint: string;
  /** When the last hour's figures change though nothing happens: the oldest answer in the window leaves it. */
  nextExpiry: Date | null;
}

interface WaitingRow {
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
 * with `asOf`; every aggregate is an index scan (migrations 0060, 0080), never a read of messages.
 */
export class BoardService {
  /** The latest computation and the event log's position it saw. */
  private latest: { computed: ComputedBoard; cursor: string; at: number } | undefined;
  /** The read under way, and the one that follows it for whoever asked meanwhile. */
  private reading: Promise<ComputedBoard> | undefined;
  private next: Promise<ComputedBoard> | undefined;

  constructor(private readonly dataSource: DataSource) {}

  /**
   * The board for a `board` query: the latest computation (this process's board feed makes one
   * per push) while the event log has not moved since and it is under REUSE_MS old, else a new
   * one. Reusing loses nothing: every figure moves
   * only with an event, the breach of a wait included (SLA_BREACHED, within a second of its due
   * time), and `asOf` says when the figures were read.
   */
  async board(): Promise<Board> {
    const latest = this.latest;
    if (latest && Date.now() - latest.at < REUSE_MS) {
      const [{ cursor }] = await queryRows<{ cursor: string }>(this.dataSource.manager, LOG_POSITION) as [{ cursor: string }];
      if (cursor === latest.cursor) return latest.computed.board;
    }
    return (await this.compute()).board;
  }

  /**
   * A computation that starts after this call, so it sees every commit before it. One runs at a
   * time: whoever asks while one runs shares the next one.
   */
  compute(): Promise<ComputedBoard> {
    if (!this.reading) {
      this.reading = this.read().finally(() => (this.reading = undefined));
      return this.reading;
    }
    this.next ??= this.reading.catch(() => undefined).then(() => {
      this.next = undefined;
      return this.compute();
    });
    return this.next;
  }

  private read(): Promise<ComputedBoard> {
    const at = Date.now();
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      await manager.query('SET TRANSACTION READ ONLY');
      const [{ as_of: asOf, cursor }] = await queryRows<{ as_of: Date; cursor: string }>(manager, `SELECT now() AS as_of, (${LOG_POSITION}) AS cursor`) as [{ as_of: Date; cursor: string }];
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
        const threads = held.get(agent.id);
        return { agent, ownedThreadCount: threads?.count ?? 0, heldThreads: threads?.threads ?? [] };
      });
      const presence = await this.presence(manager);
      const computed = { board, fingerprint: fingerprintOf(board, presence), nextExpiry: lastHour.nextExpiry };
      this.latest = { computed, cursor, at };
      return computed;
    });
  }

  /**
   * Waiting threads per wait channel and per queue: one scan of the board index counts each
   * (channel, queue) pair, at most channels × queues rows, summed here; then each channel's
   * median and p90 wait are two index probes at their rank.
   */
  private async waiting(manager: EntityManager): Promise<Map<string, WaitingRow>> {
    const pairs = await queryRows<{ channel_id: string; queue_id: string; waiting: number; unassigned: number; breached: number; oldest: Date }>(manager, `
      SELECT wait_channel_id AS channel_id, queue_id, count(*)::int AS waiting,
             count(*) FILTER (WHERE owner_id IS NULL)::int AS unassigned,
             count(*) FILTER (WHERE response_due_at <= now())::int AS breached,
             min(waiting_since) AS oldest
        FROM thread WHERE waiting_since IS NOT NULL GROUP BY wait_channel_id, queue_id`);
    const rows = new Map<string, WaitingRow>();
    for (const pair of pairs) {
      for (const key of [`c:${pair.channel_id}`, `q:${pair.queue_id}`]) {
        const row = rows.get(key) ?? { waiting: 0, unassigned: 0, breached: 0, oldest: pair.oldest, median: null, p90: null };
        row.waiting += pair.waiting;
        row.unassigned += pair.unassigned;
        row.breached += pair.breached;
        if (pair.oldest < row.oldest) row.oldest = pair.oldest;
        rows.set(key, row);
      }
    }
    // A wait is now - waiting_since: the median (p90) wait is the waiting_since at nearest rank
    // ceil(0.5 n) (ceil(0.9 n)) of the channel's waits, longest last: a real thread's value.
    const channels = [...rows].filter(([key]) => key.startsWith('c:'));
    const ranks = await queryRows<{ channel_id: string; median: Date; p90: Date }>(manager, `
      SELECT c.id AS channel_id,
             (SELECT waiting_since FROM thread WHERE wait_channel_id = c.id AND waiting_since IS NOT NULL
               ORDER BY waiting_since DESC OFFSET ceil(0.5 * c.n) - 1 LIMIT 1) AS median,
             (SELECT waiting_since FROM thread WHERE wait_channel_id = c.id AND waiting_since IS NOT NULL
               ORDER BY waiting_since OFFSET c.n - ceil(0.9 * c.n) LIMIT 1) AS p90
        FROM unnest($1::text[], $2::int[]) AS c(id, n)`,
      [channels.map(([key]) => key.slice(2)), channels.map(([, row]) => row.waiting)]);
    for (const rank of ranks) Object.assign(rows.get(`c:${rank.channel_id}`)!, { median: rank.median, p90: rank.p90 });
    return rows;
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

  /**
   * How many OPEN threads each active agent owns (what capacity counts), and the first
   * MAX_LISTED_THREADS of them, the longest-waiting first: index range reads per agent
   * (thread_open_owner_idx), however many threads the floor holds.
   */
  private async held(manager: EntityManager): Promise<Map<string, { count: number; threads: BoardThread[] }>> {
    const rows = await queryRows<{ owner_id: string; count: number; threads: Array<Omit<BoardThread, 'waitingSince' | 'responseDueAt'> & { waitingSince: string | null; responseDueAt: string | null }> }>(manager, `
      SELECT a.id AS owner_id, h.count, l.threads FROM agent a
       CROSS JOIN LATERAL (SELECT count(*)::int AS count FROM thread t WHERE t.owner_id = a.id AND ${OWNS_OPEN_SQL('t')}) h
       CROSS JOIN LATERAL (SELECT coalesce(json_agg(json_build_object('id', f.id, 'subject', f.subject, 'customerName', c.name,
                 'waitingSince', f.waiting_since, 'responseDueAt', f.response_due_at, 'breached', coalesce(f.response_due_at <= now(), false))
                 ORDER BY f.waiting_since, f.id), '[]') AS threads
           FROM (SELECT t.id, t.subject, t.customer_id, t.waiting_since, t.response_due_at FROM thread t
                  WHERE t.owner_id = a.id AND ${OWNS_OPEN_SQL('t')} ORDER BY t.waiting_since, t.id LIMIT $1) f
           JOIN customer c ON c.id = f.customer_id) l
       WHERE a.active AND h.count > 0`, [MAX_LISTED_THREADS]);
    return new Map(rows.map((row) => [row.owner_id, {
      count: row.count,
      threads: row.threads.map((thread) => Object.assign(new BoardThread(), thread, {
        waitingSince: thread.waitingSince ? new Date(thread.waitingSince) : null,
        responseDueAt: thread.responseDueAt ? new Date(thread.responseDueAt) : null,
      })),
    }]));
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
    agents: board.agents.map(({ agent, ownedThreadCount, heldThreads }) => [agent.id, agent.name, agent.email, agent.role, agent.capacity,
      presence.get(agent.id), agent.presenceSetById, ownedThreadCount,
      heldThreads.map((thread) => [thread.id, thread.subject, thread.customerName, time(thread.waitingSince), time(thread.responseDueAt), thread.breached])]),
  });
}
