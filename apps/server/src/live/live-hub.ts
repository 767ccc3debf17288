import { CloseReason } from '@switchboard/schema';
import { badInput, subscriptionOverWebSocketOnly } from '../errors.js';
import { isThreadEvent, type LoggedEvent, type LoggedThreadEvent, SystemEventType, type LoggedSystemEvent } from '../events/event-types.js';
import type { Logger } from '../logger.js';
import type { Actor } from '../modules/auth/actor.js';
import type { Context, LiveSubscriptions } from '../modules/context.js';
import { mayHearOf, settingsChangesOf, type SettingsArea } from '../modules/settings/settings-change.js';
import { parseEventCursor, type ThreadEventReader } from '../modules/thread-events/thread-event-reader.js';
import type { ThreadAccess } from '../modules/threads/visibility.js';
import type { BatchData } from './batch.js';
import { shouldDeliver, type LiveFilter } from './delivery.js';
import { endlessIterator } from './endless-iterator.js';
import { deliverEvent } from './deliver.js';
import { CloseCode, FrameBatch, writeNext } from './frames.js';
import { ContextCache, renderRoleOf } from './render-groups.js';
import { renderKeyOf, type Renderer } from './render.js';
import { Replays } from './replay.js';
import { LiveConnections } from './connections.js';
import type { EventSubscription, SideSubscription } from './subscriptions.js';
import type { LiveViewers } from './viewers.js';

/** The most events one batch takes (its threads, actors and messages load in one query each). */
const MAX_BATCH = 1000;

export interface HubLimits {
  /** A live socket with more than this buffered is closed; the client resumes with its cursor. */
  slowSocketBytes: number;
  /** A replaying socket waits while more than this is buffered. */
  replayHighWaterBytes: number;
}

export const DEFAULT_HUB_LIMITS: HubLimits = { slowSocketBytes: 8 * 1024 * 1024, replayHighWaterBytes: 1024 * 1024 };

export interface HubDeps {
  logger: Logger;
  dataSource: { query(sql: string, params?: unknown[]): Promise<unknown> };
  renderer: Renderer;
  viewers: LiveViewers;
  events: ThreadEventReader;
  /** Loads what a batch renders from, once for the batch. */
  loadBatch(events: readonly LoggedThreadEvent[]): Promise<BatchData>;
  /** A render context over a loaded batch, for an actor and an access to the batch's threads. */
  contextFor(actor: Actor, access: ThreadAccess, batch: BatchData): Context;
  /** NOT_FOUND unless the actor may see the thread (visibility.ts). */
  requireVisible(actor: Actor, threadId: string): Promise<void>;
  /** Loads an agent and renders it for presence subscribers. */
  presence(agentId: string): Promise<unknown>;
  /** A `boardUpdated` subscriber arrived (live/board-feed.ts pushes to it). */
  boardSubscribed(subscription: SideSubscription): void;
  /** Renders a set-up change for the settingsChanged subscribers given. */
  settings(recipients: SideSubscription[], change: { area: SettingsArea; id: string | null }): Promise<unknown>;
  limits?: HubLimits;
}


/**
 * Fans the log out to live subscribers: decides delivery per event from its before/after state,
 * renders each event once per render group (render-groups.ts), serializes it once, and writes
 * each socket's frame itself. A batch that fails closes the sockets it was due to reach with
 * 4500, so their clients resume from their cursors instead of silently missing an event.
 */
export class LiveHub implements LiveSubscriptions {
  private readonly subscriptions = new Set<EventSubscription>();
  private readonly side = new Set<SideSubscription>();
  /** The id of the last event the dispatcher has decided delivery for. */
  private passed = 0n;
  private dispatching: Promise<void> = Promise.resolve();
  /** Batches handed to the dispatcher and not yet delivered, oldest first. */
  private readonly queue: Array<{ events: number; oldestAt: number }> = [];
  /** The batch queued and not yet started, which new reads join. */
  private waiting: { events: LoggedEvent[]; queued: { events: number; oldestAt: number } } | undefined;
  /** The index, in the batch being processed, of the event not yet fully delivered. */
  private undelivered = 0;
  private readonly limits: HubLimits;
  /** How many sockets were closed for reading too slowly. */
  slowSocketsClosed = 0;

