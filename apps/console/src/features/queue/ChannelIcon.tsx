import type { ChannelKind } from '@switchboard/schema';

export { CHANNEL_KINDS, channelLabel } from '../../ui/labels';

// An unknown kind (clients must tolerate new ones) gets the chat bubble.
const PATHS: Partial<Record<ChannelKind, string>> = {
  SMS: 'M7 3h10a1 1 0 0 1 1 1v16a1 1 0 0 1-1 1H7a1 1 0 0 1-1-1V4a1 1 0 0 1 1-1zM10 18h4',
  EMAIL: 'M3 6h18v12H3zM3 7l9 6 9-6',
  CHAT: 'M4 5h16v10H9l-5 4z',
  TWITTER: 'M4 4l16 16M20 4L4 20',
  FACEBOOK: 'M14 8h3V4h-3a4 4 0 0 0-4 4v3H7v4h3v6h4v-6h3l1-4h-4V8z',
  VOICE: 'M6 4h4l1.5 4.5L9 10a11 11 0 0 0 5 5l1.5-2.5L20 14v4a2 2 0 0 1-2 2A15 15 0 0 1 4 6a2 2 0 0 1 2-2z',
  FORUM: 'M3 4h12v8H7l-4 3zM9 15v1h8l4 3V8h-3',
};

/** A channel's icon in its colour; decorative, the channel's name is shown beside it. */
export function ChannelIcon({ kind }: { kind: ChannelKind }) {
  return (
    <span className={`channel-icon channel-icon--${kind.toLowerCase()}`} aria-hidden="true">
      <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round">
        <path d={PATHS[kind] ?? PATHS.CHAT} />
      </svg>
    </span>
  );
}
