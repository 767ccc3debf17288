import net from 'node:net';
import { createClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { gql, startBuiltServer, type BuiltServer } from '../../support/built-server.js';
import { startOwnPostgres, type OwnPostgres } from '../../support/own-postgres.js';
import { rssBytes } from '../../support/processes.js';
import { until } from '../../support/server.js';

// Abuse before sign-in (issue #10): what a client may send is bounded before anything reads it.
// The built server runs with its default body and WebSocket limits (1 MiB) and short HTTP
// timeouts, so the slow-client cases take a second or two.

const ADMIN = { email: 'limits-admin@example.com', password: 'limits-password' };
const MiB = 1024 * 1024;
const HEADERS_TIMEOUT_MS = 1_000;
const REQUEST_TIMEOUT_MS = 2_000;
let db: OwnPostgres;
let server: BuiltServer;
let signedIn: Client;
let socketsOpened = 0;
let socketsClosed = 0;
let openedAt = 0;

beforeAll(async () => {
  db = await startOwnPostgres();
  await db.admin((client) => client.query('CREATE DATABASE switchboard'));
  server = await startBuiltServer({
    DATABASE_URL: db.url('switchboard'),
    SWITCHBOARD_ADMIN_EMAIL: ADMIN.email,
    SWITCHBOARD_ADMIN_PASSWORD: ADMIN.password,
    SWITCHBOARD_HTTP_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS),
    SWITCHBOARD_HTTP_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
    LOG_LEVEL: 'debug', // one line per request: the sentinel that the server has written what it would
  });
  const login = await gql<{ login: { token: string } }>(server.url,
    'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', { e: ADMIN.email, p: ADMIN.password });
  // A signed-in console, open before the slow clients below: the HTTP timeouts must not reach it.
  signedIn = createClient({
    url: `${server.url.replace('http', 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${login.data!.login.token}` },
    lazy: false,
    retryAttempts: 0,
    on: { connected: () => void socketsOpened++, closed: () => void socketsClosed++ },
  });
  await until(() => socketsOpened === 1);
  openedAt = performance.now();
});

afterAll(async () => {
  await signedIn?.dispose();
  await server?.stop();
  await db?.destroy();
});

/** Waits for the server's log line of a request to `url`: whatever it wrote before is in `output()`. */
async function sentinel(): Promise<void> {
  const marker = `/healthz?sentinel=${Math.random().toString(36).slice(2)}`;
  await fetch(`${server.url}${marker}`).then((response) => response.arrayBuffer());
  await until(() => server.output().includes(marker));
}

function post(body: string): Promise<Response> {
  return fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
}

describe('before sign-in', () => {
  it('refuses a 50 MB WebSocket frame, at a cost of under 10 MB of the server\'s memory', async () => {
    const pid = server.child.pid!;
    const before = rssBytes(pid);
    const socket = new WebSocket(`${server.url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
    socket.on('error', () => undefined); // the close code is what we look at
    await new Promise((resolve) => socket.once('open', resolve));
    const closed = new Promise<number>((resolve) => socket.once('close', resolve));
    socket.send(Buffer.alloc(50 * MiB, 0x61)); // no connection_init: nobody has signed in
    expect(await closed).toBe(1009); // "message too big", from the frame's header alone
    const grownBy = rssBytes(pid) - before;
    console.log(`[faults] a refused 50 MB frame grew the server's RSS by ${(grownBy / MiB).toFixed(1)} MB`);
    expect(grownBy).toBeLessThan(10 * MiB);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it('answers a 2 MB body with 413 PAYLOAD_TOO_LARGE as a GraphQL JSON error, with no stack trace logged', async () => {
    const logged = server.output().length;
    const response = await post(JSON.stringify({ query: '{ __typename }', variables: { padding: 'x'.repeat(2 * MiB) } }));
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({
      errors: [{ message: `The request body is over the limit of ${MiB} bytes`, extensions: { code: 'PAYLOAD_TOO_LARGE', limitBytes: MiB } }],
    });
    await sentinel();
    expect(server.output().slice(logged)).not.toMatch(/PayloadTooLargeError|<!DOCTYPE html>|\n\s+at /);
  });

  it('answers a body that is not JSON with 400 BAD_REQUEST as a GraphQL JSON error', async () => {
    const logged = server.output().length;
    const response = await post('{"query": "{ __typename }"');
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({ errors: [{ message: 'The request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }] });
    await sentinel();
    expect(server.output().slice(logged)).not.toMatch(/SyntaxError|<!DOCTYPE html>|\n\s+at /);
  });

  it('cuts off a client that trickles its headers, and one that never sends its body, with 408', async () => {
    const { port } = new URL(server.url);
    const slow = (request: string) => new Promise<{ answer: string; ms: number }>((resolve, reject) => {
      const started = performance.now();
      let answer = '';
      const socket = net.connect(Number(port), '127.0.0.1', () => socket.write(request));
      socket.on('data', (chunk) => (answer += chunk.toString()));
      socket.on('error', reject);
      socket.on('close', () => resolve({ answer, ms: performance.now() - started }));
    });
    const [headers, body] = await Promise.all([
      slow('POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n'),
      slow('POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"query":'),
    ]);
    expect(headers.answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(body.answer).toMatch(/^HTTP\/1\.1 408 /);
    // Node checks its timeouts once a second (connectionsCheckingInterval).
    expect(headers.ms).toBeGreaterThanOrEqual(HEADERS_TIMEOUT_MS);
    expect(headers.ms).toBeLessThan(HEADERS_TIMEOUT_MS + 2_500);
    expect(body.ms).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS);
    expect(body.ms).toBeLessThan(REQUEST_TIMEOUT_MS + 2_500);
  });

  // The timeout check that cut the slow clients off above saw this socket, older than them, too.
  it('leaves a signed-in WebSocket older than the request timeout alone', async () => {
    const result = await new Promise<unknown>((resolve, reject) => {
      signedIn.subscribe({ query: '{ me { email } }' }, { next: resolve, error: reject, complete: () => undefined });
    });
    expect(performance.now() - openedAt).toBeGreaterThan(REQUEST_TIMEOUT_MS);
    expect(result).toEqual({ data: { me: { email: ADMIN.email } } });
    expect({ socketsOpened, socketsClosed }).toEqual({ socketsOpened: 1, socketsClosed: 0 });
  });
});
