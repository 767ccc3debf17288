import { fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildMessage } from '../../../test/factories';
import { Conversation } from './Conversation';
import { formatFullDateTime, formatMessageTime } from './conversation';

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

/**
 * jsdom lays nothing out: the log is given a height of 300 px and 100 px per message, and keeps the
 * scrollTop it is given (clamped as a browser does).
 */
function fakeLayout() {
  const tops = new WeakMap<Element, number>();
  const heightOf = (element: Element) => element.querySelectorAll('article').length * 100;
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockImplementation(function (this: HTMLElement) {
    return this.getAttribute('role') === 'log' ? 300 : 0;
  });
  vi.spyOn(HTMLElement.prototype, 'scrollHeight', 'get').mockImplementation(function (this: HTMLElement) {
    return heightOf(this);
  });
  vi.spyOn(Element.prototype, 'scrollTop', 'get').mockImplementation(function (this: Element) {
    return tops.get(this) ?? 0;
  });
  vi.spyOn(Element.prototype, 'scrollTop', 'set').mockImplementation(function (this: Element, value: number) {
    tops.set(this, Math.max(0, Math.min(value, heightOf(this) - 300)));
  });
}

const inbound = (n: number) => buildMessage({ id: `msg_${n}`, body: `Message ${n}`, createdAt: new Date(Date.UTC(2026, 2, 2, 10, n)).toISOString() });
const many = (count: number) => Array.from({ length: count }, (_, n) => inbound(n));

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

  it('labels a note "Internal note · author" with no channel, and keeps SYSTEM lines plain', () => {
    const note = buildMessage({ id: 'msg_note', kind: 'NOTE', body: 'VIP customer', author: { id: 'agt_dana', name: 'Dana Kim' } });
    const system = buildMessage({ id: 'msg_sys', kind: 'SYSTEM', body: 'Dana claimed this thread', author: { id: 'agt_dana', name: 'Dana Kim' }, createdAt: '2026-03-02T10:09:00.000Z' });
    render(<Conversation messages={[note, system]} customerName="Carla Diaz" meId="agt_ben" />);

    const article = screen.getByRole('article', { name: 'Internal note from Dana Kim' });
    expect(article.parentElement?.querySelector('.message-group__author')?.textContent).toBe('Internal note · Dana Kim');
    expect(article.querySelector('.message__channel')).toBeNull();
    const line = screen.getByRole('article', { name: 'System event' });
    expect(line.className).toBe('message message--system');
    expect(line.textContent).toBe(`Dana claimed this thread · ${formatMessageTime(system.receivedAt)}`);
  });

  it('opens at the newest message and follows new ones while the reader is at the bottom', () => {
    fakeLayout();
    const { rerender } = render(<Conversation messages={many(10)} customerName="Carla Diaz" meId="agt_ben" />);
    const log = screen.getByRole('log', { name: 'Messages' });
    expect(log.scrollTop).toBe(700);

    rerender(<Conversation messages={many(11)} customerName="Carla Diaz" meId="agt_ben" />);
    expect(log.scrollTop).toBe(800);
    expect(screen.queryByRole('button', { name: 'New messages ↓' })).toBeNull();
  });

  it('leaves a reader who scrolled up where they are and offers "New messages ↓"', () => {
    fakeLayout();
    const { rerender } = render(<Conversation messages={many(10)} customerName="Carla Diaz" meId="agt_ben" />);
    const log = screen.getByRole('log', { name: 'Messages' });
    log.scrollTop = 100;
    fireEvent.scroll(log);

    rerender(<Conversation messages={many(11)} customerName="Carla Diaz" meId="agt_ben" />);
    expect(log.scrollTop).toBe(100);
    fireEvent.click(screen.getByRole('button', { name: 'New messages ↓' }));
    expect(log.scrollTop).toBe(800);
    expect(screen.queryByRole('button', { name: 'New messages ↓' })).toBeNull();

    // Scrolling down by hand clears it too; what I send myself always comes into view.
    log.scrollTop = 0;
    fireEvent.scroll(log);
    rerender(<Conversation messages={[...many(11), inbound(11)]} customerName="Carla Diaz" meId="agt_ben" />);
    expect(screen.getByRole('button', { name: 'New messages ↓' })).toBeTruthy();
    log.scrollTop = 900;
    fireEvent.scroll(log);
    expect(screen.queryByRole('button', { name: 'New messages ↓' })).toBeNull();
    log.scrollTop = 0;
    fireEvent.scroll(log);
    const mine = buildMessage({ id: 'msg_mine', kind: 'REPLY', body: 'On it', author: { id: 'agt_ben', name: 'Ben Ortiz' }, createdAt: '2026-03-02T11:00:00.000Z' });
    rerender(<Conversation messages={[...many(12), mine]} customerName="Carla Diaz" meId="agt_ben" />);
    expect(log.scrollTop).toBe(1000);
  });
});
