import { RateLimiterMemory } from 'rate-limiter-flexible';
import type { DataSource } from 'typeorm';
import { RATE_LIMIT_DEFAULTS, type RateLimitOptions, type RateTier } from '../../config.js';
import { SqlParams } from '../../db/sql.js';
import { AgentRole } from '../agents/agent.entity.js';
import { ApiScope, hasScope, scopesGranting, type Actor } from './actor.js';
import { counterKey, RATE_LIMIT_TABLE, rateLimited, spend } from './rate-counters.js';

export type RateTierName = keyof RateLimitOptions;

/**
 * Requests per token (DESIGN.md, "Security"), counted in PostgreSQL so that every replica spends
 * the same budget: one per session or API key; ADMIN sessions and INGEST keys (gateways) get the
 * admin tier, everyone else the session tier. A fixed window of `burst` requests lasting
 * burst / perSecond seconds (whole seconds, at least one): a client may spend its burst at once
 * and sustain `perSecond`.
 *
 * The one home of that rule. An HTTP request spends its budget in the statement that finds its
 * token (`withSpending`: one statement, not a lookup and then a write); a subscribe on an open
 * socket spends with `take`. The counters are rows of `rate_limit` in rate-limiter-flexible's
 * layout (`<prefix>:<key>`, points, expiry in epoch ms), the table the login limits share.
 */
export function requestBudgetOf(actor: Actor): { key: string; tier: RateTierName } {
  switch (actor.kind) {
    case 'agent':
      return { key: `session:${actor.sessionId}`, tier: actor.role === AgentRole.ADMIN ? 'admin' : 'session' };
    case 'key':
      return { key: `key:${actor.keyId}`, tier: hasScope(actor, ApiScope.INGEST) ? 'admin' : 'session' };
  }
}

/** requestBudgetOf in SQL, for the statement that finds a session (`session`, `agent` its aliases). */
export function sessionBudgetColumns(session: string, agent: string): string {
  return `'session:' || ${session}.id AS budget_key, ${agent}.role = '${AgentRole.ADMIN}' AS budget_admin`;
}

/** requestBudgetOf in SQL, for the statement that finds an API key (`key` its alias). */
export function keyBudgetColumns(key: string): string {
  // hasScope(actor, INGEST), from the same rule.
  const granting = scopesGranting(ApiScope.INGEST).map((scope) => `'${scope}'`).join(', ');
  return `'key:' || ${key}.id AS budget_key, ${key}.scopes::text[] && ARRAY[${granting}]::text[] AS budget_admin`;
}

export function windowOf({ perSecond, burst }: RateTier): { points: number; durationSeconds: number } {
  const durationSeconds = Math.max(1, Math.round(burst / perSecond));
  return { points: Math.max(burst, perSecond * durationSeconds), durationSeconds };
}

/** What the spending statement adds to the row it found: the counter after this request. */
export interface SpentColumns {
  spent_points: number | null;
  spent_expire: string | null;
  spent_tier: RateTierName | null;
}

const WHAT = 'Too many requests for this token';

export class RequestBudget {
  private readonly windows: Record<RateTierName, { points: number; durationSeconds: number }>;
  /** While the database cannot be reached, each process counts in memory with the same limits. */
  private readonly insurance: Record<RateTierName, RateLimiterMemory>;

  constructor(readonly options: RateLimitOptions = RATE_LIMIT_DEFAULTS) {
    this.windows = { session: windowOf(options.session), admin: windowOf(options.admin) };
    this.insurance = {
      session: new RateLimiterMemory({ keyPrefix: 'requests-session', points: this.windows.session.points, duration: this.windows.session.durationSeconds }),
      admin: new RateLimiterMemory({ keyPrefix: 'requests-admin', points: this.windows.admin.points, duration: this.windows.admin.durationSeconds }),
    };
  }

  /**
   * `found` (a query yielding at most one row, with the columns `budget_key`, the counter's key
   * without its prefix, and `budget_admin`, whether the admin tier applies) extended by the
   * counter it spent one request of: its rows with SpentColumns. Check them with `judge`.
   */
  withSpending(found: string, params: SqlParams): string {
    const now = `${params.add(Date.now())}::bigint`;
    const [session, admin] = [this.windows.session, this.windows.admin];
    const tier = `CASE WHEN f.budget_admin THEN 'admin' ELSE 'session' END`;
    return `WITH found AS (${found}),
      spent AS (
        INSERT INTO ${RATE_LIMIT_TABLE} AS r (key, points, expire)
        SELECT 'requests-' || ${tier} || ':' || left(f.budget_key, 200), 1,
               ${now} + CASE WHEN f.budget_admin THEN ${params.add(admin.durationSeconds * 1000)}::bigint ELSE ${params.add(session.durationSeconds * 1000)}::bigint END
          FROM found f
        ON CONFLICT (key) DO UPDATE SET
          points = CASE WHEN r.expire <= ${now} THEN 1 ELSE r.points + 1 END,
          expire = CASE WHEN r.expire <= ${now} THEN EXCLUDED.expire ELSE r.expire END
        RETURNING points, expire
      )
      SELECT f.*, s.points AS spent_points, s.expire::text AS spent_expire, ${tier} AS spent_tier
        FROM found f LEFT JOIN spent s ON true`;
  }

  /** RATE_LIMITED with retryAfterSeconds when the request just spent was over its tier's budget. */
  judge(row: SpentColumns): void {
    if (row.spent_points === null || row.spent_tier === null) return;
    if (row.spent_points > this.windows[row.spent_tier].points) {
      throw rateLimited(WHAT, Number(row.spent_expire) - Date.now());
    }
  }

  /** Spends one request of a known actor's budget (a subscribe), or throws RATE_LIMITED. */
  async take(dataSource: DataSource, actor: Actor): Promise<void> {
    const { key, tier } = requestBudgetOf(actor);
    const params = new SqlParams();
    const found = `SELECT ${params.add(counterKey(key))}::text AS budget_key, ${params.add(tier === 'admin')}::boolean AS budget_admin`;
    let row: SpentColumns | undefined;
    try {
      [row] = (await dataSource.query(this.withSpending(found, params), params.values)) as SpentColumns[];
    } catch {
      // The database is away (the request will likely fail on it too): count here meanwhile.
      await spend(this.insurance[tier], counterKey(key), WHAT);
      return;
    }
    if (row) this.judge(row);
  }
}
