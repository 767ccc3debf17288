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
  /** How often the leader writes a board snapshot per channel (boardHistory). */
  boardSnapshotSeconds: number;
  /** The built console, served at `/`; missing folder: the server says how to build it. */
  consoleDir: string;
  production: boolean;
  /** PostgreSQL sessions of one process: at most this many pooled, plus its one LISTEN session. */
  dbPoolSize: number;
  /** How long a statement waits for a pooled (or new) connection before it fails as SERVICE_UNAVAILABLE. */
  dbConnectTimeoutMs: number;
  /** A pooled connection idle this long is closed. */
  dbIdleTimeoutMs: number;
  /** The largest JSON body `/graphql` reads; larger ones get 413 PAYLOAD_TOO_LARGE. */
  maxBodyBytes: number;
  /** The largest WebSocket message a client may send, before or after signing in. */
  maxWsMessageBytes: number;
  /** A client must send a request's headers within this time (slow-header clients are cut off). */
  headersTimeoutMs: number;
  /** A client must send a whole request, headers and body, within this time. */
  requestTimeoutMs: number;
  /** Query cost and depth, and live subscriptions per socket (graphql/query-limits.ts). */
  queryLimits: QueryLimitOptions;
  /** Failed logins per e-mail and per client address (modules/auth/login-limits.ts). */
  loginLimits: LoginLimitOptions;
  /** Requests per token (modules/auth/request-budget.ts). */
  rateLimits: RateLimitOptions;
  /** Proxy hops in front of the server whose X-Forwarded-For is trusted for the client address (0: none). */
  trustProxyHops: number;
  /** Webhooks may target loopback and private addresses (tests, a receiver on the same network). */
  webhookAllowPrivate: boolean;
  /** Mixed into API key hashes; set it in production (a stolen key table alone then proves nothing). */
  apiKeyPepper: string | undefined;
  /** SWITCHBOARD_DEMO (`pnpm start` sets it on): seed a fresh embedded database, then run the simulator and bots on it. */
  demo: DemoOptions;
}

export interface DemoOptions {
  on: boolean;
  /** Customers' messages per minute the simulator sends. */
  messagesPerMinute: number;
  /** Above this many waiting threads the simulator holds back, so a demo left running stays small. */
  maxWaiting: number;
  /** SWITCHBOARD_DEMO_MIX (`SMS=50,EMAIL=10`): weights of the channels new conversations start on, over the default mix. */
  mix: Record<string, number>;
}

/** Defaults of the database pool, shared by `loadConfig` and `createDataSource`. */
export const POOL_DEFAULTS = { size: 20, connectTimeoutMs: 5_000, idleTimeoutMs: 10_000 } as const;

/** Defaults of what a client may send, shared by `loadConfig` and `createApp`. */
export const REQUEST_LIMIT_DEFAULTS = {
  maxBodyBytes: 1024 * 1024,
  maxWsMessageBytes: 1024 * 1024,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
} as const;

export interface QueryLimitOptions {
  /** The most an operation may cost (every field 1, lists times their `first` or an assumed size). */
  maxCost: number;
  /** The deepest selection an operation may have. */
  maxDepth: number;
  /** The most tokens a document may have; the parser stops there. */
  maxTokens: number;
  /** The most live operations one WebSocket may hold at once. */
  maxSubscriptionsPerSocket: number;
}

/** Defaults of the query limits: every console operation, `threadEvents(first: 500)` and introspection fit. */
export const QUERY_LIMIT_DEFAULTS: QueryLimitOptions = { maxCost: 100_000, maxDepth: 20, maxTokens: 20_000, maxSubscriptionsPerSocket: 100 };

export interface LoginLimitOptions {
  /** Failed logins one e-mail may have within the window before logins for it are refused. */
  maxFailuresPerEmail: number;
  /** Failed logins one client address may have within the window (an office behind one address). */
  maxFailuresPerIp: number;
  windowSeconds: number;
}

export const LOGIN_LIMIT_DEFAULTS: LoginLimitOptions = { maxFailuresPerEmail: 10, maxFailuresPerIp: 100, windowSeconds: 15 * 60 };

/** Sustained requests per second and the burst a token may spend at once. */
export interface RateTier {
  perSecond: number;
  burst: number;
}

export interface RateLimitOptions {
  /** Agents' sessions (and keys that only READ or WRITE). */
  session: RateTier;
  /** ADMIN sessions and INGEST or ADMIN keys (gateways). */
  admin: RateTier;
}

export const RATE_LIMIT_DEFAULTS: RateLimitOptions = { session: { perSecond: 50, burst: 200 }, admin: { perSecond: 1_000, burst: 2_000 } };

