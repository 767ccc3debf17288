import { describe, expect, it } from 'vitest';
import { relativeTime } from './relative-time';

const now = new Date('2026-03-10T12:00:00.000Z');
const before = (seconds: number) => new Date(now.getTime() - seconds * 1000).toISOString();

describe('relativeTime', () => {
  it('reads under a minute as just now', () => {
    expect(relativeTime(before(59), now)).toBe('just now');
  });

  it('uses the largest whole unit', () => {
    expect(relativeTime(before(5 * 60 + 59), now)).toBe('5 minutes ago');
    expect(relativeTime(before(2 * 3600), now)).toBe('2 hours ago');
    expect(relativeTime(before(26 * 3600), now)).toBe('yesterday');
    expect(relativeTime(before(15 * 24 * 3600), now)).toBe('2 weeks ago');
    expect(relativeTime(before(400 * 24 * 3600), now)).toBe('last year');
  });
});
