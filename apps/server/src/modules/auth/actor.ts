import { Authorized } from 'type-graphql';
import { forbidden } from '../../errors.js';
import { AgentRole, ROLE_RANK } from '../agents/agent.entity.js';

/** What an API key may do (contract: ApiScope). */
export const ApiScope = { READ: 'READ', INGEST: 'INGEST', WRITE: 'WRITE', ADMIN: 'ADMIN' } as const;
export type ApiScope = (typeof ApiScope)[keyof typeof ApiScope];

/**
 * For `@Authorized`, beside a role: READ keys may read this too (the supervisor's board and
 * reports are for third-party wallboards as much as for supervisors). Agents still need the role.
 */
export const READ_KEYS = 'READ_KEYS' as const;
/** What `@Authorized` takes: roles, and READ_KEYS. */
export type Requirement = AgentRole | typeof READ_KEYS;

/** Supervisors' reads (the board, reports): SUPERVISOR and ADMIN agents, READ and ADMIN keys. */
export const SupervisorRead = (): MethodDecorator & PropertyDecorator => Authorized<Requirement>(AgentRole.SUPERVISOR, READ_KEYS);

/** An agent as the one who acts on threads: a signed-in agent, or the agent a key is bound to. */
export interface AgentIdentity {
  agentId: string;
  name: string;
  role: AgentRole;
}

/** An agent signed in with a session token. */
export interface AgentActor extends AgentIdentity {
  kind: 'agent';
  sessionId: string;
  expiresAt: Date;
}

/** A third party with an API key: its scopes, and for WRITE the agent it acts as. */
export interface KeyActor {
  kind: 'key';
  keyId: string;
  name: string;
  scopes: readonly ApiScope[];
  /** The agent a key is bound to (WRITE keys act as them, with their rights). */
  agent: AgentIdentity | null;
  /** Keys do not expire; they are revoked. */
  expiresAt: Date;
}

/** Who is calling. */
export type Actor = AgentActor | KeyActor;

export const NEVER = new Date(8.64e15);

export function hasRole(who: { role: AgentRole }, role: AgentRole): boolean {
  return ROLE_RANK[who.role] >= ROLE_RANK[role];
}

/** The scopes that grant `scope`: itself, and ADMIN, which holds every scope. The one home of that rule. */
export function scopesGranting(scope: ApiScope): ApiScope[] {
  return scope === ApiScope.ADMIN ? [ApiScope.ADMIN] : [scope, ApiScope.ADMIN];
}

export function hasScope(actor: Actor, scope: ApiScope): boolean {
  const granting = scopesGranting(scope);
  return actor.kind === 'key' && actor.scopes.some((held) => granting.includes(held));
}

/** The agent an actor acts as on threads: itself, or a key's bound agent when it may WRITE. */
export function actingAgent(actor: Actor): AgentIdentity | null {
  if (actor.kind === 'agent') return actor;
  return hasScope(actor, ApiScope.WRITE) ? actor.agent : null;
}

/** The same, or FORBIDDEN: acting on threads needs an agent. */
export function requireAgent(actor: Actor): AgentIdentity {
  const agent = actingAgent(actor);
  if (!agent) throw forbidden('This API key acts as no agent: only a WRITE key bound to an agent (agentId) acts on threads');
  return agent;
}

/** Who an event records as its actor: the acting agent, or none for a key without one. */
export function actorIdOf(actor: Actor): string | null {
  return actor.kind === 'agent' ? actor.agentId : actor.agent?.agentId ?? null;
}

/** The role that decides role-only checks: an agent's, or what a key's scopes amount to. */
export function effectiveRole(actor: Actor): AgentRole | null {
  if (actor.kind === 'agent') return actor.role;
  if (actor.scopes.includes(ApiScope.ADMIN)) return AgentRole.ADMIN;
  return actor.agent && actor.scopes.includes(ApiScope.WRITE) ? actor.agent.role : null;
}

/** What identifies the actor in logs, limits and render groups. */
export function actorKey(actor: Actor): string {
  return actor.kind === 'agent' ? `agent:${actor.agentId}` : `key:${actor.keyId}`;
}
