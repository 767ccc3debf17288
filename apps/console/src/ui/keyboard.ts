// Which key presses belong to a field rather than to a page-wide shortcut: one module, so the
// queue, the thread pane and the shell agree on what "typing" means.

/** A field, or a control with its own keys (a select, any input): page-wide letters stay out. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  return ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/**
 * Narrower: only where text is typed. A focused radio or checkbox still lets the thread pane's
 * r / Esc through (its dialogs own their keys separately).
 */
export function isTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) {
    return !['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color', 'file', 'image'].includes(target.type);
  }
  return false;
}

export { modalOpen } from './useModalFocus';
