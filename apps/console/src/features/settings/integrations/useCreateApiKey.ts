import { useMutation } from '@apollo/client/react';
import { ApiKeyRowFragmentDoc, CreateApiKeyDocument } from '@switchboard/schema';

/** The new key goes to the top of the cached list (newest first, as the server lists them). */
export function useCreateApiKey() {
  return useMutation(CreateApiKeyDocument, {
    update(cache, { data }) {
      const created = data?.createApiKey?.apiKey;
      if (!created) return;
      const ref = cache.writeFragment({ fragment: ApiKeyRowFragmentDoc, data: created });
      cache.modify({
        fields: {
          apiKeys(existing: ReadonlyArray<{ __ref: string }> = []) {
            return !ref || existing.some((item) => item.__ref === ref.__ref) ? existing : [ref, ...existing];
          },
        },
      });
    },
  });
}
