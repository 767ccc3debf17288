import { fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { Modal } from './Modal';
import { modalOpen } from './keyboard';

function Page({ onClose, tick = 0 }: { onClose(): void; tick?: number }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button onClick={() => setOpen(true)}>Open</button>
      <span data-testid="tick">{tick}</span>
      {open ? (
        // A new onClose on every render, as a parent re-rendered by a live update passes.
        <Modal className="dialog" backdropClassName="backdrop" labelledBy="title" onClose={() => { onClose(); setOpen(false); }}>
          <h2 id="title">Hand off thread</h2>
          <input aria-label="Search" data-autofocus />
          <textarea aria-label="Note" />
          <button>Hand off</button>
        </Modal>
      ) : null}
    </>
  );
}

function open(onClose = vi.fn()) {
  const view = render(<Page onClose={onClose} />);
  const opener = screen.getByRole('button', { name: 'Open' });
  opener.focus(); // a click focuses it in a browser; jsdom's fireEvent does not
  fireEvent.click(opener);
  return { ...view, onClose, dialog: screen.getByRole('dialog', { name: 'Hand off thread' }) };
}

describe('Modal', () => {
  it('takes focus to the marked field, keeps Tab inside, and gives focus back on close', () => {
    const { dialog } = open();
    expect(document.activeElement).toBe(screen.getByRole('textbox', { name: 'Search' }));
    const last = screen.getByRole('button', { name: 'Hand off' });
    last.focus();
    fireEvent.keyDown(dialog, { key: 'Tab' });
    expect(document.activeElement).toBe(screen.getByRole('textbox', { name: 'Search' }));
    fireEvent.keyDown(dialog, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(last);
    fireEvent.keyDown(window, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Open' }));
  });

  it('leaves focus where the user put it when its parent re-renders with a new onClose', () => {
    const { rerender, onClose } = open();
    const note = screen.getByRole('textbox', { name: 'Note' });
    note.focus();
    rerender(<Page onClose={onClose} tick={1} />);
    expect(screen.getByTestId('tick').textContent).toBe('1');
    expect(document.activeElement).toBe(note);
    // And Esc still closes it, through the latest onClose.
    fireEvent.keyDown(note, { key: 'Escape' });
    expect(onClose).toHaveBeenCalledTimes(1);
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('closes on the backdrop, not on a click inside or one that began inside, and keeps Esc from what is behind', () => {
    const behind = vi.fn();
    window.addEventListener('keydown', behind);
    try {
      const { dialog, onClose } = open();
      expect(modalOpen()).toBe(true);
      fireEvent.click(dialog);
      // Selecting the note's text and letting go over the backdrop.
      fireEvent.mouseDown(screen.getByRole('textbox', { name: 'Note' }));
      fireEvent.click(dialog.parentElement!);
      expect(onClose).not.toHaveBeenCalled();
      fireEvent.keyDown(dialog, { key: 'Escape' });
      expect(onClose).toHaveBeenCalledTimes(1);
      expect(behind).not.toHaveBeenCalled();
      expect(modalOpen()).toBe(false);
      fireEvent.click(screen.getByRole('button', { name: 'Open' }));
      const backdrop = screen.getByRole('dialog').parentElement!;
      fireEvent.mouseDown(backdrop);
      fireEvent.click(backdrop);
      expect(onClose).toHaveBeenCalledTimes(2);
    } finally {
      window.removeEventListener('keydown', behind);
    }
  });

  it('wraps Shift+Tab from the dialog itself, and stops at the chosen radio of a group, not the first', () => {
    const onClose = vi.fn();
    render(
      <Modal className="dialog" backdropClassName="backdrop" labelledBy="t" onClose={onClose}>
        <h2 id="t">Hand off thread</h2>
        <input type="radio" name="target" aria-label="Agent Pat" />
        <input type="radio" name="target" aria-label="Queue Social" defaultChecked />
        <button>Hand off</button>
      </Modal>,
    );
    const dialog = screen.getByRole('dialog');
    expect(document.activeElement).toBe(dialog);
    fireEvent.keyDown(dialog, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Hand off' }));
    const chosen = screen.getByRole('radio', { name: 'Queue Social' });
    chosen.focus();
    fireEvent.keyDown(dialog, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Hand off' }));
  });

  it('gives Esc to the top dialog only when one opens over another', () => {
    const [under, over] = [vi.fn(), vi.fn()];
    render(
      <>
        <Modal className="dialog" backdropClassName="backdrop" labelledBy="a" onClose={under}>
          <h2 id="a">Merge</h2>
        </Modal>
        <Modal className="dialog" backdropClassName="backdrop" labelledBy="b" onClose={over}>
          <h2 id="b">Keyboard shortcuts</h2>
        </Modal>
      </>,
    );
    fireEvent.keyDown(window, { key: 'Escape' });
    expect(over).toHaveBeenCalledTimes(1);
    expect(under).not.toHaveBeenCalled();
  });
});
