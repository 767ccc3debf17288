import pg from 'pg';
import type { DataSource } from 'typeorm';
import { backoffDelay } from '@switchboard/schema';
import type { Transactions } from '../../events/transactions.js';
import type { Logger } from '../../logger.js';
import { lockThread } from './thread-state.js';
import { writeThread } from './thread-writer.js';
import { ThreadStatus } from './thread.enums.js';
import { breach, dueBreaches, untilNextBreach } from './wait-clock.js';

/** The session-level advisory lock whose holder is the database's one breach timer. */
export const BREACH_TIMER_LOCK = 7254420121;

export interface BreachTimerOptions {
  /** The database the leader's own session connects to (not the pool). */
  databaseUrl: string;
  /** How often a process that is not the leader tries the lock again. Default 3 s. */
  campaignMs: number;
  /** The leader re-checks at least this often, whatever it expects. Default 5 s. */
  recheckMs: number;
  /** Waits breached per query. Default 100. */
  batchSize: number;
}

const DEFAULTS: Omit<BreachTimerOptions, 'databaseUrl'> = { campaignMs: 3_000, recheckMs: 5_000, batchSize: 100 };
/** Past the due time, so `due_at <= now()` holds when the timer fires (timers may fire early by a ms). */
const SLACK_MS = 5;
/** Reopening a dropped session: the event feed's schedule. */
const RETRY = { baseMs: 100, maxMs: 5_000, jitter: 'equal' } as const;

/**
 * Breaches a thread's wait if it is due now: the wait clock's conditional UPDATE records it on the
 * open episode, and only when this call recorded it does SLA_BREACHED go to the log (version bump,
 * before and after), in the same transaction. True when it did.
 */
export async function breachThread(transactions: Transactions, threadId: string): Promise<boolean> {
  const { value } = await transactions.run(async (tx) => {
    const before = await lockThread(tx.manager, threadId);
    if (before?.status !== ThreadStatus.OPEN || !(await breach(tx.manager, threadId))) return false;
    await writeThread(tx, before, { type: 'SLA_BREACHED' });
    return true;
  });
  return value;
}

/**
 * Emits SLA_BREACHED when a waiting thread passes its due time, though nobody wrote (DESIGN.md,
 * "The wait clock"). One process per database runs the timer: the holder of
 * `pg_try_advisory_lock(BREACH_TIMER_LOCK)` on one dedicated session, which the others try again
 * every few seconds, and which is opened again with back-off when it drops (never two sessions).
 * The leader sleeps until the earliest due time, re-checking at least every `recheckMs` and when
 * the live feed read new events (`wake()`). Leadership only saves work: two leaders for a moment
 * (a dropped session whose lock another took) still record one breach per wait (`breachThread`).
 */
export class BreachTimer {
  readonly options: BreachTimerOptions;
  private session: pg.Client | undefined;
  private leader = false;
  private running = false;
  private campaigning = false;
  private failures = 0;
  private campaignTimer: NodeJS.Timeout | undefined;
  private tickTimer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private tickAgain = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly logger: Logger,
    options: Partial<BreachTimerOptions> & Pick<BreachTimerOptions, 'databaseUrl'>,
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  /** Whether this process holds the lock now. */
  get isLeader(): boolean {
    return this.leader;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.campaign();
  }

  /** Something may have changed the earliest due time: the leader looks again now. */
  wake(): void {
    if (this.leader) this.tick();
  }

  /** Stops timing and ends the session, which releases the lock to another process at once. */
  async stop(): Promise<void> {
    this.running = false;
    this.leader = false;
    clearTimeout(this.campaignTimer);
    clearTimeout(this.tickTimer);
    await this.ticking;
    const session = this.session;
    this.session = undefined;
    await session?.end().catch(() => undefined);
  }

  /** One try at leadership: opens the session if there is none, then tries the lock. */
  private campaign(): void {
    this.campaignTimer = undefined;
    if (!this.running || this.leader || this.campaigning) return;
    this.campaigning = true;
    this.tryLead().then(
      (led) => {
        this.failures = 0;
        this.campaigning = false;
        if (!led) this.scheduleCampaign(this.options.campaignMs);
      },
      (error: unknown) => {
        this.campaigning = false;
        this.logger.warn({ err: error }, 'breach timer: trying for leadership failed; retrying');
        this.scheduleCampaign(backoffDelay(this.failures++, RETRY));
      },
    );
  }

  private scheduleCampaign(delayMs: number): void {
    if (!this.running || this.campaignTimer) return;
    this.campaignTimer = setTimeout(() => this.campaign(), delayMs);
    this.campaignTimer.unref();
  }

  private async tryLead(): Promise<boolean> {
    let session = this.session;
    if (!session) {
      const opened = new pg.Client({ connectionString: this.options.databaseUrl, application_name: 'switchboard-breach-timer' });
      opened.on('error', (error) => this.logger.warn({ err: error }, 'breach timer session failed'));
      try {
        await opened.connect();
      } catch (error) {
        // 'end' after a failed connect is not attached yet, so it cannot schedule a second try.
        await opened.end().catch(() => undefined);
        throw error;
      }
      if (!this.running) {
        await opened.end().catch(() => undefined);
        return true;
      }
      opened.on('end', () => this.lost(opened));
      this.session = session = opened;
    }
    const { rows } = await session.query<{ led: boolean }>('SELECT pg_try_advisory_lock($1) AS led', [BREACH_TIMER_LOCK]);
    if (!rows[0]?.led) return false;
    if (!this.running) return true; // stop() ends the session, and the lock with it
    this.leader = true;
    this.logger.info('breach timer: leading');
    this.tick();
    return true;
  }

  /** The session ended: its lock went with it; another process (or this one, again) will lead. */
  private lost(session: pg.Client): void {
    if (this.session !== session) return;
    this.session = undefined;
    if (this.leader) this.logger.warn('breach timer: session lost; no longer leading');
    this.leader = false;
    clearTimeout(this.tickTimer);
    this.scheduleCampaign(backoffDelay(this.failures++, RETRY));
  }

  /** Breaches every wait due now, then sleeps until the next due time (at most `recheckMs`). */
  private tick(): void {
    if (!this.leader) return;
    if (this.ticking) {
      this.tickAgain = true;
      return;
    }
    clearTimeout(this.tickTimer);
    this.ticking = (async () => {
      let delay = this.options.recheckMs;
      try {
        do {
          this.tickAgain = false;
          let due: string[];
          do {
            due = await dueBreaches(this.dataSource.manager, this.options.batchSize);
            for (const threadId of due) if (this.leader) await breachThread(this.transactions, threadId);
          } while (due.length === this.options.batchSize && this.leader);
        } while (this.tickAgain && this.leader);
        const next = await untilNextBreach(this.dataSource.manager);
        if (next !== null) delay = Math.min(delay, next + SLACK_MS);
      } catch (error) {
        this.logger.warn({ err: error }, 'breach timer: checking due waits failed; retrying');
      }
      if (this.tickAgain) delay = 0;
      this.ticking = undefined;
      if (this.leader) {
        this.tickTimer = setTimeout(() => this.tick(), delay);
        this.tickTimer.unref();
      }
    })();
  }
}
