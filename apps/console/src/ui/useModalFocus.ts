import { useEffect, useRef, type KeyboardEvent } from 'react';

function focusables(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>('button, input, select, textarea, [tabindex]:not([tabindex="-1"])')].filter(
    (element) => !element.hasAttribute('disabled'),
  );
}

/**
 * Focus for a modal dialog: moves focus into it on open (to the element marked `data-autofocus`,
 * else the dialog itself) and back where it was on close, keeps Tab inside it (spread `onKeyDown`
 * on the dialog), and gives Esc to the dialog, not to what is behind it. Only opening and closing
 * move focus: a parent that re-renders (a live update) with a new `onClose` leaves it where it is.
 */
export function useModalFocus<T extends HTMLElement>(onClose: () => void) {
  const ref = useRef<T>(null);
  const latestClose = useRef(onClose);
  useEffect(() => {
    latestClose.current = onClose;
  });

  useEffect(() => {
    const restore = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    (ref.current?.querySelector<HTMLElement>('[data-autofocus]') ?? ref.current)?.focus();
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      // Captured before the thread's own Esc handler, which would close the thread behind.
      event.stopPropagation();
      latestClose.current();
    };
    window.addEventListener('keydown', onKey, true);
    return () => {
      window.removeEventListener('keydown', onKey, true);
      restore?.focus();
    };
  }, []);

  function onKeyDown(event: KeyboardEvent<T>) {
    if (event.key !== 'Tab' || !ref.current) return;
    const items = focusables(ref.current);
    const first = items[0];
    const last = items[items.length - 1];
    if (!first || !last) return;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  }

  return { ref, onKeyDown };
}
