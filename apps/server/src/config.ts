import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: the default home of the embedded database (`.switchboard/`). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface Config {
  host: string;
  port: number;
  /** Unset: the server starts an embedded PostgreSQL in `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  embeddedPgPort: number;
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  logLevel: LogLevel;
  sessionTtlSeconds: number;
  /** Events older than this leave the log (a cursor older than that gets CURSOR_EXPIRED). */
  eventRetentionDays: number;
  /** The built console, served at `/`; missing folder: the server says how to build it. */
  consoleDir: string;
  production: boolean;
}

/** Thrown for a bad environment value; `main` prints its message as one line and exits. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

/** Parses and validates every environment variable the server reads, once. */
export function loadConfig(env: Env = process.env): Config {
  const adminEmail = optional(env, 'SWITCHBOARD_ADMIN_EMAIL');
  const adminPassword = optional(env, 'SWITCHBOARD_ADMIN_PASSWORD');
  if ((adminEmail === undefined) !== (adminPassword === undefined)) {
    throw new ConfigError(
      'SWITCHBOARD_ADMIN_EMAIL and SWITCHBOARD_ADMIN_PASSWORD must be set together (or neither)',
    );
  }
  if (adminEmail !== undefined && !/^[^\s@]+@[^\s@]+$/.test(adminEmail)) {
    throw new ConfigError(`SWITCHBOARD_ADMIN_EMAIL must be an e-mail address, got "${adminEmail}"`);
  }
  if (adminPassword !== undefined && adminPassword.length < 8) {
    throw new ConfigError('SWITCHBOARD_ADMIN_PASSWORD must be at least 8 characters');
  }
  const databaseUrl = optional(env, 'DATABASE_URL');
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must be a postgres:// or postgresql:// URL');
  }
  return {
    host: optional(env, 'HOST') ?? '0.0.0.0',
    port: integer(env, 'PORT', 4000, 0, 65535),
    databaseUrl,
    dataDir: path.resolve(optional(env, 'SWITCHBOARD_DATA_DIR') ?? path.join(REPO_ROOT, '.switchboard')),
    embeddedPgPort: integer(env, 'SWITCHBOARD_PG_PORT', 54329, 1024, 65535, [5432]),
    adminEmail: adminEmail?.toLowerCase(),
    adminPassword,
    logLevel: oneOf(env, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info'),
    sessionTtlSeconds: integer(env, 'SWITCHBOARD_SESSION_TTL_SECONDS', 12 * 3600, 60, 90 * 24 * 3600),
    eventRetentionDays: integer(env, 'SWITCHBOARD_EVENT_RETENTION_DAYS', 30, 1, 3650),
    consoleDir: path.resolve(
      optional(env, 'SWITCHBOARD_CONSOLE_DIR') ?? path.join(REPO_ROOT, 'apps/console/dist'),
    ),
    production: env.NODE_ENV === 'production',
  };
}

function optional(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function integer(
  env: Env,
  name: string,
  fallback: number,
  min: number,
  max: number,
  forbidden: number[] = [],
): number {
  const raw = optional(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  if (forbidden.includes(value)) {
    throw new ConfigError(`${name} must not be ${value}`);
  }
  return value;
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = optional(env, name);
  if (raw === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
  }
  return raw as T;
}
