import type { Priority } from '@switchboard/schema';

/** The fields DUE_SOONEST orders by. */
export interface SortableRow {
  id: string;
  priority: Priority;
  waitingSince: string | null;
  responseDueAt: string | null;
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
