import { useMutation } from '@apollo/client/react';
import { RevokeApiKeyDocument } from '@switchboard/schema';

/** A revoked key leaves the cache, and with it every list that held it. */
export function useRevokeApiKey() {
  return useMutation(RevokeApiKeyDocument, {
    update(cache, { data }, { variables }) {
      if (!data?.revokeApiKey || !variables) return;
      cache.evict({ id: cache.identify({ __typename: 'ApiKey', id: variables.id }) });
      cache.gc();
    },
  });
}
