import { AgentRole, ROLE_RANK } from '../agents/agent.entity.js';

/** Who is calling: an agent signed in with a session token. API keys join with the security work. */
export interface AgentActor {
  kind: 'agent';
  agentId: string;
  name: string;
  role: AgentRole;
  sessionId: string;
  expiresAt: Date;
}

export type Actor = AgentActor;

export function hasRole(actor: Actor, role: AgentRole): boolean {
  return ROLE_RANK[actor.role] >= ROLE_RANK[role];
}
