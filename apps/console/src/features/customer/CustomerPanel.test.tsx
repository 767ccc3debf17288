import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { buildCustomer, buildCustomerThread } from '../../../test/factories';
import { cannedApollo, type CannedAnswers } from '../../../test/canned-apollo';
import { CustomerPanel } from './CustomerPanel';
import { mergeSummary } from './customer-errors';

const grace = () =>
  buildCustomer({
    id: 'cus_grace',
    name: 'Grace Hopper',
    identities: [{ __typename: 'CustomerIdentity', channelKind: 'SMS', address: '+15550100' }],
    threads: [buildCustomerThread({ id: 'thr_grace', subject: 'Card declined', status: 'OPEN', updatedAt: '2026-03-02T10:00:00.000Z' })],
  });

const grace2 = () =>
  buildCustomer({
    id: 'cus_grace2',
    name: 'grace@example.com',
    identities: [
      { __typename: 'CustomerIdentity', channelKind: 'EMAIL', address: 'grace@example.com' },
      { __typename: 'CustomerIdentity', channelKind: 'TWITTER', address: 'amazing_grace' },
      { __typename: 'CustomerIdentity', channelKind: 'CHAT', address: 'grace-chat' },
    ],
    threads: [
      buildCustomerThread({ id: 'thr_mail', subject: 'Invoice copy', status: 'PENDING', channel: { __typename: 'Channel', id: 'chn_email', kind: 'EMAIL' } }),
      buildCustomerThread({ id: 'thr_old', subject: null, preview: 'Where is my parcel?', status: 'RESOLVED' }),
      buildCustomerThread({ id: 'thr_forum', subject: null, preview: null, status: 'RESOLVED', channel: { __typename: 'Channel', id: 'chn_forum', kind: 'FORUM' } }),
    ],
  });

function renderPanel(answers: CannedAnswers) {
  const apollo = cannedApollo(answers);
  render(apollo.wrap(<CustomerPanel id="panel" customerId="cus_grace" threadId="thr_grace" open={false} onClose={() => undefined} />));
  return apollo;
}

const customerById: CannedAnswers[string] = (variables) => ({ data: { customer: variables.id === 'cus_grace2' ? grace2() : grace() } });

