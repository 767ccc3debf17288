import type { ApiKeyRowFragment } from '@switchboard/schema';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cannedApollo, type CannedAnswers } from '../../../../test/canned-apollo';
import { formatFullDateTime } from '../../thread/conversation';
import { ApiKeysSection } from './ApiKeysSection';

function buildApiKey(overrides: Partial<ApiKeyRowFragment> = {}): ApiKeyRowFragment & { __typename: 'ApiKey' } {
  return {
    __typename: 'ApiKey',
    id: 'key_gateway',
    name: 'SMS gateway',
    scopes: ['INGEST'],
    createdAt: '2026-03-01T09:00:00.000Z',
    lastUsedAt: null,
    agent: null,
    ...overrides,
  };
}

const ada = { __typename: 'Agent', id: 'agt_ada', name: 'Ada Lovelace' };
const agents = () => ({
  data: {
    agents: [
      { ...ada, active: true },
      { __typename: 'Agent', id: 'agt_gone', name: 'Gone Agent', active: false },
    ],
  },
});

function renderSection(answers: CannedAnswers, canEdit = true) {
  const apollo = cannedApollo(answers);
  render(apollo.wrap(<ApiKeysSection canEdit={canEdit} />));
  return apollo;
}

function stubClipboard() {
  const writeText = vi.fn(() => Promise.resolve());
  Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
  return writeText;
}

afterEach(() => {
  Object.defineProperty(navigator, 'clipboard', { value: undefined, configurable: true });
});

