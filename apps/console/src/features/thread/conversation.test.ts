import { describe, expect, it } from 'vitest';
import { buildConversation, deliveryLabel, formatDay, formatFullDateTime, formatMessageTime, typingText, type ConversationItem } from './conversation';
import { buildMessage } from '../../../test/factories';

const ben = { id: 'agt_ben', name: 'Ben Ortiz' };
const now = new Date('2026-03-02T18:00:00');

function groups(items: ConversationItem[]) {
  return items.flatMap((item) => (item.type === 'group' ? [{ kind: item.kind, ids: item.messages.map((m) => m.id) }] : []));
}

describe('buildConversation', () => {
  it('orders oldest first and groups runs of one author and kind within five minutes', () => {
    const items = buildConversation(
      [
        buildMessage({ id: 'm3', kind: 'REPLY', author: ben, createdAt: '2026-03-02T10:03:00' }),
        buildMessage({ id: 'm1', createdAt: '2026-03-02T10:00:00' }),
        buildMessage({ id: 'm2', createdAt: '2026-03-02T10:01:00' }),
        buildMessage({ id: 'm4', kind: 'NOTE', author: ben, createdAt: '2026-03-02T10:04:00' }),
        buildMessage({ id: 'm5', kind: 'REPLY', author: ben, createdAt: '2026-03-02T10:05:00' }),
        buildMessage({ id: 'm6', kind: 'REPLY', author: ben, createdAt: '2026-03-02T10:11:00' }),
      ],
      now,
    );
    expect(items[0]).toEqual({ type: 'day', key: 'day-2026-2-2', label: 'Today' });
    expect(groups(items)).toEqual([
      { kind: 'INBOUND', ids: ['m1', 'm2'] },
      { kind: 'REPLY', ids: ['m3'] },
      { kind: 'NOTE', ids: ['m4'] },
      { kind: 'REPLY', ids: ['m5'] },
      { kind: 'REPLY', ids: ['m6'] },
    ]);
  });

  it('never groups SYSTEM lines and starts a new day with a separator', () => {
    const items = buildConversation(
      [
        buildMessage({ id: 's1', kind: 'SYSTEM', author: ben, createdAt: '2026-03-01T23:59:00' }),
        buildMessage({ id: 's2', kind: 'SYSTEM', author: ben, createdAt: '2026-03-02T00:00:30' }),
        buildMessage({ id: 's3', kind: 'SYSTEM', author: ben, createdAt: '2026-03-02T00:01:00' }),
      ],
      now,
    );
    expect(items.map((item) => (item.type === 'day' ? item.label : item.messages.map((m) => m.id).join()))).toEqual(['Yesterday', 's1', 'Today', 's2', 's3']);
    expect(items.filter((item) => item.type === 'group').every((item) => item.type === 'group' && item.side === 'system')).toBe(true);
  });
});

describe('formatting', () => {
  it('names older days by date and delivery states in words', () => {
    expect(formatDay('2026-02-20T09:00:00', now)).not.toMatch(/Today|Yesterday|2026/);
    expect(formatDay('2025-12-20T09:00:00', now)).toMatch(/2025/);
    expect(deliveryLabel('FAILED')).toBe('Not delivered');
    expect(deliveryLabel(null)).toBeNull();
  });

  it('says who is typing', () => {
    expect(typingText([])).toBeNull();
    expect(typingText(['Ben'])).toBe('Ben is typing…');
    expect(typingText(['Ben', 'Cy'])).toBe('Ben and Cy are typing…');
    expect(typingText(['Ben', 'Cy', 'Di'])).toBe('3 people are typing…');
  });
});

describe('formatMessageTime', () => {
  const today = new Date('2026-11-30T18:00:00');

  it('shows only the time of day for today', () => {
    expect(formatMessageTime('2026-11-30T14:05:00', today, 'en-GB')).toBe('14:05');
    expect(formatMessageTime('2026-11-30T00:00:00', today, 'en-GB')).toBe('00:00');
  });

  it('says "Yesterday" with the time for yesterday, even across a month', () => {
    expect(formatMessageTime('2026-11-29T14:05:00', today, 'en-GB')).toBe('Yesterday 14:05');
    expect(formatMessageTime('2026-11-30T23:59:00', new Date('2026-12-01T08:00:00'), 'en-GB')).toBe('Yesterday 23:59');
  });

  it('gives the date from the day before yesterday back, and the year only when it is not this year', () => {
    expect(formatMessageTime('2026-11-28T14:05:00', today, 'en-GB')).toBe('28 Nov 14:05');
    expect(formatMessageTime('2026-01-02T09:00:00', today, 'en-GB')).toBe('2 Jan 09:00');
    expect(formatMessageTime('2025-12-31T23:30:00', today, 'en-GB')).toBe('31 Dec 2025 23:30');
  });

  it("follows the reader's locale for order and the 12-hour clock", () => {
    expect(formatMessageTime('2026-11-30T14:05:00', today, 'en-US')).toBe('02:05 PM');
    expect(formatMessageTime('2026-11-29T14:05:00', today, 'en-US')).toBe('Yesterday 02:05 PM');
    expect(formatMessageTime('2026-11-28T14:05:00', today, 'en-US')).toBe('Nov 28 02:05 PM');
  });

  it('gives the full date and time for the hover title', () => {
    const title = formatFullDateTime('2026-03-01T23:59:00', 'en-GB');
    expect(title).toMatch(/^Sunday,? 1 March 2026 at 23:59:00/);
  });

  it('orders and dates the conversation by receivedAt: a late-ingested message sits where the customer wrote it', () => {
    const items = buildConversation(
      [
        buildMessage({ id: 'reply', kind: 'REPLY', author: ben, createdAt: '2026-03-02T00:10:00' }),
        buildMessage({ id: 'late', createdAt: '2026-03-02T00:20:00', receivedAt: '2026-03-01T23:55:00' }),
      ],
      now,
    );
    expect(items.map((item) => (item.type === 'day' ? item.label : item.messages.map((m) => m.id).join()))).toEqual(['Yesterday', 'late', 'Today', 'reply']);
  });
});
