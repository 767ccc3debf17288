import { errorMessage } from '../../auth/error-message';
import { deliveryStatusLabel } from './integration-labels';
import { DELIVERIES_SHOWN, useWebhookDeliveries } from './useWebhookDeliveries';
import { When } from './When';

/** A webhook's latest attempts, newest first: what its receiver answered, or why nothing arrived. */
export function WebhookDeliveries({ webhookId }: { webhookId: string }) {
  const { data, error } = useWebhookDeliveries(webhookId);
  const deliveries = data?.webhookDeliveries;
  if (!deliveries) {
    return error ? (
      <p className="settings-field__error">Its deliveries could not be loaded: {errorMessage(error)}</p>
    ) : (
      <p className="settings__loading">Loading deliveries…</p>
    );
  }
  if (deliveries.length === 0) return <p className="settings__empty">No deliveries yet: it receives the events that happen from its creation on.</p>;
  return (
    <table className="integrations-deliveries">
      <caption>The {DELIVERIES_SHOWN} latest attempts, newest first</caption>
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Status</th>
          <th scope="col">Attempt</th>
          <th scope="col">HTTP</th>
          <th scope="col">Error</th>
        </tr>
      </thead>
      <tbody>
        {deliveries.map((delivery) => (
          <tr key={delivery.id} data-status={delivery.status}>
            <td>
              <When at={delivery.at} />
            </td>
            <td>
              <span className={`integrations-state integrations-state--${delivery.status.toLowerCase()}`}>{deliveryStatusLabel(delivery.status)}</span>
            </td>
            <td>{delivery.attempt}</td>
            <td>{delivery.httpStatus ?? '—'}</td>
            <td className="integrations-deliveries__error">{delivery.error ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
