import type { LiveEvent } from '../../app/live';

/** Someone handed me a thread: what the toast and the browser notification say. */
export interface HandOffNotice {
  /** The event's cursor: one notice per hand-off, even when a replay repeats it. */
  id: string;
  threadId: string;
  from: string;
  customer: string;
  note: string | null;
}

/**
 * The notice for a HANDED_OFF event that made me the owner (not one I made myself, not a hand-off
 * to my queue); null for any other event.
 */
export function handOffNotice(event: Pick<LiveEvent, 'cursor' | 'type' | 'before' | 'after' | 'actor' | 'note' | 'thread'>, meId: string): HandOffNotice | null {
  if (event.type !== 'HANDED_OFF' || event.after.ownerId !== meId || event.before?.ownerId === meId || event.actor?.id === meId || !event.thread) return null;
  const note = event.note?.trim() ? event.note.trim() : null;
  return { id: event.cursor, threadId: event.thread.id, from: event.actor?.name ?? 'Someone', customer: event.thread.customer.name, note };
}

/** "Ada Lovelace handed you Grace Hopper": the toast's and the notification's title. */
export function handOffTitle(notice: Pick<HandOffNotice, 'from' | 'customer'>): string {
  return `${notice.from} handed you ${notice.customer}`;
}
