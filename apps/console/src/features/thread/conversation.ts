import type { DeliveryStatus, MessageKind, ThreadMessageFragment } from '@switchboard/schema';

export { channelLabel, initials } from '../../ui/labels';

const DELIVERY_LABELS: Partial<Record<DeliveryStatus, string>> = {
  QUEUED: 'Queued',
  SENT: 'Sent',
  DELIVERED: 'Delivered',
  FAILED: 'Not delivered',
};

export function deliveryLabel(status: DeliveryStatus | null): string | null {
  if (status === null) return null;
  return DELIVERY_LABELS[status] ?? status.toLowerCase();
}

const FORMATS = {
  time: { hour: '2-digit', minute: '2-digit' },
  date: { day: 'numeric', month: 'short' },
  dateWithYear: { day: 'numeric', month: 'short', year: 'numeric' },
  day: { weekday: 'short', day: 'numeric', month: 'short' },
  dayWithYear: { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' },
  full: { dateStyle: 'full', timeStyle: 'long' },
} satisfies Record<string, Intl.DateTimeFormatOptions>;
type Format = keyof typeof FORMATS;

// Intl formatters are costly to build and a conversation formats every message: one per locale and format.
const formatters = new Map<string, Intl.DateTimeFormat>();
function format(name: Format, date: Date, locale?: string): string {
  const cacheKey = `${locale ?? ''}|${name}`;
  let formatter = formatters.get(cacheKey);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, FORMATS[name]);
    formatters.set(cacheKey, formatter);
  }
  return formatter.format(date);
}

function dayKey(date: Date): string {
  return `${date.getFullYear()}-${date.getMonth()}-${date.getDate()}`;
}

function isYesterday(date: Date, now: Date): boolean {
  const yesterday = new Date(now);
  yesterday.setDate(now.getDate() - 1);
  return dayKey(date) === dayKey(yesterday);
}

/**
 * A message's time as the conversation shows it: "14:05" today; "Yesterday 14:05"; "28 Nov 14:05"
 * before that, with the year when it is not this year, so a time never reads as today's. In the
 * reader's locale (order, 12/24 h) unless `locale` is given; the one formatter for message times.
 */
export function formatMessageTime(iso: string, now: Date = new Date(), locale?: string): string {
  const date = new Date(iso);
  const clock = format('time', date, locale);
  if (dayKey(date) === dayKey(now)) return clock;
  if (isYesterday(date, now)) return `Yesterday ${clock}`;
  return `${format(date.getFullYear() === now.getFullYear() ? 'date' : 'dateWithYear', date, locale)} ${clock}`;
}

/** The full date and time, for the hover title. */
export function formatFullDateTime(iso: string, locale?: string): string {
  return format('full', new Date(iso), locale);
}

/** "Today", "Yesterday", or the date (with the year only when it is not this year). */
export function formatDay(iso: string, now: Date = new Date(), locale?: string): string {
  const date = new Date(iso);
  if (dayKey(date) === dayKey(now)) return 'Today';
  if (isYesterday(date, now)) return 'Yesterday';
  return format(date.getFullYear() === now.getFullYear() ? 'day' : 'dayWithYear', date, locale);
}

export type Side = 'customer' | 'agent' | 'system';

export function sideOf(kind: MessageKind): Side {
  if (kind === 'INBOUND') return 'customer';
  if (kind === 'SYSTEM') return 'system';
  return 'agent';
}

export type ConversationItem =
  | { type: 'day'; key: string; label: string }
  /** Consecutive messages of one kind and author within a few minutes: one header, several bubbles. */
  | { type: 'group'; key: string; kind: MessageKind; side: Side; authorName: string | null; messages: ThreadMessageFragment[] };

/** How close two messages must be to share one header. */
export const GROUP_GAP_MS = 5 * 60_000;

/**
 * Orders the messages by the time the conversation shows (`receivedAt`: a late-ingested inbound
 * message sits where the customer wrote it), oldest first, and groups them into day separators
 * and runs of one author.
 */
export function buildConversation(messages: readonly ThreadMessageFragment[], now: Date = new Date()): ConversationItem[] {
  const sorted = [...messages].sort(
    (a, b) => Date.parse(a.receivedAt) - Date.parse(b.receivedAt) || Date.parse(a.createdAt) - Date.parse(b.createdAt),
  );
  const items: ConversationItem[] = [];
  let lastDay: string | null = null;
  let group: Extract<ConversationItem, { type: 'group' }> | null = null;
  let lastAt = 0;
  for (const message of sorted) {
    const at = Date.parse(message.receivedAt);
    const day = dayKey(new Date(at));
    if (day !== lastDay) {
      items.push({ type: 'day', key: `day-${day}`, label: formatDay(message.receivedAt, now) });
      lastDay = day;
      group = null;
    }
    const authorName = message.author?.name ?? null;
    const joins =
      group !== null &&
      message.kind !== 'SYSTEM' &&
      group.kind === message.kind &&
      (group.messages[0]?.author?.id ?? null) === (message.author?.id ?? null) &&
      at - lastAt <= GROUP_GAP_MS;
    if (group !== null && joins) {
      group.messages.push(message);
    } else {
      group = { type: 'group', key: message.id, kind: message.kind, side: sideOf(message.kind), authorName, messages: [message] };
      items.push(group);
    }
    lastAt = at;
  }
  return items;
}

/** "Ben is typing…", "Ben and Cy are typing…", "3 people are typing…". */
export function typingText(names: readonly string[]): string | null {
  if (names.length === 0) return null;
  if (names.length === 1) return `${names[0]} is typing…`;
  if (names.length === 2) return `${names[0]} and ${names[1]} are typing…`;
  return `${names.length} people are typing…`;
}
