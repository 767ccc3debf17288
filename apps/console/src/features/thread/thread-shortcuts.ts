export interface ThreadShortcut {
  /** As the shell's help shows them. */
  keys: string;
  description: string;
}

/** The thread pane's keys, for the shell's help overlay. None fires inside a text field unless said. */
export const THREAD_SHORTCUTS: readonly ThreadShortcut[] = [
  { keys: 'R', description: 'Write a reply' },
  { keys: 'Esc', description: 'Close the thread (in the reply box: leave the box first)' },
];

/** Typing in a field must never trigger a shortcut. */
export function isTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) {
    return !['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color', 'file', 'image'].includes(target.type);
  }
  return false;
}
