/** The queue's keyboard shortcuts (active while focus is not in a text field), for the "?" help. */
export const QUEUE_SHORTCUTS: ReadonlyArray<{ keys: string; description: string }> = [
  { keys: 'j', description: 'Select the next conversation' },
  { keys: 'k', description: 'Select the previous conversation' },
  { keys: 'Enter', description: 'Open the selected conversation' },
  { keys: 'c', description: 'Claim the selected conversation' },
];

/** True when a key press belongs to a field (or a control with its own Enter) rather than to us. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  return ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}
