import { CombinedGraphQLErrors } from '@apollo/client';
import { describe, expect, it } from 'vitest';
import { actionError } from '../thread/thread-errors';
import { describeClaimError } from './claim-errors';

const failure = (code: string, message: string, extensions: Record<string, unknown> = {}) =>
  new CombinedGraphQLErrors({ data: null, errors: [{ message, extensions: { code, ...extensions } }] });

const atCapacity = failure('AGENT_AT_CAPACITY', 'Ada Lovelace already holds 3 open threads, their capacity', { capacity: 3 });

describe('describeClaimError', () => {
  it('tells an agent at capacity how full they are and how to make room, short on the row', () => {
    expect(describeClaimError(atCapacity)).toMatchObject({
      code: 'AGENT_AT_CAPACITY',
      text: 'At capacity (3 of 3)',
      detail: 'You hold 3 of 3 threads, your capacity. Resolve one or set it pending first.',
    });
  });

  it('keeps the short words for the other codes', () => {
    expect(describeClaimError(failure('INVALID_STATE', 'resolved'))).toMatchObject({ text: 'Already resolved', detail: 'Already resolved' });
  });
});

describe('actionError: AGENT_AT_CAPACITY', () => {
  it('is about me on a claim, and about the agent I picked on a hand-off', () => {
    expect(actionError(atCapacity, 'claim').message).toBe('You hold 3 of 3 threads, your capacity. Resolve one or set it pending first.');
    expect(actionError(atCapacity).message).toBe('That agent is at capacity. Pick someone with room, or a queue.');
  });
});
