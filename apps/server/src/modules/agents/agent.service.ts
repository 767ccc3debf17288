import { DEFAULT_CAPACITY, looksLikeEmail } from '@switchboard/schema';
import type { DataSource } from 'typeorm';
import { queryRows } from '../../db/sql.js';
import type { Transactions } from '../../events/transactions.js';
import { SystemEventType, type SystemEventData } from '../../events/event-types.js';
import { badInput, invalidState, notFound } from '../../errors.js';
import { newId } from '../../ids.js';
import { hashPassword } from '../auth/passwords.js';
import { returnAgentsThreads } from '../threads/requeue.js';
import { OWNS_OPEN_SQL } from '../threads/thread-access.js';
import { announcePresence } from './presence.js';
import { AGENT_JSON, agentFromJson, type AgentJson } from './agent-json.js';
import { Agent, AgentRole, Presence } from './agent.entity.js';
import { AGENT_LIMITS, type CreateAgentInput, type UpdateAgentInput } from './agent.inputs.js';

/** Creating, changing and listing agents (ADMIN use cases). */
export class AgentService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
  ) {}

  /** By name, then id: the first `first` after the agent `after`. */
  list({ first, after }: { first: number; after: string | null }): Promise<Agent[]> {
    const query = this.dataSource.getRepository(Agent).createQueryBuilder('a').orderBy('a.name', 'ASC').addOrderBy('a.id', 'ASC').take(first);
    if (after !== null) query.where('(a.name, a.id) > (SELECT name, id FROM agent WHERE id = :after)', { after });
    return query.getMany();
  }

  async byIds(ids: readonly string[]): Promise<Map<string, Agent>> {
    const rows: Array<{ agent: AgentJson }> = await this.dataSource.query(`SELECT ${AGENT_JSON('a')} AS agent FROM agent a WHERE a.id = ANY($1)`, [[...ids]]);
    return new Map(rows.map(({ agent }) => [agent.id, agentFromJson(agent)]));
  }

  /** OPEN threads owned per agent: what capacity counts. */
  async ownedThreadCounts(agentIds: readonly string[]): Promise<Map<string, number>> {
    const rows: Array<{ owner_id: string; count: number }> = await this.dataSource.query(
      `SELECT owner_id, count(*)::int AS count FROM thread t
        WHERE owner_id = ANY($1) AND ${OWNS_OPEN_SQL('t')} GROUP BY owner_id`,
      [agentIds],
    );
    return new Map(rows.map((row) => [row.owner_id, row.count]));
  }

  async create(input: CreateAgentInput, actorId: string | null): Promise<Agent> {
    const name = requireText('name', input.name, AGENT_LIMITS.name);
    const email = normalizeEmail(input.email);
    checkPassword(input.password);
    const capacity = checkCapacity(input.capacity ?? DEFAULT_CAPACITY);
    const queueIds = [...new Set(input.queueIds ?? [])];
    const passwordHash = await hashPassword(input.password);
    const id = newId('agt');

    await this.transactions.run(async ({ manager, emit }) => {
      const existing: unknown[] = await manager.query(`SELECT 1 FROM agent WHERE lower(email) = $1`, [email]);
      if (existing.length > 0) throw badInput('email', `an agent with e-mail ${email} already exists`);
      if (queueIds.length > 0) {
        const found: Array<{ id: string }> = await manager.query(`SELECT id FROM queue WHERE id = ANY($1)`, [queueIds]);
        const missing = queueIds.filter((queueId) => !found.some((row) => row.id === queueId));
        if (missing.length > 0) throw badInput('queueIds', `unknown queue ${missing.join(', ')}`);
      }
      await manager.query(
        `INSERT INTO agent (id, name, email, password_hash, role, capacity) VALUES ($1, $2, $3, $4, $5, $6)`,
        [id, name, email, passwordHash, input.role ?? AgentRole.AGENT, capacity],
      );
      await manager.query(
        `INSERT INTO agent_queue (agent_id, queue_id) SELECT $1, unnest($2::text[])`,
        [id, queueIds],
      );
      emit({ type: SystemEventType.AGENT_CREATED, actorId, data: { agentId: id, role: input.role ?? AgentRole.AGENT, queueIds } });
      for (const queueId of queueIds) {
        emit({ type: SystemEventType.QUEUE_MEMBERS_CHANGED, actorId, queueId, data: { queueId, added: [id], removed: [] } });
      }
    }).catch(rethrowUniqueEmail(email));
    return this.dataSource.getRepository(Agent).findOneByOrFail({ id });
  }

  /** What the agent chooses to show (ONLINE, AWAY, OFFLINE); it counts while a console of theirs is connected. */
  async setPresence(agentId: string, presence: Presence): Promise<Agent> {
    await this.transactions.run(async ({ manager, emit }) => {
      const [row] = await queryRows<{ set_by: string | null }>(manager,
        `UPDATE agent a SET presence = $2, presence_set_by = NULL, last_seen_at = now(), updated_at = now()
           FROM agent old WHERE old.id = a.id AND a.id = $1 RETURNING old.presence_set_by AS set_by`, [agentId, presence]);
      // Taking it back from a supervisor is news to the board even when the presence stays.
      await announcePresence(manager, emit, [agentId], { actorId: agentId, always: row?.set_by != null });
    });
    return this.dataSource.getRepository(Agent).findOneByOrFail({ id: agentId });
  }

  /**
   * A supervisor marks an agent who walked away AWAY or OFFLINE (DESIGN.md, "presence"): the
   * agent's console shows who did, and the agent may choose again. It does not make a console
   * look connected: an agent with none stays OFFLINE.
   */
  async setPresenceFor(agentId: string, presence: Presence, setBy: string): Promise<Agent> {
    if (presence === Presence.ONLINE) throw badInput('presence', 'may be AWAY or OFFLINE: only the agent can say they are there');
    await this.transactions.run(async ({ manager, emit }) => {
      const rows = await queryRows<{ id: string }>(manager,
        `UPDATE agent SET presence = $2, presence_set_by = $3, updated_at = now() WHERE id = $1 AND active RETURNING id`,
        [agentId, presence, agentId === setBy ? null : setBy]);
      if (rows.length === 0) throw notFound('Agent', agentId);
      await announcePresence(manager, emit, [agentId], { actorId: setBy, always: true });
    });
    return this.dataSource.getRepository(Agent).findOneByOrFail({ id: agentId });
  }

  async update(id: string, input: UpdateAgentInput, actorId: string | null): Promise<Agent> {
    const changes: SystemEventData['AGENT_UPDATED']['after'] = {};
    if (input.name != null) changes.name = requireText('name', input.name, AGENT_LIMITS.name);
    if (input.email != null) changes.email = normalizeEmail(input.email);
    if (input.role != null) changes.role = input.role;
    if (input.capacity != null) changes.capacity = checkCapacity(input.capacity);
    if (input.active != null) changes.active = input.active;

    await this.transactions.run(async ({ manager, emit }) => {
      // Lock order: agents by id first (DESIGN.md, "Claims and locks").
      const rows: Array<{ id: string; role: AgentRole; active: boolean; name: string; email: string; capacity: number }> =
        await manager.query(`SELECT id, role, active, name, email, capacity FROM agent WHERE id = $1 FOR NO KEY UPDATE`, [id]);
      const before = rows[0];
      if (!before) throw notFound('Agent', id);
      if (changes.email === before.email) delete changes.email;
      if (changes.email !== undefined) {
        const taken: unknown[] = await manager.query(`SELECT 1 FROM agent WHERE lower(email) = $1 AND id <> $2`, [changes.email, id]);
        if (taken.length > 0) throw badInput('email', `an agent with e-mail ${changes.email} already exists`);
      }
      const losesAdmin = before.role === AgentRole.ADMIN && before.active &&
        ((changes.role !== undefined && changes.role !== AgentRole.ADMIN) || changes.active === false);
      if (losesAdmin) {
        // Serialize "last admin" checks so two concurrent demotions cannot both pass.
        await manager.query(`SELECT pg_advisory_xact_lock(7254420120)`);
        const admins: Array<{ n: number }> = await manager.query(
          `SELECT count(*)::int AS n FROM agent WHERE role = 'ADMIN' AND active AND id <> $1`, [id]);
        if ((admins[0]?.n ?? 0) === 0) throw invalidState('At least one active admin must remain: make another agent an admin first');
      }
      const entries = Object.entries(changes);
      if (entries.length === 0) return;
      const sets = entries.map(([key], index) => `${key} = $${index + 2}`).join(', ');
      await manager.query(`UPDATE agent SET ${sets}, updated_at = now() WHERE id = $1`, [id, ...entries.map(([, v]) => v)]);
      if (changes.active === false && before.active) {
        // Deactivating signs the agent out everywhere and returns their threads to their queues.
        await manager.query(`UPDATE session SET revoked_at = now() WHERE agent_id = $1 AND revoked_at IS NULL`, [id]);
        await returnAgentsThreads({ manager, emit }, { agentId: id, queueId: null, actorId });
      }
      emit({
        type: SystemEventType.AGENT_UPDATED,
        actorId,
        data: { agentId: id, before: pick(before, Object.keys(changes)), after: changes },
      });
    }).catch(rethrowUniqueEmail(changes.email ?? ''));
    return this.dataSource.getRepository(Agent).findOneByOrFail({ id });
  }

  /**
   * An admin sets a new password for an agent who lost theirs (there is no e-mail to send a link
   * to). It signs the agent out everywhere: whoever knew the old one is out too.
   */
  async resetPassword(id: string, password: string, actorId: string | null): Promise<Agent> {
    checkPassword(password);
    const passwordHash = await hashPassword(password);
    await this.transactions.run(async ({ manager, emit }) => {
      const rows = await queryRows<{ id: string }>(manager,
        `UPDATE agent SET password_hash = $2, updated_at = now() WHERE id = $1 RETURNING id`, [id, passwordHash]);
      if (rows.length === 0) throw notFound('Agent', id);
      await manager.query(`UPDATE session SET revoked_at = now() WHERE agent_id = $1 AND revoked_at IS NULL`, [id]);
      emit({ type: SystemEventType.AGENT_UPDATED, actorId, data: { agentId: id, before: {}, after: { passwordReset: true } } });
    });
    return this.dataSource.getRepository(Agent).findOneByOrFail({ id });
  }
}

