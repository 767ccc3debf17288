import type { WebhookRowFragment } from '@switchboard/schema';
import { Fragment, useState } from 'react';
import { Button } from '../../../ui/Button';
import { SettingsTable } from '../SettingsTable';
import { eventTypeLabel } from './integration-labels';
import { WebhookDeliveries } from './WebhookDeliveries';
import { When } from './When';

export interface WebhookTableProps {
  webhooks: readonly WebhookRowFragment[];
  /** The webhook whose pause or resume is in flight. */
  busyId: string | null;
  onSetActive(webhook: WebhookRowFragment, active: boolean): void;
  onDelete(webhook: WebhookRowFragment): void;
}

/** Active, Paused, or Failing since when: the delivery health the server reports. */
function WebhookState({ webhook }: { webhook: WebhookRowFragment }) {
  if (!webhook.active) {
    return (
      <span className="integrations-state integrations-state--paused" data-state="paused">
        Paused
      </span>
    );
  }
  if (webhook.failingSince) {
    return (
      <span className="integrations-state integrations-state--failing" data-state="failing">
        Failing since <When at={webhook.failingSince} />
      </span>
    );
  }
  return (
    <span className="integrations-state integrations-state--active" data-state="active">
      Active
    </span>
  );
}

const COLUMNS = ['URL', 'Events', 'State', 'Created'] as const;

/** Webhooks, oldest first, each with its health and, on demand, its latest deliveries. */
export function WebhookTable({ webhooks, busyId, onSetActive, onDelete }: WebhookTableProps) {
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const toggle = (id: string) =>
    setExpanded((current) => {
      const next = new Set(current);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  return (
    <SettingsTable caption="Webhooks" columns={COLUMNS} actions>
      {webhooks.map((webhook) => {
        const open = expanded.has(webhook.id);
        const panelId = `webhook-deliveries-${webhook.id}`;
        return (
          <Fragment key={webhook.id}>
            <tr data-webhook-id={webhook.id}>
              <th scope="row" className="settings-table__name integrations-url">
                {webhook.url}
              </th>
              <td>{webhook.types.length === 0 ? 'All events' : webhook.types.map(eventTypeLabel).join(', ')}</td>
              <td>
                <WebhookState webhook={webhook} />
              </td>
              <td>
                <When at={webhook.createdAt} />
              </td>
              <td className="settings-table__actions">
                <Button variant="ghost" aria-expanded={open} aria-controls={open ? panelId : undefined} onClick={() => toggle(webhook.id)}>
                  {open ? 'Hide deliveries' : 'Deliveries'}
                </Button>
                <Button
                  variant="ghost"
                  disabled={busyId === webhook.id}
                  aria-label={`${webhook.active ? 'Pause' : 'Resume'} ${webhook.url}`}
                  onClick={() => onSetActive(webhook, !webhook.active)}
                >
                  {webhook.active ? 'Pause' : 'Resume'}
                </Button>
                <Button variant="ghost" aria-label={`Delete ${webhook.url}`} onClick={() => onDelete(webhook)}>
                  Delete
                </Button>
              </td>
            </tr>
            {open ? (
              <tr className="integrations-detail">
                {/* Across every column, the actions too. */}
                <td id={panelId} colSpan={COLUMNS.length + 1}>
                  <WebhookDeliveries webhookId={webhook.id} />
                </td>
              </tr>
            ) : null}
          </Fragment>
        );
      })}
    </SettingsTable>
  );
}
