import DataLoader from 'dataloader';
import type { Actor } from '../modules/auth/actor.js';
import type { Agent } from '../modules/agents/agent.entity.js';
import type { Channel } from '../modules/channels/channel.entity.js';
import type { Message } from '../modules/messages/message.model.js';
import type { Queue } from '../modules/queues/queue.entity.js';
import type { Thread } from '../modules/threads/thread.model.js';
import type { Services } from './services.js';
import type { LiveHub, LiveRequest } from '../events/live-hub.js';
import type { TypingService } from '../events/typing.js';

/** Per-request batchers: one query per field per page, never one per row. */
export interface Loaders {
  agent: DataLoader<string, Agent | undefined>;
  queue: DataLoader<string, Queue | undefined>;
  channel: DataLoader<string, Channel | undefined>;
  message: DataLoader<string, Message | undefined>;
  /** For ThreadEvent.thread: the event's own state decided visibility, so this one does not filter. */
  threadOfEvent: DataLoader<string, Thread | undefined>;
  queuesOfAgent: DataLoader<string, Queue[]>;
  membersOfQueue: DataLoader<string, Agent[]>;
  ownedThreadCount: DataLoader<string, number>;
}

export type Context = {
  actor: Actor | null;
  loaders: Loaders;
  /** Set for operations over graphql-ws: where a subscription's frames go. */
  live?: LiveRequest & { hub: LiveHub; typing: TypingService };
};

/** One context builder for HTTP and WebSocket alike. */
export function buildContext(services: Services, actor: Actor | null): Context {
  const { agents, queues, channels, messages, threadReader } = services;
  const batch = <V>(load: (ids: readonly string[]) => Promise<Map<string, V>>, fallback: () => V) =>
    new DataLoader<string, V>(async (ids) => {
      const found = await load(ids);
      return ids.map((id) => found.get(id) ?? fallback());
    });
  return {
    actor,
    loaders: {
      agent: batch<Agent | undefined>((ids) => agents.byIds(ids), () => undefined),
      queue: batch<Queue | undefined>((ids) => queues.byIds(ids), () => undefined),
      channel: batch<Channel | undefined>((ids) => channels.byIds(ids), () => undefined),
      message: batch<Message | undefined>((ids) => messages.byIds(ids), () => undefined),
      threadOfEvent: batch<Thread | undefined>((ids) => threadReader.byIds({ agentId: '', seesAll: true }, ids), () => undefined),
      queuesOfAgent: batch((ids) => queues.queuesOf(ids), () => []),
      membersOfQueue: batch((ids) => queues.membersOf(ids), () => []),
      ownedThreadCount: batch((ids) => agents.ownedThreadCounts(ids), () => 0),
    },
  };
}
