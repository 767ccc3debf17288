import { useEffect, useRef } from 'react';
import { isTextField, modalOpen } from '../../ui/keyboard';
import { threadShortcutFor, type ThreadShortcutAction } from './thread-shortcuts';

/** What each shortcut does now; a missing one (its button is not offered) lets the key pass. */
export type ThreadKeyHandlers = Partial<Record<ThreadShortcutAction, () => void>>;

/** THREAD_SHORTCUTS anywhere in the console while a thread is open, but never while typing or in a dialog. */
export function useThreadKeyboard(handlers: ThreadKeyHandlers): void {
  const latest = useRef(handlers);
  latest.current = handlers;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.metaKey || event.ctrlKey || event.altKey || isTextField(event.target)) return;
      // A dialog (hand-off, merge, the shell's help) owns the keyboard while it is open.
      if (modalOpen()) return;
      const action = threadShortcutFor(event.key);
      const handler = action ? latest.current[action] : undefined;
      if (!handler) return;
      event.preventDefault();
      handler();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
