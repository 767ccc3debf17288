import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { useDocumentTitle, useDocumentTitleCount } from './useDocumentTitle';

function Title({ name, count }: { name: string | null; count: number }) {
  useDocumentTitle(name);
  useDocumentTitleCount(count);
  return null;
}

describe('useDocumentTitle', () => {
  it('names the view and puts a count before it, which neither writer overwrites', () => {
    const view = render(<Title name="Queue" count={0} />);
    expect(document.title).toBe('Queue · Switchboard');
    view.rerender(<Title name="Queue" count={2} />);
    expect(document.title).toBe('(2) Queue · Switchboard');
    view.rerender(<Title name="Carla Diaz" count={2} />);
    expect(document.title).toBe('(2) Carla Diaz · Switchboard');
    view.rerender(<Title name={null} count={0} />);
    expect(document.title).toBe('Carla Diaz · Switchboard');
    view.unmount();
  });
});
