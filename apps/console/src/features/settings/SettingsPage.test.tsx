import type { SettingsAgentFragment, SettingsChannelFragment, SettingsQueueFragment } from '@switchboard/schema';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cannedApollo, type CannedAnswers } from '../../../test/canned-apollo';
import { parseRoute } from '../../app/route';
import { SettingsPage } from './SettingsPage';

// The set-up as the server answers it: two queues, three agents, two SMS numbers and an inbox.
const billing = { __typename: 'Queue' as const, id: 'que_billing', name: 'Billing' };
const general = { __typename: 'Queue' as const, id: 'que_general', name: 'General' };

function buildAgent(overrides: Partial<SettingsAgentFragment> = {}): SettingsAgentFragment & { __typename: 'Agent' } {
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

const dana = buildAgent();
const ben = buildAgent({ id: 'agt_ben', name: 'Ben Ortiz', email: 'ben@example.com', ownedThreadCount: 0, queues: [billing, general], presence: 'OFFLINE' });
const ada = buildAgent({ id: 'agt_ada', name: 'Ada Lovelace', email: 'ada@example.com', role: 'ADMIN', ownedThreadCount: 0, queues: [] });

const member = (agent: SettingsAgentFragment) => ({ __typename: 'Agent' as const, id: agent.id, name: agent.name });

const queues = (): Array<Omit<SettingsQueueFragment, 'members'> & { __typename: 'Queue'; members: Array<ReturnType<typeof member>> }> => [
  { ...billing, members: [member(ben), member(dana)] },
  { ...general, members: [member(ben)] },
];

const channel = (overrides: Partial<SettingsChannelFragment>): SettingsChannelFragment & { __typename: 'Channel' } => ({
  __typename: 'Channel',
  id: 'chn_sms',
  kind: 'SMS',
  name: 'SMS',
  responseTargetSeconds: 300,
  queue: general,
  ...overrides,
});

const channels = () => [
  channel({}),
  channel({ id: 'chn_sms2', name: 'SMS sales line', responseTargetSeconds: 5400, queue: billing }),
  channel({ id: 'chn_email', kind: 'EMAIL', name: 'E-mail', responseTargetSeconds: 4 * 3600 }),
];

const SETUP: CannedAnswers = {
  SettingsQueues: () => ({ data: { queues: queues() } }),
  SettingsAgents: () => ({ data: { agents: [ada, ben, dana] } }),
  SettingsChannels: () => ({ data: { channels: channels() } }),
};

function renderSettings(role: 'AGENT' | 'SUPERVISOR' | 'ADMIN', path = '/settings', answers: CannedAnswers = {}) {
  window.history.replaceState(null, '', path);
  const apollo = cannedApollo({ ...SETUP, ...answers });
  render(apollo.wrap(<SettingsPage me={{ role }} loading={false} />));
  return apollo;
}

const badInput = (field: string, message: string) => () => ({ data: null, errors: [{ message: `${field}: ${message}`, extensions: { code: 'BAD_USER_INPUT', field } }] });

afterEach(() => {
  vi.restoreAllMocks();
  window.history.replaceState(null, '', '/');
});

describe('SettingsPage', () => {
  it('is at /settings', () => {
    expect(parseRoute('/settings')).toEqual({ page: 'settings' });
  });

  it('tells an agent settings are for supervisors and admins, and asks the server nothing', () => {
    const { calls } = renderSettings('AGENT');
    expect(screen.getByRole('heading', { name: 'Settings are for supervisors and admins.' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Back to the queue' }).getAttribute('href')).toBe('/');
    expect(calls).toEqual([]);
  });

  it('shows a supervisor every section read-only: tables, no forms or buttons, and why', async () => {
    renderSettings('SUPERVISOR');
    expect(screen.getByText('You can look, but only admins change the set-up.')).toBeTruthy();
    const table = await screen.findByRole('table', { name: 'Queues' });
    expect(within(table).getByRole('rowheader', { name: 'Billing' })).toBeTruthy();
    expect(within(table).getByRole('row', { name: /^Billing/ }).textContent).toContain('Ben Ortiz and Dana Reyes');
    // Channels sending new threads here, from the channels' own answer.
    await waitFor(() => expect(within(table).getByRole('row', { name: /^General/ }).textContent).toContain('SMS, E-mail'));
    expect(screen.queryByRole('form')).toBeNull();
    expect(screen.queryByRole('button')).toBeNull();

    fireEvent.click(screen.getByRole('link', { name: 'Agents' }));
    expect(window.location.search).toBe('?tab=agents');
    const agents = await screen.findByRole('table', { name: 'Agents' });
    expect(within(agents).getByRole('row', { name: /^Dana Reyes/ }).textContent).toContain('dana@example.com');
    expect(screen.queryByRole('button')).toBeNull();
    // Focus goes to the section chosen.
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Agents', level: 2 }));

    fireEvent.click(screen.getByRole('link', { name: 'API keys' }));
    await screen.findByText('Only admins see and manage API keys.');
  });

  it('keeps the section in the address, so a reload opens it again', async () => {
    renderSettings('ADMIN', '/settings?tab=channels');
    expect(screen.getByRole('link', { name: 'Channels' }).getAttribute('aria-current')).toBe('page');
    const table = await screen.findByRole('table', { name: 'Channels' });
    // Response targets as human durations; two channels of one kind told apart by name.
    expect(within(table).getByRole('row', { name: /^SMS sales line/ }).textContent).toContain('1 h 30 min');
    expect(within(table).getByRole('row', { name: /^SMS SMS/ }).textContent).toContain('5 min');
    expect(within(table).getByRole('row', { name: /^E-mail/ }).textContent).toContain('4 h');
  });

  it('checks a new queue name as the server does, then shows the server’s objection beside the field', async () => {
    const { calls } = renderSettings('ADMIN', '/settings', { CreateQueue: badInput('name', 'a queue named "Billing" already exists') });
    const name = await screen.findByRole('textbox', { name: 'New queue' });
    fireEvent.click(screen.getByRole('button', { name: 'Create queue' }));
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(name.getAttribute('aria-describedby')!)?.textContent).toBe('Must not be blank');
    expect(calls.some((call) => call.name === 'CreateQueue')).toBe(false);

    fireEvent.change(name, { target: { value: ' billing ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create queue' }));
    await waitFor(() => expect(document.getElementById(name.getAttribute('aria-describedby')!)?.textContent).toBe('A queue named "Billing" already exists'));
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(name);
    expect(calls.find((call) => call.name === 'CreateQueue')?.variables).toEqual({ name: 'billing' });
  });

  it('creates a queue, lists it and says so', async () => {
    let created = false;
    const { calls } = renderSettings('ADMIN', '/settings', {
      CreateQueue: ({ name }) => {
        created = true;
        return { data: { createQueue: { __typename: 'Queue', id: 'que_vip', name, members: [] } } };
      },
      SettingsQueues: () => ({ data: { queues: [...queues(), ...(created ? [{ __typename: 'Queue', id: 'que_vip', name: 'VIP', members: [] }] : [])] } }),
    });
    fireEvent.change(await screen.findByRole('textbox', { name: 'New queue' }), { target: { value: 'VIP' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create queue' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Queue VIP created.'));
    expect(within(screen.getByRole('table', { name: 'Queues' })).getByRole('rowheader', { name: 'VIP' })).toBeTruthy();
    expect(calls.filter((call) => call.name === 'SettingsQueues').length).toBeGreaterThanOrEqual(2);
  });

  it('forgets the last success once the next attempt starts, so it never sits above a new error', async () => {
    let created = false;
    renderSettings('ADMIN', '/settings', {
      CreateQueue: ({ name }) => {
        if (created) return badInput('name', `a queue named "${name as string}" already exists`)();
        created = true;
        return { data: { createQueue: { __typename: 'Queue', id: 'que_support', name, members: [] } } };
      },
    });
    const name = await screen.findByRole('textbox', { name: 'New queue' });
    fireEvent.change(name, { target: { value: 'Support' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create queue' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Queue Support created.'));

    // A blank name, refused before sending: the old success goes.
    fireEvent.click(screen.getByRole('button', { name: 'Create queue' }));
    expect(screen.getByRole('status').textContent).toBe('');
    expect(within(screen.getByRole('form', { name: 'New queue' })).getByText('Must not be blank')).toBeTruthy();

    // The server's refusal of the next one: no success above it either.
    fireEvent.change(name, { target: { value: 'Support' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create queue' }));
    await waitFor(() => expect(name.getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByRole('status').textContent).toBe('');

    // Opening a dialog starts a new attempt too.
    fireEvent.change(name, { target: { value: 'Returns' } });
    created = false;
    fireEvent.click(screen.getByRole('button', { name: 'Create queue' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Queue Returns created.'));
    fireEvent.click(screen.getByRole('button', { name: 'Rename Billing' }));
    await screen.findByRole('dialog', { name: /Rename/ });
    expect(screen.getByRole('status').textContent).toBe('');
  });

  it('forgets an agent section’s last success when a dialog opens', async () => {
    renderSettings('ADMIN', '/settings?tab=agents', {
      UpdateAgent: ({ id }) => ({ data: { updateAgent: { ...dana, id: id as string, active: false, ownedThreadCount: 0 } } }),
    });
    const row = await screen.findByRole('row', { name: /^Dana Reyes/ });
    fireEvent.click(within(row).getByRole('button', { name: 'Deactivate Dana Reyes' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Deactivate Dana Reyes?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Deactivate Dana Reyes' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Dana Reyes was deactivated and signed out.'));
    fireEvent.click(screen.getByRole('button', { name: 'Add agent' }));
    await screen.findByRole('dialog', { name: 'Add an agent' });
    expect(screen.getByRole('status').textContent).toBe('');
  });

  it('says what a capacity of 0 means', async () => {
    renderSettings('ADMIN', '/settings?tab=agents');
    await screen.findByRole('table', { name: 'Agents' });
    fireEvent.click(screen.getByRole('button', { name: 'Add agent' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add an agent' });
    const capacity = within(dialog).getByRole('spinbutton', { name: 'Capacity' });
    expect(capacity.getAttribute('aria-describedby')).toBeTruthy();
    const hint = capacity.getAttribute('aria-describedby')!.split(' ').map((id) => document.getElementById(id)?.textContent).join(' ');
    expect(hint).toContain('0 means they can claim nothing (supervisors who only watch)');
  });

  it('says what taking an agent out of a queue does before saving the members', async () => {
    const { calls } = renderSettings('ADMIN', '/settings', {
      SetQueueMembers: ({ queueId, agentIds }) => ({
        data: { setQueueMembers: { ...billing, id: queueId, members: (agentIds as string[]).map((id) => ({ __typename: 'Agent', id, name: id === ben.id ? ben.name : ada.name })) } },
      }),
    });
    await screen.findByRole('table', { name: 'Queues' });
    fireEvent.click(screen.getByRole('button', { name: 'Members of Billing' }));
    const dialog = await screen.findByRole('dialog', { name: 'Members of Billing' });
    const save = within(dialog).getByRole('button', { name: 'Save members' });
    expect((save as HTMLButtonElement).disabled).toBe(true);

    fireEvent.click(within(dialog).getByRole('checkbox', { name: /Dana Reyes/ }));
    fireEvent.click(within(dialog).getByRole('checkbox', { name: /Ada Lovelace/ }));
    expect(within(dialog).getByText(
      'Ada Lovelace joins Billing and can claim its threads. Dana Reyes leaves Billing. Dana Reyes holds 3 open threads: those of Billing return to Billing, unowned, for others to claim.',
    )).toBeTruthy();
    fireEvent.click(save);
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(calls.find((call) => call.name === 'SetQueueMembers')?.variables).toEqual({ queueId: 'que_billing', agentIds: ['agt_ada', 'agt_ben'] });
    expect(screen.getByRole('status').textContent).toContain('Members of Billing saved.');
  });

  it('adds an agent, refusing a short password itself and showing the server’s e-mail objection beside the e-mail', async () => {
    const { calls } = renderSettings('ADMIN', '/settings?tab=agents', { CreateAgent: badInput('email', 'an agent with e-mail dana@example.com already exists') });
    await screen.findByRole('table', { name: 'Agents' });
    fireEvent.click(screen.getByRole('button', { name: 'Add agent' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add an agent' });
    const name = within(dialog).getByRole('textbox', { name: 'Name' });
    expect(document.activeElement).toBe(name);
    fireEvent.change(name, { target: { value: 'Dana Two' } });
    const email = within(dialog).getByRole('textbox', { name: 'E-mail' });
    fireEvent.change(email, { target: { value: 'Dana@Example.com' } });
    const password = within(dialog).getByLabelText('Password');
    fireEvent.change(password, { target: { value: 'short' } });
    const capacity = within(dialog).getByRole('spinbutton', { name: 'Capacity' });
    fireEvent.change(capacity, { target: { value: '1001' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add agent' }));

    expect(password.getAttribute('aria-invalid')).toBe('true');
    expect(within(dialog).getByText('Must be 8 to 1024 characters')).toBeTruthy();
    expect(capacity.getAttribute('aria-invalid')).toBe('true');
    expect(within(dialog).getByText('Must be a whole number from 0 to 1000')).toBeTruthy();
    // The first field in error takes focus.
    expect(document.activeElement).toBe(capacity);
    expect(calls.some((call) => call.name === 'CreateAgent')).toBe(false);

    fireEvent.change(password, { target: { value: 'a long password' } });
    fireEvent.change(capacity, { target: { value: '3' } });
    fireEvent.click(within(dialog).getByRole('checkbox', { name: 'Billing' }));
    fireEvent.change(within(dialog).getByRole('combobox', { name: 'Role' }), { target: { value: 'SUPERVISOR' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add agent' }));

    await waitFor(() => expect(email.getAttribute('aria-invalid')).toBe('true'));
    expect(email.getAttribute('aria-describedby')).toContain(within(dialog).getByText('An agent with e-mail dana@example.com already exists').id);
    expect(password.getAttribute('aria-invalid')).toBeNull();
    expect(calls.find((call) => call.name === 'CreateAgent')?.variables).toEqual({
      input: { name: 'Dana Two', email: 'Dana@Example.com', password: 'a long password', role: 'SUPERVISOR', capacity: 3, queueIds: ['que_billing'] },
    });
  });

  it('lists a created agent at once', async () => {
    const carla = buildAgent({ id: 'agt_carla', name: 'Carla Diaz', email: 'carla@example.com', ownedThreadCount: 0, queues: [] });
    let created = false;
    renderSettings('ADMIN', '/settings?tab=agents', {
      CreateAgent: () => {
        created = true;
        return { data: { createAgent: carla } };
      },
      SettingsAgents: () => ({ data: { agents: [ada, ben, ...(created ? [carla] : []), dana] } }),
    });
    await screen.findByRole('table', { name: 'Agents' });
    fireEvent.click(screen.getByRole('button', { name: 'Add agent' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add an agent' });
    fireEvent.change(within(dialog).getByRole('textbox', { name: 'Name' }), { target: { value: 'Carla Diaz' } });
    fireEvent.change(within(dialog).getByRole('textbox', { name: 'E-mail' }), { target: { value: 'carla@example.com' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Suggest one' }));
    expect((within(dialog).getByLabelText('Password') as HTMLInputElement).value).toHaveLength(16);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add agent' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(within(screen.getByRole('table', { name: 'Agents' })).getByRole('row', { name: /^Carla Diaz/ })).toBeTruthy();
    expect(screen.getByRole('status').textContent).toBe('Carla Diaz added. They sign in as carla@example.com with the password you set.');
  });

  it('says where an agent’s threads go before deactivating them', async () => {
    const { calls } = renderSettings('ADMIN', '/settings?tab=agents', {
      UpdateAgent: ({ id }) => ({ data: { updateAgent: { ...dana, id: id as string, active: false, ownedThreadCount: 0 } } }),
    });
    const row = await screen.findByRole('row', { name: /^Dana Reyes/ });
    fireEvent.click(within(row).getByRole('button', { name: 'Deactivate Dana Reyes' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Deactivate Dana Reyes?' });
    expect(dialog.textContent).toContain(
      'Dana Reyes holds 3 open threads; they return to Billing, unowned, for others to claim. Dana Reyes is signed out at once and cannot sign in until reactivated.',
    );
    fireEvent.click(within(dialog).getByRole('button', { name: 'Deactivate Dana Reyes' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    expect(calls.find((call) => call.name === 'UpdateAgent')?.variables).toEqual({ id: 'agt_dana', input: { active: false } });
    expect(within(screen.getByRole('row', { name: /^Dana Reyes/ })).getByText('Deactivated')).toBeTruthy();
    expect(within(screen.getByRole('row', { name: /^Dana Reyes/ })).getByRole('button', { name: 'Reactivate Dana Reyes' })).toBeTruthy();
  });

  it('sets a new password the admin chose, saying it signs the agent out', async () => {
    const { calls } = renderSettings('ADMIN', '/settings?tab=agents', {
      ResetAgentPassword: badInput('password', 'must be 8 to 1024 characters'),
    });
    const row = await screen.findByRole('row', { name: /^Ben Ortiz/ });
    fireEvent.click(within(row).getByRole('button', { name: 'New password for Ben Ortiz' }));
    const dialog = await screen.findByRole('dialog', { name: 'New password for Ben Ortiz' });
    expect(dialog.textContent).toContain('Ben Ortiz is signed out on every device and signs in with this password from now on.');
    const password = within(dialog).getByLabelText('New password');
    expect(document.activeElement).toBe(password);
    fireEvent.change(password, { target: { value: '          ' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Set password and sign out' }));
    await waitFor(() => expect(password.getAttribute('aria-invalid')).toBe('true'));
    expect(within(dialog).getByText('Must be 8 to 1024 characters')).toBeTruthy();
    expect(calls.find((call) => call.name === 'ResetAgentPassword')?.variables).toEqual({ id: 'agt_ben', password: '          ' });
  });

  it('takes a response target in minutes, hours or days and sends it in seconds, showing the server’s objection beside it', async () => {
    let answer: CannedAnswers[string] = badInput('responseTargetSeconds', 'must be a whole number of seconds from 1 to 2592000');
    const { calls } = renderSettings('ADMIN', '/settings?tab=channels', { SetChannelTarget: (variables) => answer(variables) });
    const row = await screen.findByRole('row', { name: /^SMS sales line/ });
    fireEvent.click(within(row).getByRole('button', { name: 'Edit channel SMS sales line' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit channel SMS sales line' });
    const amount = within(dialog).getByRole('textbox', { name: 'Response target' });
    expect((amount as HTMLInputElement).value).toBe('90');
    expect((within(dialog).getByRole('combobox', { name: 'Unit' }) as HTMLSelectElement).value).toBe('minutes');

    fireEvent.change(amount, { target: { value: '800' } });
    fireEvent.change(within(dialog).getByRole('combobox', { name: 'Unit' }), { target: { value: 'hours' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(within(dialog).getByText('Must be more than 0 and at most 30 days')).toBeTruthy();
    expect(calls.some((call) => call.name === 'SetChannelTarget')).toBe(false);

    fireEvent.change(amount, { target: { value: '2.5' } });
    expect(within(dialog).getByText('2 h 30 min.')).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await within(dialog).findByText('Must be a whole number of seconds from 1 to 2592000');
    expect(amount.getAttribute('aria-invalid')).toBe('true');
    expect(calls.find((call) => call.name === 'SetChannelTarget')?.variables).toEqual({ channelId: 'chn_sms2', responseTargetSeconds: 9000 });

    answer = ({ channelId, responseTargetSeconds }) => ({ data: { setChannelTarget: channel({ id: channelId as string, name: 'SMS sales line', responseTargetSeconds: responseTargetSeconds as number, queue: billing }) } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(screen.getByRole('row', { name: /^SMS sales line/ }).textContent).toContain('2 h 30 min');
  });

  it('says a negative target is out of range, refuses 31 days and takes 2 days, shown in days', async () => {
    const { calls } = renderSettings('ADMIN', '/settings?tab=channels', {
      SetChannelTarget: ({ channelId, responseTargetSeconds }) => ({
        data: { setChannelTarget: channel({ id: channelId as string, name: 'SMS sales line', responseTargetSeconds: responseTargetSeconds as number, queue: billing }) },
      }),
    });
    const row = await screen.findByRole('row', { name: /^SMS sales line/ });
    fireEvent.click(within(row).getByRole('button', { name: 'Edit channel SMS sales line' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit channel SMS sales line' });
    const amount = within(dialog).getByRole('textbox', { name: 'Response target' });
    const unit = within(dialog).getByRole('combobox', { name: 'Unit' });
    expect(within(unit).getAllByRole('option').map((option) => option.textContent)).toEqual(['minutes', 'hours', 'days']);

    fireEvent.change(amount, { target: { value: '-3' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(within(dialog).getByText('Must be more than 0 and at most 30 days')).toBeTruthy();
    expect(within(dialog).queryByText('Enter a number')).toBeNull();

    fireEvent.change(amount, { target: { value: '31' } });
    fireEvent.change(unit, { target: { value: 'days' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(within(dialog).getByText('Must be more than 0 and at most 30 days')).toBeTruthy();
    expect(calls.some((call) => call.name === 'SetChannelTarget')).toBe(false);

    fireEvent.change(amount, { target: { value: '2' } });
    expect(within(dialog).getByText('2 d.')).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(calls.find((call) => call.name === 'SetChannelTarget')?.variables).toEqual({ channelId: 'chn_sms2', responseTargetSeconds: 172_800 });
    expect(screen.getByRole('row', { name: /^SMS sales line/ }).textContent).toContain('2 d');

    // Opened again, it is in days.
    fireEvent.click(within(screen.getByRole('row', { name: /^SMS sales line/ })).getByRole('button', { name: 'Edit channel SMS sales line' }));
    const again = await screen.findByRole('dialog', { name: 'Edit channel SMS sales line' });
    expect((within(again).getByRole('textbox', { name: 'Response target' }) as HTMLInputElement).value).toBe('2');
    expect((within(again).getByRole('combobox', { name: 'Unit' }) as HTMLSelectElement).value).toBe('days');
  });

  it('reads an area again when anyone changes it (settingsChanged)', async () => {
    let name = 'Billing';
    const renamed = <T extends { id: string }>(queue: T) => (queue.id === billing.id ? { ...queue, name } : queue);
    const { calls, push } = renderSettings('SUPERVISOR', '/settings', {
      SettingsQueues: () => ({ data: { queues: queues().map(renamed) } }),
      // The channels name their queue too, as the server does: the same name in both answers.
      SettingsChannels: () => ({ data: { channels: channels().map((row) => ({ ...row, queue: renamed(row.queue) })) } }),
    });
    await screen.findByRole('rowheader', { name: 'Billing' });
    expect(calls.map((call) => call.name)).toContain('SettingsChanged');
    name = 'Billing & refunds';
    await push({ settingsChanged: { __typename: 'SettingsChange', area: 'QUEUES', id: billing.id } });
    await screen.findByRole('rowheader', { name: 'Billing & refunds' });
  });

  it('says when live updates stopped, and reads everything again on Resume', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { calls, subscribers } = renderSettings('ADMIN');
    await screen.findByRole('table', { name: 'Queues' });
    act(() => subscribers.at(-1)!.next({ errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] } as never));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Changes made elsewhere no longer show here.');
    const before = calls.filter((call) => call.name === 'SettingsQueues').length;
    fireEvent.click(within(alert).getByRole('button', { name: 'Resume' }));
    expect(screen.queryByRole('alert')).toBeNull();
    await waitFor(() => expect(calls.filter((call) => call.name === 'SettingsQueues').length).toBe(before + 1));
    expect(calls.filter((call) => call.name === 'SettingsChanged').length).toBe(2);
  });
});
