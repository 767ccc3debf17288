import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CannedAnswers } from '../../../test/canned-apollo';
import { parseRoute } from '../../app/route';
import { billing, queues, channel, channels, renderSettings, badInput } from './settings-page.fixtures';

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
    // Nothing but the console's one settingsChanged subscription, which the shell holds for everyone.
    expect(calls.map((call) => call.name)).toEqual(['SettingsChanged']);
  });

  it('shows a supervisor every section read-only: tables, no forms or buttons, and why', async () => {
    renderSettings('SUPERVISOR');
    expect(screen.getByText('You can look, but only admins change the set-up.')).toBeTruthy();
    // Opened from the address bar: focus starts at the page's title, not nowhere.
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Settings', level: 1 }));
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
    // Ready for the next one: the field, emptied, has focus (the busy button had dropped it).
    const field = screen.getByRole('textbox', { name: 'New queue' });
    expect((field as HTMLInputElement).value).toBe('');
    expect(document.activeElement).toBe(field);
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
