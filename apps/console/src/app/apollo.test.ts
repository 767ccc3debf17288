import { MeDocument } from '@switchboard/schema';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApolloClient, defaultWsUrl } from './apollo';

function stubGraphQLResponse(body: unknown) {
  const fetch = vi.fn(async (_url: string, _init?: RequestInit) =>
    new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } }),
  );
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

const unauthenticated = {
  data: null,
  errors: [{ message: 'Not signed in', extensions: { code: 'UNAUTHENTICATED' } }],
};

describe('createApolloClient', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('sends the token as a bearer header and signs out on UNAUTHENTICATED', async () => {
    const fetch = stubGraphQLResponse(unauthenticated);
    const onAuthError = vi.fn();
    const { client } = createApolloClient({ getToken: () => 'tok_expired', onAuthError });

    await expect(client.query({ query: MeDocument })).rejects.toThrow('Not signed in');

    expect(fetch).toHaveBeenCalledTimes(1);
    const headers = new Headers(fetch.mock.calls[0]?.[1]?.headers);
    expect(headers.get('authorization')).toBe('Bearer tok_expired');
    expect(onAuthError).toHaveBeenCalledTimes(1);
  });

  it('does not sign out when a request without a token is rejected (e.g. a failed login)', async () => {
    stubGraphQLResponse(unauthenticated);
    const onAuthError = vi.fn();
    const { client } = createApolloClient({ getToken: () => null, onAuthError });

    await expect(client.query({ query: MeDocument })).rejects.toThrow('Not signed in');
    expect(onAuthError).not.toHaveBeenCalled();
  });

  it('derives the socket URL from the page location', () => {
    expect(defaultWsUrl({ protocol: 'https:', host: 'desk.example.com' })).toBe('wss://desk.example.com/graphql');
    expect(defaultWsUrl({ protocol: 'http:', host: 'localhost:5173' })).toBe('ws://localhost:5173/graphql');
  });
});
