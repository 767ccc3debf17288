import { useQuery } from '@apollo/client/react';
import { ApiKeysDocument } from '@switchboard/schema';

/**
 * The keys not revoked; ADMIN only, so only an admin's section mounts this. Named `ApiKeys`, so a
 * live settings change refetches it by name (app/setup-changes.tsx).
 */
export function useApiKeys() {
  return useQuery(ApiKeysDocument);
}
