import { createClient } from 'graphql-ws';
import { pino } from 'pino';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../../app/services.js';
import { createDataSource } from '../../db/data-source.js';
import { createApp, type App } from '../../http/app.js';
import { LoginLimits } from '../../modules/auth/login-limits.js';
import { RequestBudget } from '../../modules/auth/request-budget.js';
import { ENTITIES } from '../../modules/entities.js';
import { buildAgent, startTestServer, subscribe, type AgentFixture, type TestServer } from '../../../../../test/support/server.js';

let server: TestServer;
let admin: AgentFixture;
let agent: AgentFixture;

beforeAll(async () => {
  server = await startTestServer();
  admin = await buildAgent(server, { role: 'ADMIN' });
  agent = await buildAgent(server);
});
afterAll(() => server.close());

interface Answer {
  status: number;
  retryAfter: string | null;
  body: { data?: Record<string, unknown> | null; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
}

async function post(url: string, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<Answer> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as Answer['body'] };
}

const LOGIN = 'mutation($email: String!, $password: String!) { login(email: $email, password: $password) { token } }';
const codeOf = (answer: Answer) => answer.body.errors?.[0]?.extensions?.code;

describe('query limits over HTTP', () => {
  it('refuses 500 aliases of threads(first: 200) before execution with 400 QUERY_TOO_COMPLEX, its cost and the limit', async () => {
    const query = `query { ${Array.from({ length: 500 }, (_, i) => `a${i}: threads(first: 200) { edges { node { id } } }`).join(' ')} }`;
    server.statements.length = 0;
    const answer = await post(server.url, query, {}, agent.token);
    expect(answer.status).toBe(400);
    expect(answer.body.data).toBeUndefined();
    expect(answer.body.errors?.[0]?.extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', cost: expect.any(Number), limit: 100_000 });
    expect(server.statements.filter((sql) => /\bthread\b/.test(sql))).toEqual([]);
  });

  it('refuses two logins in one request, so aliases cannot multiply guesses', async () => {
    const answer = await post(server.url, `mutation { a: login(email: "${agent.email}", password: "x") { token } b: login(email: "${agent.email}", password: "y") { token } }`);
    expect(answer.body.errors?.[0]?.extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', logins: 2, limit: 1 });
  });
});

describe('query limits over graphql-ws', () => {
  it('refuses a costly subscription at subscribe with QUERY_TOO_COMPLEX', async () => {
    const live = subscribe(server, agent.token, `subscription { threadEvents { thread { customer { threads(first: 200) { edges { node {
      customer { threads(first: 200) { edges { node { customer { threads(first: 200) { edges { node { id } } } } } } } } } } } } } } }`);
    await live.waitFor(1);
    expect(live.received[0]?.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 100_000 });
    await live.dispose();
  });

  it('refuses the subscription past 100 on one socket, and keeps the others', async () => {
    const client = createClient({ url: server.wsUrl, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${agent.token}` }, retryAttempts: 0 });
    const errors: unknown[] = [];
    const stops = Array.from({ length: 101 }, () => client.subscribe({ query: 'subscription { threadEvents { cursor } }' }, {
      next: () => undefined,
      error: (error) => void errors.push(error),
      complete: () => undefined,
    }));
    const deadline = Date.now() + 10_000;
    while (errors.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(errors).toHaveLength(1);
    expect((errors[0] as Array<{ extensions: Record<string, unknown> }>)[0]!.extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 100 });
    for (const stop of stops) stop();
    await client.dispose();
  });
});

describe('login limits', () => {
  it('answers the 11th failed login for one e-mail within 15 minutes with 429 RATE_LIMITED and retryAfterSeconds, even with the right password', async () => {
    const victim = await buildAgent(server);
    for (let attempt = 1; attempt <= 10; attempt++) {
      const failed = await post(server.url, LOGIN, { email: victim.email.toUpperCase(), password: `guess-${attempt}` });
      expect(codeOf(failed)).toBe('UNAUTHENTICATED');
    }
    const refused = await post(server.url, LOGIN, { email: victim.email, password: victim.password });
    expect(refused.status).toBe(429);
    expect(refused.body.errors?.[0]?.extensions).toEqual({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) });
    const retryAfterSeconds = refused.body.errors![0]!.extensions!.retryAfterSeconds as number;
    expect(retryAfterSeconds).toBeGreaterThan(800);
    expect(retryAfterSeconds).toBeLessThanOrEqual(900);
    expect(refused.retryAfter).toBe(String(retryAfterSeconds));
  });

  it('counts failed logins only: successes do not use up the allowance', async () => {
    const regular = await buildAgent(server);
    for (let attempt = 0; attempt < 15; attempt++) {
      const answer = await post(server.url, LOGIN, { email: regular.email, password: regular.password });
      expect(answer.body.errors).toBeUndefined();
    }
  });

  it('limits failed logins per client address across e-mails', async () => {
    const limits = new LoginLimits(server.dataSource, { maxFailuresPerEmail: 10, maxFailuresPerIp: 3, windowSeconds: 60 });
    for (let n = 0; n < 3; n++) await limits.attempt(`someone${n}@example.com`, '203.0.113.7');
    await expect(limits.attempt('someone-else@example.com', '203.0.113.7')).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    await expect(limits.attempt('someone-else@example.com', '203.0.113.8')).resolves.toBeDefined();
  });

  it('shares counters between two servers on one database (replicas)', async () => {
    const url = (server.dataSource.options as { url: string }).url;
    const dataSource = createDataSource({ url, entities: ENTITIES, poolSize: 4 });
    await dataSource.initialize();
    const logger = pino({ level: 'silent' });
    const other: App = await createApp({ dataSource, services: createServices({ dataSource, logger, sessionTtlSeconds: 3600 }), logger, consoleDir: '/nonexistent' });
    const otherUrl = `http://127.0.0.1:${await other.listen(0, '127.0.0.1')}`;
    try {
      const victim = await buildAgent(server);
      for (let attempt = 0; attempt < 10; attempt++) {
        const failed = await post(attempt % 2 ? otherUrl : server.url, LOGIN, { email: victim.email, password: `guess-${attempt}` });
        expect(codeOf(failed)).toBe('UNAUTHENTICATED');
      }
      expect(codeOf(await post(otherUrl, LOGIN, { email: victim.email, password: 'guess-11' }))).toBe('RATE_LIMITED');
      expect(codeOf(await post(server.url, LOGIN, { email: victim.email, password: 'guess-12' }))).toBe('RATE_LIMITED');
    } finally {
      await other.close();
      await dataSource.destroy();
    }
  });
});

describe('requests per token', () => {
  it("refuses an agent's burst past 200 with 429 RATE_LIMITED and retryAfterSeconds, and leaves other tokens alone", async () => {
    const burster = await buildAgent(server);
    const answers = await Promise.all(Array.from({ length: 260 }, () => post(server.url, '{ serverTime }', {}, burster.token)));
    const served = answers.filter((answer) => answer.status === 200 && !answer.body.errors).length;
    const refused = answers.filter((answer) => answer.status === 429);
    expect(served).toBeGreaterThanOrEqual(200);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0]!.body.errors?.[0]?.extensions).toEqual({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) });
    expect(refused[0]!.retryAfter).toMatch(/^\d+$/);
    expect((await post(server.url, '{ serverTime }', {}, agent.token)).status).toBe(200);
  });

  it('spends the budget in the statement that finds the token: one statement before a request runs', async () => {
    server.statements.length = 0;
    expect((await post(server.url, '{ serverTime }', {}, agent.token)).status).toBe(200);
    const ran = server.statements.filter((sql) => /session|rate_limit/.test(sql));
    expect(ran).toHaveLength(1);
    expect(ran[0]).toMatch(/FROM session/);
    expect(ran[0]).toMatch(/INSERT INTO rate_limit/);
  });

  it('counts a session\'s requests and its subscribes against one budget', async () => {
    const tight = new RequestBudget({ session: { perSecond: 1, burst: 3 }, admin: { perSecond: 1, burst: 3 } });
    const member = await buildAgent(server);
    const actor = (await server.services.auth.authenticate(member.token))!;
    await tight.take(server.dataSource, actor); // a subscribe
    await tight.take(server.dataSource, actor);
    expect(await server.services.auth.authenticate(member.token, tight)).toMatchObject({ agentId: member.id }); // a request: the 3rd
    await expect(server.services.auth.authenticate(member.token, tight)).rejects.toMatchObject({ code: 'RATE_LIMITED', extensions: { retryAfterSeconds: 3 } });
    await expect(tight.take(server.dataSource, actor)).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    // An ADMIN key (every scope) and an INGEST key spend the admin tier, a READ key the session's,
    // whether they make a request or a subscribe.
    const tiers = new RequestBudget({ session: { perSecond: 1, burst: 2 }, admin: { perSecond: 1, burst: 4 } });
    for (const [scopes, allowed] of [[['ADMIN'], 4], [['INGEST'], 4], [['READ'], 2]] as const) {
      const { key } = await server.services.apiKeys.create({ name: `budget ${scopes[0]}`, scopes: [...scopes] as never }, admin.id);
      const keyActor = (await server.services.auth.authenticateHeader(`Bearer ${key}`))!;
      for (let i = 1; i < allowed; i++) await tiers.take(server.dataSource, keyActor);
      expect(await server.services.auth.authenticateHeader(`Bearer ${key}`, tiers)).not.toBeNull();
      await expect(server.services.auth.authenticateHeader(`Bearer ${key}`, tiers)).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    }
    // Another agent's session has a budget of its own; an unknown token spends nothing.
    const [other] = await Promise.all([buildAgent(server)]);
    expect(await server.services.auth.authenticate(other!.token, tight)).not.toBeNull();
    expect(await server.services.auth.authenticate('not-a-token', tight)).toBeNull();
  });

  it('lets an ADMIN session burst 1,000 requests', async () => {
    const answers = await Promise.all(Array.from({ length: 1000 }, () => post(server.url, '{ serverTime }', {}, admin.token)));
    expect(answers.filter((answer) => answer.status !== 200)).toEqual([]);
  });
});
