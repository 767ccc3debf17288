import type { LiveEvent } from '../../app/live';

/**
 * How an event changes the number of OPEN threads I own (what capacity counts), from the event's
 * own before/after state: the header's load stays right without asking the server.
 */
export function ownedDelta(event: Pick<LiveEvent, 'before' | 'after'>, meId: string): number {
  const counts = (state: { ownerId?: string | null; status: string } | null | undefined) =>
    state && state.ownerId === meId && state.status === 'OPEN' ? 1 : 0;
  return counts(event.after) - counts(event.before);
}
