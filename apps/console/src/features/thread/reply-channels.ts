import type { ChannelKind, ThreadDetailFragment } from '@switchboard/schema';

/** The channels the customer can be answered on; the thread's own channel first. */
export function replyChannels(thread: Pick<ThreadDetailFragment, 'channel' | 'customer'>): ChannelKind[] {
  const kinds = [thread.channel.kind, ...thread.customer.identities.map((identity) => identity.channelKind)];
  return [...new Set(kinds)];
}
