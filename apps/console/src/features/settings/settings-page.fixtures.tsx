import type { SettingsAgentFragment, SettingsChannelFragment, SettingsQueueFragment } from '@switchboard/schema';
import { render } from '@testing-library/react';
import { cannedApollo, type CannedAnswers } from '../../../test/canned-apollo';
import { SetupChangesProvider } from '../../app/setup-changes';
import { SettingsPage } from './SettingsPage';

// The set-up as the server answers it: two queues, three agents, two SMS numbers and an inbox.
export const billing = { __typename: 'Queue' as const, id: 'que_billing', name: 'Billing' };
export const general = { __typename: 'Queue' as const, id: 'que_general', name: 'General' };

export function buildAgent(overrides: Partial<SettingsAgentFragment> = {}): SettingsAgentFragment & { __typename: 'Agent' } {
  return {
    __typename: 'Agent',
    id: 'agt_dana',
    name: 'Dana Reyes',
    email: 'dana@example.com',
    role: 'AGENT',
    capacity: 5,
    active: true,
    presence: 'ONLINE',
    ownedThreadCount: 3,
    queues: [billing],
    ...overrides,
  };
}

export const dana = buildAgent();
export const ben = buildAgent({ id: 'agt_ben', name: 'Ben Ortiz', email: 'ben@example.com', ownedThreadCount: 0, queues: [billing, general], presence: 'OFFLINE' });
export const ada = buildAgent({ id: 'agt_ada', name: 'Ada Lovelace', email: 'ada@example.com', role: 'ADMIN', ownedThreadCount: 0, queues: [] });

export const member = (agent: SettingsAgentFragment) => ({ __typename: 'Agent' as const, id: agent.id, name: agent.name });

export const queues = (): Array<Omit<SettingsQueueFragment, 'members'> & { __typename: 'Queue'; members: Array<ReturnType<typeof member>> }> => [
  { ...billing, members: [member(ben), member(dana)] },
  { ...general, members: [member(ben)] },
];

export const channel = (overrides: Partial<SettingsChannelFragment>): SettingsChannelFragment & { __typename: 'Channel' } => ({
  __typename: 'Channel',
  id: 'chn_sms',
  kind: 'SMS',
  name: 'SMS',
  responseTargetSeconds: 300,
  queue: general,
  ...overrides,
});

export const channels = () => [
  channel({}),
  channel({ id: 'chn_sms2', name: 'SMS sales line', responseTargetSeconds: 5400, queue: billing }),
  channel({ id: 'chn_email', kind: 'EMAIL', name: 'E-mail', responseTargetSeconds: 4 * 3600 }),
];

const SETUP: CannedAnswers = {
  SettingsQueues: () => ({ data: { queues: queues() } }),
  SettingsAgents: () => ({ data: { agents: [ada, ben, dana] } }),
  SettingsChannels: () => ({ data: { channels: channels() } }),
};

export function renderSettings(role: 'AGENT' | 'SUPERVISOR' | 'ADMIN', path = '/settings', answers: CannedAnswers = {}) {
  window.history.replaceState(null, '', path);
  const apollo = cannedApollo({ ...SETUP, ...answers });
  render(apollo.wrap(<SetupChangesProvider><SettingsPage me={{ role }} loading={false} /></SetupChangesProvider>));
  return apollo;
}

export const badInput = (field: string, message: string) => () => ({ data: null, errors: [{ message: `${field}: ${message}`, extensions: { code: 'BAD_USER_INPUT', field } }] });
