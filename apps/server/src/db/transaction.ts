import type { DataSource, EntityManager } from 'typeorm';
import { appendEvents, type EventDraft } from '../events/event-log.js';

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
 */
export class Transactions {
  constructor(
    private readonly dataSource: DataSource,
    private readonly afterCommit: AfterCommit = () => undefined,
  ) {}

  async run<T>(work: (tx: Tx) => Promise<T>): Promise<TxResult<T>> {
    const result = await this.dataSource.transaction(async (manager) => {
      const events: EventDraft[] = [];
      const value = await work({ manager, emit: (...drafts) => events.push(...drafts) });
      const lastEventId = await appendEvents(manager, events);
      return { value, lastEventId };
    });
    if (result.lastEventId !== null) this.afterCommit(result.lastEventId);
    return result;
  }
}
