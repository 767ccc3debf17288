import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { Modal } from '../../ui/Modal';
import { useThreadKeyboard, type ThreadKeyHandlers } from './useThreadKeyboard';

function Thread({ handlers, confirming }: { handlers: ThreadKeyHandlers; confirming: boolean }) {
  useThreadKeyboard(handlers);
  return confirming ? (
    <Modal className="dialog" backdropClassName="backdrop" role="alertdialog" labelledBy="t" onClose={() => undefined}>
      <h2 id="t">Merge Grace Turing into Ada?</h2>
      <button data-autofocus>Cancel</button>
    </Modal>
  ) : null;
}

describe('useThreadKeyboard', () => {
  it('acts on the thread, but not while a dialog of any kind is open over it', () => {
    const handlers = { pending: vi.fn(), reply: vi.fn(), handOff: vi.fn() };
    const { rerender } = render(<Thread handlers={handlers} confirming={false} />);
    fireEvent.keyDown(document.body, { key: 'p' });
    expect(handlers.pending).toHaveBeenCalledTimes(1);

    rerender(<Thread handlers={handlers} confirming />);
    const cancel = screen.getByRole('button', { name: 'Cancel' });
    expect(document.activeElement).toBe(cancel);
    for (const key of ['p', 'r', 'h']) fireEvent.keyDown(cancel, { key });
    expect(handlers.pending).toHaveBeenCalledTimes(1);
    expect(handlers.reply).not.toHaveBeenCalled();
    expect(handlers.handOff).not.toHaveBeenCalled();
  });
});
