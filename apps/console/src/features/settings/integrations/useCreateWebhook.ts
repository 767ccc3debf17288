import { useMutation } from '@apollo/client/react';
import { CreateWebhookDocument, WebhookRowFragmentDoc } from '@switchboard/schema';

/** The new webhook goes to the end of the cached list (oldest first, as the server lists them). */
export function useCreateWebhook() {
  return useMutation(CreateWebhookDocument, {
    update(cache, { data }) {
      const created = data?.createWebhook?.webhook;
      if (!created) return;
      const ref = cache.writeFragment({ fragment: WebhookRowFragmentDoc, data: created });
      cache.modify({
        fields: {
          webhooks(existing: ReadonlyArray<{ __ref: string }> = []) {
            return !ref || existing.some((item) => item.__ref === ref.__ref) ? existing : [...existing, ref];
          },
        },
      });
    },
  });
}
