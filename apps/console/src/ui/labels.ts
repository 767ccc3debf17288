import type { AgentRole, ChannelKind, Presence } from '@switchboard/schema';

// Clients must tolerate enum values they do not know yet (contract header), hence the fallbacks.
const CHANNEL_LABELS: Partial<Record<ChannelKind, string>> = {
  SMS: 'SMS',
  EMAIL: 'E-mail',
  CHAT: 'Chat',
  TWITTER: 'Twitter',
  FACEBOOK: 'Facebook',
  VOICE: 'Voice',
  FORUM: 'Forum',
};

export const CHANNEL_KINDS: ChannelKind[] = ['SMS', 'EMAIL', 'CHAT', 'TWITTER', 'FACEBOOK', 'VOICE', 'FORUM'];

export function channelLabel(kind: ChannelKind): string {
  return CHANNEL_LABELS[kind] ?? kind.charAt(0) + kind.slice(1).toLowerCase();
}

/** "Ada Lovelace" → "AL", for avatars. */
export function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase() ?? '')
    .join('');
}

export const AGENT_ROLES: ReadonlyArray<{ role: AgentRole; label: string; explanation: string }> = [
  { role: 'AGENT', label: 'Agent', explanation: 'Works the queues they are in.' },
  { role: 'SUPERVISOR', label: 'Supervisor', explanation: 'Also sees every thread, the board and reports; looks at settings.' },
  { role: 'ADMIN', label: 'Admin', explanation: 'Also changes settings: queues, agents, channels, keys and webhooks.' },
];

export function roleLabel(role: AgentRole): string {
  return AGENT_ROLES.find((entry) => entry.role === role)?.label ?? role;
}

const PRESENCE_LABELS: Partial<Record<Presence, string>> = { ONLINE: 'Online', AWAY: 'Away', OFFLINE: 'Offline' };

export function presenceLabel(presence: Presence): string {
  return PRESENCE_LABELS[presence] ?? presence;
}
