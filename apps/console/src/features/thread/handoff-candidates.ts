import type { HandOffTargetsQuery } from '@switchboard/schema';

export type HandOffAgent = HandOffTargetsQuery['agents'][number];

/** Agents who may take the thread: active members of its queue other than its owner, those with room first. */
export function handOffCandidates(agents: readonly HandOffAgent[], queueId: string, ownerId: string | null): HandOffAgent[] {
  const available = (agent: HandOffAgent) => agent.presence !== 'OFFLINE' && agent.ownedThreadCount < agent.capacity;
  return agents
    .filter((agent) => agent.active && agent.id !== ownerId && agent.queues.some((queue) => queue.id === queueId))
    .sort(
      (a, b) =>
        Number(available(b)) - Number(available(a)) ||
        a.ownedThreadCount / Math.max(a.capacity, 1) - b.ownedThreadCount / Math.max(b.capacity, 1) ||
        a.name.localeCompare(b.name),
    );
}
