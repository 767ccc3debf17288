import { createHmac, randomBytes } from 'node:crypto';
import { INPUT_LIMITS } from '@switchboard/schema';
import type { DataSource } from 'typeorm';
import { badInput, notFound } from '../../errors.js';
import { SystemEventType } from '../../events/event-types.js';
import type { Transactions } from '../../events/transactions.js';
import { newId } from '../../ids.js';
import type { AgentRole } from '../agents/agent.entity.js';
import { requireText } from '../agents/agent.service.js';
import { ApiScope, NEVER, type KeyActor } from '../auth/actor.js';
import { keyBudgetColumns, type RequestBudget, type SpentColumns } from '../auth/request-budget.js';
import { SqlParams } from '../../db/sql.js';
import { apiKeyFromRow, type ApiKey, type ApiKeyRow } from './api-key.model.js';

/** Every key starts so; sessions start `sbs_`. */
export const API_KEY_PREFIX = 'sbk_';

/** `lastUsedAt` is written at most this often per key (a gateway calls many times a second). */
const LAST_USED_EVERY_MS = 60_000;

/**
 * API keys for third parties: made by an ADMIN with a name and scopes, shown once, stored as a
 * keyed hash (HMAC-SHA256: a 256-bit random key needs no slow hash, and a stolen table alone
 * cannot be checked against guesses), revoked at once on every replica (API_KEY_REVOKED).
 */
export class ApiKeyService {
  private readonly lastUsedWritten = new Map<string, number>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly pepper: string,
  ) {}

  async create(input: { name: string; scopes: ApiScope[]; agentId?: string | null }, actorId: string | null): Promise<{ key: string; apiKey: ApiKey }> {
    const name = requireText('name', input.name, INPUT_LIMITS.name);
    const scopes = [...new Set(input.scopes)].sort();
    if (scopes.length === 0) throw badInput('scopes', 'give at least one scope');
    const agentId = input.agentId ?? null;
    if (scopes.includes(ApiScope.WRITE) && agentId === null) throw badInput('agentId', 'a WRITE key acts as an agent: give agentId');
    const key = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
    const id = newId('key');
    await this.transactions.run(async ({ manager, emit }) => {
      if (agentId !== null) {
        const [agent]: Array<{ active: boolean }> = await manager.query(`SELECT active FROM agent WHERE id = $1`, [agentId]);
        if (!agent) throw badInput('agentId', `unknown agent ${agentId}`);
        if (!agent.active) throw badInput('agentId', `agent ${agentId} is deactivated`);
      }
      await manager.query(
        `INSERT INTO api_key (id, name, key_hash, scopes, agent_id, created_by_id) VALUES ($1, $2, $3, $4, $5, $6)`,
        [id, name, this.hash(key), scopes, agentId, actorId]);
      emit({ type: SystemEventType.API_KEY_CREATED, actorId, data: { keyId: id } });
    });
    return { key, apiKey: (await this.byIds([id])).get(id)! };
  }

  /** The keys not revoked, newest first. */
  async list(): Promise<ApiKey[]> {
    const rows: ApiKeyRow[] = await this.dataSource.query(
      `SELECT id, name, scopes::text[] AS scopes, agent_id, created_at, last_used_at FROM api_key WHERE revoked_at IS NULL ORDER BY created_at DESC, id DESC`);
    return rows.map(apiKeyFromRow);
  }

  async byIds(ids: readonly string[]): Promise<Map<string, ApiKey>> {
    const rows: ApiKeyRow[] = await this.dataSource.query(
      `SELECT id, name, scopes::text[] AS scopes, agent_id, created_at, last_used_at FROM api_key WHERE id = ANY($1)`, [[...ids]]);
    return new Map(rows.map((row) => [row.id, apiKeyFromRow(row)]));
  }

  /** Ends a key at once: its next request fails, and its sockets close (4403) on every replica. */
  async revoke(id: string, actorId: string | null): Promise<void> {
    await this.transactions.run(async ({ manager, emit }) => {
      const [row]: Array<{ revoked: boolean }> = await manager.query(
        `SELECT revoked_at IS NOT NULL AS revoked FROM api_key WHERE id = $1 FOR UPDATE`, [id]);
      if (!row) throw notFound('ApiKey', id);
      if (row.revoked) return;
      await manager.query(`UPDATE api_key SET revoked_at = now() WHERE id = $1`, [id]);
      emit({ type: SystemEventType.API_KEY_REVOKED, actorId, data: { keyId: id } });
    });
  }

  /** The actor behind a key, or null when it is unknown, revoked, or bound to a deactivated agent. */
  async authenticate(key: string, budget?: RequestBudget): Promise<KeyActor | null> {
    const params = new SqlParams();
    // A key acting as a deactivated agent is no key: found by nobody, it spends nothing.
    const found = `SELECT k.id, k.name, k.scopes::text[] AS scopes, k.agent_id, a.name AS agent_name, a.role AS agent_role, ${keyBudgetColumns('k')}
           FROM api_key k LEFT JOIN agent a ON a.id = k.agent_id
          WHERE k.key_hash = ${params.add(this.hash(key))} AND k.revoked_at IS NULL AND a.active IS NOT FALSE`;
    const [row]: Array<{ id: string; name: string; scopes: ApiScope[]; agent_id: string | null; agent_name: string | null; agent_role: AgentRole | null } & Partial<SpentColumns>> =
      await this.dataSource.query(budget ? budget.withSpending(found, params) : found, params.values);
    if (!row) return null;
    if (budget) budget.judge(row as SpentColumns);
    this.touch(row.id);
    return {
      kind: 'key',
      keyId: row.id,
      name: row.name,
      scopes: row.scopes,
      agent: row.agent_id && row.agent_name && row.agent_role ? { agentId: row.agent_id, name: row.agent_name, role: row.agent_role } : null,
      expiresAt: NEVER,
    };
  }

  private hash(key: string): Buffer {
    return createHmac('sha256', this.pepper).update(key).digest();
  }

  /** Records the use, at most once a minute per key and process; never delays the request. */
  private touch(id: string): void {
    const now = Date.now();
    if (now - (this.lastUsedWritten.get(id) ?? 0) < LAST_USED_EVERY_MS) return;
    this.lastUsedWritten.set(id, now);
    void this.dataSource.query(`UPDATE api_key SET last_used_at = now() WHERE id = $1`, [id]).catch(() => undefined);
  }
}
