import { useEffect, useRef, type KeyboardEvent } from 'react';

/** What Tab stops at: enabled controls, one radio per group (the checked one, else the first). */
function tabbables(root: HTMLElement): HTMLElement[] {
  const candidates = [...root.querySelectorAll<HTMLElement>('button, input, select, textarea, a[href], [tabindex]')].filter(
    (element) => !element.hasAttribute('disabled') && element.tabIndex >= 0,
  );
  return candidates.filter((element) => {
    if (!(element instanceof HTMLInputElement) || element.type !== 'radio' || !element.name) return true;
    const group = candidates.filter((other): other is HTMLInputElement => other instanceof HTMLInputElement && other.type === 'radio' && other.name === element.name);
    const checked = group.find((radio) => radio.checked);
    return checked ? element === checked : element === group[0];
  });
}

/** The open modals, the latest on top: only the top one answers Esc and keeps focus. */
const open: HTMLElement[] = [];

/**
 * Focus for a modal dialog: moves focus into it on open (to the element marked `data-autofocus`,
 * else the dialog itself) and back where it was on close, keeps Tab and Shift+Tab inside it
 * (spread `onKeyDown` on the dialog), and gives Esc to the top dialog alone, not to what is behind
 * it. Only opening and closing move focus: a parent that re-renders (a live update) with a new
 * `onClose` leaves it where it is.
 */
export function useModalFocus<T extends HTMLElement>(onClose: () => void) {
  const ref = useRef<T>(null);
  const latestClose = useRef(onClose);
  useEffect(() => {
    latestClose.current = onClose;
  });

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const restore = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    open.push(dialog);
    (dialog.querySelector<HTMLElement>('[data-autofocus]') ?? dialog).focus();
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (event.key !== 'Escape' || open.at(-1) !== dialog) return;
      // Captured before the thread's own Esc handler, which would close the thread behind.
      event.stopPropagation();
      latestClose.current();
    };
    window.addEventListener('keydown', onKey, true);
    return () => {
      window.removeEventListener('keydown', onKey, true);
      open.splice(open.indexOf(dialog), 1);
      restore?.focus();
    };
  }, []);

  function onKeyDown(event: KeyboardEvent<T>) {
    const dialog = ref.current;
    if (event.key !== 'Tab' || !dialog) return;
    const items = tabbables(dialog);
    const first = items[0];
    const last = items[items.length - 1];
    if (!first || !last) {
      event.preventDefault();
      return;
    }
    const at = document.activeElement;
    // From the dialog itself (as it opens) or from either end, Tab wraps instead of leaving.
    if (event.shiftKey && (at === first || at === dialog)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (at === last || at === dialog)) {
      event.preventDefault();
      first.focus();
    }
  }

  return { ref, onKeyDown };
}

/** Whether a modal dialog is open: page-wide shortcuts wait while one is. */
export function modalOpen(): boolean {
  return open.length > 0;
}
