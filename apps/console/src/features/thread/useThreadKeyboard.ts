import { useEffect, useRef, type RefObject } from 'react';
import { isTextField } from '../../ui/keyboard';

/** r (reply) and Esc (close) work anywhere in the console while a thread is open, but never while typing. */
export function useThreadKeyboard(replyBox: RefObject<HTMLTextAreaElement | null>, onClose: () => void): void {
  const closeRef = useRef(onClose);
  closeRef.current = onClose;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.metaKey || event.ctrlKey || event.altKey || isTextField(event.target)) return;
      // A dialog (hand-off, the shell's help) owns the keyboard while it is open.
      if (event.target instanceof Element && event.target.closest('[role="dialog"]')) return;
      if (event.key === 'r' || event.key === 'R') {
        if (!replyBox.current) return;
        event.preventDefault();
        replyBox.current.focus();
      } else if (event.key === 'Escape') {
        event.preventDefault();
        closeRef.current();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [replyBox]);
}
