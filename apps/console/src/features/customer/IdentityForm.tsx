import type { ChannelKind } from '@switchboard/schema';
import { useId, useState, type FormEvent } from 'react';
import { Button } from '../../ui/Button';
import { CHANNEL_KINDS, channelLabel } from '../../ui/labels';
import { customerError, type CustomerError } from './customer-errors';
import { useAddCustomerIdentity } from './useAddCustomerIdentity';

export interface IdentityFormProps {
  customerId: string;
  /** Offered when the address belongs to another customer. */
  onMerge(owner: { id: string; name: string }): void;
}

/** Links another address to the customer; the server's objection shows beside the field it names. */
export function IdentityForm({ customerId, onMerge }: IdentityFormProps) {
  const [kind, setKind] = useState<ChannelKind>('SMS');
  const [address, setAddress] = useState('');
  const [failure, setFailure] = useState<CustomerError | null>(null);
  const [add, { loading }] = useAddCustomerIdentity();
  const kindId = useId();
  const addressId = useId();
  const errorId = useId();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    try {
      await add({ variables: { customerId, channelKind: kind, address: address.trim() } });
      setAddress('');
    } catch (error) {
      setFailure(customerError(error));
    }
  }

  const onKind = failure?.field === 'channelKind';
  // An error that names no field of this form still belongs under it, beside the address.
  const onAddress = failure !== null && !onKind;
  const message = failure ? (
    <div id={errorId} className="customer-form__error" role="alert">
      <span>{failure.message}</span>
      {failure.owner ? (
        <Button variant="ghost" className="customer-form__merge" onClick={() => onMerge(failure.owner!)}>
          Merge {failure.owner.name} into this customer
        </Button>
      ) : null}
    </div>
  ) : null;

  return (
    <form className="customer-form" onSubmit={(event) => void submit(event)} aria-label="Link another address">
      <div className="customer-form__row">
        <label className="visually-hidden" htmlFor={kindId}>
          Address channel
        </label>
        <select
          id={kindId}
          className="priority-select customer-form__kind"
          value={kind}
          aria-invalid={onKind || undefined}
          aria-describedby={onKind ? errorId : undefined}
          onChange={(event) => setKind(event.target.value as ChannelKind)}
        >
          {CHANNEL_KINDS.map((value) => (
            <option key={value} value={value}>
              {channelLabel(value)}
            </option>
          ))}
        </select>
        <label className="visually-hidden" htmlFor={addressId}>
          New address
        </label>
        <input
          id={addressId}
          className="customer-form__address"
          placeholder={kind === 'EMAIL' ? 'name@example.com' : kind === 'SMS' || kind === 'VOICE' ? '+1 555 0100' : 'Handle'}
          value={address}
          aria-invalid={onAddress || undefined}
          aria-describedby={onAddress ? errorId : undefined}
          onChange={(event) => setAddress(event.target.value)}
        />
      </div>
      {message}
      <Button type="submit" className="customer-form__submit" disabled={loading || address.trim() === ''}>
        {loading ? 'Linking…' : 'Link address'}
      </Button>
    </form>
  );
}
