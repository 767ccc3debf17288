import type { Logger } from '../../logger.js';
import type { BoardHistory } from './board-history.js';
import type { ReportRollups } from './rollups.js';

export interface ReportKeeperOptions {
  /** SWITCHBOARD_BOARD_SNAPSHOT_SECONDS. */
  snapshotSeconds: number;
  /** The event log's retention: snapshots and roll-ups older than this go. */
  retentionDays: number;
  /** Whether this process leads (the breach timer's leadership: one per database). */
  isLeader(): boolean;
  /** How often the leader rolls up closed days (default 10 minutes). */
  rollupEveryMs?: number;
}

/**
 * The leader's report chores, on every process but acting only while it leads: a board snapshot
 * in the middle of every interval (so clocks a little apart still name the same interval), and
 * every few minutes the daily roll-ups and the pruning of what outlived the retention. Never
 * rejects: a failed chore logs and the next tick tries again.
 */
export class ReportKeeper {
  private timer: NodeJS.Timeout | undefined;
  private lastRollup = 0;
  private running: Promise<void> | undefined;
  /** The roll-up pass under way: it may take seconds, and snapshots go on meanwhile. */
  private rolling: Promise<void> | undefined;
  private stopped = true;

  constructor(
    private readonly history: BoardHistory,
    private readonly rollups: ReportRollups,
    private readonly logger: Logger,
    private readonly options: ReportKeeperOptions,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
    await this.rolling;
  }

  private schedule(): void {
    if (this.stopped) return;
    const interval = this.options.snapshotSeconds * 1000;
    const now = Date.now();
    // The middle of the next interval.
    const next = Math.floor(now / interval) * interval + interval / 2;
    this.timer = setTimeout(() => {
      this.running = this.tick().finally(() => {
        this.running = undefined;
        this.schedule();
      });
    }, (next > now ? next : next + interval) - now);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    if (!this.options.isLeader()) return;
    await this.history.snapshot(this.options.snapshotSeconds)
      .catch((error: unknown) => this.logger.warn({ err: error }, 'board snapshot failed'));
    if (this.rolling || Date.now() - this.lastRollup < (this.options.rollupEveryMs ?? 600_000)) return;
    this.lastRollup = Date.now();
    this.rolling = this.rollUp().finally(() => (this.rolling = undefined));
  }

  private async rollUp(): Promise<void> {
    try {
      const days = await this.rollups.refresh(this.options.retentionDays);
      await this.history.prune(this.options.retentionDays);
      this.logger.debug({ days }, 'report roll-ups refreshed');
    } catch (error) {
      this.logger.warn({ err: error }, 'report roll-ups failed');
    }
  }
}
