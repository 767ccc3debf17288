import DataLoader from 'dataloader';
import type { Actor } from '../modules/auth/actor.js';
import type { Agent } from '../modules/agents/agent.entity.js';
import type { Queue } from '../modules/queues/queue.entity.js';
import type { Services } from './services.js';

/** Per-request batchers: one query per field per page, never one per row. */
export interface Loaders {
  agent: DataLoader<string, Agent | undefined>;
  queue: DataLoader<string, Queue | undefined>;
  queuesOfAgent: DataLoader<string, Queue[]>;
  membersOfQueue: DataLoader<string, Agent[]>;
  ownedThreadCount: DataLoader<string, number>;
}

export type Context = {
  actor: Actor | null;
  loaders: Loaders;
};

/** One context builder for HTTP and WebSocket alike. */
export function buildContext(services: Services, actor: Actor | null): Context {
  const { agents, queues } = services;
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
      queuesOfAgent: batch((ids) => queues.queuesOf(ids), () => []),
      membersOfQueue: batch((ids) => queues.membersOf(ids), () => []),
      ownedThreadCount: batch((ids) => agents.ownedThreadCounts(ids), () => 0),
    },
  };
}
