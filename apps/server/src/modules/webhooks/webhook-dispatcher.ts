import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { DataSource } from 'typeorm';
import { backoffDelay } from '@switchboard/schema';
import { latestCursor, readEvents } from '../../events/event-log.js';
import type { LoggedThreadEvent } from '../../events/event-types.js';
import type { Logger } from '../../logger.js';
import type { MessageReader } from '../messages/message-reader.js';
import type { Message } from '../messages/message.model.js';
import { webhookBody } from './webhook-payload.js';
import { postWebhook } from './webhook-sender.js';
import { signWebhook } from './webhook-signer.js';
import { WebhookStore, type LeasedWebhook } from './webhook-store.js';

export interface DispatcherOptions {
  /** Loopback and private targets are allowed (SWITCHBOARD_WEBHOOK_ALLOW_PRIVATE). */
  allowPrivate: boolean;
  /** How often the log is polled for work when no `wake()` comes. Default 1 s. */
  pollMs: number;
  /** How long a lease lasts without renewal; at least twice `requestTimeoutMs`. Default 30 s. */
  leaseMs: number;
  /** No answer (status line) within this is a failed attempt. Default 10 s. */
  requestTimeoutMs: number;
  /** Retry schedule: `baseMs` doubling, capped at `maxMs`, with jitter. Default 1 s to 10 min. */
  backoff: { baseMs: number; maxMs: number };
  /** A webhook whose due event has failed this long is deactivated. Default 24 h. */
  failureWindowMs: number;
  /** Webhooks delivered at once by this process (each one event at a time). Default 8. */
  concurrency: number;
  /** Events read per step. Default 100. */
  batchSize: number;
  /** Delivery records older than this are pruned (the event log's retention). Default 30. */
  retentionDays: number;
}

export const DISPATCHER_DEFAULTS: DispatcherOptions = {
  allowPrivate: false,
  pollMs: 1_000,
  leaseMs: 30_000,
  requestTimeoutMs: 10_000,
  backoff: { baseMs: 1_000, maxMs: 600_000 },
  failureWindowMs: 24 * 3600_000,
  concurrency: 8,
  batchSize: 100,
  retentionDays: 30,
};

const PRUNE_EVERY_MS = 3600_000;

/**
 * Delivers webhooks: each one a reader of the event log with its cursor in PostgreSQL.
 *
 * Exclusivity is a lease per webhook row (`lease_owner`, `lease_until`), taken with
 * `FOR UPDATE SKIP LOCKED` and renewed before a send whenever less than a request timeout plus
 * a margin is left; every write made while delivering is fenced by the lease owner. A send never
 * outlives the lease it started under (the lease is at least twice the request timeout), so two
 * processes never have the same webhook in flight, and no session is held during HTTP calls. A
 * process that dies leaves its lease to run out; the next holder resumes from the stored cursor,
 * redelivering at most the event that was in flight (at least once).
 */
