import type { ChannelKind } from '@switchboard/schema';

// Clients must tolerate enum values they do not know yet (contract header), hence the fallbacks.
const CHANNEL_LABELS: Partial<Record<ChannelKind, string>> = {
  SMS: 'SMS',
  EMAIL: 'Email',
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
