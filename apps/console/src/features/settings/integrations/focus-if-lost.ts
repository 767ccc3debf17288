/**
 * After a dialog or panel closes, focus what comes next if focus fell to <body> (the button that
 * opened it went away with its row). Waits a frame so the closing view has unmounted first.
 */
export function focusIfLost(target: () => HTMLElement | null | undefined): void {
  requestAnimationFrame(() => {
    const active = document.activeElement;
    if (active === null || active === document.body) target()?.focus();
  });
}
