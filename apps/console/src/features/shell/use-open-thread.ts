import { useCallback } from 'react';
import { goBack, navigate, threadPath, threadReturnPath, useRoute } from '../../app/route';

/**
 * The open thread lives in the URL (`/threads/<id>`), so reloads and the back button keep it.
 * Closing (null) returns where it was opened from: the board (`?from=board`) or the queue.
 */
export function useOpenThread(): [string | null, (threadId: string | null) => void] {
  const route = useRoute();
  const open = useCallback((next: string | null) => (next ? navigate(threadPath(next)) : goBack(threadReturnPath(window.location.search))), []);
  return [route.page === 'queue' ? route.threadId : null, open];
}