describe('ApiKeysSection', () => {
  it('lists keys with scopes in words, the acting agent, and when each was last used', async () => {
    const lastUsedAt = new Date(Date.now() - 5 * 60_000).toISOString();
    renderSection({
      ApiKeys: () => ({
        data: {
          apiKeys: [
            buildApiKey({ id: 'key_bot', name: 'Reply bot', scopes: ['READ', 'WRITE'], agent: ada, lastUsedAt }),
            buildApiKey(),
          ],
        },
      }),
    });

    const table = await screen.findByRole('table', { name: 'API keys' });
    const [, bot, gateway] = within(table).getAllByRole('row');
    expect(within(bot!).getAllByRole('cell').map((cell) => cell.textContent)).toEqual([
      'Read, Write',
      'Ada Lovelace',
      expect.any(String),
      '5 minutes ago',
      'Revoke',
    ]);
    expect(within(bot!).getByText('5 minutes ago').getAttribute('title')).toBe(formatFullDateTime(lastUsedAt));
    expect(within(gateway!).getByText('Never used')).toBeTruthy();
    expect(within(gateway!).getByText('Ingest')).toBeTruthy();
  });

  it('shows a new key once, copies it, and forgets it when dismissed', async () => {
    const writeText = stubClipboard();
    const created = buildApiKey({ id: 'key_new', name: 'Zapier', scopes: ['READ'] });
    const { calls } = renderSection({
      ApiKeys: () => ({ data: { apiKeys: [buildApiKey()] } }),
      CreateApiKey: () => ({ data: { createApiKey: { __typename: 'ApiKeyPayload', key: 'sbk_secret123', apiKey: created } } }),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'New API key' }));
    const name = screen.getByRole('textbox', { name: 'Name' });
    expect(document.activeElement).toBe(name);
    fireEvent.change(name, { target: { value: '  Zapier ' } });
    fireEvent.click(screen.getByRole('checkbox', { name: /^Read/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Create key' }));

    const secret = await screen.findByRole('textbox', { name: 'API key' });
    expect((secret as HTMLInputElement).value).toBe('sbk_secret123');
    expect((secret as HTMLInputElement).readOnly).toBe(true);
    expect(screen.getByText(/You won’t see this again/)).toBeTruthy();
    expect(calls.find((call) => call.name === 'CreateApiKey')?.variables).toEqual({ name: 'Zapier', scopes: ['READ'], agentId: null });
    expect(within(screen.getByRole('table', { name: 'API keys' })).getByText('Zapier')).toBeTruthy();
    // Focus moves to the secret's heading, so a keyboard or screen reader user meets it first.
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'API key “Zapier” created' })));

    fireEvent.click(screen.getByRole('button', { name: 'Copy' }));
    await screen.findByText('Copied');
    expect(writeText).toHaveBeenCalledWith('sbk_secret123');

    fireEvent.click(screen.getByRole('button', { name: 'I have stored it' }));
    expect(screen.queryByDisplayValue('sbk_secret123')).toBeNull();
    expect(screen.queryByText(/You won’t see this again/)).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'New API key' })));
  });

  it('copies by selection where the Clipboard API is missing', async () => {
    const execCommand = vi.fn(() => true);
    Object.defineProperty(document, 'execCommand', { value: execCommand, configurable: true });
    renderSection({
      ApiKeys: () => ({ data: { apiKeys: [] } }),
      CreateApiKey: () => ({ data: { createApiKey: { __typename: 'ApiKeyPayload', key: 'sbk_other', apiKey: buildApiKey({ id: 'key_other' }) } } }),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'New API key' }));
    fireEvent.change(screen.getByRole('textbox', { name: 'Name' }), { target: { value: 'Gateway' } });
    fireEvent.click(screen.getByRole('checkbox', { name: /^Ingest/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Create key' }));
    const heading = await screen.findByRole('heading', { name: 'API key “SMS gateway” created' });
    await waitFor(() => expect(document.activeElement).toBe(heading));
    fireEvent.click(screen.getByRole('button', { name: 'Copy' }));
    await screen.findByText('Copied');
    expect(execCommand).toHaveBeenCalledWith('copy');
    expect(document.activeElement).toBe(screen.getByRole('textbox', { name: 'API key' }));
  });

  it('asks for the agent a WRITE key acts as, and refuses to send without one', async () => {
    const { calls } = renderSection({
      ApiKeys: () => ({ data: { apiKeys: [] } }),
      ApiKeyAgents: agents,
      CreateApiKey: (variables) => ({
        data: { createApiKey: { __typename: 'ApiKeyPayload', key: 'sbk_w', apiKey: buildApiKey({ id: 'key_w', scopes: ['WRITE'], agent: ada, name: String(variables.name) }) } },
      }),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'New API key' }));
    expect(screen.queryByRole('combobox', { name: 'Acts as agent' })).toBeNull();
    fireEvent.change(screen.getByRole('textbox', { name: 'Name' }), { target: { value: 'Reply bot' } });
    fireEvent.click(screen.getByRole('checkbox', { name: /^Write/ }));
    const picker = await screen.findByRole('combobox', { name: 'Acts as agent' });
    await within(picker).findByRole('option', { name: 'Ada Lovelace' });
    expect(within(picker).queryByRole('option', { name: 'Gone Agent' })).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Create key' }));
    const error = await screen.findByText('A Write key acts as an agent: choose one');
    expect(picker.getAttribute('aria-invalid')).toBe('true');
    expect(picker.getAttribute('aria-describedby')?.split(' ')).toContain(error.id);
    await waitFor(() => expect(document.activeElement).toBe(picker));
    expect(calls.some((call) => call.name === 'CreateApiKey')).toBe(false);

    fireEvent.change(picker, { target: { value: 'agt_ada' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create key' }));
    await screen.findByRole('textbox', { name: 'API key' });
    expect(calls.find((call) => call.name === 'CreateApiKey')?.variables).toEqual({ name: 'Reply bot', scopes: ['WRITE'], agentId: 'agt_ada' });
  });

  it('says what is missing before sending: a name and at least one scope', async () => {
    const { calls } = renderSection({ ApiKeys: () => ({ data: { apiKeys: [] } }) });
    fireEvent.click(await screen.findByRole('button', { name: 'New API key' }));
    fireEvent.change(screen.getByRole('textbox', { name: 'Name' }), { target: { value: '   ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create key' }));

    const name = screen.getByRole('textbox', { name: 'Name' });
    expect(name.getAttribute('aria-invalid')).toBe('true');
    const describedBy = name.getAttribute('aria-describedby')!.split(' ');
    expect(describedBy.map((id) => document.getElementById(id)?.textContent)).toContain('Must not be blank');
    const scopesError = screen.getByText('Choose at least one scope');
    expect(screen.getByRole('group', { name: 'Scopes' }).getAttribute('aria-describedby')).toBe(scopesError.id);
    expect(screen.getByRole('checkbox', { name: /^Read/ }).getAttribute('aria-invalid')).toBe('true');
    await waitFor(() => expect(document.activeElement).toBe(name));
    expect(calls.some((call) => call.name === 'CreateApiKey')).toBe(false);
  });

  it("shows the server's objection beside the field it names", async () => {
    renderSection({
      ApiKeys: () => ({ data: { apiKeys: [] } }),
      ApiKeyAgents: agents,
      CreateApiKey: () => ({
        data: { createApiKey: null },
        errors: [{ message: 'agentId: agent agt_ada is deactivated', extensions: { code: 'BAD_USER_INPUT', field: 'agentId' } }],
      }),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'New API key' }));
    fireEvent.change(screen.getByRole('textbox', { name: 'Name' }), { target: { value: 'Reply bot' } });
    fireEvent.click(screen.getByRole('checkbox', { name: /^Write/ }));
    const picker = await screen.findByRole('combobox', { name: 'Acts as agent' });
    await within(picker).findByRole('option', { name: 'Ada Lovelace' });
    fireEvent.change(picker, { target: { value: 'agt_ada' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create key' }));

    const error = await screen.findByText('Agent agt_ada is deactivated');
    expect(picker.getAttribute('aria-invalid')).toBe('true');
    expect(picker.getAttribute('aria-describedby')?.split(' ')).toContain(error.id);
    await waitFor(() => expect(document.activeElement).toBe(picker));
    expect(screen.getByRole('textbox', { name: 'Name' }).getAttribute('aria-invalid')).toBeNull();
    expect(screen.queryByRole('textbox', { name: 'API key' })).toBeNull();
  });

  it('revokes a key only after a confirmation that says what stops', async () => {
    const { calls } = renderSection({
      ApiKeys: () => ({ data: { apiKeys: [buildApiKey({ id: 'key_bot', name: 'Reply bot', scopes: ['WRITE'], agent: ada }), buildApiKey()] } }),
      RevokeApiKey: () => ({ data: { revokeApiKey: true } }),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Revoke Reply bot' }));
    let dialog = screen.getByRole('alertdialog', { name: 'Revoke “Reply bot”?' });
    expect(dialog.textContent).toContain('its next request is refused and its open connections are closed');
    expect(dialog.textContent).toContain('acting as Ada Lovelace');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(calls.some((call) => call.name === 'RevokeApiKey')).toBe(false);

    fireEvent.click(screen.getByRole('button', { name: 'Revoke Reply bot' }));
    dialog = screen.getByRole('alertdialog', { name: 'Revoke “Reply bot”?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Revoke key' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    expect(calls.find((call) => call.name === 'RevokeApiKey')?.variables).toEqual({ id: 'key_bot' });
    await waitFor(() => expect(screen.queryByText('Reply bot')).toBeNull());
    expect(screen.getByText('SMS gateway')).toBeTruthy();
  });

  it('stops showing a new key\'s secret once that key is revoked', async () => {
    const created = buildApiKey({ id: 'key_new', name: 'Zapier', scopes: ['READ'] });
    renderSection({
      ApiKeys: () => ({ data: { apiKeys: [buildApiKey()] } }),
      CreateApiKey: () => ({ data: { createApiKey: { __typename: 'ApiKeyPayload', key: 'sbk_secret123', apiKey: created } } }),
      RevokeApiKey: () => ({ data: { revokeApiKey: true } }),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'New API key' }));
    fireEvent.change(screen.getByRole('textbox', { name: 'Name' }), { target: { value: 'Zapier' } });
    fireEvent.click(screen.getByRole('checkbox', { name: /^Read/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Create key' }));
    await screen.findByDisplayValue('sbk_secret123');

    fireEvent.click(screen.getByRole('button', { name: 'Revoke Zapier' }));
    fireEvent.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Revoke key' }));
    await waitFor(() => expect(screen.queryByDisplayValue('sbk_secret123')).toBeNull());
    expect(screen.queryByText(/You won’t see this again/)).toBeNull();
    expect(screen.getByRole('button', { name: 'New API key' })).toBeTruthy();
  });

  it('asks nothing for a supervisor and says who may', () => {
    const { calls } = renderSection({}, false);
    expect(screen.getByText('Only admins see and manage API keys.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'New API key' })).toBeNull();
    expect(calls).toEqual([]);
  });
});
