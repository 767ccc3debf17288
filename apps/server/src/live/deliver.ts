import type { LoggedThreadEvent } from '../events/event-types.js';
import type { Logger } from '../logger.js';
import { threadEventOf } from '../modules/thread-events/thread-event.model.js';
import type { ThreadAccess, VisibilityFacts } from '../modules/threads/visibility.js';
import { shouldDeliver } from './delivery.js';
import type { FrameBatch } from './frames.js';
import { accessNow, groupKey, type ContextCache } from './render-groups.js';
import type { Renderer, Rendered } from './render.js';
import type { EventSubscription } from './subscriptions.js';

const WRITES_PER_TURN = 256;

export interface DeliveryRound {
  /** Who may receive the event; read for each event (the set changes while we yield). */
  candidates(): Iterable<EventSubscription>;
  /** False once a subscription ended. */
  active(subscription: EventSubscription): boolean;
  /** Who may see each thread of the batch now. */
  facts: Map<string, VisibilityFacts>;
  contexts: ContextCache;
  frames: FrameBatch;
  /** A live socket with more than this buffered is closed (4008). */
  slowBytes: number;
  /**
   * Replays only: a socket with more than this buffered sits out the rest of the batch (its
   * cursor stays put, so the next read picks up where it stopped). Filled in `paused`.
   */
  pauseAboveBytes?: number;
  paused?: Set<EventSubscription>;
  /** The event rendered without data: the subscriber saw the masked error; close so it resumes. */
  undeliverable(subscription: EventSubscription): void;
  /** Replays only: renderings kept by (event, group), for consoles that resume a moment later. */
  rendered?: RenderCache;
}

/** Renderings of replayed events, kept briefly: consoles reconnecting together share them. */
export class RenderCache {
  private readonly entries = new Map<string, { rendered: Rendered; at: number }>();

  constructor(private readonly maxEntries = 20_000, private readonly ttlMs = 5_000) {}

  async get(key: string, render: () => Promise<Rendered>): Promise<Rendered> {
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && now - hit.at < this.ttlMs) return hit.rendered;
    const rendered = await render();
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { rendered, at: now });
    return rendered;
  }

  /** Forgets what is older than the time to live (entries are kept in insertion order). */
  dropExpired(now = Date.now()): void {
    for (const [key, entry] of this.entries) {
      if (now - entry.at < this.ttlMs) return;
      this.entries.delete(key);
    }
  }
}

/**
 * Delivers one thread event to every subscriber of the round that should get it: rendered once
 * per render group, written through the batch's corked frames. Used by the live dispatcher and
 * by shared replays alike.
 */
export async function deliverEvent(event: LoggedThreadEvent, round: DeliveryRound, renderer: Renderer, logger: Logger): Promise<void> {
  const groups = new Map<string, { access: ThreadAccess; members: EventSubscription[] }>();
  for (const subscription of round.candidates()) {
    if (BigInt(event.id) <= subscription.cursor || round.paused?.has(subscription)) continue;
    if (!shouldDeliver(event, subscription.viewer, subscription.filter, subscription.types)) continue;
    if (round.pauseAboveBytes !== undefined && subscription.request.socket.bufferedAmount > round.pauseAboveBytes) {
      round.paused?.add(subscription);
      continue;
    }
    const access = accessNow(subscription, round.facts.get(event.threadId), event.after);
    const key = groupKey(subscription, access);
    const group = groups.get(key);
    if (group) group.members.push(subscription);
    else groups.set(key, { access, members: [subscription] });
  }
  if (groups.size === 0) return;
  const root = threadEventOf(event);
  let written = 0;
  for (const [key, { access, members }] of groups) {
    const first = members[0]!;
    const render = async () => renderer.render(first.request, root, round.contexts.get(first, access));
    const { payload, delivered } = round.rendered ? await round.rendered.get(`${event.id}\u0000${key}`, render) : await render();
    if (!delivered) logger.error({ cursor: event.id, subscribers: members.length }, 'an event rendered without data; closing its sockets (4500) so they resume');
    for (const subscription of members) {
      if (!round.active(subscription)) continue; // ended while we yielded
      subscription.cursor = BigInt(event.id);
      round.frames.write(subscription.request, payload, round.slowBytes);
      if (!delivered) round.undeliverable(subscription);
      // Thousands of sockets take tens of milliseconds to write: send what is corked, and let
      // requests and commits in between. (Safe at the seam: a replay that joins meanwhile has
      // this event already.)
      if (++written % WRITES_PER_TURN === 0) {
        round.frames.flush();
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
  }
}
