import { ApolloClient, ApolloLink, InMemoryCache } from '@apollo/client';
import { ApolloProvider } from '@apollo/client/react';
import { getMainDefinition } from '@apollo/client/utilities';
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { Observable } from 'rxjs';
import { describe, expect, it, vi } from 'vitest';
import { buildCustomer, buildMessage, buildThread } from '../../../test/factories';
import { ThreadView } from './ThreadView';

type Result = { data?: Record<string, unknown> | null; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
type Handlers = Record<string, (variables: Record<string, unknown>) => Result>;

const ben = { __typename: 'Agent' as const, id: 'agt_ben', name: 'Ben Ortiz' };

function threadResult(meId: string) {
  return {
    data: {
      thread: {
        ...buildThread(),
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

/** A real ApolloClient over canned answers; subscriptions stay open and silent. */
function renderThread(given: Handlers) {
  // The customer panel beside the conversation asks for its customer; its own tests are in features/customer.
  const handlers: Handlers = { Customer: () => ({ data: { customer: buildCustomer() } }), ...given };
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
  render(
    <ApolloProvider client={client}>
      <ThreadView threadId="thr_1" onClose={onClose} />
    </ApolloProvider>,
  );
  return { calls, onClose };
}

describe('ThreadView', () => {
  it('shows the conversation oldest first with internal notes set apart from replies', async () => {
    renderThread({ Thread: () => threadResult('agt_ben'), SetTyping: () => ({ data: { setTyping: true } }) });

    const log = await screen.findByRole('log', { name: 'Messages' });
    const note = within(log).getByRole('article', { name: 'Internal note from Ben Ortiz' });
    const reply = within(log).getByRole('article', { name: 'Reply from Ben Ortiz' });
    const inbound = within(log).getByRole('article', { name: 'Message from Carla Diaz' });

    expect(note.className).toContain('message--note');
    expect(within(note).getByText('Internal note')).toBeTruthy();
    expect(within(note).getByText('Looks like a fraud hold.')).toBeTruthy();
    expect(reply.className).toContain('message--reply');
    expect(within(reply).queryByText('Internal note')).toBeNull();
    expect(within(reply).getByText('Delivered')).toBeTruthy();
    expect(within(inbound).getByText('SMS')).toBeTruthy();
    expect(within(log).getByRole('article', { name: 'System event' }).textContent).toContain('Ada handed this thread to Ben');

    const order = within(log)
      .getAllByRole('article')
      .map((article) => article.getAttribute('aria-label'));
    expect(order).toEqual(['Message from Carla Diaz', 'Internal note from Ben Ortiz', 'Reply from Ben Ortiz', 'System event']);

    expect(screen.getByRole('heading', { name: 'Carla Diaz' })).toBeTruthy();
    expect((screen.getByRole('combobox', { name: 'Priority' }) as HTMLSelectElement).value).toBe('NORMAL');
    expect(screen.getByRole('button', { name: 'Release' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Claim' })).toBeNull();
  });

  it('explains "Join the thread to reply" when the server says NOT_A_PARTICIPANT, with one key per draft', async () => {
    const { calls } = renderThread({
      Thread: () => threadResult('agt_dana'),
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
});
