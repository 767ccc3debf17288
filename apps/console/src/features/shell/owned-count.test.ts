import { describe, expect, it } from 'vitest';
import { ownedDelta } from './owned-count';

const state = (ownerId: string | null, status = 'OPEN') => ({ ownerId, status }) as never;

describe('ownedDelta', () => {
  it.each([
    ['a claim by me', state(null), state('me'), 1],
    ['a hand-off to me', state('ann'), state('me'), 1],
    ['a hand-off away from me', state('me'), state('ann'), -1],
    ['a release', state('me'), state(null), -1],
    ['my thread going PENDING', state('me'), state('me', 'PENDING'), -1],
    ['my thread reopened', state('me', 'RESOLVED'), state('me'), 1],
    ['a message on my thread', state('me'), state('me'), 0],
    ["someone else's claim", state(null), state('ann'), 0],
    ['a new thread', null, state(null), 0],
  ])('counts %s as %i', (_what, before, after, delta) => {
    expect(ownedDelta({ before, after }, 'me')).toBe(delta);
  });
});
