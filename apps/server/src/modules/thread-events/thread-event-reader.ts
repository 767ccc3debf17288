import type { DataSource } from 'typeorm';
import { badInput, DomainError, ErrorCode } from '../../errors.js';
import { holdsAfter, latestCursor, logBounds, readEvents } from '../../events/event-log.js';
import type { LoggedThreadEvent } from '../../events/event-types.js';
import { eventVisibleSql, type Viewer } from '../threads/visibility.js';

export const MAX_EVENTS_PAGE = 500;

/** Cursors are event ids as decimal strings; clients treat them as opaque. */
export function parseEventCursor(cursor: string | null | undefined, field = 'after'): bigint {
  if (cursor == null || cursor === '') return 0n;
  if (!/^\d{1,19}$/.test(cursor) || BigInt(cursor) > MAX_EVENT_ID) throw badInput(field, 'is not an event cursor');
  return BigInt(cursor);
}

/** Event ids are PostgreSQL bigints. */
const MAX_EVENT_ID = 2n ** 63n - 1n;

/** Reads the log as a viewer may: pages of thread events they could see, and where it ends. */
export class ThreadEventReader {
  constructor(private readonly dataSource: DataSource) {}

  /** The latest event id now; read it before loading a list, then resume `after` it. */
  cursor(): Promise<string> {
    return latestCursor(this.dataSource);
  }

  /** Thread events strictly after `after` that the viewer could see (before or after each change). */
  async page(viewer: Viewer, options: { after?: string | null; threadId?: string | null; first: number }): Promise<LoggedThreadEvent[]> {
    if (!Number.isInteger(options.first) || options.first < 1 || options.first > MAX_EVENTS_PAGE) {
      throw badInput('first', `must be from 1 to ${MAX_EVENTS_PAGE}`);
    }
    const queueIds = viewer.seesAll ? undefined : await this.queuesOf(viewer.agentId);
    const events = await readEvents(this.dataSource, {
      after: parseEventCursor(options.after),
      limit: options.first,
      threadEventsOnly: true,
      where: (params) => [
        eventVisibleSql({ ...viewer, queueIds }, params),
        ...(options.threadId != null ? [`e.thread_id = ${params.add(options.threadId)}`] : []),
      ].join(' AND '),
    });
    return events as LoggedThreadEvent[];
  }

  private async queuesOf(agentId: string): Promise<ReadonlySet<string>> {
    const rows: Array<{ queue_id: string }> = await this.dataSource.query(`SELECT queue_id FROM agent_queue WHERE agent_id = $1`, [agentId]);
    return new Set(rows.map((row) => row.queue_id));
  }

  /**
   * CURSOR_EXPIRED when the log no longer holds what follows `after` (pruned by retention), and
   * BAD_USER_INPUT for a cursor the log never gave out (ahead of its end): resuming from it would
   * skip every event up to it.
   */
  async requireHeld(after: bigint): Promise<void> {
    const bounds = await logBounds(this.dataSource);
    if (after > bounds.newest) throw badInput('after', 'is ahead of the event log: use a cursor it gave out (eventCursor)');
    if (!holdsAfter(bounds, after)) {
      throw new DomainError(ErrorCode.CURSOR_EXPIRED, 'The log no longer holds events after this cursor: reload, then subscribe from a fresh eventCursor');
    }
  }
}
