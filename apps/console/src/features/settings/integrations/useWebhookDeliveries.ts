import { useQuery } from '@apollo/client/react';
import { WebhookDeliveriesDocument } from '@switchboard/schema';
import { WEBHOOK_HEALTH_POLL_MS } from './useWebhooks';

export const DELIVERIES_SHOWN = 10;

/** A webhook's latest attempts, read while its row is expanded; always from the server. */
export function useWebhookDeliveries(webhookId: string) {
  return useQuery(WebhookDeliveriesDocument, {
    variables: { webhookId, first: DELIVERIES_SHOWN },
    fetchPolicy: 'cache-and-network',
    pollInterval: WEBHOOK_HEALTH_POLL_MS,
  });
}
