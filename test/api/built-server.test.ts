import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClient } from 'graphql-ws';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import WebSocket from 'ws';
import { gql, startBuiltServer, type BuiltServer } from '../support/built-server.js';
import { withDatabase } from '../support/postgres.js';

// The built server catches what vitest cannot (ESM import cycles, decorator metadata after tsc),
// over an EMPTY database that its own migrations must bring up.
const ADMIN = { email: 'chief@example.com', password: 'a-long-secret-password' };
const database = `sb_built_${process.pid}`;
let admin: pg.Client;
let server: BuiltServer;
let databaseUrl: string;

beforeAll(async () => {
  const { adminUrl } = inject('postgres');
  admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  databaseUrl = withDatabase(adminUrl, database);
  server = await startBuiltServer({
    DATABASE_URL: databaseUrl,
    SWITCHBOARD_ADMIN_EMAIL: ADMIN.email,
    SWITCHBOARD_ADMIN_PASSWORD: ADMIN.password,
    LOG_LEVEL: 'debug',
    NODE_ENV: 'production',
  });
});

afterAll(async () => {
  await server?.stop();
  await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await admin.end();
});

describe('the built server (node apps/server/dist/main.js)', () => {
  let token: string;

  it('migrates an empty database, creates the ADMIN and answers /healthz', async () => {
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', database: 'up', liveSubscriptions: 0, eventLoopDelayMs: { p99: expect.any(Number) } });
    const channels = await admin.query(`SELECT count(*)::int AS n FROM pg_database WHERE datname = $1`, [database]);
    expect(channels.rows[0].n).toBe(1);
    expect(server.output()).toContain('created the ADMIN agent');
  });

  it('signs the ADMIN in over HTTP', async () => {
    const result = await gql<{ login: { token: string; agent: { role: string } } }>(
      server.url,
      'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token agent { role } } }',
      { e: ADMIN.email, p: ADMIN.password },
    );
    expect(result.data?.login.agent.role).toBe('ADMIN');
    token = result.data!.login.token;
  });

  it('keeps introspection on in production', async () => {
    const result = await gql<{ __schema: { types: unknown[] } }>(server.url, '{ __schema { types { name } } }');
    expect(result.data!.__schema.types.length).toBeGreaterThan(10);
  });

  it('runs a graphql-ws round trip with the token in connection_init', async () => {
    const client = createClient({
      url: `${server.url.replace('http', 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
    });
    const result = await new Promise<{ data?: { me: { role: string }; channels: unknown[] } }>((resolve, reject) => {
      client.subscribe({ query: '{ me { role } channels { kind } }' }, { next: resolve as never, error: reject, complete: () => undefined });
    });
    expect(result.data?.me.role).toBe('ADMIN');
    expect(result.data?.channels).toHaveLength(7);
    await client.dispose();
  });

  it('serves the console with a fallback to index.html for client routes', async () => {
    for (const route of ['/', '/queues/some-thread']) {
      const response = await fetch(`${server.url}${route}`, { headers: { accept: 'text/html' } });
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('<div id="root">');
    }
  });

  it('logs one line per request at debug level and never the password', async () => {
    await fetch(`${server.url}/healthz`);
    const lines = server.output().split('\n').filter((line) => line.includes('"msg":"request"'));
    expect(lines.some((line) => line.includes('"url":"/healthz"'))).toBe(true);
    expect(server.output()).not.toContain(ADMIN.password);
  });

  it('answers /healthz with 503 while the database refuses connections, and 200 again after', async () => {
    await admin.query(`ALTER DATABASE ${database} ALLOW_CONNECTIONS false`);
    await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`, [database]);
    try {
      const down = await fetch(`${server.url}/healthz`);
      expect(down.status).toBe(503);
      expect(await down.json()).toMatchObject({ database: 'down' });
    } finally {
      await admin.query(`ALTER DATABASE ${database} ALLOW_CONNECTIONS true`);
    }
    const up = await fetch(`${server.url}/healthz`);
    expect(up.status).toBe(200);
  });

  it('drains and exits 0 on SIGTERM', async () => {
    expect(await server.stop('SIGTERM')).toBe(0);
    expect(server.output()).toContain('"msg":"stopped"');
  });
});

describe('a bad environment value', () => {
  it('stops the process with one line naming the variable', async () => {
    const bad = await startBuiltServer({ PORT: 'not-a-port', DATABASE_URL: 'postgres://unused/x' }, { waitForHealth: false });
    expect(await bad.exited).toBe(78);
    const lines = bad.output().trim().split('\n');
    expect(lines).toEqual(['switchboard: configuration error: PORT must be an integer from 0 to 65535, got "not-a-port"']);
  });
});

describe('a port another process holds', () => {
  it('is not mistaken for the server: the start fails with EADDRINUSE even though /healthz answers 200 there', async () => {
    // What a test on a busy machine meets when another process takes the port picked for it.
    const squatter = http.createServer((_req, res) => res.writeHead(200).end('{}'));
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    const { port } = squatter.address() as AddressInfo;
    try {
      await expect(startBuiltServer({ DATABASE_URL: databaseUrl, PORT: String(port) })).rejects.toThrow(/EADDRINUSE/);
    } finally {
      squatter.close();
    }
  });
});
