import { render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildMessage } from '../../../test/factories';
import { Conversation } from './Conversation';
import { formatFullDateTime, formatMessageTime } from './conversation';

afterEach(() => {
  vi.useRealTimers();
});

describe('Conversation', () => {
  it('shows when each message was received, not when it was stored, with the full date and time on hover', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-02T18:00:00'));
    const late = buildMessage({ id: 'msg_late', body: 'Sent from the train', createdAt: '2026-03-02T09:30:00', receivedAt: '2026-03-01T22:15:00' });
    const note = buildMessage({ id: 'msg_note', kind: 'NOTE', body: 'Checking', author: { id: 'agt_ben', name: 'Ben Ortiz' }, createdAt: '2026-03-02T09:31:00' });

    render(<Conversation messages={[late, note]} customerName="Carla Diaz" meId="agt_ben" />);

    const lateTime = within(screen.getByRole('article', { name: 'Message from Carla Diaz' })).getByText(formatMessageTime(late.receivedAt));
    expect(lateTime.tagName).toBe('TIME');
    expect(lateTime.getAttribute('datetime')).toBe(late.receivedAt);
    expect(lateTime.getAttribute('title')).toBe(formatFullDateTime(late.receivedAt));
    expect(lateTime.textContent).not.toBe(formatMessageTime(late.createdAt));

    const noteTime = within(screen.getByRole('article', { name: 'Internal note from Ben Ortiz' })).getByText(formatMessageTime(note.receivedAt));
    expect(noteTime.getAttribute('title')).toBe(formatFullDateTime('2026-03-02T09:31:00'));
    expect(screen.getAllByRole('separator').map((day) => day.getAttribute('aria-label'))).toEqual(['Yesterday', 'Today']);
  });
});
