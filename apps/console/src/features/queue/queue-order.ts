import type { Priority, ThreadOrder } from '@switchboard/schema';

/** The fields DUE_SOONEST and NEWEST order by. */
export interface SortableRow {
  id: string;
  priority: Priority;
  waitingSince: string | null;
  responseDueAt: string | null;
  updatedAt: string;
}

// Clients must tolerate enum values they do not know yet: those rank as NORMAL.
const PRIORITY_RANK: Partial<Record<string, number>> = { URGENT: 3, HIGH: 2, NORMAL: 1, LOW: 0 };

function rank(priority: string): number {
  return PRIORITY_RANK[priority] ?? 1;
}

/**
 * DUE_SOONEST on the client, mirroring the server: waiting threads first, then priority
 * (URGENT > HIGH > NORMAL > LOW), then the earliest responseDueAt, then id so the order is total
 * and stable between renders.
 */
export function compareQueueRows(a: SortableRow, b: SortableRow): number {
  const waitingA = a.waitingSince !== null;
  const waitingB = b.waitingSince !== null;
  if (waitingA !== waitingB) return waitingA ? -1 : 1;
  const byPriority = rank(b.priority) - rank(a.priority);
  if (byPriority !== 0) return byPriority;
  const dueA = a.responseDueAt === null ? Infinity : Date.parse(a.responseDueAt);
  const dueB = b.responseDueAt === null ? Infinity : Date.parse(b.responseDueAt);
  if (dueA !== dueB) return dueA < dueB ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * NEWEST (the Resolved view) on the client: the latest change first, then id descending. The
 * server orders by last activity, which a row does not carry; for resolved threads the last
 * change is the resolution, so the two agree.
 */
export function compareNewestRows(a: SortableRow, b: SortableRow): number {
  const byTime = Date.parse(b.updatedAt) - Date.parse(a.updatedAt);
  if (byTime !== 0) return byTime;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/** The client twin of a server order the queue uses. */
export function rowComparator(order: ThreadOrder): (a: SortableRow, b: SortableRow) => number {
  return order === 'NEWEST' ? compareNewestRows : compareQueueRows;
}
