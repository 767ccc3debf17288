import DataLoader from 'dataloader';
import type { Actor } from '../modules/auth/actor.js';
import type { Context, LiveRequest } from '../modules/context.js';
import { redacted } from '../modules/threads/thread-reader.js';
import type { Thread } from '../modules/threads/thread.model.js';
import { viewerOf, type ThreadAccess } from '../modules/threads/visibility.js';
import type { AgentService } from '../modules/agents/agent.service.js';
import type { ChannelService } from '../modules/channels/channel.service.js';
import type { MessageReader } from '../modules/messages/message-reader.js';
import type { QueueService } from '../modules/queues/queue.service.js';
import type { ThreadReader } from '../modules/threads/thread-reader.js';

export type { Context };

/** The readers a context's loaders batch over. */
export interface ContextServices {
  agents: AgentService;
  queues: QueueService;
  channels: ChannelService;
  messages: MessageReader;
  threadReader: ThreadReader;
}

export interface ContextOptions {
  live?: LiveRequest;
  /**
   * The live path decided, with the same rule, how much of each event's thread this render's
   * subscribers may see now; HTTP leaves it to the thread read (visibility.ts).
   */
  eventThreadAccess?: ThreadAccess;
}

/** One context builder for HTTP and WebSocket alike. */
export function buildContext(services: ContextServices, actor: Actor | null, options: ContextOptions = {}): Context {
  const { agents, queues, channels, messages, threadReader } = services;
  const batch = <V>(load: (ids: readonly string[]) => Promise<Map<string, V>>, fallback: () => V) =>
    new DataLoader<string, V>(async (ids) => {
      const found = await load(ids);
      return ids.map((id) => found.get(id) ?? fallback());
    });
  const eventThreads = async (ids: readonly string[]): Promise<Map<string, Thread>> => {
    if (!actor) return new Map();
    const { eventThreadAccess: access } = options;
    if (!access) return threadReader.byIds(viewerOf(actor), ids, { hidden: 'redact' });
    const threads = await threadReader.byIds({ agentId: actor.agentId, seesAll: true }, ids);
    return access === 'FULL' ? threads : new Map([...threads].map(([id, thread]) => [id, redacted(thread)]));
  };
  return {
    actor,
    ...(options.live ? { live: options.live } : {}),
    loaders: {
      agent: batch((ids) => agents.byIds(ids), () => undefined),
      queue: batch((ids) => queues.byIds(ids), () => undefined),
      channel: batch((ids) => channels.byIds(ids), () => undefined),
      message: batch((ids) => messages.byIds(ids), () => undefined),
      eventThread: batch(eventThreads, () => undefined),
      queuesOfAgent: batch((ids) => queues.queuesOf(ids), () => []),
      membersOfQueue: batch((ids) => queues.membersOf(ids), () => []),
      ownedThreadCount: batch((ids) => agents.ownedThreadCounts(ids), () => 0),
    },
  };
}
