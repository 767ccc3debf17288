import { render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { QUEUE_SHORTCUTS } from '../queue/queue-shortcuts';
import { ShortcutsDialog } from './ShortcutsDialog';

describe('ShortcutsDialog', () => {
  it('lists Next and search among the queue keys, as they are typed', () => {
    render(<ShortcutsDialog groups={[{ title: 'Queue', shortcuts: QUEUE_SHORTCUTS }]} onClose={vi.fn()} />);
    const dialog = screen.getByRole('dialog', { name: 'Keyboard shortcuts' });
    const keys = Array.from(dialog.querySelectorAll('kbd')).map((kbd) => kbd.textContent);
    expect(keys).toEqual(expect.arrayContaining(['n', '/', 'j', 'k', 'c']));
    expect(within(dialog).getByText('Next: take the conversation due soonest')).toBeTruthy();
    expect(within(dialog).getByText('Search conversations')).toBeTruthy();
  });
});
