/** The queue's keyboard shortcuts (active while focus is not in a text field), for the "?" help. */
export const QUEUE_SHORTCUTS: ReadonlyArray<{ keys: string; description: string }> = [
  { keys: 'n', description: 'Next: take the conversation due soonest' },
  { keys: '/', description: 'Search conversations' },
  { keys: 'j', description: 'Select the next conversation' },
  { keys: 'k', description: 'Select the previous conversation' },
  { keys: 'Enter', description: 'Open the selected conversation' },
  { keys: 'c', description: 'Claim the selected conversation' },
];
