import { afterEach, describe, expect, it } from 'vitest';
import { navigate, parseRoute, threadPath } from './route';

afterEach(() => {
  window.history.replaceState(null, '', '/');
});

describe('parseRoute', () => {
  it('knows the board, reports, an open thread and the queue', () => {
    expect(parseRoute('/board')).toEqual({ page: 'board' });
    expect(parseRoute('/reports')).toEqual({ page: 'reports' });
    expect(parseRoute('/threads/thr_1')).toEqual({ page: 'queue', threadId: 'thr_1' });
    expect(parseRoute(threadPath('thr/odd id'))).toEqual({ page: 'queue', threadId: 'thr/odd id' });
    expect(parseRoute('/')).toEqual({ page: 'queue', threadId: null });
    expect(parseRoute('/nowhere')).toEqual({ page: 'queue', threadId: null });
  });
});

describe('navigate', () => {
  it('adds a history entry for a new query on the same page, and none for where it already is', () => {
    window.history.replaceState(null, '', '/reports');
    const length = window.history.length;
    navigate('/reports?from=2026-11-24&to=2026-11-30');
    expect(window.location.pathname + window.location.search).toBe('/reports?from=2026-11-24&to=2026-11-30');
    expect(window.history.length).toBe(length + 1);
    navigate('/reports?from=2026-11-24&to=2026-11-30');
    expect(window.history.length).toBe(length + 1);
  });
});
