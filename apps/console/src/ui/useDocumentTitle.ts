import { useEffect } from 'react';

// The tab's title has two writers: the view that names it ("Board") and a count of things waiting
// for the agent ("(2) "). One module holds both, so neither overwrites the other.
const SUFFIX = ' · Switchboard';
let name: string | null = null;
let count = 0;

function render(): void {
  const base = name !== null ? `${name}${SUFFIX}` : document.title.replace(/^\(\d+\) /, '');
  document.title = count > 0 ? `(${count}) ${base}` : base;
}

/** "Board · Switchboard": the tab and the window list say which view this is. null leaves it alone. */
export function useDocumentTitle(title: string | null): void {
  useEffect(() => {
    if (title === null) return;
    name = title;
    render();
  }, [title]);
}

/** "(2) Queue · Switchboard": how many things wait for the agent's eye (0 shows none), for a tab in the background. */
export function useDocumentTitleCount(unseen: number): void {
  useEffect(() => {
    count = unseen;
    render();
    return () => {
      count = 0;
      render();
    };
  }, [unseen]);
}
