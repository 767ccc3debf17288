import type { Logger } from '../logger.js';
import type { Actor } from '../modules/auth/actor.js';
import type { Context } from '../modules/context.js';
import type { ThreadEventReader } from '../modules/thread-events/thread-event-reader.js';
import { threadEventOf } from '../modules/thread-events/thread-event.model.js';
import type { ThreadAccess, VisibilityFacts } from '../modules/threads/visibility.js';
import { shouldDeliver } from './delivery.js';
import { CloseCode, drained } from './frames.js';
import { accessNow, ContextCache } from './render-groups.js';
import type { Renderer } from './render.js';
import type { EventSubscription } from './subscriptions.js';
import type { LoggedThreadEvent } from '../events/event-types.js';

const REPLAY_PAGE = 200;

export interface ReplayDeps {
  logger: Logger;
  renderer: Renderer;
  events: ThreadEventReader;
  threadFacts(ids: readonly string[]): Promise<Map<string, VisibilityFacts>>;
  contextFor(actor: Actor, access: ThreadAccess, events: readonly LoggedThreadEvent[]): Promise<Context>;
  limits: { replayHighWaterBytes: number };
  /** The id of the last event the live dispatcher has decided delivery for. */
  passed(): bigint;
  /** False once the subscription ended. */
  active(): boolean;
  write(payload: string): void;
  /** An event rendered without data: close so the client resumes. */
  undeliverable(): void;
}

/**
 * Replays what a subscriber missed, paced by its socket, then joins the live stream without a
 * seam. A failure closes the socket with 4500: the client resumes from its cursor.
 */
export async function replay(subscription: EventSubscription, deps: ReplayDeps): Promise<void> {
  try {
    for (;;) {
      // Joining here is safe: every event up to `passed` was decided while we were not live and
      // is at or below our cursor; every later one will be decided with us live.
      if (subscription.cursor >= deps.passed()) {
        subscription.live = true;
        return;
      }
      // Every event up to `target` was committed before this read starts, so it sees them.
      const target = deps.passed();
      const page = await deps.events.page(subscription.viewer, { after: subscription.cursor.toString(), first: REPLAY_PAGE });
      if (!deps.active()) return;
      const due = page.filter((event) => shouldDeliver(event, subscription.viewer, subscription.filter, subscription.types));
      const facts = await deps.threadFacts([...new Set(due.map((event) => event.threadId))]);
      const contexts = new ContextCache((actor, access) => deps.contextFor(actor, access, due));
      for (const event of page) {
        if (BigInt(event.id) <= subscription.cursor) continue;
        if (due.includes(event)) {
          if (!(await drained(subscription.request.socket, deps.limits.replayHighWaterBytes))) return;
          const access = accessNow(subscription, facts.get(event.threadId), event.after);
          const { payload, delivered } = await deps.renderer.render(subscription.request, threadEventOf(event), await contexts.get(subscription, access));
          deps.write(payload);
          if (!delivered) {
            deps.logger.error({ cursor: event.id }, 'a replayed event rendered without data; closing the socket (4500) so it resumes');
            deps.undeliverable();
            return;
          }
        }
        subscription.cursor = BigInt(event.id);
      }
      // Nothing (more) visible up to `target`: move up to it.
      if (page.length < REPLAY_PAGE && subscription.cursor < target) subscription.cursor = target;
    }
  } catch (error) {
    deps.logger.error({ err: error }, 'replay failed; closing the socket (4500) so the client resumes');
    subscription.request.socket.close(CloseCode.DISPATCH_FAILED, 'Replay failed: resume from your last cursor');
  }
}
