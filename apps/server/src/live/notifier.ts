import type { DataSource } from 'typeorm';
import type { Logger } from '../logger.js';

export const EVENTS_CHANNEL = 'switchboard_events';
export const TYPING_CHANNEL = 'switchboard_typing';

/**
 * After a commit: one `pg_notify` wake-up, coalesced (a burst of commits while one is in flight
 * sends one more, not one each). It carries only the id of the last event committed, so a reader
 * already past it (this process's own, which read at once) skips the read; readers read the log.
 */
export class Notifier {
  private inFlight = false;
  private pending = false;
  /** The highest event id committed here and not yet announced. */
  private latest = 0n;

  constructor(
    private readonly dataSource: DataSource,
    private readonly logger: Logger,
  ) {}

  wake(lastEventId: string): void {
    if (BigInt(lastEventId) > this.latest) this.latest = BigInt(lastEventId);
    if (this.inFlight) {
      this.pending = true;
      return;
    }
    this.inFlight = true;
    this.dataSource
      .query(`SELECT pg_notify($1, $2)`, [EVENTS_CHANNEL, this.latest.toString()])
      .catch((error: unknown) => this.logger.warn({ err: error }, 'wake-up not sent; the poll will catch up'))
      .finally(() => {
        this.inFlight = false;
        if (this.pending) {
          this.pending = false;
          this.wake(this.latest.toString());
        }
      });
  }

  /** Typing is ephemeral: it travels over NOTIFY only, never stored. */
  async typing(payload: { threadId: string; agentId: string; typing: boolean }): Promise<void> {
    await this.dataSource.query(`SELECT pg_notify($1, $2)`, [TYPING_CHANNEL, JSON.stringify(payload)]);
  }
}
