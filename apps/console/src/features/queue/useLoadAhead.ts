import { useEffect } from 'react';

/** Start loading the next page this many rows before the end comes into view. */
const LOAD_AHEAD_ROWS = 40;

/** Loads the next page while the agent scrolls toward the end of what is loaded. */
export function useLoadAhead(hasNextPage: boolean, loadMore: () => Promise<void>, windowEnd: number, loadedCount: number): void {
  useEffect(() => {
    if (hasNextPage && windowEnd >= loadedCount - LOAD_AHEAD_ROWS) void loadMore();
  }, [hasNextPage, windowEnd, loadedCount, loadMore]);
}
