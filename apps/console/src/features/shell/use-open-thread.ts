import { useCallback, useEffect, useState } from 'react';

const PATH = /^\/threads\/([^/]+)$/;

function fromLocation(): string | null {
  return PATH.exec(window.location.pathname)?.[1] ?? null;
}

/** The open thread lives in the URL (`/threads/<id>`), so reloads and the back button keep it. */
export function useOpenThread(): [string | null, (threadId: string | null) => void] {
  const [threadId, setThreadId] = useState<string | null>(fromLocation);
  useEffect(() => {
    const onPop = () => setThreadId(fromLocation());
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const open = useCallback((next: string | null) => {
    const path = next ? `/threads/${next}` : '/';
    if (window.location.pathname !== path) window.history.pushState(null, '', path);
    setThreadId(next);
  }, []);
  return [threadId, open];
}
