import { useQuery } from '@apollo/client/react';
import { ReportDocument } from '@switchboard/schema';
import { periodInstants, type Period } from './period';

/**
 * The report for a period, or nothing while the period is not valid. A period that includes
 * today keeps changing: a revisit shows the cached figures at once and refreshes them.
 */
export function useReport(period: Period | null) {
  return useQuery(ReportDocument, {
    variables: period ? periodInstants(period) : { from: '', to: '' },
    skip: period === null,
    fetchPolicy: 'cache-and-network',
    notifyOnNetworkStatusChange: true,
  });
}
