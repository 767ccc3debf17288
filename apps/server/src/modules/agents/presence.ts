import type { DataSource, EntityManager } from 'typeorm';
import { queryRows } from '../../db/sql.js';
import type { Transactions } from '../../events/transactions.js';
import type { EventDraft } from '../../events/event-types.js';
import { SystemEventType, type PresenceName } from '../../events/event-types.js';
import type { Logger } from '../../logger.js';
import { Presence, type Agent } from './agent.entity.js';

/** A console counts as connected for this long after it was last seen. */
export const PRESENCE_GRACE_SECONDS = 60;

/** What others see: the agent's choice while a console of theirs is (or just was) connected. */
export function effectivePresence(agent: Pick<Agent, 'chosenPresence' | 'lastSeenAt'>, now = Date.now()): Presence {
  if (!agent.lastSeenAt || now - agent.lastSeenAt.getTime() > PRESENCE_GRACE_SECONDS * 1000) return Presence.OFFLINE;
  return agent.chosenPresence;
}

/** The same in SQL: the agent's choice while a console is (or just was) connected. */
export const EFFECTIVE_PRESENCE_SQL = `CASE WHEN a.last_seen_at > now() - interval '${PRESENCE_GRACE_SECONDS} seconds' THEN a.presence ELSE 'OFFLINE'::presence END`;

/**
 * Announces presence changes: every agent (or the given ones) whose effective presence differs
 * from what was last announced gets an AGENT_PRESENCE_CHANGED event. The conditional UPDATE is
 * what keeps two processes from announcing the same change twice. `always` announces the given
 * agents even when their presence stays (a supervisor now stands behind an AWAY the agent chose).
 */
export async function announcePresence(
  manager: EntityManager,
  emit: (...events: EventDraft[]) => void,
  agentIds: string[] | null,
  options: { actorId?: string | null; always?: boolean } = {},
): Promise<void> {
  const changed = await queryRows<{ id: string; before: PresenceName; after: PresenceName }>(manager,
    `UPDATE agent a SET announced_presence = ${EFFECTIVE_PRESENCE_SQL}
       FROM agent old
      WHERE old.id = a.id AND (a.announced_presence <> ${EFFECTIVE_PRESENCE_SQL} OR $2) AND ($1::text[] IS NULL OR a.id = ANY($1))
      RETURNING a.id, old.announced_presence AS before, a.announced_presence AS after`,
    [agentIds, options.always === true && agentIds !== null],
  );
  for (const row of changed) {
    emit({ type: SystemEventType.AGENT_PRESENCE_CHANGED, actorId: options.actorId ?? null, data: { agentId: row.id, before: row.before, after: row.after } });
  }
}

/**
 * Which agents have a console connected to this process. While one has, their `last_seen_at`
 * is renewed every `heartbeatMs`; after the last one closes they turn OFFLINE 60 s later,
 * whatever they chose. Each process also sweeps for agents whose grace ran out.
 */
export class PresenceTracker {
  private readonly connected = new Map<string, number>();
  /** Connect and disconnect writes still in flight; `stop()` waits for them. */
  private readonly writes = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private beating: Promise<void> | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly logger: Logger,
    private readonly heartbeatMs = 20_000,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.beat(), this.heartbeatMs);
    this.timer.unref();
  }

  /** Stops the heartbeat and waits for the connect and disconnect writes already started. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.settled();
  }

  /** Resolves once every connect and disconnect write started so far has finished. */
  async settled(): Promise<void> {
    await Promise.all([...this.writes, this.beating]);
  }

  /** Whether a console of this agent is connected to this process. */
  isConnected(agentId: string): boolean {
    return this.connected.has(agentId);
  }

  async connect(agentId: string): Promise<void> {
    const count = (this.connected.get(agentId) ?? 0) + 1;
    this.connected.set(agentId, count);
    // The console stays connected without it: it is counted, and the next beat renews it.
    if (count === 1) await this.track(this.touch([agentId]).catch((error: unknown) => this.logger.warn({ err: error, agentId }, 'presence: marking a console connected failed')));
  }

  async disconnect(agentId: string): Promise<void> {
    const count = (this.connected.get(agentId) ?? 1) - 1;
    if (count > 0) {
      this.connected.set(agentId, count);
      return;
    }
    this.connected.delete(agentId);
    // The grace period starts now.
    // Failing (the database is down), the grace period simply started at the last beat.
    await this.track(this.dataSource.query(`UPDATE agent SET last_seen_at = now() WHERE id = $1`, [agentId])
      .then(() => undefined, (error: unknown) => this.logger.warn({ err: error, agentId }, 'presence: marking a console gone failed')));
  }

  private async track(write: Promise<void>): Promise<void> {
    this.writes.add(write);
    try {
      await write;
    } finally {
      this.writes.delete(write);
    }
  }

  /**
   * Renews the connected agents and announces whoever changed (came online, or timed out). Never
   * rejects: while the database is down each tick logs and the next one retries; a tick that
   * finds the previous one still waiting (for a connection) is skipped, so they never pile up.
   */
  beat(): Promise<void> {
    this.beating ??= this.touch([...this.connected.keys()], true)
      .catch((error: unknown) => this.logger.warn({ err: error }, 'presence heartbeat failed'))
      .finally(() => (this.beating = undefined));
    return this.beating;
  }

  private async touch(agentIds: string[], sweepAll = false): Promise<void> {
    await this.transactions.run(async ({ manager, emit }) => {
      if (agentIds.length) await manager.query(`UPDATE agent SET last_seen_at = now() WHERE id = ANY($1)`, [agentIds]);
      await announcePresence(manager, emit, sweepAll ? null : agentIds);
    });
  }
}
