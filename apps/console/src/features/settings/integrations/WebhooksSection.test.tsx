import type { WebhookDeliveryRowFragment, WebhookRowFragment } from '@switchboard/schema';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { cannedApollo, type CannedAnswers } from '../../../../test/canned-apollo';
import { formatFullDateTime } from '../../thread/conversation';
import { WebhooksSection } from './WebhooksSection';

function buildWebhook(overrides: Partial<WebhookRowFragment> = {}): WebhookRowFragment & { __typename: 'Webhook' } {
  return {
    __typename: 'Webhook',
    id: 'whk_crm',
    url: 'https://crm.example.com/hooks/switchboard',
    types: [],
    active: true,
    createdAt: '2026-03-01T09:00:00.000Z',
    deliveredCursor: '41',
    failingSince: null,
    ...overrides,
  };
}

function buildDelivery(overrides: Partial<WebhookDeliveryRowFragment> = {}): WebhookDeliveryRowFragment & { __typename: 'WebhookDelivery' } {
  return { __typename: 'WebhookDelivery', id: 'dlv_1', eventCursor: '42', attempt: 1, status: 'DELIVERED', httpStatus: 200, error: null, at: '2026-03-01T10:00:00.000Z', ...overrides };
}

function renderSection(answers: CannedAnswers, canEdit = true) {
  const apollo = cannedApollo(answers);
  render(apollo.wrap(<WebhooksSection canEdit={canEdit} />));
  return apollo;
}

const rowOf = (url: string) => screen.getByRole('rowheader', { name: url }).closest('tr')!;

