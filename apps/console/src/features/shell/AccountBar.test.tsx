import { ApolloClient, ApolloLink } from '@apollo/client';
import { ApolloProvider } from '@apollo/client/react';
import { getMainDefinition } from '@apollo/client/utilities';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { Observable, type Subscriber } from 'rxjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCache } from '../../app/apollo';
import { useMe } from '../auth/useMe';
import { AccountBar } from './AccountBar';
import { usePresence } from './usePresence';
import { usePresenceChanges } from './usePresenceChanges';

const dana = { __typename: 'Agent', id: 'agt_dana', name: 'Dana Supervisor' };
const me = { __typename: 'Agent', id: 'agt_ada', name: 'Ada Lovelace', email: 'ada@example.com', role: 'AGENT', presence: 'ONLINE', presenceSetBy: null, capacity: 5, ownedThreadCount: 1 };

/** The shell's header as the Shell wires it: me from the cache, presence changes from the subscription. */
function Header() {
  const { data, loading } = useMe();
  usePresenceChanges();
  const setPresence = usePresence(data?.me ?? null);
  return <AccountBar me={data?.me ?? null} loading={loading} onPresence={setPresence} onHelp={vi.fn()} onSignOut={vi.fn()} signingOut={false} />;
}

function renderHeader() {
  const subscribers: Array<Subscriber<ApolloLink.Result>> = [];
  const mutations: Array<Record<string, unknown>> = [];
  const link = new ApolloLink((operation) => {
    const definition = getMainDefinition(operation.query);
    if (definition.kind === 'OperationDefinition' && definition.operation === 'subscription') {
      return new Observable<ApolloLink.Result>((subscriber) => {
        subscribers.push(subscriber);
      });
    }
    return new Observable<ApolloLink.Result>((observer) => {
      if (operation.operationName === 'Me') observer.next({ data: { me, serverTime: '2026-03-02T10:00:00.000Z' } });
      else if (operation.operationName === 'SetPresence') {
        mutations.push(operation.variables);
        observer.next({ data: { setPresence: { __typename: 'Agent', id: me.id, presence: operation.variables.presence, lastSeenAt: null, presenceSetBy: null } } });
      } else observer.error(new Error(`no canned answer for ${operation.operationName}`));
      observer.complete();
    });
  });
  render(
    <ApolloProvider client={new ApolloClient({ link, cache: createCache() })}>
      <Header />
    </ApolloProvider>,
  );
  const push = (agent: Record<string, unknown>) => act(() => subscribers.at(-1)!.next({ data: { agentPresenceChanged: agent } }));
  return { push, mutations };
}

describe('AccountBar presence', () => {
  it('shows live that a supervisor set me away, and lets me set myself back, which clears it', async () => {
    const { push, mutations } = renderHeader();
    const status = (await screen.findByRole('combobox', { name: 'Status' })) as HTMLSelectElement;
    expect(status.value).toBe('ONLINE');
    expect(screen.queryByText(/set by/)).toBeNull();

    // Someone else's change leaves my header alone.
    await push({ __typename: 'Agent', id: 'agt_ben', presence: 'AWAY', presenceSetBy: dana });
    expect(status.value).toBe('ONLINE');

    await push({ __typename: 'Agent', id: me.id, presence: 'AWAY', presenceSetBy: dana });
    expect(status.value).toBe('AWAY');
    expect(screen.getByText('(set by Dana Supervisor)')).toBeTruthy();

    fireEvent.change(status, { target: { value: 'ONLINE' } });
    await vi.waitFor(() => expect(screen.queryByText(/set by/)).toBeNull());
    expect(status.value).toBe('ONLINE');
    expect(mutations).toEqual([{ presence: 'ONLINE' }]);
  });
});

describe('AccountBar load and notifications', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('shows my load as "1 of 5 threads"', async () => {
    renderHeader();
    const load = await screen.findByTitle('Open threads you hold, of your capacity');
    expect(load.textContent).toBe('1 of 5 threads');
  });

  it('asks for browser notifications only when "Notify me" is clicked, then hides it', async () => {
    const requestPermission = vi.fn(async () => 'granted' as const);
    vi.stubGlobal('Notification', Object.assign(vi.fn(), { permission: 'default', requestPermission }));
    renderHeader();
    const button = await screen.findByRole('button', { name: 'Notify me' });
    expect(requestPermission).not.toHaveBeenCalled();

    fireEvent.click(button);

    await vi.waitFor(() => expect(screen.queryByRole('button', { name: 'Notify me' })).toBeNull());
    expect(requestPermission).toHaveBeenCalledTimes(1);
  });
});
