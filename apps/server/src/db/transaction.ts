import type { PoolClient } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import type { EventDraft } from '../events/event-log.js';

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
 * waits for it. So COMMIT is queued on the connection together with the append and goes out the
 * moment the append answers, without waiting for this process's event loop to come round again
 * (under load that wait was most of the lock's hold time). BEGIN is queued the same way.
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
        const append = client.query<{ last_id: string | null }>('SELECT append_events($1::jsonb) AS last_id', [JSON.stringify(events)]);
        const commit = client.query('COMMIT');
        const [appended, committed] = await Promise.allSettled([append, commit]);
        open = false; // COMMIT after a failed append ends the transaction as ROLLBACK
        if (appended.status === 'rejected') throw appended.reason;
        if (committed.status === 'rejected') throw committed.reason;
        lastEventId = appended.value.rows[0]?.last_id ?? null;
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
