import { ApolloClient, ApolloLink, InMemoryCache } from '@apollo/client';
import { ApolloProvider } from '@apollo/client/react';
import { getMainDefinition } from '@apollo/client/utilities';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { Observable } from 'rxjs';
import { describe, expect, it, vi } from 'vitest';
import { buildCustomer, buildCustomerThread, buildMessage, buildThread } from '../../../test/factories';
import { fakeWsClient, type Sink } from '../../../test/fake-ws';
import { LiveProvider } from '../../app/live';
import { QUEUE_SHORTCUTS } from '../queue/queue-shortcuts';
import { threadShortcutFor } from './thread-shortcuts';
import { THREAD_SHORTCUTS, ThreadView } from './ThreadView';

type Result = { data?: Record<string, unknown> | null; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
type Handlers = Record<string, (variables: Record<string, unknown>) => Result>;

const ben = { __typename: 'Agent' as const, id: 'agt_ben', name: 'Ben Ortiz' };

function threadResult(meId: string, thread: Partial<ReturnType<typeof buildThread>> = {}) {
  return {
    data: {
      thread: {
        ...buildThread(thread),
        messages: {
          __typename: 'MessageConnection',
          edges: [
            buildMessage({ id: 'msg_in', body: 'My card was declined twice.', createdAt: '2026-03-02T10:00:00.000Z' }),
            buildMessage({ id: 'msg_note', kind: 'NOTE', body: 'Looks like a fraud hold.', author: ben, createdAt: '2026-03-02T10:01:00.000Z' }),
            buildMessage({
              id: 'msg_reply',
              kind: 'REPLY',
              body: 'Checking that for you now.',
              author: ben,
              to: '+15550100',
              deliveryStatus: 'DELIVERED',
              createdAt: '2026-03-02T10:02:00.000Z',
            }),
            buildMessage({ id: 'msg_sys', kind: 'SYSTEM', body: 'Ada handed this thread to Ben', author: ben, createdAt: '2026-03-02T10:03:00.000Z' }),
          ].map((node) => ({ __typename: 'MessageEdge', cursor: `c_${node.id}`, node })),
          pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: 'c_msg_sys' },
        },
      },
      me: { __typename: 'Agent', id: meId, name: meId === 'agt_ben' ? 'Ben Ortiz' : 'Dana Kim', role: 'AGENT' },
    },
  };
}

/** A real ApolloClient over canned answers, under the console's live feed (a fake socket the test can fail). */
function renderThread(given: Handlers) {
  // The customer panel beside the conversation asks for its customer; its own tests are in features/customer.
  const handlers: Handlers = {
    Customer: () => ({ data: { customer: buildCustomer() } }),
    EventCursor: () => ({ data: { eventCursor: 'c0', serverTime: '2026-03-02T10:05:00.000Z' } }),
    ServerTime: () => ({ data: { serverTime: '2026-03-02T10:05:00.000Z' } }),
    ...given,
  };
  const calls: Array<{ name: string; variables: Record<string, unknown> }> = [];
  const link = new ApolloLink((operation) => {
    const definition = getMainDefinition(operation.query);
    const name = operation.operationName ?? '';
    calls.push({ name, variables: operation.variables });
    if (definition.kind === 'OperationDefinition' && definition.operation === 'subscription') return new Observable(() => undefined);
    const handler = handlers[name];
    return new Observable((observer) => {
      if (!handler) {
        observer.error(new Error(`no canned answer for ${name}`));
        return;
      }
      observer.next(handler(operation.variables) as never);
      observer.complete();
    });
  });
  const client = new ApolloClient({ link, cache: new InMemoryCache() });
  const onClose = vi.fn();
  const { ws: fake, sinks } = fakeWsClient();
  // While down, every resubscription fails too: the console stays "Reconnecting…" however slow the test.
  let down = false;
  const ws = {
    ...fake,
    subscribe: (payload: unknown, sink: Sink) => {
      const unsubscribe = fake.subscribe(payload as never, sink);
      if (down) queueMicrotask(() => sink.error(new Error('socket closed')));
      return unsubscribe;
    },
  } as typeof fake;
  render(
    <ApolloProvider client={client}>
      <LiveProvider ws={ws}>
        <ThreadView threadId="thr_1" onClose={onClose} />
      </LiveProvider>
    </ApolloProvider>,
  );
  /** The live socket fails and stays down: the console is reconnecting. */
  const dropLive = async () => {
    await waitFor(() => expect(sinks.length).toBeGreaterThan(0));
    down = true;
    act(() => sinks.at(-1)!.error(new Error('socket closed')));
  };
  return { calls, onClose, dropLive, sinks };
}

