import { CloseReason } from '@switchboard/schema';
import type { Actor } from '../modules/auth/actor.js';
import type { LiveSocket } from '../modules/context.js';
import { CloseCode } from './frames.js';

/** Whose sockets a revocation ends: an agent's (and the keys acting as them), a session's, a key's. */
export interface RevocationMatch {
  agentId?: string;
  sessionId?: string;
  keyId?: string;
}

/**
 * Every authenticated WebSocket of this process and whose it is, subscribed to anything or not:
 * sign-out, deactivation, a password reset, a revoked key and an expired session close each of
 * them (4403 with the reason), not only the ones that happen to hold a subscription.
 *
 * A socket is admitted in two steps around the token lookup, so that a revocation applied while
 * the lookup runs is not missed: the lookup began before it was applied, and may have read the
 * token as still good. Such a socket is refused (4403) instead of admitted. (A revocation applied
 * before the lookup began had committed before it, so the lookup itself refuses the token.)
 */
export class LiveConnections {
  private readonly open = new Map<LiveSocket, Actor>();
  /** Revocations applied while a lookup was running, numbered; kept only while one is. */
  private recent: Array<{ seq: number; match: RevocationMatch }> = [];
  private seq = 0;
  /** Lookups under way. */
  private lookups = 0;

  get size(): number {
    return this.open.size;
  }

  /**
   * Looks the token up (`authenticate`) and admits the socket under the actor found, or answers
   * null: no actor, the socket closed meanwhile, or a revocation of this actor came during the lookup.
   */
  async admit(socket: LiveSocket, authenticate: () => Promise<Actor | null>): Promise<Actor | null> {
    const since = this.seq;
    this.lookups++;
    try {
      const actor = await authenticate();
      if (!actor || socket.readyState !== OPEN) return null;
      if (this.recent.some((revocation) => revocation.seq > since && matches(actor, revocation.match))) return null;
      this.open.set(socket, actor);
      return actor;
    } finally {
      if (--this.lookups === 0) this.recent = [];
    }
  }

  /** The socket closed. */
  closed(socket: LiveSocket): void {
    this.open.delete(socket);
  }

  /** Closes every socket of the match (sign-out, deactivation, password reset, revocation). */
  revoke(match: RevocationMatch, reason: string): void {
    if (this.lookups > 0) this.recent.push({ seq: ++this.seq, match });
    for (const [socket, actor] of this.open) {
      if (matches(actor, match)) this.close(socket, reason);
    }
  }

  /** Closes the sockets whose session or key has expired since they connected. */
  closeExpired(now = Date.now()): void {
    for (const [socket, actor] of this.open) {
      if (actor.expiresAt.getTime() <= now) this.close(socket, CloseReason.SESSION_EXPIRED);
    }
  }

  private close(socket: LiveSocket, reason: string): void {
    this.open.delete(socket);
    socket.close(CloseCode.FORBIDDEN, reason);
  }
}

/** ws's WebSocket.OPEN. */
const OPEN = 1;

function matches(actor: Actor, match: RevocationMatch): boolean {
  const agentId = actor.kind === 'agent' ? actor.agentId : actor.agent?.agentId;
  return (match.agentId !== undefined && agentId === match.agentId) ||
    (match.sessionId !== undefined && actor.kind === 'agent' && actor.sessionId === match.sessionId) ||
    (match.keyId !== undefined && actor.kind === 'key' && actor.keyId === match.keyId);
}