describe('CustomerPanel', () => {
  it("lists the customer's addresses and threads, each linking to the thread, with this one marked", async () => {
    renderPanel({ Customer: () => ({ data: { customer: grace2() } }) });

    const panel = await screen.findByRole('complementary', { name: 'Customer' });
    await within(panel).findByText('grace@example.com', { selector: '.customer-panel__name' });
    const addresses = within(panel).getByRole('region', { name: 'Addresses' });
    expect(within(addresses).getAllByRole('listitem').map((item) => item.textContent)).toContain('Twitteramazing_grace');
    const threads = within(panel).getByRole('region', { name: /Threads/ });
    const links = within(threads).getAllByRole('link');
    expect(links.map((link) => link.getAttribute('href'))).toEqual(['/threads/thr_mail', '/threads/thr_old', '/threads/thr_forum']);
    expect(links[0]!.textContent).toContain('Invoice copy');
    expect(links[0]!.textContent).toContain('Pending');
    expect(links[0]!.textContent).toContain('E-mail');
    // SMS has no subjects: what was said names the thread; a forum post without one says so.
    expect(links[1]!.textContent).toContain('Where is my parcel?');
    expect(links[1]!.textContent).not.toMatch(/no subject/i);
    expect(links[2]!.textContent).toContain('(no subject)');
    expect(links[1]!.textContent).toContain('Resolved');
    expect(within(links[0]!).getByTitle('Last activity').getAttribute('dateTime')).toBe('2026-03-02T10:00:00.000Z');
  });

  it('marks the thread on screen as the current one', async () => {
    renderPanel({ Customer: customerById });
    const link = await screen.findByRole('link', { name: /Card declined/ });
    expect(link.getAttribute('aria-current')).toBe('page');
    expect(link.textContent).toContain('This thread');
  });

  it('shows the reason for a refused address beside the address field', async () => {
    const { calls } = renderPanel({
      Customer: customerById,
      AddCustomerIdentity: () => ({
        data: { addCustomerIdentity: null },
        errors: [{ message: 'address: is not a phone number', extensions: { code: 'BAD_USER_INPUT', field: 'address' } }],
      }),
    });
    const address = await screen.findByRole('textbox', { name: 'New address' });
    fireEvent.change(screen.getByRole('combobox', { name: 'Address channel' }), { target: { value: 'VOICE' } });
    fireEvent.change(address, { target: { value: 'not a number' } });
    fireEvent.click(screen.getByRole('button', { name: 'Link address' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('Is not a phone number');
    expect(address.getAttribute('aria-invalid')).toBe('true');
    expect(address.getAttribute('aria-describedby')).toBe(alert.id);
    expect(calls.find((call) => call.name === 'AddCustomerIdentity')?.variables).toEqual({ customerId: 'cus_grace', channelKind: 'VOICE', address: 'not a number' });
  });

  it('adds the linked address to the list', async () => {
    renderPanel({
      Customer: customerById,
      AddCustomerIdentity: () => ({
        data: {
          addCustomerIdentity: {
            ...grace(),
            identities: [...grace().identities, { __typename: 'CustomerIdentity', channelKind: 'EMAIL', address: 'grace@navy.mil' }],
          },
        },
      }),
    });
    const address = await screen.findByRole('textbox', { name: 'New address' });
    fireEvent.change(screen.getByRole('combobox', { name: 'Address channel' }), { target: { value: 'EMAIL' } });
    fireEvent.change(address, { target: { value: 'Grace@Navy.mil' } });
    fireEvent.click(screen.getByRole('button', { name: 'Link address' }));
    await screen.findByText('grace@navy.mil');
    // The box empties once the mutation has settled, which may be a render after the list shows the address.
    await waitFor(() => expect((address as HTMLInputElement).value).toBe(''));
  });

  it('offers to merge the owner of an address that belongs to another customer, and says what the merge does', async () => {
    const { calls } = renderPanel({
      Customer: customerById,
      AddCustomerIdentity: () => ({
        data: { addCustomerIdentity: null },
        errors: [
          {
            message: 'address: grace@example.com already belongs to customer grace@example.com (cus_grace2)',
            extensions: { code: 'BAD_USER_INPUT', field: 'address', ownerId: 'cus_grace2', ownerName: 'grace@example.com' },
          },
        ],
      }),
      MergeCustomers: () => ({
        data: { mergeCustomers: { ...grace(), identities: [...grace().identities, ...grace2().identities], threads: { ...grace().threads, totalCount: 3, edges: [...grace().threads.edges, ...grace2().threads.edges] } } },
      }),
    });
    fireEvent.change(await screen.findByRole('textbox', { name: 'New address' }), { target: { value: 'grace@example.com' } });
    fireEvent.change(screen.getByRole('combobox', { name: 'Address channel' }), { target: { value: 'EMAIL' } });
    fireEvent.click(screen.getByRole('button', { name: 'Link address' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('This address already belongs to grace@example.com.');
    fireEvent.click(within(alert).getByRole('button', { name: 'Merge grace@example.com into this customer' }));

    const dialog = await screen.findByRole('alertdialog', { name: 'Merge grace@example.com into Grace Hopper?' });
    await within(dialog).findByText(
      "Their 3 threads and 3 addresses move to Grace Hopper. If both have an open conversation, the newer one's messages move into the older one. This cannot be undone.",
    );
    fireEvent.click(within(dialog).getByRole('button', { name: 'Merge into Grace Hopper' }));

    await screen.findByRole('status');
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(calls.find((call) => call.name === 'MergeCustomers')?.variables).toEqual({ intoId: 'cus_grace', fromId: 'cus_grace2' });
    expect(screen.getByText('amazing_grace')).toBeTruthy();
    expect(screen.getByRole('link', { name: /Invoice copy/ }).getAttribute('href')).toBe('/threads/thr_mail');
  });

  it('finds another customer to merge, and explains a merge the server refuses', async () => {
    renderPanel({
      Customer: customerById,
      CustomerSearch: () => ({
        data: {
          customers: {
            __typename: 'CustomerConnection',
            edges: [grace(), grace2()].map((node) => ({ __typename: 'CustomerEdge', node: { ...node, threads: { __typename: 'ThreadConnection', totalCount: node.threads.totalCount } } })),
          },
        },
      }),
      MergeCustomers: () => ({ data: { mergeCustomers: null }, errors: [{ message: 'Customer cus_grace2 was merged into cus_x already', extensions: { code: 'INVALID_STATE' } }] }),
    });
    fireEvent.change(await screen.findByRole('searchbox', { name: 'Merge another customer' }), { target: { value: 'grace' } });

    const results = screen.getByRole('list', { name: 'Matching customers' });
    const pick = await within(results).findByRole('button', { name: /grace@example\.com/ });
    // The customer on screen is not offered as a merge of itself.
    expect(within(results).getAllByRole('button')).toHaveLength(1);
    expect(pick.textContent).toContain('3 threads');
    fireEvent.click(pick);

    const dialog = await screen.findByRole('alertdialog');
    await within(dialog).findByText(/Their 3 threads and 3 addresses move to Grace Hopper/);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Merge into Grace Hopper' }));
    expect((await within(dialog).findByRole('alert')).textContent).toBe(
      'That customer was merged into another one already. Search again to find who they are now.',
    );
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await act(async () => undefined);
    expect(screen.queryByRole('alertdialog')).toBeNull();
  });
});

describe('mergeSummary', () => {
  it('counts threads and addresses in words, singular where there is one', () => {
    expect(mergeSummary(1, 1, 'Grace Hopper')).toBe(
      "Their 1 thread and 1 address move to Grace Hopper. If both have an open conversation, the newer one's messages move into the older one. This cannot be undone.",
    );
  });
});
