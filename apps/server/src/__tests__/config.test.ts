import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, REPO_ROOT } from '../config.js';

describe('loadConfig', () => {
  it('defaults to port 4000, an embedded database under .switchboard/ and info logs', () => {
    const config = loadConfig({});
    expect(config.port).toBe(4000);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.dataDir).toBe(path.join(REPO_ROOT, '.switchboard'));
    expect(config.logLevel).toBe('info');
    expect(config.embeddedPgPort).not.toBe(5432);
  });

  it('keeps the demo off unless asked, and reads its rate, floor and mix', () => {
    expect(loadConfig({}).demo).toEqual({ on: false, messagesPerMinute: 6, maxWaiting: 25, mix: {} });
    expect(loadConfig({ SWITCHBOARD_DEMO: 'on', SWITCHBOARD_DEMO_RATE: '30', SWITCHBOARD_DEMO_MAX_WAITING: '10', SWITCHBOARD_DEMO_MIX: 'SMS=50, EMAIL=0' }).demo)
      .toEqual({ on: true, messagesPerMinute: 30, maxWaiting: 10, mix: { SMS: 50, EMAIL: 0 } });
  });

  it.each([
    [{ PORT: 'abc' }, /^PORT must be an integer from 0 to 65535, got "abc"$/],
    [{ PORT: '70000' }, /^PORT must be/],
    [{ LOG_LEVEL: 'loud' }, /^LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "loud"$/],
    [{ DATABASE_URL: 'mysql://x' }, /^DATABASE_URL must be a postgres:\/\//],
    [{ SWITCHBOARD_ADMIN_EMAIL: 'a@b.c' }, /SWITCHBOARD_ADMIN_EMAIL and SWITCHBOARD_ADMIN_PASSWORD must be set together/],
    [{ SWITCHBOARD_ADMIN_EMAIL: 'nobody', SWITCHBOARD_ADMIN_PASSWORD: 'long-enough' }, /^SWITCHBOARD_ADMIN_EMAIL must be an e-mail/],
    [{ SWITCHBOARD_ADMIN_EMAIL: 'a@b.c', SWITCHBOARD_ADMIN_PASSWORD: 'short' }, /^SWITCHBOARD_ADMIN_PASSWORD must be at least 8/],
    [{ SWITCHBOARD_PG_PORT: '5432' }, /^SWITCHBOARD_PG_PORT must not be 5432$/],
    [{ SWITCHBOARD_DEMO: 'yes' }, /^SWITCHBOARD_DEMO must be one of on, off, got "yes"$/],
    [{ SWITCHBOARD_DEMO_RATE: '0' }, /^SWITCHBOARD_DEMO_RATE must be an integer from 1/],
    [{ SWITCHBOARD_DEMO_MIX: 'SMS:50' }, /^SWITCHBOARD_DEMO_MIX must be KIND=weight pairs like SMS=50,EMAIL=10, got "SMS:50"$/],
    [{ SWITCHBOARD_SESSION_TTL_SECONDS: '5' }, /^SWITCHBOARD_SESSION_TTL_SECONDS must be an integer from 60/],
    [{ SWITCHBOARD_EVENT_RETENTION_DAYS: '0' }, /^SWITCHBOARD_EVENT_RETENTION_DAYS must be an integer from 1 to 3650/],
    [{ SWITCHBOARD_DB_POOL_SIZE: '0' }, /^SWITCHBOARD_DB_POOL_SIZE must be an integer from 1 to 1000/],
    [{ SWITCHBOARD_DB_CONNECT_TIMEOUT_MS: '5s' }, /^SWITCHBOARD_DB_CONNECT_TIMEOUT_MS must be an integer/],
    [{ SWITCHBOARD_WS_MAX_MESSAGE_BYTES: '200000000' }, /^SWITCHBOARD_WS_MAX_MESSAGE_BYTES must be an integer from 1024 to 104857600/],
    [{ SWITCHBOARD_HTTP_MAX_BODY_BYTES: '10' }, /^SWITCHBOARD_HTTP_MAX_BODY_BYTES must be an integer from 1024/],
    [{ SWITCHBOARD_HTTP_HEADERS_TIMEOUT_MS: '20000', SWITCHBOARD_HTTP_REQUEST_TIMEOUT_MS: '10000' },
      /^SWITCHBOARD_HTTP_REQUEST_TIMEOUT_MS \(10000\) must not be less than SWITCHBOARD_HTTP_HEADERS_TIMEOUT_MS \(20000\)$/],
    [{ SWITCHBOARD_WEBHOOK_ALLOW_PRIVATE: 'yes' }, /^SWITCHBOARD_WEBHOOK_ALLOW_PRIVATE must be one of true, false, got "yes"$/],
    [{ SWITCHBOARD_MAX_QUERY_COST: '10' }, /^SWITCHBOARD_MAX_QUERY_COST must be an integer from 100/],
    [{ SWITCHBOARD_MAX_QUERY_DEPTH: 'deep' }, /^SWITCHBOARD_MAX_QUERY_DEPTH must be an integer/],
    [{ SWITCHBOARD_WS_MAX_SUBSCRIPTIONS: '0' }, /^SWITCHBOARD_WS_MAX_SUBSCRIPTIONS must be an integer from 1/],
    [{ SWITCHBOARD_LOGIN_MAX_FAILURES_PER_EMAIL: '0' }, /^SWITCHBOARD_LOGIN_MAX_FAILURES_PER_EMAIL must be an integer from 1/],
    [{ SWITCHBOARD_RATE_SESSION_PER_SECOND: '100', SWITCHBOARD_RATE_SESSION_BURST: '50' },
      /^SWITCHBOARD_RATE_SESSION_BURST \(50\) must not be less than SWITCHBOARD_RATE_SESSION_PER_SECOND \(100\)$/],
    [{ SWITCHBOARD_TRUST_PROXY_HOPS: '-1' }, /^SWITCHBOARD_TRUST_PROXY_HOPS must be an integer from 0 to 10/],
  ])('rejects %o with a message naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrowError(ConfigError);
    expect(() => loadConfig(env)).toThrowError(message);
  });

  it('bounds the pool, fails connections fast and limits what a client may send, by default', () => {
    expect(loadConfig({})).toMatchObject({
      dbPoolSize: 20,
      dbConnectTimeoutMs: 5_000,
      dbIdleTimeoutMs: 10_000,
      maxBodyBytes: 1024 * 1024,
      maxWsMessageBytes: 1024 * 1024,
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 30_000,
    });
  });

  it('reads the pool and request limits from the environment', () => {
    const config = loadConfig({
      SWITCHBOARD_DB_POOL_SIZE: '8',
      SWITCHBOARD_DB_CONNECT_TIMEOUT_MS: '1500',
      SWITCHBOARD_DB_IDLE_TIMEOUT_MS: '2000',
      SWITCHBOARD_HTTP_MAX_BODY_BYTES: '65536',
      SWITCHBOARD_WS_MAX_MESSAGE_BYTES: '32768',
      SWITCHBOARD_HTTP_HEADERS_TIMEOUT_MS: '5000',
      SWITCHBOARD_HTTP_REQUEST_TIMEOUT_MS: '5000',
    });
    expect(config).toMatchObject({
      dbPoolSize: 8, dbConnectTimeoutMs: 1500, dbIdleTimeoutMs: 2000,
      maxBodyBytes: 65536, maxWsMessageBytes: 32768, headersTimeoutMs: 5000, requestTimeoutMs: 5000,
    });
  });

  it('lower-cases the admin e-mail and reads a database URL', () => {
    const config = loadConfig({
      SWITCHBOARD_ADMIN_EMAIL: 'Boss@Example.COM',
      SWITCHBOARD_ADMIN_PASSWORD: 'correct horse',
      DATABASE_URL: 'postgres://u:p@db:5432/sb',
      PORT: '8080',
    });
    expect(config.adminEmail).toBe('boss@example.com');
    expect(config.databaseUrl).toBe('postgres://u:p@db:5432/sb');
    expect(config.port).toBe(8080);
  });

  it('limits queries, logins and requests per token by default as DESIGN.md asks, and reads each limit from the environment', () => {
    expect(loadConfig({})).toMatchObject({
      queryLimits: { maxCost: 100_000, maxDepth: 20, maxTokens: 20_000, maxSubscriptionsPerSocket: 100 },
      loginLimits: { maxFailuresPerEmail: 10, maxFailuresPerIp: 100, windowSeconds: 900 },
      rateLimits: { session: { perSecond: 50, burst: 200 }, admin: { perSecond: 1_000, burst: 2_000 } },
      trustProxyHops: 0,
    });
    expect(loadConfig({
      SWITCHBOARD_MAX_QUERY_COST: '5000',
      SWITCHBOARD_MAX_QUERY_DEPTH: '10',
      SWITCHBOARD_MAX_QUERY_TOKENS: '5000',
      SWITCHBOARD_WS_MAX_SUBSCRIPTIONS: '20',
      SWITCHBOARD_LOGIN_MAX_FAILURES_PER_EMAIL: '5',
      SWITCHBOARD_LOGIN_MAX_FAILURES_PER_IP: '50',
      SWITCHBOARD_LOGIN_WINDOW_SECONDS: '600',
      SWITCHBOARD_RATE_SESSION_PER_SECOND: '100',
      SWITCHBOARD_RATE_ADMIN_BURST: '5000',
      SWITCHBOARD_TRUST_PROXY_HOPS: '1',
    })).toMatchObject({
      queryLimits: { maxCost: 5000, maxDepth: 10, maxTokens: 5000, maxSubscriptionsPerSocket: 20 },
      loginLimits: { maxFailuresPerEmail: 5, maxFailuresPerIp: 50, windowSeconds: 600 },
      // A rate above the default burst raises the burst with it.
      rateLimits: { session: { perSecond: 100, burst: 200 }, admin: { perSecond: 1_000, burst: 5_000 } },
      trustProxyHops: 1,
    });
  });

  it('refuses webhooks to private addresses unless SWITCHBOARD_WEBHOOK_ALLOW_PRIVATE=true', () => {
    expect(loadConfig({}).webhookAllowPrivate).toBe(false);
    expect(loadConfig({ SWITCHBOARD_WEBHOOK_ALLOW_PRIVATE: 'true' }).webhookAllowPrivate).toBe(true);
    expect(loadConfig({ SWITCHBOARD_WEBHOOK_ALLOW_PRIVATE: 'false' }).webhookAllowPrivate).toBe(false);
  });
});
