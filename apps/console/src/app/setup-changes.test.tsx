import { useQuery } from '@apollo/client/react';
import { MeDocument, QueueViewerDocument, SetupQueuesDocument } from '@switchboard/schema';
import { act, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { cannedApollo } from '../../test/canned-apollo';
import { useSetupChanges } from './setup-changes';

function QueueName() {
  useSetupChanges();
  // Any screen that shows the queue reads it from the normalized cache (Queue:que_billing).
  const { data } = useQuery(SetupQueuesDocument);
  return <p>{data?.queues[0]?.name ?? 'loading'}</p>;
}

/** The Billing queue on screen, named `name()` by the server whenever the names are read. */
async function billingOnScreen(name: () => string) {
  const apollo = cannedApollo({ SetupQueues: () => ({ data: { queues: [{ __typename: 'Queue', id: 'que_billing', name: name() }] } }) });
  render(apollo.wrap(<QueueName />));
  await screen.findByText('Billing');
  return apollo;
}

describe('useSetupChanges', () => {
  it('reads queue names again when someone renames a queue, so what is on screen follows', async () => {
    let name = 'Billing';
    const apollo = await billingOnScreen(() => name);

    name = 'Payments';
    apollo.push({ settingsChanged: { __typename: 'SettingsChange', area: 'QUEUES', id: 'que_billing' } });
    await screen.findByText('Payments');
  });

  it('takes a renamed queue from the change itself, with no read, and reads the list again for a new one', async () => {
    const queues = [{ __typename: 'Queue', id: 'que_billing', name: 'Billing' }];
    const apollo = cannedApollo({ SetupQueues: () => ({ data: { queues: [...queues] } }) });
    render(apollo.wrap(<QueueName />));
    await screen.findByText('Billing');
    const reads = () => apollo.calls.filter((call) => call.name === 'SetupQueues').length;

    apollo.push({ settingsChanged: { __typename: 'SettingsChange', area: 'QUEUES', id: 'que_billing', agent: null, channel: null,
      queue: { __typename: 'Queue', id: 'que_billing', name: 'Payments' } } });
    await screen.findByText('Payments');
    expect(reads()).toBe(1);

    queues.push({ __typename: 'Queue', id: 'que_social', name: 'Social' });
    apollo.push({ settingsChanged: { __typename: 'SettingsChange', area: 'QUEUES', id: 'que_social', agent: null, channel: null,
      queue: { __typename: 'Queue', id: 'que_social', name: 'Social' } } });
    await waitFor(() => expect(reads()).toBe(2));
  });

  it('leaves names alone on a change that does not touch them', async () => {
    let name = 'Billing';
    const apollo = await billingOnScreen(() => name);
    name = 'Payments';
    apollo.push({ settingsChanged: { __typename: 'SettingsChange', area: 'WEBHOOKS', id: 'whk_1' } });
    expect(apollo.calls.filter((call) => call.name === 'SetupQueues')).toHaveLength(1);
    expect(screen.getByText('Billing')).toBeTruthy();
  });
});

function MyQueues() {
  useSetupChanges();
  useQuery(MeDocument);
  const { data } = useQuery(QueueViewerDocument);
  return <p>{data?.me?.queues.map((queue) => queue.name).join(', ') ?? 'loading'}</p>;
}

describe('useSetupChanges for my own queues', () => {
  it('reads my queues again when I am added to or taken out of one, and not for a colleague', async () => {
    const agent = (id: string) => ({ __typename: 'Agent', id, name: id, email: `${id}@example.com`, role: 'AGENT', capacity: 5, active: true });
    let queues = [{ __typename: 'Queue', id: 'que_general', name: 'General' }, { __typename: 'Queue', id: 'que_billing', name: 'Billing' }];
    const apollo = cannedApollo({
      Me: () => ({ data: { me: { ...agent('agt_me'), presence: 'ONLINE', presenceSetBy: null, ownedThreadCount: 0 }, serverTime: new Date(0).toISOString() } }),
      QueueViewer: () => ({ data: { me: { __typename: 'Agent', id: 'agt_me', name: 'agt_me', role: 'AGENT', queues } } }),
      SetupAgents: () => ({ data: { agents: [agent('agt_me'), agent('agt_colleague')] } }),
    });
    render(apollo.wrap(<MyQueues />));
    await screen.findByText('General, Billing');
    const reads = () => apollo.calls.filter((call) => call.name === 'QueueViewer').length;

    queues = queues.slice(0, 1);
    apollo.push({ settingsChanged: { __typename: 'SettingsChange', area: 'AGENTS', id: 'agt_colleague', agent: agent('agt_colleague'), queue: null, channel: null } });
    apollo.push({ settingsChanged: { __typename: 'SettingsChange', area: 'AGENTS', id: 'agt_me', agent: agent('agt_me'), queue: null, channel: null } });
    await screen.findByText('General');
    expect(reads()).toBe(2);
  });
});

describe('useSetupChanges when the server ends it', () => {
  it('reads who I am again and subscribes anew (the server ends it when my role changes)', async () => {
    const apollo = cannedApollo({
      SetupQueues: () => ({ data: { queues: [{ __typename: 'Queue', id: 'que_billing', name: 'Billing' }] } }),
      Me: () => ({ data: { me: null } }),
    });
    render(apollo.wrap(<QueueName />));
    await screen.findByText('Billing');
    const subscriptions = () => apollo.calls.filter((call) => call.name === 'SettingsChanged').length;
    expect(subscriptions()).toBe(1);
    act(() => apollo.subscribers.at(-1)!.complete());
    await waitFor(() => expect(subscriptions()).toBe(2), { timeout: 3_000 });
    expect(apollo.calls.some((call) => call.name === 'Me')).toBe(true);
  });
});
