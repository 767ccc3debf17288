import { useApolloClient } from '@apollo/client/react';
import { ServerTimeDocument } from '@switchboard/schema';
import { useEffect } from 'react';
import { syncServerClock } from '../../app/server-clock';

/** Reads `serverTime` once when the queue mounts; wait clocks tick on the server's clock from then on. */
export function useServerClockOffset(): void {
  const client = useApolloClient();
  useEffect(() => {
    let cancelled = false;
    client
      .query({ query: ServerTimeDocument, fetchPolicy: 'network-only' })
      .then(({ data }) => {
        if (!cancelled && data) syncServerClock(data.serverTime);
      })
      // Without it the clocks run on this machine's time, which is usually close enough.
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [client]);
}
