import pg from 'pg';
import type { DataSource } from 'typeorm';
import type { Logger } from '../logger.js';
import type { LogEvent } from './delivery.js';
import { EVENTS_CHANNEL, TYPING_CHANNEL } from './notifier.js';

export interface FeedOptions {
  dataSource: DataSource;
  /** A real session for LISTEN (never through a transaction-mode pooler). */
  databaseUrl: string;
  logger: Logger;
  onEvents: (events: LogEvent[]) => void;
  onTyping: (payload: unknown) => void;
  pollMs?: number;
}

const PAGE = 1000;

// Qualify `ORDER BY event.id`: the text alias `id` would sort "10" before "9".
export const LOG_EVENT_COLUMNS = `id::text AS id, type, thread_id, actor_id, message_id, thread_version, before, after, note, data, created_at`;

export interface LogEventRow {
  id: string; type: string; thread_id: string | null; actor_id: string | null; message_id: string | null;
  thread_version: number | null; before: LogEvent['before']; after: LogEvent['after']; note: string | null;
  data: Record<string, unknown> | null; created_at: Date;
}

export function logEventFromRow(row: LogEventRow): LogEvent {
  return {
    id: row.id, type: row.type, threadId: row.thread_id, actorId: row.actor_id, messageId: row.message_id,
    threadVersion: row.thread_version, before: row.before, after: row.after, note: row.note, data: row.data,
    createdAt: row.created_at,
  };
}

/**
 * Each process's one reader of the log: a dedicated LISTEN session for wake-ups, and a poll in
 * case a wake-up is lost. Every read takes everything after its position, in id (= commit)
 * order, and hands it on. A dropped listener is re-established; the position survives it.
 */
export class EventFeed {
  private listener: pg.Client | undefined;
  private position = 0n;
  private reading: Promise<void> | undefined;
  private readAgain = false;
  private poll: NodeJS.Timeout | undefined;
  private stopped = false;
  private reconnectDelay = 100;

  constructor(private readonly options: FeedOptions) {}

  /** The id of the last event handed on. */
  get cursor(): bigint {
    return this.position;
  }

  /** Where live delivery starts: the latest event now (older ones are replayed from the log). */
  async initialize(): Promise<bigint> {
    const [row] = await this.options.dataSource.query(`SELECT coalesce(max(id), 0)::text AS id FROM event`);
    this.position = BigInt(row.id);
    return this.position;
  }

  async listen(): Promise<void> {
    await this.connect();
    this.poll = setInterval(() => this.read(), this.options.pollMs ?? 1500);
    this.poll.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.poll);
    await this.reading;
    await this.listener?.end().catch(() => undefined);
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
            const rows: LogEventRow[] = await this.options.dataSource.query(
              `SELECT ${LOG_EVENT_COLUMNS} FROM event WHERE event.id > $1::bigint ORDER BY event.id LIMIT ${PAGE}`,
              [this.position.toString()],
            );
            if (rows.length === 0 || this.stopped) break;
            this.position = BigInt(rows.at(-1)!.id);
            this.options.onEvents(rows.map(logEventFromRow));
            if (rows.length < PAGE) break;
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

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.options.databaseUrl, application_name: 'switchboard-listener' });
    client.on('notification', (message) => {
      if (message.channel === TYPING_CHANNEL) this.options.onTyping(safeParse(message.payload));
      else void this.read();
    });
    client.on('error', (error) => this.options.logger.warn({ err: error }, 'event listener connection failed'));
    client.on('end', () => {
      if (this.listener === client) this.listener = undefined;
      if (!this.stopped) this.reconnect();
    });
    await client.connect();
    await client.query(`LISTEN ${EVENTS_CHANNEL}`);
    await client.query(`LISTEN ${TYPING_CHANNEL}`);
    this.listener = client;
    this.reconnectDelay = 100;
    void this.read(); // catch up on whatever committed while we were not listening
  }

  private reconnect(): void {
    const delay = this.reconnectDelay;
    this.reconnectDelay = Math.min(this.reconnectDelay * 2, 5000);
    setTimeout(() => {
      if (this.stopped) return;
      this.connect().catch((error: unknown) => {
        this.options.logger.warn({ err: error, retryInMs: this.reconnectDelay }, 'event listener reconnect failed');
        this.reconnect();
      });
    }, delay).unref();
  }
}

function safeParse(payload: string | undefined): unknown {
  try {
    return payload ? JSON.parse(payload) : null;
  } catch {
    return null;
  }
}