  private readonly replays: Replays;
  /** Every authenticated socket of this process, which revocations and expiry close. */
  readonly connections = new LiveConnections();

  constructor(private readonly deps: HubDeps) {
    this.limits = deps.limits ?? DEFAULT_HUB_LIMITS;
    this.replays = new Replays({
      ...deps,
      highWaterBytes: this.limits.replayHighWaterBytes,
      passed: () => this.passed,
      active: (subscription) => this.subscriptions.has(subscription),
      undeliverable: (subscription) => this.undeliverable(subscription),
    });
  }

  start(cursor: bigint): void {
    this.passed = cursor;
  }

  /** Resolves once the batches handed to the dispatcher so far are delivered (or failed): for shutdown, before the pool closes. */
  async drained(): Promise<void> {
    await this.dispatching;
  }

  get subscriberCount(): number {
    return this.subscriptions.size + this.side.size;
  }

  /** How many GraphQL executions rendered live payloads. */
  get renders(): number {
    return this.deps.renderer.renders;
  }

  /** typing(threadId): live only, nothing to replay; the thread must be visible. */
  async subscribeTyping(context: Context, threadId: string): Promise<AsyncIterableIterator<never>> {
    await this.deps.requireVisible(requireLive(context).actor, threadId);
    return this.subscribeSide(context, 'typing', threadId);
  }

  /** agentPresenceChanged: live only. */
  subscribePresence(context: Context): AsyncIterableIterator<never> {
    return this.subscribeSide(context, 'presence', null);
  }

  /** boardUpdated: live only; the board feed pushes the next board to it. */
  subscribeBoard(context: Context): AsyncIterableIterator<never> {
    const iterator = this.subscribeSide(context, 'board', null);
    this.deps.boardSubscribed(iterator.subscription);
    return iterator;
  }

  /** settingsChanged: live only. */
  subscribeSettings(context: Context): AsyncIterableIterator<never> {
    return this.subscribeSide(context, 'settings', null);
  }

  private subscribeSide(context: Context, kind: SideSubscription['kind'], threadId: string | null): AsyncIterableIterator<never> & { subscription: SideSubscription } {
    const { actor, request } = requireLive(context);
    const iterator = endlessIterator(() => this.side.delete(subscription));
    const subscription: SideSubscription = { kind, request, actor, threadId, renderKey: renderKeyOf(renderRoleOf(actor), request, request.variables), end: iterator.end };
    this.side.add(subscription);
    return Object.assign(iterator, { subscription });
  }

  async subscribeEvents(context: Context, rawArgs: Record<string, unknown>): Promise<AsyncIterableIterator<never>> {
    // graphql-js validated and coerced them against threadEvents(after, filter, types).
    const args = rawArgs as { after?: string | null; filter?: LiveFilter | null; types?: string[] | null };
    const { actor, request } = requireLive(context);
    if ((args.filter as { search?: unknown } | null)?.search != null) {
      throw badInput('filter.search', 'is not supported on subscriptions: filter the list query by search, and subscribe by threadIds');
    }
    const after = args.after == null ? null : parseEventCursor(args.after);
    if (after !== null) await this.deps.events.requireHeld(after);
    const viewer = await this.deps.viewers.viewerFor(actor);
    const { after: _after, ...renderVariables } = request.variables;
    const iterator = endlessIterator(() => this.subscriptions.delete(subscription));
    const subscription: EventSubscription = {
      request,
      actor,
      viewer,
      filter: args.filter ?? {},
      types: args.types?.length ? args.types : null,
      renderKey: renderKeyOf(renderRoleOf(actor), request, renderVariables),
      viewerScoped: this.deps.renderer.viewerScoped(request.document),
      live: after === null,
      cursor: after ?? this.passed,
      end: iterator.end,
    };
    this.subscriptions.add(subscription);
    if (!subscription.live) this.replays.add(subscription);
    return iterator;
  }

