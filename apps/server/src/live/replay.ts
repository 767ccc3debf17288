import type { SqlParams } from '../db/sql.js';
import { readEvents } from '../events/event-log.js';
import { eventVisibleSql } from '../modules/threads/visibility.js';
import type { LoggedThreadEvent } from '../events/event-types.js';
import type { Logger } from '../logger.js';
import type { Actor } from '../modules/auth/actor.js';
import type { Context } from '../modules/context.js';
import type { ThreadAccess } from '../modules/threads/visibility.js';
import type { BatchData } from './batch.js';
import { deliverEvent, RenderCache } from './deliver.js';
import { FrameBatch, writeNext } from './frames.js';
import { ContextCache } from './render-groups.js';
import type { Renderer } from './render.js';
import type { EventSubscription } from './subscriptions.js';

const REPLAY_PAGE = 500;
const COALESCE_MS = 15;

export interface ReplayDeps {
  logger: Logger;
  renderer: Renderer;
  dataSource: { query(sql: string, params?: unknown[]): Promise<unknown> };
  loadBatch(events: readonly LoggedThreadEvent[]): Promise<BatchData>;
  contextFor(actor: Actor, access: ThreadAccess, batch: BatchData): Context;
  /** A replaying socket sits out while more than this is buffered for it. */
  highWaterBytes: number;
  /** The id of the last event the live dispatcher has decided delivery for. */
  passed(): bigint;
  /** False once the subscription ended. */
  active(subscription: EventSubscription): boolean;
  /** Closes with 4500 and forgets the subscription: its client resumes from its cursor. */
  undeliverable(subscription: EventSubscription): void;
}

/**
 * Every subscriber resuming from a cursor, served together: one read of the log per page for all
 * of them (from the lowest cursor), one rendering per render group per event, frames corked per
 * socket, each paced by its own socket (one that is behind sits out a page and is read for again
 * from its cursor). A subscriber joins the live stream once its cursor reaches the dispatcher's,
 * without a seam. A failure closes the replaying sockets with 4500: their clients resume.
 */
export class Replays {
  private readonly replaying = new Set<EventSubscription>();
  private running: Promise<void> | undefined;
  private readonly rendered = new RenderCache();

  constructor(private readonly deps: ReplayDeps) {}

  get size(): number {
    return this.replaying.size;
  }

  add(subscription: EventSubscription): void {
    this.replaying.add(subscription);
    this.kick();
  }

  private kick(): void {
    if (this.running) return;
    // Consoles reconnect together (a replica went away): let the ones arriving now join this pass.
    this.running = new Promise((resolve) => setTimeout(resolve, COALESCE_MS))
      .then(() => this.run())
      .catch((error: unknown) => {
        const told = this.deps.renderer.failure(error); // masked, and logged with its stack
        this.deps.logger.error({ subscribers: this.replaying.size }, 'replay failed; closing replaying sockets (4500) so they resume');
        for (const subscription of this.replaying) {
          writeNext(subscription.request, told, Number.POSITIVE_INFINITY);
          this.deps.undeliverable(subscription);
        }
        this.replaying.clear();
      })
      .finally(() => {
        this.running = undefined;
        // The cache outlives a pass: consoles of a failover arrive over seconds, not at once.
        if (this.replaying.size > 0) this.kick();
        else this.rendered.dropExpired();
      });
  }

  private async run(): Promise<void> {
    while (this.replaying.size > 0) {
      const target = this.deps.passed();
      for (const subscription of this.replaying) {
        if (!this.deps.active(subscription)) this.replaying.delete(subscription);
        // Joining here is safe: every event up to `passed` was decided while this subscriber
        // was not live and is at or below its cursor; every later one is decided with it live.
        else if (subscription.cursor >= target) {
          subscription.live = true;
          this.replaying.delete(subscription);
        }
      }
      const ready = [...this.replaying].filter((subscription) => subscription.request.socket.bufferedAmount <= this.deps.highWaterBytes);
      if (ready.length === 0) {
        if (this.replaying.size > 0) await new Promise((resolve) => setTimeout(resolve, 10));
        continue;
      }
      const from = ready.reduce((min, subscription) => (subscription.cursor < min ? subscription.cursor : min), ready[0]!.cursor);
      // Every event up to `target` committed before this read starts, so the read sees them.
      // Consoles of several agents share one read of the log; one agent alone (a quiet console
      // resuming) reads only the events it may see, through the log's visibility indexes.
      const viewers = new Set(ready.map((subscription) => subscription.viewer));
      const only = viewers.size === 1 ? ready[0]!.viewer : null;
      const page = (await readEvents(this.deps.dataSource, {
        after: from,
        limit: REPLAY_PAGE,
        threadEventsOnly: true,
        ...(only && !only.seesAll ? { where: (params: SqlParams) => eventVisibleSql(only, params) } : {}),
      })) as LoggedThreadEvent[];
      const paused = new Set<EventSubscription>();
      await this.deliver(page, ready, paused);
      // A short page read the log to its end (at least up to `target`).
      const end = page.length < REPLAY_PAGE ? maxOf(target, page.at(-1)?.id) : BigInt(page.at(-1)!.id);
      for (const subscription of ready) {
        if (!paused.has(subscription) && this.deps.active(subscription) && subscription.cursor < end) subscription.cursor = end;
      }
    }
  }

  private async deliver(page: LoggedThreadEvent[], ready: EventSubscription[], paused: Set<EventSubscription>): Promise<void> {
    const batch = await this.deps.loadBatch(page);
    const contexts = new ContextCache((actor, access) => this.deps.contextFor(actor, access, batch));
    const frames = new FrameBatch();
    try {
      for (const event of page) {
        await deliverEvent(event, {
          candidates: () => ready.filter((subscription) => this.replaying.has(subscription)),
          active: (subscription) => this.deps.active(subscription) && this.replaying.has(subscription),
          facts: batch.facts,
          contexts,
          frames,
          slowBytes: Number.POSITIVE_INFINITY,
          pauseAboveBytes: this.deps.highWaterBytes,
          paused,
          rendered: this.rendered,
          undeliverable: (subscription) => {
            this.replaying.delete(subscription);
            this.deps.undeliverable(subscription);
          },
        }, this.deps.renderer, this.deps.logger);
      }
    } finally {
      frames.flush();
    }
  }
}

function maxOf(a: bigint, b: string | undefined): bigint {
  return b !== undefined && BigInt(b) > a ? BigInt(b) : a;
}

