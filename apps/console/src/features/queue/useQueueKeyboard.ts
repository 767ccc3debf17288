import { useEffect, useRef, type RefObject } from 'react';
import { isTypingTarget, modalOpen } from '../../ui/keyboard';

interface QueueKeyboardOptions {
  rows: ReadonlyArray<{ id: string; owner: unknown }>;
  cursorIndex: number;
  select(threadId: string): void;
  open(threadId: string): void;
  claim(threadId: string): void;
  /** Next: claim the thread due soonest. */
  next(): void;
  /** Focus the search box. */
  search(): void;
  scrollToIndex(index: number): void;
  scroller: RefObject<HTMLElement | null>;
}

/** n / / / j / k / Enter / c anywhere on the page (QUEUE_SHORTCUTS), unless the agent is typing or a dialog is open. */
export function useQueueKeyboard({ rows, cursorIndex, select, open, claim, next, search, scrollToIndex, scroller }: QueueKeyboardOptions): void {
  // Read at key time, so the listener is added once rather than on every render.
  const state = useRef({ rows, cursorIndex, select, open, claim, next, search });
  state.current = { rows, cursorIndex, select, open, claim, next, search };

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.defaultPrevented || event.metaKey || event.ctrlKey || event.altKey || isTypingTarget(event.target)) return;
      // A dialog (hand-off, merge, the shortcuts help) owns the keyboard while it is open.
      if (modalOpen()) return;
      const { rows: rowsNow, cursorIndex: index, select: selectRow, open: openRow, claim: claimRow } = state.current;
      const current = rowsNow[index];
      if (event.key === 'n') {
        event.preventDefault();
        state.current.next();
      } else if (event.key === '/') {
        event.preventDefault();
        state.current.search();
      } else if (event.key === 'j' || event.key === 'k') {
        const target = rowsNow[Math.max(0, Math.min(rowsNow.length - 1, index + (event.key === 'j' ? 1 : -1)))];
        if (!target) return;
        event.preventDefault();
        selectRow(target.id);
        scrollToIndex(rowsNow.indexOf(target));
        // Keep keyboard focus on the selection when it was in the list already.
        if (scroller.current?.contains(document.activeElement)) {
          requestAnimationFrame(() => scroller.current?.querySelector<HTMLElement>(`[data-thread-id="${target.id}"] .queue-row__open`)?.focus());
        }
      } else if (event.key === 'Enter' && current && !(event.target instanceof HTMLButtonElement || event.target instanceof HTMLAnchorElement)) {
        event.preventDefault();
        openRow(current.id);
      } else if (event.key === 'c' && current && current.owner === null) {
        event.preventDefault();
        claimRow(current.id);
      }
    }
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [scrollToIndex, scroller]);
}
