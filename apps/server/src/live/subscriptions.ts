import type { Actor } from '../modules/auth/actor.js';
import type { LiveRequest } from '../modules/context.js';
import type { LiveFilter } from './delivery.js';
import type { LiveViewer } from './viewers.js';

/** A `threadEvents` subscription: replayed from its cursor, then live. */
export interface EventSubscription {
  request: LiveRequest;
  actor: Actor;
  viewer: LiveViewer;
  filter: LiveFilter;
  types: readonly string[] | null;
  renderKey: string;
  /** Its document selects fields that differ per viewer: it renders with its own agent's eyes. */
  viewerScoped: boolean;
  live: boolean;
  cursor: bigint;
  end(): void;
}

/** A subscription fed by something other than thread events (presence, typing, the board, set-up changes). */
export interface SideSubscription {
  kind: 'presence' | 'typing' | 'board' | 'settings';
  request: LiveRequest;
  actor: Actor;
  threadId: string | null;
  renderKey: string;
  /** Completes it from the server's side. */
  end(): void;
}
