import { afterEach, describe, expect, it } from 'vitest';
import { goBack, navigate, parseRoute, threadPath, threadReturnPath } from './route';

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

describe('goBack', () => {
  const popped = () => new Promise((resolve) => window.addEventListener('popstate', resolve, { once: true }));

  it('returns to the board a thread was opened from by going back, so Back does not reopen it', async () => {
    window.history.replaceState(null, '', '/board');
    navigate(threadPath('thr_1', 'board'));
    expect(window.location.pathname + window.location.search).toBe('/threads/thr_1?from=board');
    expect(threadReturnPath(window.location.search)).toBe('/board');
    const length = window.history.length;
    const back = popped();
    goBack(threadReturnPath(window.location.search));
    await back;
    expect(window.location.pathname).toBe('/board');
    expect(window.history.length).toBe(length);
  });

  it('goes to the place as a new entry when the entry before is not it (a link from elsewhere, a reload)', () => {
    window.history.replaceState(null, '', '/threads/thr_2?from=board');
    goBack(threadReturnPath(window.location.search));
    expect(window.location.pathname).toBe('/board');
    window.history.replaceState(null, '', '/threads/thr_3');
    expect(threadReturnPath(window.location.search)).toBe('/');
  });
});
