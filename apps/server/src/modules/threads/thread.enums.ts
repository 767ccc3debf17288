import { registerEnumType } from 'type-graphql';
import { ThreadEventType } from '../../events/event-types.js';

export enum ThreadStatus {
  OPEN = 'OPEN',
  PENDING = 'PENDING',
  RESOLVED = 'RESOLVED',
}
registerEnumType(ThreadStatus, {
  name: 'ThreadStatus',
  description: 'OPEN: someone should act. PENDING: waiting on the customer. RESOLVED: closed; a new message from the customer opens a new thread.',
});

export enum Priority {
  LOW = 'LOW',
  NORMAL = 'NORMAL',
  HIGH = 'HIGH',
  URGENT = 'URGENT',
}
registerEnumType(Priority, { name: 'Priority' });

/** Stored as a number (thread.priority) so that it sorts. */
export const PRIORITY_RANK: Record<Priority, number> = { LOW: 0, NORMAL: 1, HIGH: 2, URGENT: 3 };
export const PRIORITY_BY_RANK: readonly Priority[] = [Priority.LOW, Priority.NORMAL, Priority.HIGH, Priority.URGENT];

export enum ThreadOrder {
  DUE_SOONEST = 'DUE_SOONEST',
  LONGEST_WAITING = 'LONGEST_WAITING',
  NEWEST = 'NEWEST',
  PRIORITY = 'PRIORITY',
}
registerEnumType(ThreadOrder, {
  name: 'ThreadOrder',
  description:
    'DUE_SOONEST: highest priority, then the earliest responseDueAt (the default: an SMS due in 2 minutes beats an e-mail due in 3 hours). LONGEST_WAITING: the oldest waitingSince first. NEWEST: the latest activity first. PRIORITY: highest priority, then longest waiting.',
});

// The event list itself lives with every other event (events/event-types.ts); GraphQL names it here.
registerEnumType(ThreadEventType, { name: 'ThreadEventType' });
export { ThreadEventType };
