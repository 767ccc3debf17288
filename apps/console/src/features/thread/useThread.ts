import { useQuery } from '@apollo/client/react';
import { ThreadDocument, type ThreadQueryVariables } from '@switchboard/schema';
import { useEffect } from 'react';

/** The server's largest page: most threads load in one request. */
export const MESSAGES_PAGE = 200;

/** The variables every reader and writer of a thread's cache entry must use. */
export function threadVariables(threadId: string): ThreadQueryVariables {
  return { id: threadId, first: MESSAGES_PAGE };
}

/**
 * The thread with its whole conversation. Messages come oldest first, so a long thread loads its
 * later pages at once: the newest messages are the ones an agent needs.
 */
export function useThread(threadId: string) {
  const result = useQuery(ThreadDocument, { variables: threadVariables(threadId) });
  const { fetchMore } = result;
  const pageInfo = result.data?.thread?.messages.pageInfo;
  const nextCursor = pageInfo?.hasNextPage ? pageInfo.endCursor : null;

  useEffect(() => {
    if (!nextCursor) return;
    void fetchMore({
      variables: { after: nextCursor },
      updateQuery: (previous, { fetchMoreResult }) => {
        if (!previous.thread || !fetchMoreResult.thread) return previous;
        const known = new Set(previous.thread.messages.edges.map((edge) => edge.node.id));
        const edges = [...previous.thread.messages.edges, ...fetchMoreResult.thread.messages.edges.filter((edge) => !known.has(edge.node.id))];
        return { ...previous, thread: { ...previous.thread, messages: { ...fetchMoreResult.thread.messages, edges } } };
      },
    }).catch(() => undefined);
  }, [fetchMore, nextCursor]);

  return result;
}