export class WebhookDispatcher {
  readonly options: DispatcherOptions;
  private readonly store: WebhookStore;
  private readonly owner = `${os.hostname()}:${process.pid}:${randomUUID()}`;
  private readonly workers = new Map<string, Promise<void>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new AbortController();
  private started = false;
  private stopping = false;
  private halted = false;
  private claiming: Promise<void> | undefined;
  private claimAgain = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly messages: MessageReader,
    private readonly logger: Logger,
    options: Partial<DispatcherOptions> = {},
  ) {
    this.options = { ...DISPATCHER_DEFAULTS, ...options };
    if (this.options.leaseMs < 2 * this.options.requestTimeoutMs) {
      throw new Error('webhook dispatcher: leaseMs must be at least twice requestTimeoutMs');
    }
    this.store = new WebhookStore(dataSource);
  }

  /** Starts polling (and pruning delivery records hourly). Call once the database is migrated. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.every(this.options.pollMs, () => this.wake());
    const prune = () => void this.prune().catch((error: unknown) => this.logger.warn({ err: error }, 'pruning webhook deliveries failed'));
    prune();
    this.every(PRUNE_EVERY_MS, prune);
    this.wake();
  }

  /** Looks for work now (after a commit, or a NOTIFY wake-up); a no-op before `start()`. */
  wake(): void {
    if (!this.started || this.stopping) return;
    if (this.claiming) {
      this.claimAgain = true;
      return;
    }
    this.claiming = this.claim().finally(() => (this.claiming = undefined));
  }

  /** Stops: in-flight sends are cut and recorded, leases released, so another process takes over at once. */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const timer of this.timers) clearInterval(timer);
    this.inFlight.abort();
    await this.claiming;
    await Promise.all(this.workers.values());
  }

  /** Stops as a killed process would: nothing recorded, no lease released (tests of crash recovery). */
  async halt(): Promise<void> {
    this.halted = true;
    await this.stop();
  }

  /** Delivery records older than the log's retention leave with the events they were about. */
  prune(): Promise<number> {
    return this.store.prune(this.options.retentionDays);
  }

  private every(ms: number, run: () => void): void {
    const timer = setInterval(run, ms);
    timer.unref();
    this.timers.add(timer);
  }

  private later(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, ms);
    timer.unref();
    this.timers.add(timer);
  }

  private async claim(): Promise<void> {
    try {
      do {
        this.claimAgain = false;
        const free = this.options.concurrency - this.workers.size;
        if (free <= 0 || this.stopping) return;
        const ids = await this.store.claim(this.owner, this.options.leaseMs, free, [...this.workers.keys()]);
        for (const id of ids) {
          if (this.stopping) {
            await this.release(id);
            continue;
          }
          this.workers.set(id, this.work(id).finally(() => {
            this.workers.delete(id);
            this.wake();
          }));
        }
      } while (this.claimAgain && !this.stopping);
    } catch (error) {
      this.logger.warn({ err: error }, 'claiming webhooks failed; retrying on the next poll');
    }
  }

  /** Delivers one leased webhook until it has caught up, fails, or the lease is gone. */
  private async work(id: string): Promise<void> {
    let leaseDeadline = 0;
    const renew = async (): Promise<LeasedWebhook | null> => {
      const asked = Date.now();
      const hook = await this.store.renew(id, this.owner, this.options.leaseMs);
      leaseDeadline = asked + this.options.leaseMs;
      return hook;
    };
    // Renew while more than one request (plus half the spare lease) is left: a send never outlives the lease.
    const margin = this.options.requestTimeoutMs + (this.options.leaseMs - this.options.requestTimeoutMs) / 2;
    try {
      for (;;) {
        if (this.stopping) return await this.release(id);
        const hook = await renew();
        if (!hook) return;
        if (!hook.active || hook.dueInMs > 0) return await this.release(id);
        if (await this.store.skipGap(id, this.owner, hook.cursor)) continue;
        const upTo = BigInt(await latestCursor(this.dataSource));
        if (upTo <= hook.cursor) return await this.release(id);
        const events = (await readEvents(this.dataSource, {
          after: hook.cursor,
          limit: this.options.batchSize,
          threadEventsOnly: true,
          where: (params) => [
            `e.id <= ${params.add(upTo.toString(), 'bigint')}`,
            ...(hook.types.length > 0 ? [`e.type = ANY(${params.add(hook.types, 'text[]')})`] : []),
          ].join(' AND '),
        })) as LoggedThreadEvent[];
        const messageIds = events.flatMap((event) => (event.messageId ? [event.messageId] : []));
        const messages = messageIds.length > 0 ? await this.messages.byIds(messageIds) : new Map<string, Message>();
        for (const event of events) {
          if (this.stopping) return await this.release(id);
          if (Date.now() + margin > leaseDeadline && !(await renew())) return;
          const outcome = await this.deliver(hook, event, messages.get(event.messageId ?? '') ?? null);
          if (outcome !== 'delivered') return;
          hook.attempts = 0;
        }
        // Fewer than a batch: every matching event up to `upTo` is delivered, the rest was not for it.
        if (events.length < this.options.batchSize && !(await this.store.skipTo(id, this.owner, upTo))) return;
      }
    } catch (error) {
      if (this.halted) return;
      this.logger.warn({ err: error, webhookId: id }, 'webhook delivery failed; the lease is released and the next poll retries');
      await this.release(id);
    }
  }

  /** One attempt at one event, recorded before and after. */
  private async deliver(hook: LeasedWebhook, event: LoggedThreadEvent, message: Message | null): Promise<'delivered' | 'stop'> {
    const attempt = hook.attempts + 1;
    const deliveryId = await this.store.begin(hook.id, event.id, attempt);
    const body = webhookBody(event, message);
    const result = await postWebhook(hook.url, body, {
      'Switchboard-Event-Id': event.id,
      'Switchboard-Signature': signWebhook(hook.secret, body),
    }, { timeoutMs: this.options.requestTimeoutMs, allowPrivate: this.options.allowPrivate, signal: this.inFlight.signal });
    if (this.halted) return 'stop';
    if (result.ok) {
      return (await this.store.delivered(hook.id, this.owner, deliveryId, event.id, result.httpStatus)) ? 'delivered' : 'stop';
    }
    if (result.aborted) {
      await this.store.interrupted(hook.id, this.owner, deliveryId, result.error ?? 'interrupted');
      return 'stop';
    }
    const retryInMs = backoffDelay(hook.attempts, { ...this.options.backoff, jitter: 'equal' });
    const failed = await this.store.failed(hook.id, this.owner, deliveryId, {
      httpStatus: result.httpStatus, error: result.error, retryInMs, failureWindowMs: this.options.failureWindowMs,
    });
    if (failed && !failed.active) {
      this.logger.warn({ webhookId: hook.id, url: hook.url, cursor: event.id }, 'webhook deactivated: its due event failed for the whole failure window');
    } else if (failed) {
      this.logger.debug({ webhookId: hook.id, cursor: event.id, attempt, retryInMs, error: result.error }, 'webhook attempt failed; retrying');
      this.later(retryInMs, () => this.wake());
    }
    return 'stop';
  }

  private async release(id: string): Promise<void> {
    if (this.halted) return;
    await this.store.release(id, this.owner).catch((error: unknown) =>
      this.logger.warn({ err: error, webhookId: id }, 'releasing a webhook lease failed; it runs out by itself'));
  }
}
