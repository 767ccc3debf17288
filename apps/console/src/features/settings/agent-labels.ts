import type { AgentRole, Presence } from '@switchboard/schema';

// Clients must tolerate enum values they do not know yet (contract header), hence the fallbacks.
export const AGENT_ROLES: ReadonlyArray<{ role: AgentRole; label: string; explanation: string }> = [
  { role: 'AGENT', label: 'Agent', explanation: 'Works the queues they are in.' },
  { role: 'SUPERVISOR', label: 'Supervisor', explanation: 'Also sees every thread, the board and reports; looks at settings.' },
  { role: 'ADMIN', label: 'Admin', explanation: 'Also changes settings: queues, agents, channels, keys and webhooks.' },
];

export function roleLabel(role: AgentRole): string {
  return AGENT_ROLES.find((entry) => entry.role === role)?.label ?? role;
}

const PRESENCE: Partial<Record<Presence, string>> = { ONLINE: 'Online', AWAY: 'Away', OFFLINE: 'Offline' };

export function presenceLabel(presence: Presence): string {
  return PRESENCE[presence] ?? presence;
}
