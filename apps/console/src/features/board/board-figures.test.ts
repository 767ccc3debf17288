import { describe, expect, it } from 'vitest';
import { formatOverTarget, waitState } from './board-figures';

describe('formatOverTarget', () => {
  it('says nothing within the target, seconds in the first minute past it, then whole minutes', () => {
    expect(formatOverTarget(null, 300)).toBeNull();
    expect(formatOverTarget(299_000, 300)).toBeNull();
    expect(formatOverTarget(300_500, 300)).toBeNull();
    expect(formatOverTarget(335_000, 300)).toBe('+35 s over');
    expect(formatOverTarget(300_000 + 4 * 60_000 + 59_000, 300)).toBe('+4 min over');
    expect(formatOverTarget(300_000 + 65 * 60_000, 300)).toBe('+1 h 5 min over');
  });
});

describe('waitState', () => {
  it("uses the queue clock's levels: amber from half the target, red from all of it", () => {
    expect(waitState(null, 300)).toBe('fine');
    expect(waitState(149_000, 300)).toBe('fine');
    expect(waitState(150_000, 300)).toBe('warning');
    expect(waitState(300_000, 300)).toBe('breached');
  });
});
