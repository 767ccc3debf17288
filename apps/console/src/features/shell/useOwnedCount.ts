import { useApolloClient } from '@apollo/client/react';
import { useCallback } from 'react';
import { useLiveEvents } from '../../app/live';
import { ownedDelta } from './owned-count';

/** My load follows the events about my threads, without asking the server. */
export function useOwnedCount(meId: string | null): void {
  const apollo = useApolloClient();
  useLiveEvents(
    useCallback(
      (event) => {
        if (!meId) return;
        const delta = ownedDelta(event, meId);
        if (delta === 0) return;
        apollo.cache.modify({
          id: apollo.cache.identify({ __typename: 'Agent', id: meId }),
          fields: { ownedThreadCount: (count: number) => Math.max(0, count + delta) },
        });
      },
      [apollo, meId],
    ),
  );
}
