import { useQuery } from '@apollo/client/react';
import { BoardDocument, BoardUpdatedDocument } from '@switchboard/schema';
import { useEffect, useState } from 'react';

/**
 * The board: read once, then kept by `boardUpdated` on the console's socket (the GraphQL link's
 * ws client). Each push is the whole board as it stands, so it replaces the cached one; nothing
 * is merged. graphql-ws resubscribes after a dropped connection, and the server pushes a fresh
 * board right after every subscribe, so a reconnect needs nothing here.
 */
export function useBoard() {
  const result = useQuery(BoardDocument);
  const { subscribeToMore } = result;
  const [liveError, setLiveError] = useState<Error | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(
    () =>
      subscribeToMore({
        document: BoardUpdatedDocument,
        updateQuery: (_previous, { subscriptionData }) => ({ board: subscriptionData.data.boardUpdated }),
        onError: (error) => {
          // The server ended the subscription with an error (masked): say so, offer to resume.
          console.warn('Board: live updates stopped', error);
          setLiveError(error);
        },
      }),
    [subscribeToMore, attempt],
  );

  const resume = () => {
    setLiveError(null);
    setAttempt((n) => n + 1);
  };
  return { ...result, liveError, resume };
}