const MAX_MESSAGE_BYTES = 100 * 1024 * 1024; // ws's own default, the ceiling of either limit

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
  const headersTimeoutMs = integer(env, 'SWITCHBOARD_HTTP_HEADERS_TIMEOUT_MS', REQUEST_LIMIT_DEFAULTS.headersTimeoutMs, 1_000, 600_000);
  const requestTimeoutMs = integer(env, 'SWITCHBOARD_HTTP_REQUEST_TIMEOUT_MS', REQUEST_LIMIT_DEFAULTS.requestTimeoutMs, 1_000, 3_600_000);
  if (requestTimeoutMs < headersTimeoutMs) {
    // Node refuses a server whose headers may take longer than the whole request.
    throw new ConfigError(
      `SWITCHBOARD_HTTP_REQUEST_TIMEOUT_MS (${requestTimeoutMs}) must not be less than SWITCHBOARD_HTTP_HEADERS_TIMEOUT_MS (${headersTimeoutMs})`,
    );
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
    boardSnapshotSeconds: integer(env, 'SWITCHBOARD_BOARD_SNAPSHOT_SECONDS', 60, 1, 86_400),
    consoleDir: path.resolve(
      optional(env, 'SWITCHBOARD_CONSOLE_DIR') ?? path.join(REPO_ROOT, 'apps/console/dist'),
    ),
    production: env.NODE_ENV === 'production',
    dbPoolSize: integer(env, 'SWITCHBOARD_DB_POOL_SIZE', POOL_DEFAULTS.size, 1, 1_000),
    dbConnectTimeoutMs: integer(env, 'SWITCHBOARD_DB_CONNECT_TIMEOUT_MS', POOL_DEFAULTS.connectTimeoutMs, 100, 600_000),
    dbIdleTimeoutMs: integer(env, 'SWITCHBOARD_DB_IDLE_TIMEOUT_MS', POOL_DEFAULTS.idleTimeoutMs, 100, 3_600_000),
    maxBodyBytes: integer(env, 'SWITCHBOARD_HTTP_MAX_BODY_BYTES', REQUEST_LIMIT_DEFAULTS.maxBodyBytes, 1024, MAX_MESSAGE_BYTES),
    maxWsMessageBytes: integer(env, 'SWITCHBOARD_WS_MAX_MESSAGE_BYTES', REQUEST_LIMIT_DEFAULTS.maxWsMessageBytes, 1024, MAX_MESSAGE_BYTES),
    headersTimeoutMs,
    requestTimeoutMs,
    queryLimits: {
      maxCost: integer(env, 'SWITCHBOARD_MAX_QUERY_COST', QUERY_LIMIT_DEFAULTS.maxCost, 100, 100_000_000),
      maxDepth: integer(env, 'SWITCHBOARD_MAX_QUERY_DEPTH', QUERY_LIMIT_DEFAULTS.maxDepth, 5, 100),
      maxTokens: integer(env, 'SWITCHBOARD_MAX_QUERY_TOKENS', QUERY_LIMIT_DEFAULTS.maxTokens, 1_000, 1_000_000),
      maxSubscriptionsPerSocket: integer(env, 'SWITCHBOARD_WS_MAX_SUBSCRIPTIONS', QUERY_LIMIT_DEFAULTS.maxSubscriptionsPerSocket, 1, 100_000),
    },
    loginLimits: {
      maxFailuresPerEmail: integer(env, 'SWITCHBOARD_LOGIN_MAX_FAILURES_PER_EMAIL', LOGIN_LIMIT_DEFAULTS.maxFailuresPerEmail, 1, 1_000_000),
      maxFailuresPerIp: integer(env, 'SWITCHBOARD_LOGIN_MAX_FAILURES_PER_IP', LOGIN_LIMIT_DEFAULTS.maxFailuresPerIp, 1, 1_000_000),
      windowSeconds: integer(env, 'SWITCHBOARD_LOGIN_WINDOW_SECONDS', LOGIN_LIMIT_DEFAULTS.windowSeconds, 1, 7 * 24 * 3600),
    },
    rateLimits: {
      session: rateTier(env, 'SWITCHBOARD_RATE_SESSION', RATE_LIMIT_DEFAULTS.session),
      admin: rateTier(env, 'SWITCHBOARD_RATE_ADMIN', RATE_LIMIT_DEFAULTS.admin),
    },
    trustProxyHops: integer(env, 'SWITCHBOARD_TRUST_PROXY_HOPS', 0, 0, 10),
    webhookAllowPrivate: webhookAllowPrivate(env),
    apiKeyPepper: optional(env, 'SWITCHBOARD_API_KEY_PEPPER'),
    demo: {
      on: oneOf(env, 'SWITCHBOARD_DEMO', ['on', 'off'], 'off') === 'on',
      messagesPerMinute: integer(env, 'SWITCHBOARD_DEMO_RATE', 6, 1, 6_000),
      maxWaiting: integer(env, 'SWITCHBOARD_DEMO_MAX_WAITING', 25, 1, 100_000),
      mix: weights(env, 'SWITCHBOARD_DEMO_MIX'),
    },
  };
}

/** SWITCHBOARD_WEBHOOK_ALLOW_PRIVATE (`true` or `false`, default false); the webhook service's default. */
export function webhookAllowPrivate(env: Env = process.env): boolean {
  return oneOf(env, 'SWITCHBOARD_WEBHOOK_ALLOW_PRIVATE', ['true', 'false'], 'false') === 'true';
}

/** `<prefix>_PER_SECOND` and `<prefix>_BURST`; a burst below the rate would refuse a steady client. */
function rateTier(env: Env, prefix: string, fallback: RateTier): RateTier {
  const perSecond = integer(env, `${prefix}_PER_SECOND`, fallback.perSecond, 1, 1_000_000);
  const burst = integer(env, `${prefix}_BURST`, Math.max(fallback.burst, perSecond), 1, 10_000_000);
  if (burst < perSecond) throw new ConfigError(`${prefix}_BURST (${burst}) must not be less than ${prefix}_PER_SECOND (${perSecond})`);
  return { perSecond, burst };
}

/** `KIND=weight` pairs, comma-separated (which kinds exist, the demo checks). */
function weights(env: Env, name: string): Record<string, number> {
  const raw = optional(env, name);
  if (raw === undefined) return {};
  const result: Record<string, number> = {};
  for (const pair of raw.split(',').map((part) => part.trim()).filter(Boolean)) {
    const match = /^([A-Z]+)=(\d+(?:\.\d+)?)$/.exec(pair);
    if (!match) throw new ConfigError(`${name} must be KIND=weight pairs like SMS=50,EMAIL=10, got "${pair}"`);
    result[match[1]!] = Number(match[2]);
  }
  return result;
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
