import type { LoggedThreadEvent } from '../events/event-types.js';
import type { Agent } from '../modules/agents/agent.entity.js';
import type { Message } from '../modules/messages/message.model.js';
import type { Thread } from '../modules/threads/thread.model.js';
import type { VisibilityFacts } from '../modules/threads/visibility.js';

/**
 * What a batch of events renders from, loaded once for the whole batch (three queries at once),
 * whatever the number of render contexts: the threads as they are now (unredacted: each context
 * redacts for its access), the actors and the messages the events name.
 */
export interface BatchData {
  threads: Map<string, Thread>;
  agents: Map<string, Agent>;
  messages: Map<string, Message>;
  /** Who may see each thread now (visibility.ts's facts). */
  facts: Map<string, VisibilityFacts>;
}

export interface BatchLoaders {
  threads(ids: string[]): Promise<Map<string, Thread>>;
  agents(ids: string[]): Promise<Map<string, Agent>>;
  messages(ids: string[]): Promise<Map<string, Message>>;
}

export async function loadBatch(events: readonly LoggedThreadEvent[], load: BatchLoaders): Promise<BatchData> {
  const ids = (pick: (event: LoggedThreadEvent) => string | null) =>
    [...new Set(events.map(pick).filter((id): id is string => id !== null))];
  const [threads, agents, messages] = await Promise.all([
    load.threads(ids((event) => event.threadId)),
    load.agents(ids((event) => event.actorId)),
    load.messages(ids((event) => event.messageId)),
  ]);
  const facts = new Map([...threads].map(([id, thread]) => [id, { queueId: thread.queueId, ownerId: thread.ownerId, collaboratorIds: thread.collaboratorIds }]));
  return { threads, agents, messages, facts };
}
