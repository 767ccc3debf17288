import type { EntityManager } from 'typeorm';
import type { EventDraft, LoggedEvent, LoggedSystemEvent, LoggedThreadEvent, ThreadStateJson } from './event-types.js';
import { SqlParams } from '../db/sql.js';
import { THREAD_EVENT_TYPES } from './event-types.js';

/**
 * Appends through `append_events`, the log's only writer; call it as the last statement of the
 * transaction (the advisory lock it takes is held until COMMIT). Returns the last event id.
 * (db/transaction.ts sends the same call together with COMMIT.)
 */
export async function appendEvents(manager: EntityManager, events: EventDraft[]): Promise<string | null> {
  if (events.length === 0) return null;
  const rows: Array<{ last_id: string | null }> = await manager.query(
    'SELECT append_events($1::jsonb) AS last_id',
    [JSON.stringify(events)],
  );
  return rows[0]?.last_id ?? null;
}

interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

/**
 * Removes events older than `days` (in batches); every process may run it, the DELETE is
 * idempotent. Returns how many rows left the log.
 */
export async function pruneEvents(dataSource: Queryable, days: number): Promise<number> {
  let total = 0;
  for (;;) {
    const rows = (await dataSource.query(
      `SELECT prune_events(now() - make_interval(days => $1)) AS removed`, [days])) as Array<{ removed: number }>;
    const removed = rows[0]?.removed ?? 0;
    total += removed;
    if (removed < 10_000) return total;
  }
}

/** The latest event id now (0 for an empty log), as a cursor. */
export async function latestCursor(dataSource: Queryable): Promise<string> {
  const rows = (await dataSource.query(`SELECT coalesce(max(id), 0)::text AS id FROM event`)) as Array<{ id: string }>;
  return rows[0]?.id ?? '0';
}

/** The log's bounds now: its oldest event id (null when empty) and its newest (0 when empty). */
export async function logBounds(dataSource: Queryable): Promise<{ oldest: bigint | null; newest: bigint }> {
  const rows = (await dataSource.query(`SELECT min(id)::text AS oldest, coalesce(max(id), 0)::text AS newest FROM event`)) as
    Array<{ oldest: string | null; newest: string }>;
  const row = rows[0];
  return { oldest: row?.oldest == null ? null : BigInt(row.oldest), newest: BigInt(row?.newest ?? '0') };
}

/** Whether the log still holds every event after `cursor` (retention removes the oldest ones). */
export function holdsAfter(bounds: { oldest: bigint | null }, cursor: bigint): boolean {
  return bounds.oldest === null || cursor >= bounds.oldest - 1n;
}

// Qualify `ORDER BY e.id`: the text alias `id` would sort "10" before "9".
const COLUMNS = `e.id::text AS id, e.type, e.thread_id, e.actor_id, e.message_id, e.thread_version, e.before, e.after,
  e.note, e.data, e.queue_id, e.created_at`;

interface EventRow {
  id: string; type: string; thread_id: string | null; actor_id: string | null; message_id: string | null;
  thread_version: number | null; before: ThreadStateJson | null; after: ThreadStateJson | null; note: string | null;
  data: Record<string, unknown> | null; queue_id: string | null; created_at: Date;
}

export interface ReadOptions {
  /** Strictly after this event id. */
  after: bigint;
  limit: number;
  /** Thread events only. */
  threadEventsOnly?: boolean;
  /** More conditions on the event row `e`. */
  where?: (params: SqlParams) => string;
}

/** Reads the log in id (= commit) order. */
export async function readEvents(dataSource: Queryable, options: ReadOptions): Promise<LoggedEvent[]> {
  const params = new SqlParams();
  const conditions = [`e.id > ${params.add(options.after.toString(), 'bigint')}`];
  if (options.threadEventsOnly) conditions.push(`e.type = ANY(${params.add(THREAD_EVENT_TYPES, 'text[]')})`);
  if (options.where) conditions.push(options.where(params));
  const rows = (await dataSource.query(
    `SELECT ${COLUMNS} FROM event e WHERE ${conditions.join(' AND ')} ORDER BY e.id LIMIT ${params.add(options.limit)}`,
    params.values,
  )) as EventRow[];
  return rows.map(eventFromRow);
}

/**
 * The same read as a literal statement (no parameters), for Transactions to send after COMMIT in
 * the commit's own message: the writer's process learns what it committed without another trip.
 */
export function readEventsLiteral(after: bigint, limit: number): string {
  return `SELECT ${COLUMNS} FROM event e WHERE e.id > ${after.toString()}::bigint ORDER BY e.id LIMIT ${Math.trunc(limit)}`;
}

/** What readEventsLiteral's rows are. */
export function eventsFromRows(rows: unknown[]): LoggedEvent[] {
  return (rows as EventRow[]).map(eventFromRow);
}

function eventFromRow(row: EventRow): LoggedEvent {
  if (row.thread_id !== null && row.after !== null) {
    const event: LoggedThreadEvent = {
      id: row.id, type: row.type as LoggedThreadEvent['type'], threadId: row.thread_id, actorId: row.actor_id,
      messageId: row.message_id, threadVersion: row.thread_version ?? 0, before: row.before, after: row.after,
      note: row.note, createdAt: row.created_at,
    };
    return event;
  }
  // The log's only writer is append_events, fed by EventDraft: the row has the draft's shape.
  return {
    id: row.id, type: row.type, actorId: row.actor_id, ...(row.queue_id ? { queueId: row.queue_id } : {}),
    data: row.data ?? {}, createdAt: row.created_at,
  } as LoggedSystemEvent;
}
