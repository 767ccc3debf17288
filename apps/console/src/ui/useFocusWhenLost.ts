import { useEffect, useRef, type RefObject } from 'react';

/**
 * Focus a view's heading once it is `ready`, if focus was lost: the link or button that opened it
 * went away with the previous view, leaving focus on <body> where the next Tab starts from the top.
 * Checked again whenever `shape` changes: what the view offers (its buttons) changed, and the one
 * that had focus (Hand off, after handing off) may be gone.
 */
export function useFocusWhenLost<T extends HTMLElement>(ready: boolean, shape = ''): RefObject<T | null> {
  const ref = useRef<T>(null);
  useEffect(() => {
    if (!ready) return;
    const active = document.activeElement;
    if (active === null || active === document.body) ref.current?.focus();
  }, [ready, shape]);
  return ref;
}