describe('ThreadView', () => {
  it('shows the conversation oldest first with internal notes set apart from replies', async () => {
    renderThread({ Thread: () => threadResult('agt_ben'), SetTyping: () => ({ data: { setTyping: true } }) });

    const log = await screen.findByRole('log', { name: 'Messages' });
    const note = within(log).getByRole('article', { name: 'Internal note from Ben Ortiz' });
    const reply = within(log).getByRole('article', { name: 'Reply from Ben Ortiz' });
    const inbound = within(log).getByRole('article', { name: 'Message from Carla Diaz' });

    expect(note.className).toContain('message--note');
    expect(within(note).getByText('Looks like a fraud hold.')).toBeTruthy();
    // Labelled as a note with its author, never with a channel: a note goes to no customer.
    expect(note.parentElement?.querySelector('.message-group__author')?.textContent).toBe('Internal note · Ben Ortiz (you)');
    expect(within(note).queryByText('SMS')).toBeNull();
    expect(reply.className).toContain('message--reply');
    expect(reply.parentElement?.querySelector('.message-group__author')?.textContent).toBe('Ben Ortiz (you)');
    expect(within(reply).getByText('Delivered')).toBeTruthy();
    expect(within(reply).getByText('SMS')).toBeTruthy();
    expect(within(inbound).getByText('SMS')).toBeTruthy();
    const system = within(log).getByRole('article', { name: 'System event' });
    expect(system.textContent).toContain('Ada handed this thread to Ben');
    expect(system.querySelector('.message__channel, .message-group__author')).toBeNull();

    const order = within(log)
      .getAllByRole('article')
      .map((article) => article.getAttribute('aria-label'));
    expect(order).toEqual(['Message from Carla Diaz', 'Internal note from Ben Ortiz', 'Reply from Ben Ortiz', 'System event']);

    expect(screen.getByRole('heading', { name: 'Carla Diaz' })).toBeTruthy();
    expect((screen.getByRole('combobox', { name: 'Priority' }) as HTMLSelectElement).value).toBe('NORMAL');
    expect(screen.getByRole('button', { name: 'Release' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Claim' })).toBeNull();
  });

  it('says "Join the thread to reply" before a non-participant types, with Send off and notes still open', async () => {
    renderThread({ Thread: () => threadResult('agt_dana'), SetTyping: () => ({ data: { setTyping: true } }) });
    const box = await screen.findByRole('textbox', { name: 'Reply' });
    fireEvent.change(box, { target: { value: 'We can help with that.' } });
    expect(screen.getByText(/Join the thread to reply/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Join now' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Send' }).hasAttribute('disabled')).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Internal note' }));
    const note = await screen.findByRole('textbox', { name: 'Internal note' });
    fireEvent.change(note, { target: { value: 'Checked the order' } });
    expect(screen.getByRole('button', { name: 'Add note' }).hasAttribute('disabled')).toBe(false);
  });

  it('explains "Join the thread to reply" when the server says NOT_A_PARTICIPANT (taken off it meanwhile), with one key per draft', async () => {
    const { calls } = renderThread({
      Thread: () => threadResult('agt_ben'),
      SetTyping: () => ({ data: { setTyping: true } }),
      Reply: () => ({ data: { reply: null }, errors: [{ message: 'Not a participant', extensions: { code: 'NOT_A_PARTICIPANT' } }] }),
    });

    const box = await screen.findByRole('textbox', { name: 'Reply' });
    expect((screen.getByRole('combobox', { name: 'Channel' }) as HTMLSelectElement).value).toBe('SMS');
    fireEvent.change(box, { target: { value: 'We can help with that.' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Join the thread to reply');
    expect(within(alert).getByRole('button', { name: 'Join now' })).toBeTruthy();
    expect((box as HTMLTextAreaElement).value).toBe('We can help with that.');

    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    await act(async () => undefined);
    const replies = calls.filter((call) => call.name === 'Reply');
    expect(replies).toHaveLength(2);
    expect(replies[0]?.variables).toMatchObject({ threadId: 'thr_1', body: 'We can help with that.', channelKind: 'SMS' });
    expect(typeof replies[0]?.variables.idempotencyKey).toBe('string');
    expect(replies[1]?.variables.idempotencyKey).toBe(replies[0]?.variables.idempotencyKey);
    expect(calls.filter((call) => call.name === 'SetTyping').map((call) => call.variables.typing)).toEqual([true, false]);
  });

  it('focuses the reply box on r, blurs it on Esc, and closes on the next Esc', async () => {
    const { onClose } = renderThread({ Thread: () => threadResult('agt_ben') });
    const box = await screen.findByRole('textbox', { name: 'Reply' });

    fireEvent.keyDown(document.body, { key: 'r' });
    expect(document.activeElement).toBe(box);
    fireEvent.keyDown(box, { key: 'Escape' });
    expect(document.activeElement).not.toBe(box);
    expect(onClose).not.toHaveBeenCalled();
    fireEvent.keyDown(document.body, { key: 'Escape' });
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it('takes focus on its heading when it opens with focus lost (the board link that opened it is gone), and names the tab', async () => {
    (document.activeElement as HTMLElement | null)?.blur();
    renderThread({ Thread: () => threadResult('agt_ben') });
    const heading = await screen.findByRole('heading', { name: 'Carla Diaz' });
    expect(document.activeElement).toBe(heading);
    expect(document.title).toBe('Carla Diaz · Switchboard');
  });

  it('leaves focus where it is when something still holds it (the queue row that opened it)', async () => {
    const row = document.createElement('button');
    document.body.append(row);
    row.focus();
    renderThread({ Thread: () => threadResult('agt_ben') });
    await screen.findByRole('heading', { name: 'Carla Diaz' });
    expect(document.activeElement).toBe(row);
    row.remove();
  });

  it('refuses a reply while not live, keeps the draft and says so where it was written; sends nothing', async () => {
    const { calls, dropLive } = renderThread({ Thread: () => threadResult('agt_ben'), SetTyping: () => ({ data: { setTyping: true } }) });
    const box = (await screen.findByRole('textbox', { name: 'Reply' })) as HTMLTextAreaElement;
    await dropLive();

    fireEvent.change(box, { target: { value: 'Your card is unblocked.' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));

    const form = screen.getByRole('form', { name: 'Compose' });
    expect(within(form).getByRole('alert').textContent).toBe(
      'Not connected: your reply was not sent; it is kept here and you can send it when Live returns.',
    );
    expect(box.value).toBe('Your card is unblocked.');
    fireEvent.keyDown(box, { key: 'Enter', ctrlKey: true });
    await act(async () => undefined);
    expect(box.value).toBe('Your card is unblocked.');
    expect(calls.filter((call) => call.name === 'Reply' || call.name === 'AddNote')).toEqual([]);
  });

  it('refuses Resolve, Pending and the hand-off while not live, with a notice, sending nothing', async () => {
    const { calls, dropLive } = renderThread({ Thread: () => threadResult('agt_ben'), HandOffTargets: () => ({ data: { agents: [], queues: [{ __typename: 'Queue', id: 'que_billing', name: 'Billing' }] } }) });
    await screen.findByRole('heading', { name: 'Carla Diaz' });
    await dropLive();

    fireEvent.click(screen.getByRole('button', { name: 'Resolve' }));
    expect((await screen.findByRole('alert', {}, { timeout: 5_000 })).textContent).toContain('Not connected: “Resolve” was not sent. Try again when Live returns.');
    fireEvent.click(screen.getByRole('button', { name: 'Pending' }));
    expect(screen.getByRole('alert').textContent).toContain('Not connected: “Pending” was not sent.');

    fireEvent.click(screen.getByRole('button', { name: 'Hand off' }));
    const dialog = await screen.findByRole('dialog', { name: 'Hand off thread' });
    fireEvent.click(await within(dialog).findByRole('radio', { name: /Billing/ }));
    fireEvent.change(within(dialog).getByRole('textbox', { name: 'Note' }), { target: { value: 'Billing question' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Hand off' }));
    expect(within(dialog).getByRole('alert').textContent).toBe('Not connected: The hand-off was not sent. Try again when Live returns.');
    expect((within(dialog).getByRole('textbox', { name: 'Note' }) as HTMLTextAreaElement).value).toBe('Billing question');
    expect(calls.filter((call) => ['SetThreadStatus', 'HandOffThread'].includes(call.name))).toEqual([]);
  });

  it('i writes an internal note, e resolves, p sets Pending, h opens the hand-off; none while typing', async () => {
    const { calls } = renderThread({
      Thread: () => threadResult('agt_ben'),
      SetTyping: () => ({ data: { setTyping: true } }),
      SetThreadStatus: () => ({ data: { setThreadStatus: null } }),
      HandOffTargets: () => ({ data: { agents: [], queues: [] } }),
    });
    await screen.findByRole('textbox', { name: 'Reply' });

    fireEvent.keyDown(document.body, { key: 'i' });
    const noteBox = screen.getByRole('textbox', { name: 'Internal note' });
    expect(document.activeElement).toBe(noteBox);
    expect(screen.getByRole('button', { name: 'Internal note' }).getAttribute('aria-pressed')).toBe('true');
    // Typed into the box, the letters are text, not shortcuts.
    for (const key of ['e', 'p', 'h', 'r']) fireEvent.keyDown(noteBox, { key });
    expect(calls.filter((call) => call.name === 'SetThreadStatus')).toEqual([]);
    expect(screen.queryByRole('dialog')).toBeNull();
    fireEvent.keyDown(noteBox, { key: 'Escape' });

    fireEvent.keyDown(document.body, { key: 'r' });
    expect(document.activeElement).toBe(screen.getByRole('textbox', { name: 'Reply' }));
    fireEvent.keyDown(document.activeElement!, { key: 'Escape' });

    fireEvent.keyDown(document.body, { key: 'e' });
    await waitFor(() => expect(calls.filter((call) => call.name === 'SetThreadStatus').map((call) => call.variables.status)).toEqual(['RESOLVED']));
    await waitFor(() => expect((screen.getByRole('button', { name: 'Pending' }) as HTMLButtonElement).disabled).toBe(false));
    fireEvent.keyDown(document.body, { key: 'p' });
    await waitFor(() => expect(calls.filter((call) => call.name === 'SetThreadStatus').map((call) => call.variables.status)).toEqual(['RESOLVED', 'PENDING']));
    await waitFor(() => expect((screen.getByRole('button', { name: 'Pending' }) as HTMLButtonElement).disabled).toBe(false));

    fireEvent.keyDown(document.body, { key: 'h' });
    expect(await screen.findByRole('dialog', { name: 'Hand off thread' })).toBeTruthy();
  });

  it('lists its shortcuts as typed, each mapped to one action', () => {
    expect(THREAD_SHORTCUTS.map((shortcut) => `${shortcut.keys} ${shortcut.description}`)).toEqual([
      'r Write a reply',
      'i Write an internal note',
      'e Resolve the thread',
      'p Set the thread to Pending',
      'h Hand off the thread',
      'Esc Close the thread (in the reply box: leave the box first)',
    ]);
    expect(threadShortcutFor('E')).toBe('resolve');
    expect(threadShortcutFor('Escape')).toBe('close');
    expect(threadShortcutFor('c')).toBeNull();
    // Both panes listen while a thread is open beside the queue: one key, one meaning.
    const queueKeys = new Set(QUEUE_SHORTCUTS.map((shortcut) => shortcut.keys.toLowerCase()));
    expect(THREAD_SHORTCUTS.filter((shortcut) => queueKeys.has(shortcut.keys.toLowerCase()))).toEqual([]);
  });

  // The customer panel lists the same thread: its answer must agree, or it overwrites the cached one.
  const withoutSubject = (channel: { __typename: 'Channel'; id: string; kind: 'SMS' | 'EMAIL'; name: string }) => ({
    Thread: () => threadResult('agt_ben', { subject: null, channel }),
    Customer: () => ({ data: { customer: buildCustomer({ threads: [buildCustomerThread({ subject: null, channel })] }) } }),
  });

  it('shows no subject line on an SMS thread that has none', async () => {
    renderThread(withoutSubject({ __typename: 'Channel', id: 'chn_sms', kind: 'SMS', name: 'SMS' }));
    await screen.findByRole('heading', { name: 'Carla Diaz' });
    await screen.findByRole('heading', { name: /Threads/ });
    expect(document.querySelector('.thread__subject')?.textContent).toBe('');
    expect(document.querySelector('.thread__header')?.textContent).not.toMatch(/no subject/i);
  });

  it('says "(no subject)" on an e-mail thread that has none', async () => {
    renderThread(withoutSubject({ __typename: 'Channel', id: 'chn_email', kind: 'EMAIL', name: 'Email' }));
    await screen.findByRole('heading', { name: 'Carla Diaz' });
    expect(document.querySelector('.thread__subject')?.textContent).toBe('(no subject)');
  });
});