function checkPassword(password: string): void {
  if (password.length < AGENT_LIMITS.passwordMin || password.length > AGENT_LIMITS.passwordMax) {
    throw badInput('password', `must be ${AGENT_LIMITS.passwordMin} to ${AGENT_LIMITS.passwordMax} characters`);
  }
}

export function normalizeEmail(raw: string): string {
  const email = raw.trim().toLowerCase();
  if (!looksLikeEmail(email)) {
    throw badInput('email', 'must be an e-mail address');
  }
  return email;
}

export function requireText(field: string, raw: string, maxLength: number): string {
  const value = raw.trim();
  if (value === '') throw badInput(field, 'must not be blank');
  if (value.length > maxLength) throw badInput(field, `must be at most ${maxLength} characters`);
  return value;
}

function checkCapacity(capacity: number): number {
  if (!Number.isInteger(capacity) || capacity < 0 || capacity > AGENT_LIMITS.capacityMax) {
    throw badInput('capacity', `must be a whole number from 0 to ${AGENT_LIMITS.capacityMax}`);
  }
  return capacity;
}

function pick(row: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((key) => [key, row[key]]));
}

/** Two concurrent creates with one e-mail: the unique index decides; answer as the check would. */
function rethrowUniqueEmail(email: string) {
  return (error: unknown): never => {
    if ((error as { code?: string; constraint?: string }).constraint === 'agent_email_key') {
      throw badInput('email', `an agent with e-mail ${email} already exists`);
    }
    throw error;
  };
}