describe('WebhooksSection', () => {
  it('shows each webhook as Active, Paused or Failing since when, with its event types in words', async () => {
    const failingSince = new Date(Date.now() - 2 * 3600_000).toISOString();
    renderSection({
      Webhooks: () => ({
        data: {
          webhooks: [
            buildWebhook(),
            buildWebhook({ id: 'whk_bi', url: 'https://bi.example.com/in', types: ['REPLIED', 'SLA_BREACHED'], failingSince }),
            buildWebhook({ id: 'whk_old', url: 'https://old.example.com/in', active: false }),
          ],
        },
      }),
    });
    await screen.findByRole('table', { name: 'Webhooks' });

    expect(within(rowOf('https://crm.example.com/hooks/switchboard')).getByText('Active')).toBeTruthy();
    expect(within(rowOf('https://crm.example.com/hooks/switchboard')).getByText('All events')).toBeTruthy();
    const failing = rowOf('https://bi.example.com/in');
    expect(within(failing).getByText('Replied, Response overdue')).toBeTruthy();
    const state = failing.querySelector('[data-state]')!;
    expect(state.getAttribute('data-state')).toBe('failing');
    expect(state.textContent).toBe('Failing since 2 hours ago');
    expect(within(failing).getByText('2 hours ago').getAttribute('title')).toBe(formatFullDateTime(failingSince));
    expect(within(rowOf('https://old.example.com/in')).getByText('Paused')).toBeTruthy();
  });

  it('pauses and resumes a webhook, the row following the answer', async () => {
    const { calls } = renderSection({
      Webhooks: () => ({ data: { webhooks: [buildWebhook()] } }),
      SetWebhookActive: (variables) => ({ data: { setWebhookActive: buildWebhook({ active: Boolean(variables.active) }) } }),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Pause https://crm.example.com/hooks/switchboard' }));
    const resume = await screen.findByRole('button', { name: 'Resume https://crm.example.com/hooks/switchboard' });
    expect(within(rowOf('https://crm.example.com/hooks/switchboard')).getByText('Paused')).toBeTruthy();
    expect(calls.filter((call) => call.name === 'SetWebhookActive').map((call) => call.variables)).toEqual([{ id: 'whk_crm', active: false }]);

    fireEvent.click(resume);
    await screen.findByRole('button', { name: 'Pause https://crm.example.com/hooks/switchboard' });
    expect(within(rowOf('https://crm.example.com/hooks/switchboard')).getByText('Active')).toBeTruthy();
    expect(calls.filter((call) => call.name === 'SetWebhookActive').map((call) => call.variables)).toEqual([
      { id: 'whk_crm', active: false },
      { id: 'whk_crm', active: true },
    ]);
  });

  it('expands a webhook to its latest deliveries: status, HTTP code, error and time', async () => {
    const { calls } = renderSection({
      Webhooks: () => ({ data: { webhooks: [buildWebhook({ failingSince: '2026-03-01T10:05:00.000Z' })] } }),
      WebhookDeliveries: () => ({
        data: {
          webhookDeliveries: [
            buildDelivery({ id: 'dlv_3', attempt: 2, status: 'FAILED', httpStatus: null, error: 'no answer in 10 s', at: '2026-03-01T10:06:00.000Z' }),
            buildDelivery({ id: 'dlv_2', attempt: 1, status: 'FAILED', httpStatus: 503, error: 'HTTP 503', at: '2026-03-01T10:05:00.000Z' }),
            buildDelivery(),
          ],
        },
      }),
    });
    const toggle = await screen.findByRole('button', { name: 'Deliveries' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    const panel = document.getElementById(toggle.getAttribute('aria-controls')!)!;
    const deliveries = await within(panel).findByRole('table', { name: /latest attempts/ });
    const rows = within(deliveries).getAllByRole('row').slice(1);
    expect(rows.map((row) => within(row).getAllByRole('cell').slice(1).map((cell) => cell.textContent))).toEqual([
      ['Failed', '2', '—', 'no answer in 10 s'],
      ['Failed', '1', '503', 'HTTP 503'],
      ['Delivered', '1', '200', ''],
    ]);
    expect(within(rows[0]!).getByTitle(formatFullDateTime('2026-03-01T10:06:00.000Z'))).toBeTruthy();
    expect(calls.find((call) => call.name === 'WebhookDeliveries')?.variables).toEqual({ webhookId: 'whk_crm', first: 10 });

    fireEvent.click(screen.getByRole('button', { name: 'Hide deliveries' }));
    expect(screen.queryByRole('table', { name: /latest attempts/ })).toBeNull();
  });

  it("checks the URL as the server does, and shows the server's objection beside it", async () => {
    const { calls } = renderSection({
      Webhooks: () => ({ data: { webhooks: [] } }),
      CreateWebhook: () => ({
        data: { createWebhook: null },
        errors: [
          {
            message: 'url: must not point to a loopback, private or reserved address (10.0.0.5 is 10.0.0.5)',
            extensions: { code: 'BAD_USER_INPUT', field: 'url' },
          },
        ],
      }),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'New webhook' }));
    const url = screen.getByRole('textbox', { name: 'URL' });
    expect(document.activeElement).toBe(url);
    fireEvent.change(url, { target: { value: 'ftp://files.example.com' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create webhook' }));
    expect(screen.getByText('Must be an http or https URL')).toBeTruthy();
    expect(url.getAttribute('aria-invalid')).toBe('true');
    expect(calls.some((call) => call.name === 'CreateWebhook')).toBe(false);

    fireEvent.change(url, { target: { value: 'http://10.0.0.5/hook' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create webhook' }));
    const error = await screen.findByText('Must not point to a loopback, private or reserved address (10.0.0.5 is 10.0.0.5)');
    expect(url.getAttribute('aria-invalid')).toBe('true');
    expect(url.getAttribute('aria-describedby')?.split(' ')).toContain(error.id);
    await waitFor(() => expect(document.activeElement).toBe(url));
  });

  it('sends the chosen event types, and refuses an empty choice', async () => {
    const { calls } = renderSection({
      Webhooks: () => ({ data: { webhooks: [] } }),
      CreateWebhook: (variables) => ({
        data: { createWebhook: { __typename: 'WebhookPayload', secret: 'whsec_abc', webhook: buildWebhook({ id: 'whk_new', url: String(variables.url), types: ['REPLIED'] }) } },
      }),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'New webhook' }));
    fireEvent.change(screen.getByRole('textbox', { name: 'URL' }), { target: { value: ' https://new.example.com/in ' } });
    fireEvent.click(screen.getByRole('radio', { name: 'Only these' }));
    fireEvent.click(screen.getByRole('button', { name: 'Create webhook' }));
    expect(screen.getByText('Choose at least one event type, or All events')).toBeTruthy();
    expect(calls.some((call) => call.name === 'CreateWebhook')).toBe(false);

    fireEvent.click(within(screen.getByRole('group', { name: 'Event types' })).getByRole('checkbox', { name: 'Replied' }));
    fireEvent.click(screen.getByRole('button', { name: 'Create webhook' }));
    const secret = await screen.findByRole('textbox', { name: 'Signing secret for https://new.example.com/in' });
    expect((secret as HTMLInputElement).value).toBe('whsec_abc');
    expect(calls.find((call) => call.name === 'CreateWebhook')?.variables).toEqual({ url: 'https://new.example.com/in', types: ['REPLIED'] });
    expect(screen.getByText(/You won’t see this again/)).toBeTruthy();
    const note = screen.getByText(/Each POST carries/);
    expect(note.textContent).toContain('Switchboard-Signature: t=<unix seconds>,v1=<signature>');
    expect(note.textContent).toContain('HMAC-SHA256 of <t>.<raw request body>');
    expect(rowOf('https://new.example.com/in')).toBeTruthy();
  });

  it('deletes a webhook only after confirmation', async () => {
    const { calls } = renderSection({
      Webhooks: () => ({ data: { webhooks: [buildWebhook(), buildWebhook({ id: 'whk_bi', url: 'https://bi.example.com/in' })] } }),
      DeleteWebhook: () => ({ data: { deleteWebhook: true } }),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Delete https://bi.example.com/in' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Delete this webhook?' });
    expect(dialog.textContent).toContain('https://bi.example.com/in stops receiving events at once');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete webhook' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    expect(calls.find((call) => call.name === 'DeleteWebhook')?.variables).toEqual({ id: 'whk_bi' });
    await waitFor(() => expect(screen.queryByRole('rowheader', { name: 'https://bi.example.com/in' })).toBeNull());
    expect(rowOf('https://crm.example.com/hooks/switchboard')).toBeTruthy();
  });

  it('asks nothing for a supervisor and says who may', () => {
    const { calls } = renderSection({}, false);
    expect(screen.getByText('Only admins see and manage webhooks.')).toBeTruthy();
    expect(calls).toEqual([]);
  });
});
