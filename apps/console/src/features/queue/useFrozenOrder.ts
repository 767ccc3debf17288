import { useCallback, useEffect, useMemo, useRef, useState, type FocusEvent } from 'react';
import { compareQueueRows, type SortableRow } from './queue-order';

/** A pointer resting this long over the list no longer holds the order (an agent's parked mouse). */
export const FREEZE_IDLE_MS = 4000;

/**
 * Whether the visible order is frozen: while the pointer is over the list, or a row has keyboard
 * focus, rows must not jump under the mouse or the selection, so re-sorting waits until the
 * pointer leaves, focus leaves, or nothing moved for FREEZE_IDLE_MS.
 */
export function useFreeze() {
  const [active, setActive] = useState(false);
  const idle = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const touch = useCallback(() => {
    setActive(true);
    clearTimeout(idle.current);
    idle.current = setTimeout(() => setActive(false), FREEZE_IDLE_MS);
  }, []);
  const release = useCallback(() => {
    clearTimeout(idle.current);
    setActive(false);
  }, []);
  useEffect(() => () => clearTimeout(idle.current), []);

  const handlers = useMemo(
    () => ({
      onPointerEnter: touch,
      onPointerMove: touch,
      onPointerLeave: release,
      onFocus: touch,
      onKeyDown: touch,
      onBlur: (event: FocusEvent) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) release();
      },
    }),
    [touch, release],
  );
  return { frozen: active, handlers, touch };
}

/**
 * Sorted, except the open thread's row, which keeps the place it was shown at: a reply moves it
 * down the order, but the agent working on it must not see it jump out of view. It takes its
 * sorted place once another thread is opened or it is closed.
 */
export function holdRow<R extends { id: string }>(sorted: readonly R[], previous: readonly string[], heldId: string | null): R[] {
  const from = heldId === null ? -1 : previous.indexOf(heldId);
  const at = heldId === null ? -1 : sorted.findIndex((row) => row.id === heldId);
  if (from < 0 || at < 0 || from === at) return [...sorted];
  const held = sorted[at]!;
  const rest = sorted.filter((_, i) => i !== at);
  return [...rest.slice(0, from), held, ...rest.slice(from)];
}

/**
 * The rows in the view's order (DUE_SOONEST unless told), or, while frozen, in the order last
 * shown: rows keep their places and take data updates in place, rows that left the view go, new
 * rows wait at the end; everything re-sorts when the freeze ends. The open thread's row (`heldId`)
 * keeps its place either way (see holdRow).
 */
export function useFrozenOrder<R extends SortableRow>(
  rows: readonly R[],
  frozen: boolean,
  heldId: string | null = null,
  compare: (a: SortableRow, b: SortableRow) => number = compareQueueRows,
): R[] {
  const shown = useRef<string[]>([]);
  return useMemo(() => {
    const byId = new Map(rows.map((row) => [row.id, row]));
    if (!frozen) {
      const sorted = holdRow([...rows].sort(compare), shown.current, heldId);
      shown.current = sorted.map((row) => row.id);
      return sorted;
    }
    const sorted = [...rows].sort(compare);
    const kept = shown.current.filter((id) => byId.has(id));
    const keptSet = new Set(kept);
    const order = [...kept, ...sorted.map((row) => row.id).filter((id) => !keptSet.has(id))];
    shown.current = order;
    return order.map((id) => byId.get(id)!);
  }, [rows, frozen, heldId, compare]);
}
