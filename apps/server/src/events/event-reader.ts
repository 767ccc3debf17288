import type { DataSource } from 'typeorm';
import { badInput } from '../graphql/errors.js';
import { SqlParams } from '../graphql/pagination.js';
import type { Viewer } from '../modules/auth/actor.js';
import { THREAD_EVENT_TYPES } from '../modules/threads/thread.enums.js';
import { threadEventFromRow, type EventRow, type ThreadEvent } from './thread-event.model.js';

export const MAX_EVENTS_PAGE = 500;

/** Cursors are event ids as decimal strings; clients treat them as opaque. */
export function parseEventCursor(cursor: string | null | undefined, field = 'after'): bigint {
  if (cursor == null || cursor === '') return 0n;
  if (!/^\d{1,19}$/.test(cursor)) throw badInput(field, 'is not an event cursor');
  return BigInt(cursor);
}

/**
 * An event is visible when the viewer could see the thread before OR after it (its queue or
 * owner or collaborators on either side): decided from the event's own state, never from the
 * thread as it is now.
 */
export function eventVisibleToSql(viewer: Viewer, params: SqlParams, alias = 'e'): string {
  if (viewer.seesAll) return 'TRUE';
  const me = params.add(viewer.agentId);
  return `(${alias}.queue_id IN (SELECT queue_id FROM agent_queue WHERE agent_id = ${me})
    OR ${alias}.before_queue_id IN (SELECT queue_id FROM agent_queue WHERE agent_id = ${me})
    OR ${alias}.owner_id = ${me} OR ${alias}.before_owner_id = ${me}
    OR jsonb_exists(${alias}.after -> 'collaboratorIds', ${me})
    OR jsonb_exists(coalesce(${alias}.before -> 'collaboratorIds', '[]'), ${me}))`;
}

/** Reads the log: pages of thread events, and where it ends. */
export class EventReader {
  constructor(private readonly dataSource: DataSource) {}

  /** The latest event id now; read it before loading a list, then resume `after` it. */
  async cursor(): Promise<string> {
    const rows: Array<{ id: string }> = await this.dataSource.query(`SELECT coalesce(max(id), 0)::text AS id FROM event`);
    return rows[0]?.id ?? '0';
  }

  async page(viewer: Viewer, options: { after?: string | null; threadId?: string | null; first: number }): Promise<ThreadEvent[]> {
    if (!Number.isInteger(options.first) || options.first < 1 || options.first > MAX_EVENTS_PAGE) {
      throw badInput('first', `must be from 1 to ${MAX_EVENTS_PAGE}`);
    }
    const params = new SqlParams();
    const where = [
      `e.id > ${params.add(parseEventCursor(options.after).toString(), 'bigint')}`,
      `e.type = ANY(${params.add(THREAD_EVENT_TYPES, 'text[]')})`,
      eventVisibleToSql(viewer, params),
    ];
    if (options.threadId != null) where.push(`e.thread_id = ${params.add(options.threadId)}`);
    const rows: EventRow[] = await this.dataSource.query(
      `SELECT e.id::text AS id, e.type, e.thread_id, e.actor_id, e.message_id, e.thread_version, e.before, e.after, e.note, e.created_at
         FROM event e WHERE ${where.join(' AND ')} ORDER BY e.id LIMIT ${params.add(options.first)}`,
      params.values,
    );
    return rows.map(threadEventFromRow);
  }
}
