import { useCallback } from 'react';
import { navigate, threadPath, useRoute } from '../../app/route';

/** The open thread lives in the URL (`/threads/<id>`), so reloads and the back button keep it. */
export function useOpenThread(): [string | null, (threadId: string | null) => void] {
  const route = useRoute();
  const open = useCallback((next: string | null) => navigate(next ? threadPath(next) : '/'), []);
  return [route.page === 'queue' ? route.threadId : null, open];
}
