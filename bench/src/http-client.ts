import http from 'node:http';

/**
 * A tiny GraphQL-over-HTTP client on node:http with one keep-alive pool: 200 claimers reuse
 * their sockets, so the bench measures the server and not TCP handshakes.
 */
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

export interface GraphQLError {
  message: string;
  extensions?: { code?: string; [key: string]: unknown };
}

export interface GraphQLResponse<T> {
  status: number;
  data?: T | null;
  errors?: GraphQLError[];
}

/** `pool`: a keep-alive pool of the caller's own (the claim ramp sizes its own), else the shared one. */
export function graphql<T>(
  endpoint: URL,
  query: string,
  variables: Record<string, unknown>,
  token?: string,
  pool: http.Agent = agent,
): Promise<GraphQLResponse<T>> {
  const body = JSON.stringify({ query, variables });
  const headers: http.OutgoingHttpHeaders = {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
  };
  if (token) headers.authorization = `Bearer ${token}`;
  return new Promise((resolve, reject) => {
    const req = http.request(endpoint, { method: 'POST', agent: pool, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        try {
          resolve({ status: res.statusCode ?? 0, ...(JSON.parse(text) as Omit<GraphQLResponse<T>, 'status'>) });
        } catch {
          resolve({ status: res.statusCode ?? 0, errors: [{ message: `non-JSON response: ${text.slice(0, 200)}` }] });
        }
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

export function closeHttpClient(): void {
  agent.destroy();
}
