import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { billing, buildAgent, dana, ben, ada, renderSettings, badInput } from './settings-page.fixtures';

afterEach(() => {
  vi.restoreAllMocks();
  window.history.replaceState(null, '', '/');
});

describe('Settings: agents', () => {
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
});
