import type { DataSource } from 'typeorm';
import { RATE_LIMIT_DEFAULTS, type RateLimitOptions, type RateTier } from '../config.js';
import { AgentRole } from '../modules/agents/agent.entity.js';
import { ApiScope, hasScope, type Actor } from '../modules/auth/actor.js';
import { counterKey, createCounter, spend, type Counter } from '../modules/auth/rate-counters.js';

export type RateTierName = keyof RateLimitOptions;

/**
 * Whose budget a request spends and at which rate (DESIGN.md, "Security"): one per session or API
 * key; ADMIN sessions and INGEST or ADMIN keys (gateways) get the admin tier, everyone else the
 * session tier.
 */
export function requestBudgetOf(actor: Actor): { key: string; tier: RateTierName } {
  switch (actor.kind) {
    case 'agent':
      return { key: `session:${actor.sessionId}`, tier: actor.role === AgentRole.ADMIN ? 'admin' : 'session' };
    case 'key':
      return { key: `key:${actor.keyId}`, tier: hasScope(actor, ApiScope.INGEST) ? 'admin' : 'session' };
  }
}

/**
 * A fixed window of `burst` requests lasting burst / perSecond seconds (whole seconds, at least
 * one): a client may spend its burst at once and sustain `perSecond`.
 */
export function windowOf({ perSecond, burst }: RateTier): { points: number; durationSeconds: number } {
  const durationSeconds = Math.max(1, Math.round(burst / perSecond));
  return { points: Math.max(burst, perSecond * durationSeconds), durationSeconds };
}

/** Requests per token, counted in PostgreSQL so that every replica spends the same budget. */
export class RequestLimiter {
  private readonly counters: Record<RateTierName, Counter>;

  constructor(dataSource: DataSource, readonly options: RateLimitOptions = RATE_LIMIT_DEFAULTS) {
    this.counters = {
      session: createCounter(dataSource, { name: 'requests-session', ...windowOf(options.session) }),
      admin: createCounter(dataSource, { name: 'requests-admin', ...windowOf(options.admin) }),
    };
  }

  /** Spends one request of the actor's budget, or throws RATE_LIMITED with retryAfterSeconds. */
  async take(actor: Actor): Promise<void> {
    const { key, tier } = requestBudgetOf(actor);
    await spend(this.counters[tier], counterKey(key), 'Too many requests for this token');
  }
}
