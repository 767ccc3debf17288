import { Field, ID, ObjectType } from 'type-graphql';
import { Agent } from '../modules/agents/agent.entity.js';
import type { AgentIdentity } from '../modules/auth/actor.js';
import type { ThreadReader } from '../modules/threads/thread-reader.js';
import { viewerOf } from '../modules/threads/visibility.js';
import type { Notifier } from './notifier.js';

@ObjectType()
export class TypingEvent {
  @Field(() => ID)
  threadId!: string;

  @Field(() => Agent)
  agent!: Agent;

  @Field()
  typing!: boolean;

  agentId!: string;
}

/** A renewal of `typing: true` sooner than this after the last broadcast is absorbed. */
export const TYPING_RENEW_MS = 2000;
/** Without a renewal for this long, watchers are told `typing: false`. */
export const TYPING_EXPIRES_MS = 5000;

export interface TypingNotice {
  threadId: string;
  agentId: string;
  typing: boolean;
}

/** Sending side of "who is typing": ephemeral, over NOTIFY (so replicas share it), never stored. */
export class TypingService {
  private readonly lastBroadcast = new Map<string, number>();

  constructor(
    private readonly threads: ThreadReader,
    private readonly notifier: Notifier,
  ) {}

  /** Never fails because of frequency: a too-early renewal is simply absorbed. */
  async setTyping(actor: AgentIdentity, threadId: string, typing: boolean): Promise<boolean> {
    await this.threads.requireVisible(viewerOf(actor), threadId);
    const key = `${actor.agentId}:${threadId}`;
    const now = Date.now();
    if (typing) {
      const last = this.lastBroadcast.get(key);
      if (last !== undefined && now - last < TYPING_RENEW_MS) return true;
      this.lastBroadcast.set(key, now);
    } else {
      this.lastBroadcast.delete(key);
    }
    await this.notifier.typing({ threadId, agentId: actor.agentId, typing });
    return true;
  }

}

/**
 * Receiving side, in every process: relays typing notices to this process's watchers and
 * expires a `true` that is not renewed (the typer closed the tab, lost the network).
 */
export class TypingRelay {
  private readonly expiries = new Map<string, NodeJS.Timeout>();

  constructor(private readonly deliver: (notice: TypingNotice) => void) {}

  received(payload: unknown): void {
    if (!isNotice(payload)) return;
    const key = `${payload.agentId}:${payload.threadId}`;
    clearTimeout(this.expiries.get(key));
    this.expiries.delete(key);
    if (payload.typing) {
      const timer = setTimeout(() => {
        this.expiries.delete(key);
        this.deliver({ ...payload, typing: false });
      }, TYPING_EXPIRES_MS);
      timer.unref();
      this.expiries.set(key, timer);
    }
    this.deliver(payload);
  }

  stop(): void {
    for (const timer of this.expiries.values()) clearTimeout(timer);
    this.expiries.clear();
  }
}

function isNotice(value: unknown): value is TypingNotice {
  const notice = value as TypingNotice | null;
  return !!notice && typeof notice.threadId === 'string' && typeof notice.agentId === 'string' && typeof notice.typing === 'boolean';
}
