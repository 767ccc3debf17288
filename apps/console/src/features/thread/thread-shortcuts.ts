export type ThreadShortcutAction = 'reply' | 'note' | 'resolve' | 'pending' | 'handOff' | 'close';

export interface ThreadShortcut {
  /** As the shell's help shows them: what to type. */
  keys: string;
  /** `KeyboardEvent.key` that triggers it (letters in either case, so Caps Lock does not matter). */
  key: string;
  action: ThreadShortcutAction;
  description: string;
}

/**
 * The thread pane's keys, for the shell's help overlay and for useThreadKeyboard: one list. None
 * fires inside a text field, and each does nothing where its button is not offered. Letters stay
 * clear of the queue's (QUEUE_SHORTCUTS): both panes listen while a thread is open.
 */
export const THREAD_SHORTCUTS: readonly ThreadShortcut[] = [
  { keys: 'r', key: 'r', action: 'reply', description: 'Write a reply' },
  { keys: 'i', key: 'i', action: 'note', description: 'Write an internal note' },
  { keys: 'e', key: 'e', action: 'resolve', description: 'Resolve the thread' },
  { keys: 'p', key: 'p', action: 'pending', description: 'Set the thread to Pending' },
  { keys: 'h', key: 'h', action: 'handOff', description: 'Hand off the thread' },
  { keys: 'Esc', key: 'Escape', action: 'close', description: 'Close the thread (in the reply box: leave the box first)' },
];

/** The shortcut a key press means, if any. */
export function threadShortcutFor(key: string): ThreadShortcutAction | null {
  const pressed = key.length === 1 ? key.toLowerCase() : key;
  return THREAD_SHORTCUTS.find((shortcut) => shortcut.key === pressed)?.action ?? null;
}
