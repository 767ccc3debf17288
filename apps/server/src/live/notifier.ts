import type { DataSource } from 'typeorm';
import type { Logger } from '../logger.js';

export const EVENTS_CHANNEL = 'switchboard_events';
export const TYPING_CHANNEL = 'switchboard_typing';

/**
 * After a commit: one `pg_notify` wake-up, coalesced (a burst of commits while one is in flight
 * sends one more, not one each). It carries no data: readers read the log.
 */
export class Notifier {
  private inFlight = false;
  private pending = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly logger: Logger,
  ) {}

  /** This process's own reader: it reads at once after our commits, without waiting for NOTIFY to come back. */
  onLocalCommit: (() => void) | undefined;

  wake(): void {
    this.onLocalCommit?.();
    if (this.inFlight) {
      this.pending = true;
      return;
    }
    this.inFlight = true;
    this.dataSource
      .query(`SELECT pg_notify($1, '')`, [EVENTS_CHANNEL])
      .catch((error: unknown) => this.logger.warn({ err: error }, 'wake-up not sent; the poll will catch up'))
      .finally(() => {
        this.inFlight = false;
        if (this.pending) {
          this.pending = false;
          this.wake();
        }
      });
  }

  /** Typing is ephemeral: it travels over NOTIFY only, never stored. */
  async typing(payload: { threadId: string; agentId: string; typing: boolean }): Promise<void> {
    await this.dataSource.query(`SELECT pg_notify($1, $2)`, [TYPING_CHANNEL, JSON.stringify(payload)]);
  }
}
