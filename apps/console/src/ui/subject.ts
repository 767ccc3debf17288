import type { ChannelKind } from '@switchboard/schema';

// Only these channels have a subject line; on SMS, chat, social and voice a missing one is normal.
const SUBJECT_CHANNELS: ReadonlySet<ChannelKind> = new Set<ChannelKind>(['EMAIL', 'FORUM']);

/**
 * What the thread's subject line shows: the subject; "(no subject)" where the channel has subjects
 * and this one was left empty; nothing on channels that have none.
 */
export function subjectLine(subject: string | null, channelKind: ChannelKind): { text: string; missing: boolean } | null {
  if (subject !== null && subject.trim() !== '') return { text: subject, missing: false };
  return SUBJECT_CHANNELS.has(channelKind) ? { text: '(no subject)', missing: true } : null;
}
