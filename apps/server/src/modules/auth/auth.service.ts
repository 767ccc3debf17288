import type { DataSource } from 'typeorm';
import { newId } from '../../ids.js';
import type { Transactions } from '../../events/transactions.js';
import { SystemEventType } from '../../events/event-types.js';
import { ErrorCode, DomainError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { Agent, AgentRole } from '../agents/agent.entity.js';
import type { LoginLimitOptions } from '../../config.js';
import type { Actor, AgentActor } from './actor.js';
import { LoginLimits } from './login-limits.js';
import { sessionBudgetColumns, type RequestBudget, type SpentColumns } from './request-budget.js';
import { SqlParams } from '../../db/sql.js';
import { DUMMY_HASH_PROMISE, hashPassword, verifyPassword } from './passwords.js';
import { hashToken, newSessionToken, parseBearer } from './tokens.js';
import { API_KEY_PREFIX, type ApiKeyService } from '../api-keys/api-key.service.js';

const LOGIN_FAILED = 'Wrong e-mail or password';

export interface AuthServiceOptions {
  sessionTtlSeconds: number;
  /** Failed logins per e-mail and per address; config.ts has the defaults. */
  loginLimits?: LoginLimitOptions;
}

/** Where a login comes from, for the per-address limit. */
export interface LoginClient {
  ip?: string;
}

/** Sign-in, sign-out and turning a bearer token into an actor. */
export class AuthService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly options: AuthServiceOptions,
    private readonly logger: Logger,
    private readonly keys: Pick<ApiKeyService, 'authenticate'>,
  ) {
    this.loginLimits = new LoginLimits(dataSource, options.loginLimits);
  }

  private readonly loginLimits: LoginLimits;

  async login(email: string, password: string, client: LoginClient = {}): Promise<{ token: string; agent: Agent }> {
    // Counted before anything is read or hashed: a refused guess costs one counter update.
    const attempt = await this.loginLimits.attempt(email, client.ip);
    const agent = await this.dataSource
      .getRepository(Agent)
      .createQueryBuilder('agent')
      .addSelect('agent.passwordHash')
      .where('lower(agent.email) = lower(:email)', { email: email.trim() })
      .getOne();
    // Same message, and about the same time, for an unknown e-mail, a wrong password and a
    // deactivated agent: a failed login tells nothing about which accounts exist.
    const valid = await verifyPassword(agent?.passwordHash ?? (await DUMMY_HASH_PROMISE), password);
    if (!agent || !valid || !agent.active) {
      throw new DomainError(ErrorCode.UNAUTHENTICATED, LOGIN_FAILED);
    }
    await attempt.succeeded();
    const token = newSessionToken();
    await this.dataSource.query(
      `INSERT INTO session (id, agent_id, token_hash, expires_at)
       VALUES ($1, $2, $3, now() + make_interval(secs => $4))`,
      [newId('ses'), agent.id, hashToken(token), this.options.sessionTtlSeconds],
    );
    this.logger.info({ agentId: agent.id }, 'agent signed in');
    return { token, agent };
  }

  /** Ends the session; its open WebSockets close on every replica (SESSION_REVOKED). */
  async logout(actor: AgentActor): Promise<void> {
    await this.transactions.run(async ({ manager, emit }) => {
      await manager.query(`UPDATE session SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL`, [actor.sessionId]);
      emit({ type: SystemEventType.SESSION_REVOKED, actorId: actor.agentId, data: { sessionId: actor.sessionId, agentId: actor.agentId } });
    });
  }

  /**
   * The actor behind an `Authorization: Bearer …` value (HTTP header or connection_init), or null.
   * With `budget`, the same statement spends one request of it (RATE_LIMITED when used up).
   */
  async authenticateHeader(header: unknown, budget?: RequestBudget): Promise<Actor | null> {
    const token = parseBearer(header);
    if (!token) return null;
    return token.startsWith(API_KEY_PREFIX) ? this.keys.authenticate(token, budget) : this.authenticate(token, budget);
  }

  /** The actor behind a token, or null when it is unknown, expired, revoked or deactivated. */
  async authenticate(token: string, budget?: RequestBudget): Promise<Actor | null> {
    const params = new SqlParams();
    const found = `SELECT s.id AS session_id, s.expires_at, a.id AS agent_id, a.name, a.role, ${sessionBudgetColumns('s', 'a')}
           FROM session s JOIN agent a ON a.id = s.agent_id
          WHERE s.token_hash = ${params.add(hashToken(token))} AND s.revoked_at IS NULL AND s.expires_at > now() AND a.active`;
    const rows: Array<{ session_id: string; expires_at: Date; agent_id: string; name: string; role: AgentRole } & Partial<SpentColumns>> =
      await this.dataSource.query(budget ? budget.withSpending(found, params) : found, params.values);
    const row = rows[0];
    if (!row) return null;
    if (budget) budget.judge(row as SpentColumns);
    return {
      kind: 'agent',
      agentId: row.agent_id,
      name: row.name,
      role: row.role,
      sessionId: row.session_id,
      expiresAt: row.expires_at,
    };
  }

  /**
   * SWITCHBOARD_ADMIN_EMAIL/PASSWORD: creates that ADMIN when no agent has the e-mail. An existing
   * agent is left as it is (its password is not reset by a restart).
   */
  async ensureAdmin(email: string, password: string): Promise<'created' | 'exists'> {
    const passwordHash = await hashPassword(password);
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO agent (id, name, email, password_hash, role, capacity)
       VALUES ($1, $2, $3, $4, 'ADMIN', 5)
       ON CONFLICT ((lower(email))) DO NOTHING
       RETURNING id`,
      [newId('agt'), 'Administrator', email.toLowerCase(), passwordHash],
    );
    return rows.length > 0 ? 'created' : 'exists';
  }
}
