import type { PoolClient, QueryResult } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import { eventsFromRows, readEventsLiteral } from './event-log.js';
import type { EventDraft, LoggedEvent } from './event-types.js';

/** What a write use case gets: the transaction's manager and the events it will append. */
export interface Tx {
  manager: EntityManager;
  /** Queued now, appended as the transaction's last statement. */
  emit(...events: EventDraft[]): void;
}

export interface TxResult<T> {
  value: T;
  /** The id of the last event appended, or null when the write appended none. */
  lastEventId: string | null;
}

export type AfterCommit = (lastEventId: string) => void;

/**
 * This process's reader of the log (live/event-feed.ts). After each commit that appended events,
 * it is offered the log read after its position in the commit's own message: a complete run of
 * events up to and including ours (read under the append's lock, which makes id order commit
 * order: every earlier event had committed, no later one could), all committed once COMMIT returns.
 */
export interface LocalLogReader {
  readonly cursor: bigint;
  /** `events`: every event after `after` as of just after our COMMIT, at most `limit`. */
  offer(after: bigint, events: LoggedEvent[], limit: number): void;
}

/** The most events the after-commit read hands over; a reader further behind reads on its own. */
const OFFER_LIMIT = 200;

/**
 * Runs `work` in one transaction whose last statement appends its events; `afterCommit` (the
 * live wake-up) runs only once COMMIT has returned. Nothing is published from inside.
 *
 * The append takes the log's lock, which is held until COMMIT: every other writer of events
 * waits for it. So the append and COMMIT travel as ONE simple-protocol message: PostgreSQL runs
 * COMMIT right after the append, without waiting for this process to read the append's answer
 * (under load, that wait for a busy event loop was most of the lock's hold time). The events go
 * in as an escaped literal, since a multi-statement message cannot carry parameters. BEGIN is
 * queued ahead of the first statement the same way. Between the append and COMMIT, the same message
 * reads the log from the local reader's position (LocalLogReader): live delivery starts without a trip.
 */
export class Transactions {
  private reader: LocalLogReader | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly afterCommit: AfterCommit = () => undefined,
  ) {}

  /** The live runtime's reader, offered what each commit appended (see LocalLogReader). */
  attachReader(reader: LocalLogReader | undefined): void {
    this.reader = reader;
  }

  async run<T>(work: (tx: Tx) => Promise<T>): Promise<TxResult<T>> {
    const runner = this.dataSource.createQueryRunner();
    const client = (await runner.connect()) as PoolClient;
    let open = true;
    try {
      const begin = client.query('BEGIN');
      begin.catch(() => undefined); // surfaced by the first statement of `work`, which then fails too
      const events: EventDraft[] = [];
      const value = await work({ manager: runner.manager, emit: (...drafts) => events.push(...drafts) });
      await begin;
      let lastEventId: string | null = null;
      if (events.length > 0) {
        const reader = this.reader;
        const after = reader?.cursor;
        // Read back before COMMIT, not after: should it fail, the transaction fails with it, and a
        // write never reports an error for something it committed. (It holds the log's lock for
        // one index range scan longer.)
        const readBack = after === undefined ? '' : `${readEventsLiteral(after, OFFER_LIMIT)}; `;
        const results = (await client.query(
          `SELECT append_events(${client.escapeLiteral(JSON.stringify(events))}::jsonb) AS last_id; ${readBack}COMMIT`,
        )) as unknown as Array<QueryResult<Record<string, unknown>>>;
        open = false;
        lastEventId = (results[0]?.rows[0]?.last_id as string | null | undefined) ?? null;
        if (reader && after !== undefined) reader.offer(after, eventsFromRows(results[1]?.rows ?? []), OFFER_LIMIT);
      } else {
        await client.query('COMMIT');
        open = false;
      }
      if (lastEventId !== null) this.afterCommit(lastEventId);
      return { value, lastEventId };
    } catch (error) {
      if (open) await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }
}
