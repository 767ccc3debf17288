import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { buildAgent, startTestServer, type AgentFixture, type TestServer } from '../../../../../../test/support/server.js';

let server: TestServer;
let agent: AgentFixture;

beforeAll(async () => {
  server = await startTestServer();
  agent = await buildAgent(server, { name: 'Ada Agent' });
});
afterAll(() => server.close());

const LOGIN = `mutation($email: String!, $password: String!) { login(email: $email, password: $password) { token agent { id name role } } }`;

describe('login', () => {
  it('returns a session token that authenticates me', async () => {
    const result = await server.gql<{ login: { token: string; agent: { id: string; name: string } } }>(LOGIN, {
      email: agent.email.toUpperCase(), // e-mail is case-insensitive
      password: agent.password,
    });
    expect(result.errors).toBeUndefined();
    const token = result.data!.login.token;
    expect(result.data!.login.agent).toMatchObject({ id: agent.id, name: 'Ada Agent' });
    const me = await server.gql<{ me: { id: string } }>('{ me { id } }', {}, token);
    expect(me.data!.me.id).toBe(agent.id);
  });

  it('answers a wrong password and an unknown e-mail with the same UNAUTHENTICATED message', async () => {
    const wrong = await server.gql(LOGIN, { email: agent.email, password: 'not-the-password' });
    const unknown = await server.gql(LOGIN, { email: 'nobody@example.com', password: 'whatever' });
    expect(wrong.data?.login).toBeNull();
    expect(wrong.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(unknown.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(wrong.errors?.[0]?.message).toBe(unknown.errors?.[0]?.message);
  });

  it('stores an argon2id hash and only a hash of the session token', async () => {
    const result = await server.gql<{ login: { token: string } }>(LOGIN, { email: agent.email, password: agent.password });
    const token = result.data!.login.token;
    const [row] = await server.dataSource.query(`SELECT password_hash FROM agent WHERE id = $1`, [agent.id]);
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    const plain = await server.dataSource.query(
      `SELECT count(*)::int AS n FROM session WHERE encode(token_hash, 'escape') LIKE '%' || $1 || '%'`, [token]);
    expect(plain[0].n).toBe(0);
    const hashed = await server.dataSource.query(
      `SELECT count(*)::int AS n FROM session WHERE token_hash = sha256(convert_to($1, 'UTF8'))`, [token]);
    expect(hashed[0].n).toBe(1);
  });
});

describe('sessions', () => {
  it('stops answering a token after logout', async () => {
    const fresh = await buildAgent(server);
    expect((await server.gql('mutation { logout }', {}, fresh.token)).data).toEqual({ logout: true });
    const after = await server.gql('{ me { id } }', {}, fresh.token);
    expect(after.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses an expired token', async () => {
    const fresh = await buildAgent(server);
    await server.dataSource.query(`UPDATE session SET expires_at = now() - interval '1 second' WHERE agent_id = $1`, [fresh.id]);
    const result = await server.gql('{ me { id } }', {}, fresh.token);
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('without a token', () => {
  it('answers only login, __typename and introspection', async () => {
    expect((await server.gql('{ __typename }')).data).toEqual({ __typename: 'Query' });
    const introspection = await server.gql<{ __schema: { queryType: { name: string } } }>('{ __schema { queryType { name } } }');
    expect(introspection.data!.__schema.queryType.name).toBe('Query');
    for (const query of ['{ me { id } }', '{ serverTime }', '{ channels { id } }', '{ __typename ...F } fragment F on Query { agents { id } }']) {
      const result = await server.gql(query);
      expect(result.data ?? null).toBeNull();
      expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
  });
});

describe('graphql-ws', () => {
  function connect(authorization: string) {
    return createClient({ url: server.wsUrl, webSocketImpl: WebSocket, connectionParams: { authorization }, retryAttempts: 0, lazy: true });
  }

  it('runs an operation for a valid bearer token in connection_init', async () => {
    const client = connect(`Bearer ${agent.token}`);
    const result = await new Promise<unknown>((resolve, reject) => {
      client.subscribe({ query: '{ me { id } serverTime }' }, { next: resolve, error: reject, complete: () => undefined });
    });
    expect(result).toMatchObject({ data: { me: { id: agent.id } } });
    await client.dispose();
  });

  it('closes the connection with 4403 for a bad token', async () => {
    const client = connect('Bearer sbs_not-a-real-token');
    const closeCode = await new Promise<number>((resolve) => {
      client.on('closed', (event) => resolve((event as { code: number }).code));
      client.subscribe({ query: '{ me { id } }' }, { next: () => undefined, error: () => undefined, complete: () => undefined });
    });
    expect(closeCode).toBe(4403);
    await client.dispose();
  });
});
