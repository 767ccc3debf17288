import { useMutation } from '@apollo/client/react';
import { DeleteWebhookDocument } from '@switchboard/schema';

/** A deleted webhook leaves the cache, and with it every list that held it. */
export function useDeleteWebhook() {
  return useMutation(DeleteWebhookDocument, {
    update(cache, { data }, { variables }) {
      if (!data?.deleteWebhook || !variables) return;
      cache.evict({ id: cache.identify({ __typename: 'Webhook', id: variables.id }) });
      cache.gc();
    },
  });
}
