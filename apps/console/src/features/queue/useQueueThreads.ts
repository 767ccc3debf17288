import { useQuery } from '@apollo/client/react';
import { QueueThreadsDocument, type QueueThreadsQueryVariables } from '@switchboard/schema';
import { useCallback, useRef } from 'react';
import { mergeQueuePages } from './queue-cache';

/** The server's maximum page. */
export const QUEUE_PAGE_SIZE = 200;

/** One page of the queue in the view's order (see viewOrder), and `loadMore` for the next. */
export function useQueueThreads(variables: QueueThreadsQueryVariables | null) {
  const result = useQuery(QueueThreadsDocument, {
    variables: variables ?? {},
    skip: variables === null,
    // A list seen before shows at once, then catches up with what happened while it was hidden.
    fetchPolicy: 'cache-and-network',
    nextFetchPolicy: 'cache-first',
  });
  const { data, fetchMore } = result;
  const fetching = useRef(false);
  const pageInfo = data?.threads.pageInfo;

  const loadMore = useCallback(async () => {
    if (fetching.current || !pageInfo?.hasNextPage || !pageInfo.endCursor) return;
    fetching.current = true;
    try {
      await fetchMore({ variables: { after: pageInfo.endCursor }, updateQuery: (previous, { fetchMoreResult }) => mergeQueuePages(previous, fetchMoreResult) });
    } finally {
      fetching.current = false;
    }
  }, [fetchMore, pageInfo?.hasNextPage, pageInfo?.endCursor]);

  return { ...result, loadMore };
}