  /** Renders `root` once per render key of `recipients` and writes their frames. */
  async broadcast(recipients: Iterable<SideSubscription>, root: unknown, contextFor: (actor: Actor) => Promise<Context>): Promise<void> {
    const groups = groupBy(recipients, (subscription) => subscription.renderKey);
    for (const group of groups.values()) {
      const first = group[0]!;
      const { payload } = await this.deps.renderer.render(first.request, root, await contextFor(first.actor));
      for (const subscription of group) if (writeNext(subscription.request, payload, this.limits.slowSocketBytes) === 'closed-slow') this.slowSocketsClosed++;
    }
  }

  /** The watchers of a thread's typing indicator on this process. */
  typingWatchers(threadId: string): SideSubscription[] {
    return [...this.side].filter((s) => s.kind === 'typing' && s.threadId === threadId);
  }

  presenceWatchers(): SideSubscription[] {
    return [...this.side].filter((s) => s.kind === 'presence');
  }

  boardWatchers(): SideSubscription[] {
    return [...this.side].filter((s) => s.kind === 'board');
  }

  /** Who hears of a change to `area` (keys and webhooks only admins). */
  settingsWatchers(area: SettingsArea): SideSubscription[] {
    return [...this.side].filter((s) => s.kind === 'settings' && mayHearOf(s.actor, area));
  }

  /**
   * Called by the feed with each read, in log order. Reads that arrive while a batch is being
   * delivered join the next batch (up to MAX_BATCH events): under load batches grow, so the
   * per-batch cost (a few queries) is shared by more events instead of queueing up.
   */
  dispatch(events: LoggedEvent[]): Promise<void> {
    if (events.length === 0) return this.dispatching;
    const waiting = this.waiting;
    if (waiting && waiting.events.length + events.length <= MAX_BATCH) {
      waiting.events.push(...events);
      waiting.queued.events += events.length;
      return this.dispatching;
    }
    const queued = { events: events.length, oldestAt: events[0]!.createdAt.getTime() };
    const batch = { events: [...events], queued };
    this.queue.push(queued);
    this.waiting = batch;
    this.dispatching = this.dispatching
      .then(() => {
        if (this.waiting === batch) this.waiting = undefined;
        return this.process(batch.events);
      })
      .catch((error: unknown) => this.failed(batch.events, error))
      .finally(() => this.queue.splice(this.queue.indexOf(queued), 1));
    return this.dispatching;
  }

  /** How far behind the log this process's live delivery is. */
  lag(now = Date.now()): { lagMs: number; queuedEvents: number; replaying: number } {
    const oldest = this.queue[0];
    return {
      lagMs: oldest ? Math.max(0, now - oldest.oldestAt) : 0,
      queuedEvents: this.queue.reduce((sum, batch) => sum + batch.events, 0),
      replaying: this.replays.size,
    };
  }

  private async process(events: LoggedEvent[]): Promise<void> {
    this.undelivered = 0;
    const threadEvents = events.filter(isThreadEvent);
    // One load for the batch, shared by its few render contexts: a batch costs three queries,
    // not a few per event or per context.
    const batch = await this.deps.loadBatch(threadEvents);
    const contexts = new ContextCache((actor, access) => this.deps.contextFor(actor, access, batch));
    const frames = new FrameBatch();
    const round = {
      candidates: () => [...this.subscriptions].filter((subscription) => subscription.live),
      active: (subscription: EventSubscription) => this.subscriptions.has(subscription),
      facts: batch.facts,
      contexts,
      frames,
      slowBytes: this.limits.slowSocketBytes,
      undeliverable: (subscription: EventSubscription) => this.undeliverable(subscription),
    };
    try {
      for (const [index, event] of events.entries()) {
        this.undelivered = index;
        this.passed = BigInt(event.id);
        if (isThreadEvent(event)) await deliverEvent(event, round, this.deps.renderer, this.deps.logger);
        else this.applySystemEvent(event);
      }
    } finally {
      frames.flush();
      this.slowSocketsClosed += frames.slowClosed;
    }
  }

