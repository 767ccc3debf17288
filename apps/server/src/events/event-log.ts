import type { EntityManager } from 'typeorm';

/**
 * One event to append. Thread events carry the thread's routing state before and after the
 * change; events about membership, channels and agents carry `data`. Plain JSON only.
 */
export interface EventDraft {
  type: string;
  threadId?: string;
  queueId?: string;
  beforeQueueId?: string;
  ownerId?: string | null;
  beforeOwnerId?: string | null;
  actorId?: string | null;
  messageId?: string;
  threadVersion?: number;
  before?: unknown;
  after?: unknown;
  note?: string | null;
  data?: Record<string, unknown>;
}

/** Internal event types that are not thread events; they decide who may see what. */
export const SystemEventType = {
  QUEUE_CREATED: 'QUEUE_CREATED',
  QUEUE_MEMBERS_CHANGED: 'QUEUE_MEMBERS_CHANGED',
  CHANNEL_CHANGED: 'CHANNEL_CHANGED',
  AGENT_CREATED: 'AGENT_CREATED',
  AGENT_UPDATED: 'AGENT_UPDATED',
  SESSION_REVOKED: 'SESSION_REVOKED',
  CUSTOMER_IDENTITY_ADDED: 'CUSTOMER_IDENTITY_ADDED',
  AGENT_PRESENCE_CHANGED: 'AGENT_PRESENCE_CHANGED',
} as const;

/**
 * Appends through `append_events`, the log's only writer; call it as the last statement of the
 * transaction (the advisory lock it takes is held until COMMIT). Returns the last event id.
 */
export async function appendEvents(manager: EntityManager, events: EventDraft[]): Promise<string | null> {
  if (events.length === 0) return null;
  const rows: Array<{ last_id: string | null }> = await manager.query(
    'SELECT append_events($1::jsonb) AS last_id',
    [JSON.stringify(events)],
  );
  return rows[0]?.last_id ?? null;
}

/**
 * Removes events older than `days` (in batches); every process may run it, the DELETE is
 * idempotent. Returns how many rows left the log.
 */
export async function pruneEvents(dataSource: { query(sql: string, params?: unknown[]): Promise<unknown> }, days: number): Promise<number> {
  let total = 0;
  for (;;) {
    const rows = (await dataSource.query(
      `SELECT prune_events(now() - make_interval(days => $1)) AS removed`, [days])) as Array<{ removed: number }>;
    const removed = rows[0]?.removed ?? 0;
    total += removed;
    if (removed < 10_000) return total;
  }
}
