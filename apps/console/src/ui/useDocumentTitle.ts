import { useEffect } from 'react';

/** "Board · Switchboard": the tab and the window list say which view this is. null leaves it alone. */
export function useDocumentTitle(title: string | null): void {
  useEffect(() => {
    if (title !== null) document.title = `${title} · Switchboard`;
  }, [title]);
}