  /**
   * A batch failed (the database went away mid-render, a bug): log it with its stack, and close
   * every live socket that was due one of the events not yet delivered, so its client resumes
   * from its cursor. Nobody silently misses an event.
   */
  private failed(events: LoggedEvent[], error: unknown): void {
    const last = events.at(-1);
    const told = this.deps.renderer.failure(error); // masked, and logged with its stack
    this.deps.logger.error({ events: events.length, lastCursor: last?.id }, 'live dispatch failed; closing affected sockets (4500) so they resume');
    if (!last) return;
    this.passed = BigInt(last.id);
    const missed = events.slice(this.undelivered).filter(isThreadEvent);
    for (const subscription of this.subscriptions) {
      const due = missed.some((event) => BigInt(event.id) > subscription.cursor &&
        shouldDeliver(event, subscription.viewer, subscription.filter, subscription.types));
      if (subscription.live && due) {
        writeNext(subscription.request, told, Number.POSITIVE_INFINITY);
        this.undeliverable(subscription);
      }
    }
  }

  /** The board and set-up changes were allowed for the role they had: subscribing again asks anew. */
  private endRoleBoundOf(agentId: string): void {
    for (const subscription of this.side) {
      const { actor } = subscription;
      if (subscription.kind !== 'board' && subscription.kind !== 'settings') continue;
      if ((actor.kind === 'agent' ? actor.agentId : actor.agent?.agentId) === agentId) subscription.end();
    }
  }

  /** The client saw the (masked) error but not the event: it resumes from the cursor it had. */
  private undeliverable(subscription: EventSubscription): void {
    subscription.request.socket.close(CloseCode.DISPATCH_FAILED, 'Delivery failed: resume from your last cursor');
    this.subscriptions.delete(subscription);
  }

  private applySystemEvent(event: LoggedSystemEvent): void {
    this.deps.viewers.apply(event);
    for (const change of settingsChangesOf(event)) {
      const recipients = this.settingsWatchers(change.area);
      if (recipients.length > 0) {
        void this.deps.settings(recipients, change).catch((error: unknown) =>
          this.deps.logger.error({ err: error }, 'settings broadcast failed'));
      }
    }
    switch (event.type) {
      case SystemEventType.AGENT_UPDATED:
        if (event.data.after.active === false) this.connections.revoke({ agentId: event.data.agentId }, CloseReason.AGENT_DEACTIVATED);
        else if (event.data.after.passwordReset) this.connections.revoke({ agentId: event.data.agentId }, CloseReason.PASSWORD_RESET);
        else if (event.data.after.role !== undefined) this.endRoleBoundOf(event.data.agentId);
        break;
      case SystemEventType.SESSION_REVOKED:
        this.connections.revoke({ sessionId: event.data.sessionId }, CloseReason.SIGNED_OUT);
        break;
      case SystemEventType.API_KEY_REVOKED:
        this.connections.revoke({ keyId: event.data.keyId }, CloseReason.API_KEY_REVOKED);
        break;
      case SystemEventType.AGENT_PRESENCE_CHANGED:
        void this.deps.presence(event.data.agentId).catch((error: unknown) =>
          this.deps.logger.error({ err: error }, 'presence broadcast failed'));
        break;
      default:
        break;
    }
  }

}

function requireLive(context: Context): { actor: Actor; request: NonNullable<Context['live']> } {
  if (!context.actor || !context.live) {
    throw subscriptionOverWebSocketOnly();
  }
  return { actor: context.actor, request: context.live };
}

function groupBy<T>(items: Iterable<T>, keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
