import { useQuery } from '@apollo/client/react';
import { ApiKeyAgentsDocument } from '@switchboard/schema';

/** The agents a WRITE key may act as: asked for only once the form needs them. */
export function useApiKeyAgents(skip: boolean) {
  const result = useQuery(ApiKeyAgentsDocument, { skip });
  const agents = (result.data?.agents ?? []).filter((agent) => agent.active);
  return { ...result, agents };
}
