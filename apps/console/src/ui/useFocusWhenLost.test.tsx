import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { useFocusWhenLost } from './useFocusWhenLost';

function View({ owner }: { owner: string }) {
  const heading = useFocusWhenLost<HTMLHeadingElement>(true, owner);
  return (
    <>
      <h2 ref={heading} tabIndex={-1}>Ada Lovelace</h2>
      {owner === 'me' ? <button>Hand off</button> : <p>Handed to Billing</p>}
      <button>Close</button>
    </>
  );
}

describe('useFocusWhenLost', () => {
  it('moves focus to the heading when the button that had it goes with a change, and leaves it alone otherwise', () => {
    const { rerender } = render(<View owner="me" />);
    const close = screen.getByRole('button', { name: 'Close' });
    close.focus();
    rerender(<View owner="me" />);
    expect(document.activeElement).toBe(close);

    screen.getByRole('button', { name: 'Hand off' }).focus();
    rerender(<View owner="queue" />); // handed off: the button is gone
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Ada Lovelace' }));
  });
});
