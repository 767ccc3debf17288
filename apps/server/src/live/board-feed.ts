import type { Logger } from '../logger.js';
import type { Board } from '../modules/board/board.model.js';
import type { ComputedBoard } from '../modules/board/board.service.js';
import type { SideSubscription } from './subscriptions.js';

export interface BoardFeedDeps {
  logger: Logger;
  /** One computation of the board (board.service.ts). */
  compute(): Promise<ComputedBoard>;
  /** This process's `boardUpdated` subscribers now. */
  watchers(): SideSubscription[];
  /** Renders the board once per render group of `recipients` and writes their frames. */
  send(recipients: SideSubscription[], board: Board): Promise<void>;
  /** At least this long between two computations (the contract: at most one push per 250 ms). */
  minIntervalMs?: number;
  /** After a failed computation (the database away), the next try. */
  retryMs?: number;
}

/**
 * `boardUpdated` on one process. Anything in the log may move a figure, so every read of the log
 * marks the board stale; the feed then computes it once for every subscriber, at most once per
 * 250 ms however much happens, and pushes it only when a figure changed (not the seconds, which
 * clients tick from the `…WaitingSince` fields). A new subscriber gets the next computation; the
 * last hour's figures are recomputed when the oldest answer in the window leaves it, though
 * nothing is written then. With no subscriber nothing is computed.
 */
export class BoardFeed {
  private readonly minIntervalMs: number;
  private readonly retryMs: number;
  private fingerprint: string | undefined;
  /** Subscribers that have not had a board yet. */
  private readonly fresh = new Set<SideSubscription>();
  private lastRunAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  /** Something changed while a computation ran: its snapshot may predate it. */
  private again = false;
  private expiry: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly deps: BoardFeedDeps) {
    this.minIntervalMs = deps.minIntervalMs ?? 250;
    this.retryMs = deps.retryMs ?? 1_000;
  }

  /** The log moved: some figure may have. */
  changed(): void {
    if (this.deps.watchers().length === 0) {
      this.fingerprint = undefined; // the next subscriber starts from a fresh computation
      return;
    }
    this.schedule();
  }

  /** A new subscriber: it gets the board of the next computation. */
  subscribed(subscription: SideSubscription): void {
    this.fresh.add(subscription);
    this.schedule();
  }

  /** Nothing computing and nothing scheduled (the last-hour expiry aside): what tests wait for. */
  isIdle(): boolean {
    return this.timer === undefined && this.running === undefined;
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    clearTimeout(this.expiry);
  }

  private schedule(delayMs = Math.max(0, this.lastRunAt + this.minIntervalMs - Date.now())): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.running = this.run().finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.schedule();
        }
      });
    }, delayMs);
    this.timer.unref();
  }

  private async run(): Promise<void> {
    const watchers = this.deps.watchers();
    if (watchers.length === 0) {
      this.fresh.clear();
      this.fingerprint = undefined;
      return;
    }
    this.lastRunAt = Date.now();
    let computed: ComputedBoard;
    try {
      computed = await this.deps.compute();
    } catch (error) {
      this.deps.logger.warn({ err: error }, 'board: computing failed; trying again');
      this.fingerprint = undefined; // whoever is there gets the next board, changed or not
      this.schedule(this.retryMs);
      return;
    }
    const everyone = computed.fingerprint !== this.fingerprint;
    const active = new Set(this.deps.watchers());
    const recipients = everyone ? [...active] : [...this.fresh].filter((subscription) => active.has(subscription));
    this.fingerprint = computed.fingerprint;
    this.fresh.clear();
    this.scheduleExpiry(computed.nextExpiry);
    if (recipients.length === 0) return;
    await this.deps.send(recipients, computed.board).catch((error: unknown) => {
      this.deps.logger.error({ err: error }, 'board: rendering a push failed');
      this.fingerprint = undefined; // everyone gets the next one
    });
  }

  private scheduleExpiry(at: Date | null): void {
    clearTimeout(this.expiry);
    if (at === null || this.stopped) return;
    // A timer's delay is a 32-bit number of milliseconds; an hour fits.
    this.expiry = setTimeout(() => this.changed(), Math.max(0, at.getTime() - Date.now()) + 50);
    this.expiry.unref();
  }
}
