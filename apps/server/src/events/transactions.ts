import type { PoolClient, QueryResult } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import type { EventDraft } from './event-types.js';

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
 * Runs `work` in one transaction whose last statement appends its events; `afterCommit` (the
 * live wake-up) runs only once COMMIT has returned. Nothing is published from inside.
 *
 * The append takes the log's lock, which is held until COMMIT: every other writer of events
 * waits for it. So the append and COMMIT travel as ONE simple-protocol message: PostgreSQL runs
 * COMMIT right after the append, without waiting for this process to read the append's answer
 * (under load, that wait for a busy event loop was most of the lock's hold time). The events go
 * in as an escaped literal, since a multi-statement message cannot carry parameters. BEGIN is
 * queued ahead of the first statement the same way.
 */
export class Transactions {
  constructor(
    private readonly dataSource: DataSource,
    private readonly afterCommit: AfterCommit = () => undefined,
  ) {}

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
        const results = (await client.query(
          `SELECT append_events(${client.escapeLiteral(JSON.stringify(events))}::jsonb) AS last_id; COMMIT`,
        )) as unknown as Array<QueryResult<{ last_id: string | null }>>;
        open = false;
        lastEventId = results[0]?.rows[0]?.last_id ?? null;
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
