import { describe, expect, it } from 'vitest';
import { parseRoute, threadPath } from './route';

describe('parseRoute', () => {
  it('knows the board, an open thread and the queue', () => {
    expect(parseRoute('/board')).toEqual({ page: 'board' });
    expect(parseRoute('/threads/thr_1')).toEqual({ page: 'queue', threadId: 'thr_1' });
    expect(parseRoute(threadPath('thr/odd id'))).toEqual({ page: 'queue', threadId: 'thr/odd id' });
    expect(parseRoute('/')).toEqual({ page: 'queue', threadId: null });
    expect(parseRoute('/nowhere')).toEqual({ page: 'queue', threadId: null });
  });
});
