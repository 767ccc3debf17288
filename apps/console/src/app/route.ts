import { useSyncExternalStore } from 'react';

// The console's few pages live in the path, so reloads, links and the back button keep them.
// No router: history.pushState plus one event of our own, since pushState fires no popstate.
const NAVIGATED = 'switchboard:navigated';

export type Route = { page: 'queue'; threadId: string | null } | { page: 'board' } | { page: 'reports' } | { page: 'settings' };

export const BOARD_PATH = '/board';
export const REPORTS_PATH = '/reports';
export const SETTINGS_PATH = '/settings';
const THREAD_PATH = /^\/threads\/([^/]+)$/;

export function parseRoute(pathname: string): Route {
  if (pathname === BOARD_PATH) return { page: 'board' };
  if (pathname === REPORTS_PATH) return { page: 'reports' };
  if (pathname === SETTINGS_PATH) return { page: 'settings' };
  const threadId = THREAD_PATH.exec(pathname)?.[1];
  return { page: 'queue', threadId: threadId ? decodeURIComponent(threadId) : null };
}

/** A thread's address; `from: 'board'` when the board opened it, so closing goes back there. */
export function threadPath(threadId: string, from?: 'board'): string {
  return `/threads/${encodeURIComponent(threadId)}${from ? `?from=${from}` : ''}`;
}

/** Where closing a thread returns to: the board if it was opened from there, else the queue. */
export function threadReturnPath(search: string): string {
  return new URLSearchParams(search).get('from') === 'board' ? BOARD_PATH : '/';
}

const here = () => window.location.pathname + window.location.search;

/** Goes to `path` (a new history entry; it may carry a `?query`) unless already there. */
export function navigate(path: string): void {
  if (here() === path) return;
  // Each entry we add remembers the one it came from, so `goBack` can tell that entry is ours.
  window.history.pushState({ from: here() }, '', path);
  window.dispatchEvent(new Event(NAVIGATED));
}

/**
 * Returns to `path`: back through history when the entry before this one is `path` and ours (so
 * Back afterwards does not reopen what was closed), else to `path` as a new entry.
 */
export function goBack(path: string): void {
  const state: unknown = window.history.state;
  const from = typeof state === 'object' && state !== null && 'from' in state ? state.from : null;
  if (from === path) window.history.back();
  else navigate(path);
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
