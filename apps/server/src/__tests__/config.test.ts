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

  it.each([
    [{ PORT: 'abc' }, /^PORT must be an integer from 0 to 65535, got "abc"$/],
    [{ PORT: '70000' }, /^PORT must be/],
    [{ LOG_LEVEL: 'loud' }, /^LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "loud"$/],
    [{ DATABASE_URL: 'mysql://x' }, /^DATABASE_URL must be a postgres:\/\//],
    [{ SWITCHBOARD_ADMIN_EMAIL: 'a@b.c' }, /SWITCHBOARD_ADMIN_EMAIL and SWITCHBOARD_ADMIN_PASSWORD must be set together/],
    [{ SWITCHBOARD_ADMIN_EMAIL: 'nobody', SWITCHBOARD_ADMIN_PASSWORD: 'long-enough' }, /^SWITCHBOARD_ADMIN_EMAIL must be an e-mail/],
    [{ SWITCHBOARD_ADMIN_EMAIL: 'a@b.c', SWITCHBOARD_ADMIN_PASSWORD: 'short' }, /^SWITCHBOARD_ADMIN_PASSWORD must be at least 8/],
    [{ SWITCHBOARD_PG_PORT: '5432' }, /^SWITCHBOARD_PG_PORT must not be 5432$/],
    [{ SWITCHBOARD_SESSION_TTL_SECONDS: '5' }, /^SWITCHBOARD_SESSION_TTL_SECONDS must be an integer from 60/],
    [{ SWITCHBOARD_EVENT_RETENTION_DAYS: '0' }, /^SWITCHBOARD_EVENT_RETENTION_DAYS must be an integer from 1 to 3650/],
    [{ SWITCHBOARD_DB_POOL_SIZE: '0' }, /^SWITCHBOARD_DB_POOL_SIZE must be an integer from 1 to 1000/],
    [{ SWITCHBOARD_DB_CONNECT_TIMEOUT_MS: '5s' }, /^SWITCHBOARD_DB_CONNECT_TIMEOUT_MS must be an integer/],
    [{ SWITCHBOARD_WS_MAX_MESSAGE_BYTES: '200000000' }, /^SWITCHBOARD_WS_MAX_MESSAGE_BYTES must be an integer from 1024 to 104857600/],
    [{ SWITCHBOARD_HTTP_MAX_BODY_BYTES: '10' }, /^SWITCHBOARD_HTTP_MAX_BODY_BYTES must be an integer from 1024/],
    [{ SWITCHBOARD_HTTP_HEADERS_TIMEOUT_MS: '20000', SWITCHBOARD_HTTP_REQUEST_TIMEOUT_MS: '10000' },
      /^SWITCHBOARD_HTTP_REQUEST_TIMEOUT_MS \(10000\) must not be less than SWITCHBOARD_HTTP_HEADERS_TIMEOUT_MS \(20000\)$/],
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
});
