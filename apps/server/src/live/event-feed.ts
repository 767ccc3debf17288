import pg from 'pg';
import type { DataSource } from 'typeorm';
import { backoffDelay } from '@switchboard/schema';
import { latestCursor, readEvents } from '../events/event-log.js';
import type { LoggedEvent } from '../events/event-types.js';
import type { LocalLogReader } from '../events/transactions.js';
import type { Logger } from '../logger.js';
import { EVENTS_CHANNEL, TYPING_CHANNEL } from './notifier.js';

export interface FeedOptions {
  dataSource: DataSource;
  /** A real session for LISTEN (never through a transaction-mode pooler). */
  databaseUrl: string;
  logger: Logger;
  onEvents: (events: LoggedEvent[]) => void;
  onTyping: (payload: unknown) => void;
  pollMs?: number;
}

const PAGE = 1000;

/**
 * Each process's one reader of the log: a dedicated LISTEN session for wake-ups, and a poll in
 * case a wake-up is lost. Every read takes everything after its position, in id (= commit)
 * order, and hands it on. A dropped listener is re-established by ONE reconnect loop (at most
 * one connection attempt in flight, at most one listener open), with the shared back-off; the
 * position survives it.
 */
export class EventFeed implements LocalLogReader {
  private listener: pg.Client | undefined;
  private position = 0n;
  private reading: Promise<void> | undefined;
  private readAgain = false;
  private poll: NodeJS.Timeout | undefined;
  private stopped = false;
  private reconnecting = false;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: FeedOptions) {}

  /** The id of the last event handed on. */
  get cursor(): bigint {
    return this.position;
  }

  /** True while the LISTEN session is up. */
  get listening(): boolean {
    return this.listener !== undefined;
  }

  /** Where live delivery starts: the latest event now (older ones are replayed from the log). */
  async initialize(): Promise<bigint> {
    this.position = BigInt(await latestCursor(this.options.dataSource));
    return this.position;
  }

  async listen(): Promise<void> {
    await this.connect();
    this.startPolling();
  }

  /** Stops the safety-net poll until the function returned is called (a count of the reads commits cause). */
  holdPoll(): () => void {
    clearInterval(this.poll);
    return () => {
      if (!this.stopped) this.startPolling();
    };
  }

  private startPolling(): void {
    clearInterval(this.poll);
    this.poll = setInterval(() => void this.read(), this.options.pollMs ?? 1500);
    this.poll.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.poll);
    clearTimeout(this.retryTimer);
    await this.reading;
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
  }

  /** Reads everything new now (coalesced with a read in progress). */
  read(): Promise<void> {
    if (this.reading) {
      this.readAgain = true;
      return this.reading;
    }
    this.reading = (async () => {
      try {
        do {
          this.readAgain = false;
          for (;;) {
            const events = await readEvents(this.options.dataSource, { after: this.position, limit: PAGE });
            if (events.length === 0 || this.stopped) break;
            this.handOn(events);
            if (events.length < PAGE) break;
          }
        } while (this.readAgain && !this.stopped);
      } catch (error) {
        this.options.logger.warn({ err: error }, 'reading the event log failed; retrying on the next wake-up or poll');
      } finally {
        this.reading = undefined;
      }
    })();
    return this.reading;
  }

  /**
   * What a commit of this process read back in its own message (Transactions): handed on with no
   * read of our own. A full page may stop short of the commit's events: then read as usual.
   */
  offer(_after: bigint, events: LoggedEvent[], limit: number): void {
    if (this.stopped) return;
    if (events.length >= limit) {
      void this.read();
      return;
    }
    try {
      this.handOn(events);
    } catch (error) {
      // Never into the writer's hands: its transaction has committed.
      this.options.logger.warn({ err: error }, 'handing on a commit\'s events failed; reading the log instead');
      void this.read();
    }
  }

  /**
   * Reads and offers overlap, and each is a complete run of the log after the position it started
   * from: what lies past the position now is new, gap-free and in order; the rest was handed on.
   */
  private handOn(events: LoggedEvent[]): void {
    const fresh = events.filter((event) => BigInt(event.id) > this.position);
    if (fresh.length === 0) return;
    this.position = BigInt(fresh.at(-1)!.id);
    this.options.onEvents(fresh);
  }

  /** Whether a wake-up naming the last event committed (or none: an old writer) finds this reader behind it. */
  private behind(payload: string | undefined): boolean {
    if (!payload || !/^\d{1,19}$/.test(payload)) return true;
    return BigInt(payload) > this.position;
  }

  /** Opens the LISTEN session; a failure is thrown to the caller (at start) or retried by the loop. */
  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.options.databaseUrl, application_name: 'switchboard-listener' });
    client.on('notification', (message) => {
      if (message.channel === TYPING_CHANNEL) this.options.onTyping(safeParse(message.payload));
      else if (this.behind(message.payload)) void this.read();
    });
    client.on('error', (error) => this.options.logger.warn({ err: error }, 'event listener connection failed'));
    try {
      await client.connect();
      await client.query(`LISTEN ${EVENTS_CHANNEL}`);
      await client.query(`LISTEN ${TYPING_CHANNEL}`);
    } catch (error) {
      // pg emits 'end' after a failed connect too: this client never became the listener, so
      // its 'end' handler (attached below, only on success) cannot schedule a second retry.
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    client.on('end', () => {
      if (this.listener !== client) return;
      this.listener = undefined;
      if (!this.stopped) this.reconnect();
    });
    this.listener = client;
    void this.read(); // catch up on whatever committed while we were not listening
  }

  /** The one reconnect loop: retries until a listener is up or the feed stops. */
  private reconnect(): void {
    if (this.reconnecting || this.stopped) return;
    this.reconnecting = true;
    const attempt = (n: number) => {
      this.retryTimer = setTimeout(() => {
        if (this.stopped) return;
        this.connect().then(
          () => {
            this.reconnecting = false;
            this.options.logger.info({ attempts: n + 1 }, 'event listener reconnected');
          },
          (error: unknown) => {
            this.options.logger.warn({ err: error, attempt: n + 1 }, 'event listener reconnect failed');
            attempt(n + 1);
          },
        );
      }, backoffDelay(n, { baseMs: 100, maxMs: 5_000, jitter: 'equal' }));
      this.retryTimer.unref();
    };
    attempt(0);
  }
}

function safeParse(payload: string | undefined): unknown {
  try {
    return payload ? JSON.parse(payload) : null;
  } catch {
    return null;
  }
}
