import { useQuery } from '@apollo/client/react';
import { BoardHistoryDocument } from '@switchboard/schema';

/**
 * Board snapshots since `since`, read once (the chart appends boardUpdated pushes itself). Each
 * read names a new instant, so it is kept out of the cache, where every one would stay.
 */
export function useBoardHistory(since: string) {
  return useQuery(BoardHistoryDocument, { variables: { since }, fetchPolicy: 'no-cache' });
}
