import { useMutation } from '@apollo/client/react';
import { SetWebhookActiveDocument } from '@switchboard/schema';

/** Pause or resume; the answer is the webhook itself, so its cached row updates in place. */
export function useSetWebhookActive() {
  return useMutation(SetWebhookActiveDocument);
}
