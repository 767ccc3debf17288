import { useQuery } from '@apollo/client/react';
import { QueueViewerDocument } from '@switchboard/schema';

export function useQueueViewer() {
  return useQuery(QueueViewerDocument);
}
