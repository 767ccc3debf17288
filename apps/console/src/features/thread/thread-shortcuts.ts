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
