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
  ])('rejects %o with a message naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrowError(ConfigError);
    expect(() => loadConfig(env)).toThrowError(message);
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
