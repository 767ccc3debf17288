import type { LoggedThreadEvent, ThreadStateJson } from '../events/event-types.js';
import { sees, type ViewerWithQueues } from '../modules/threads/visibility.js';

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
 * subscriber is not in, still reaches them and leaves their list. (How much of the thread the
 * event then shows follows today's visibility: see render-groups.ts.)
 */
export function shouldDeliver(event: LoggedThreadEvent, viewer: ViewerWithQueues, filter: LiveFilter, types: readonly string[] | null): boolean {
  if (types && !types.includes(event.type)) return false;
  const sides = event.before ? [event.before, event.after] : [event.after];
  return sides.some((state) => sees(viewer, state) && matchesState(filter, event.threadId, state));
}
