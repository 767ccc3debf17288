import { act, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildThread } from '../../../test/factories';
import { threadActions } from './thread-permissions';
import { ThreadFacts } from './ThreadFacts';

const NOW = Date.parse('2026-03-02T10:00:00.000Z');
const at = (seconds: number) => new Date(NOW + seconds * 1000).toISOString();

function renderFacts(overrides: Parameters<typeof buildThread>[0]) {
  const thread = buildThread(overrides);
  render(
    <ThreadFacts thread={thread} actions={threadActions(thread, { id: 'agt_ben', role: 'AGENT' })} meId="agt_ben" busy={null} onAction={vi.fn()} onPriority={vi.fn()} />,
  );
}

const due = () => document.querySelector('[data-due]');
const tick = (ms: number) => act(() => vi.advanceTimersByTimeAsync(ms));

afterEach(() => {
  vi.useRealTimers();
});

describe('ThreadFacts due time', () => {
  it('counts down to the due time every second, with the due time itself in the title', async () => {
    vi.useFakeTimers({ now: NOW });
    renderFacts({ waitingSince: at(-50), responseDueAt: at(250) });
    expect(due()?.textContent).toBe('Due in 4 min 10 s');
    expect(due()?.getAttribute('data-due')).toBe('due');
    expect(due()?.getAttribute('title')).toMatch(/^Reply due .*2026/);

    await tick(1_000);
    expect(due()?.textContent).toBe('Due in 4 min 9 s');
    await tick(4 * 60_000 + 8_000);
    expect(due()?.textContent).toBe('Due in 1 s');
  });

  it('turns into "Overdue" with an icon once the due time passed, and keeps counting by the second', async () => {
    vi.useFakeTimers({ now: NOW });
    renderFacts({ waitingSince: at(-120), responseDueAt: at(-185), breached: true });
    const overdue = due()!;
    expect(overdue.getAttribute('data-due')).toBe('overdue');
    expect(overdue.textContent).toBe('Overdue 3 min 5 s');
    expect(overdue.querySelector('strong')?.textContent).toBe('Overdue');
    expect(overdue.querySelector('svg')).not.toBeNull();
    expect(overdue.getAttribute('title')).toMatch(/^The reply was due /);

    await tick(1_000);
    expect(due()?.textContent).toBe('Overdue 3 min 6 s');
  });

  it('goes from due to overdue on its own, without a new answer from the server', async () => {
    vi.useFakeTimers({ now: NOW });
    renderFacts({ waitingSince: at(-58), responseDueAt: at(2) }); // a 60 s channel target
    expect(due()?.textContent).toBe('Due in 2 s');
    await tick(2_000);
    expect(due()?.textContent).toBe('Due now');
    await tick(1_000);
    expect(due()?.textContent).toBe('Overdue 1 s');
    await tick(2_000);
    expect(due()?.textContent).toBe('Overdue 3 s');
  });

  it('turns amber ("due soon") past half the target, as the queue row does, and says how long the customer waited', async () => {
    vi.useFakeTimers({ now: NOW });
    renderFacts({ waitingSince: at(-140), responseDueAt: at(160) }); // a 5 min target, 140 s used
    expect(due()?.hasAttribute('data-due-soon')).toBe(false);
    expect(document.querySelector('[data-waited]')?.textContent).toBe('waiting 2 min 20 s');
    await tick(10_000);
    expect(due()?.hasAttribute('data-due-soon')).toBe(true);
    expect(due()?.className).toContain('thread-due--soon');
    expect(due()?.textContent).toBe('Due in 2 min 30 s');
  });

  it('says "Answered" when nobody waits, and nothing once resolved', () => {
    vi.useFakeTimers({ now: NOW });
    renderFacts({ waitingSince: null, responseDueAt: null });
    expect(due()?.textContent).toBe('Answered');
    expect(screen.queryByText(/Due in|Overdue/)).toBeNull();
  });

  it('says nothing about an answer on a resolved thread', () => {
    vi.useFakeTimers({ now: NOW });
    renderFacts({ status: 'RESOLVED', waitingSince: null, responseDueAt: null });
    expect(due()).toBeNull();
  });
});
