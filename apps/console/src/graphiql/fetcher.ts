import { createGraphiQLFetcher, type Fetcher } from '@graphiql/toolkit';

/**
 * GraphiQL's requests: queries and mutations over HTTP, subscriptions over graphql-ws on the same
 * path. The header editor's headers go on both; their names are lower-cased because the server
 * reads the WebSocket token from connection_init's `authorization` (HTTP does not care).
 */
export function createSwitchboardFetcher(location: Pick<Location, 'origin' | 'protocol' | 'host'>): Fetcher {
  const fetcher = createGraphiQLFetcher({
    url: `${location.origin}/graphql`,
    subscriptionUrl: `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/graphql`,
    // Apollo Server answers plain JSON; multipart (incremental delivery) buys nothing here.
    enableIncrementalDelivery: false,
  });
  return (params, options) => fetcher(params, options && { ...options, headers: lowerCaseKeys(options.headers) });
}

export function lowerCaseKeys(headers: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!headers) return headers;
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}
