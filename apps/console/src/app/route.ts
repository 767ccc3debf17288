import { useSyncExternalStore } from 'react';

// The console's few pages live in the path, so reloads, links and the back button keep them.
// No router: history.pushState plus one event of our own, since pushState fires no popstate.
const NAVIGATED = 'switchboard:navigated';

export type Route = { page: 'queue'; threadId: string | null } | { page: 'board' } | { page: 'reports' };

export const BOARD_PATH = '/board';
export const REPORTS_PATH = '/reports';
const THREAD_PATH = /^\/threads\/([^/]+)$/;

export function parseRoute(pathname: string): Route {
  if (pathname === BOARD_PATH) return { page: 'board' };
  if (pathname === REPORTS_PATH) return { page: 'reports' };
  const threadId = THREAD_PATH.exec(pathname)?.[1];
  return { page: 'queue', threadId: threadId ? decodeURIComponent(threadId) : null };
}

export function threadPath(threadId: string): string {
  return `/threads/${encodeURIComponent(threadId)}`;
}

/** Goes to `path` (a new history entry; it may carry a `?query`) unless already there. */
export function navigate(path: string): void {
  if (window.location.pathname + window.location.search === path) return;
  window.history.pushState(null, '', path);
  window.dispatchEvent(new Event(NAVIGATED));
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(NAVIGATED, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(NAVIGATED, onChange);
  };
}

const pathname = () => window.location.pathname;
const search = () => window.location.search;

/** The current path; re-renders on navigate() and on back/forward. */
export function usePathname(): string {
  return useSyncExternalStore(subscribe, pathname, () => '/');
}

/** The current query string (`?from=…`, or empty); re-renders like usePathname. */
export function useSearch(): string {
  return useSyncExternalStore(subscribe, search, () => '');
}

export function useRoute(): Route {
  // Parsed per render from a string snapshot, so the store's snapshot stays stable.
  return parseRoute(usePathname());
}
