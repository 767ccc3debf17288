import { useQuery } from '@apollo/client/react';
import { QueueFirstRunDocument } from '@switchboard/schema';

/**
 * For an admin's empty queue: 'setup' while the team is only them or no message ever arrived, so
 * the empty state says what to set up; 'loading' until known; 'running' otherwise (and when not
 * asked, or when the question failed: the plain empty state is never wrong).
 */
export function useQueueFirstRun(ask: boolean): 'loading' | 'setup' | 'running' {
  const { data, loading } = useQuery(QueueFirstRunDocument, { skip: !ask, fetchPolicy: 'cache-and-network' });
  if (!ask) return 'running';
  if (data) return data.agents.length <= 1 || data.threads.edges.length === 0 ? 'setup' : 'running';
  return loading ? 'loading' : 'running';
}
