import type pg from 'pg';
import { nowMs, sleep } from './fanout-shared.js';

/**
 * Sees commits from outside, independent of the writer's event loop: while a change is in
 * flight, the bench's own PostgreSQL session asks every ~1 ms for rows after the last it saw. A
 * row first seen by the query sent at t2 (and not by the one sent at t1) committed between t1 and
 * t2; its commit time is taken as (t1 + t2) / 2, within about ±0.7 ms.
 */
export class CommitWatch {
  private last = '0';
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly db: pg.Client,
    /** Selects `id` (text) and `key` of rows with id > $1, in id order. */
    private readonly sql: string,
  ) {}

  async init(maxSql: string): Promise<void> {
    const { rows } = await this.db.query<{ id: string }>(maxSql);
    this.last = rows[0]?.id ?? '0';
  }

  /**
   * Runs `write` while polling, and stops polling at the first new row: the writes are one at a
   * time and nothing else writes these rows, so it is this write's (checked against its key once
   * it answers). Polling only until the commit keeps the poller off the CPU during the fan-out.
   */
  async around<T extends { key: string }>(write: () => Promise<T>): Promise<T & { visibleAt: number }> {
    let failed = false;
    const writing = write().catch((error: unknown) => {
      failed = true;
      throw error;
    });
    writing.catch(() => undefined);
    let previousSent = Number.NaN;
    const poll = async () => {
      const sent = nowMs();
      const { rows } = await this.db.query<{ id: string; key: string }>(this.sql, [this.last]);
      for (const row of rows) {
        this.seen.set(row.key, Number.isNaN(previousSent) ? sent : (previousSent + sent) / 2);
        this.last = row.id;
      }
      previousSent = sent;
      return rows.length > 0;
    };
    for (let polls = 0; !failed && !(await poll()); polls++) {
      if (polls > 30_000) throw new Error('no commit became visible within ~30 s');
      await sleep(1);
    }
    const value = await writing;
    while (!this.seen.has(value.key)) {
      // Not ours after all (another writer?): keep looking for ours.
      if (!(await poll())) await sleep(1);
    }
    const visibleAt = this.seen.get(value.key)!;
    this.seen.clear();
    return { ...value, visibleAt };
  }
}
