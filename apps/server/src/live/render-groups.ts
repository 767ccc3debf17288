import type { Actor } from '../modules/auth/actor.js';
import type { Context } from '../modules/context.js';
import { accessOf, sees, type ThreadAccess, type VisibilityFacts } from '../modules/threads/visibility.js';
import type { EventSubscription } from './subscriptions.js';

/**
 * Subscribers that can share one rendering of an event: the same document, variables and role,
 * the same access to the event's thread as it is NOW (FULL, or REDACTED for one who may no longer
 * see it), and, when the document reads viewer-scoped fields, the same agent.
 */
export function groupKey(subscription: EventSubscription, access: ThreadAccess): string {
  const own = subscription.viewerScoped && !subscription.viewer.seesAll ? subscription.viewer.agentId : '';
  return `${subscription.renderKey}\u0000${access}\u0000${own}`;
}

/** How much of the thread this subscriber may see now (the event already reached them). */
export function accessNow(subscription: EventSubscription, now: VisibilityFacts | undefined, fallback: VisibilityFacts): ThreadAccess {
  return accessOf(sees(subscription.viewer, now ?? fallback));
}

/**
 * What decides role-dependent fields of a rendering: an agent's role, or a key's scopes (a READ
 * key gets agents without e-mail addresses) and its bound agent's role.
 */
export function renderRoleOf(actor: Actor): string {
  return actor.kind === 'agent' ? actor.role : `key:${[...actor.scopes].sort().join('+')}:${actor.agent?.role ?? ''}`;
}

/** One render context per (role, access, own agent) for a batch, built on first use. */
export class ContextCache {
  private readonly contexts = new Map<string, Context>();

  constructor(private readonly build: (actor: Actor, access: ThreadAccess) => Context) {}

  get(subscription: EventSubscription, access: ThreadAccess): Context {
    const own = subscription.viewerScoped && !subscription.viewer.seesAll ? subscription.viewer.agentId : '';
    const key = `${renderRoleOf(subscription.actor)}\u0000${access}\u0000${own}`;
    let context = this.contexts.get(key);
    if (!context) {
      context = this.build(subscription.actor, access);
      this.contexts.set(key, context);
    }
    return context;
  }
}
