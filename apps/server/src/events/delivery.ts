import type { ThreadStateJson } from '../modules/threads/thread-state.js';

/** A live subscriber's view: who they are and which queues they are in now. */
export interface LiveViewer {
  agentId: string;
  seesAll: boolean;
  queueIds: ReadonlySet<string>;
}

/** The subset of ThreadFilter a live subscription evaluates against an event's state. */
export interface LiveFilter {
  status?: string[] | null;
  queueIds?: string[] | null;
  channelKinds?: string[] | null;
  ownerId?: string | null;
  customerId?: string | null;
  threadIds?: string[] | null;
  unassigned?: boolean | null;
  waiting?: boolean | null;
}

/** One row of the log as the live path reads it. */
export interface LogEvent {
  id: string;
  type: string;
  threadId: string | null;
  actorId: string | null;
  messageId: string | null;
  threadVersion: number | null;
  before: ThreadStateJson | null;
  after: ThreadStateJson | null;
  note: string | null;
  data: Record<string, unknown> | null;
  createdAt: Date;
}

export function canSeeState(viewer: LiveViewer, state: ThreadStateJson): boolean {
  return viewer.seesAll || viewer.queueIds.has(state.queueId) || state.ownerId === viewer.agentId ||
    state.collaboratorIds.includes(viewer.agentId);
}

export function matchesState(filter: LiveFilter, threadId: string, state: ThreadStateJson): boolean {
  if (filter.status?.length && !filter.status.includes(state.status)) return false;
  if (filter.queueIds && !filter.queueIds.includes(state.queueId)) return false;
  if (filter.channelKinds?.length && !filter.channelKinds.includes(state.channelKind)) return false;
  if (filter.ownerId != null && state.ownerId !== filter.ownerId) return false;
  if (filter.customerId != null && state.customerId !== filter.customerId) return false;
  if (filter.threadIds && !filter.threadIds.includes(threadId)) return false;
  if (filter.unassigned != null && (state.ownerId === null) !== filter.unassigned) return false;
  if (filter.waiting != null && (state.waitingSince !== null) !== filter.waiting) return false;
  return true;
}

/**
 * DESIGN.md's delivery rule: an event reaches a subscriber who could see AND match the thread
 * before OR after the change, so a thread claimed away from "unassigned", or handed to a queue the
 * subscriber is not in, still reaches them and leaves their list.
 */
export function shouldDeliver(event: LogEvent, viewer: LiveViewer, filter: LiveFilter, types: readonly string[] | null): boolean {
  if (!event.threadId || !event.after) return false;
  if (types && !types.includes(event.type)) return false;
  const sides = event.before ? [event.before, event.after] : [event.after];
  return sides.some((state) => canSeeState(viewer, state) && matchesState(filter, event.threadId!, state));
}
