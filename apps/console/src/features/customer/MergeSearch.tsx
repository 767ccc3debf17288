import { useId, useState } from 'react';
import { channelLabel } from '../../ui/labels';
import { useCustomerSearch } from './useCustomerSearch';

export interface MergeSearchProps {
  customerId: string;
  onPick(customer: { id: string; name: string }): void;
}

/** Finds another customer (by name or address) to fold into this one. */
export function MergeSearch({ customerId, onPick }: MergeSearchProps) {
  const [search, setSearch] = useState('');
  const { data, loading, error } = useCustomerSearch(search);
  const inputId = useId();
  const resultsId = useId();
  const others = (data?.customers.edges ?? []).map((edge) => edge.node).filter((node) => node.id !== customerId);
  const searched = search.trim().length >= 2;

  return (
    <div className="customer-merge">
      <label className="customer-panel__label" htmlFor={inputId}>
        Merge another customer
      </label>
      <input
        id={inputId}
        type="search"
        className="customer-form__address"
        placeholder="Name, phone or e-mail"
        value={search}
        aria-controls={resultsId}
        onChange={(event) => setSearch(event.target.value)}
      />
      <ul id={resultsId} className="customer-merge__results" aria-label="Matching customers" aria-live="polite">
        {searched && loading ? <li className="customer-panel__quiet">Searching…</li> : null}
        {searched && error ? <li className="customer-panel__quiet">Search failed. Try again.</li> : null}
        {searched && data && others.length === 0 ? <li className="customer-panel__quiet">No other customer matches.</li> : null}
        {searched
          ? others.map((other) => (
              <li key={other.id}>
                <button type="button" className="customer-merge__pick" onClick={() => onPick({ id: other.id, name: other.name })}>
                  <span className="customer-merge__name">{other.name}</span>
                  <span className="customer-merge__meta">
                    {other.identities.map((identity) => `${channelLabel(identity.channelKind)} ${identity.address}`).join(' · ')}
                    {` · ${other.threads.totalCount} ${other.threads.totalCount === 1 ? 'thread' : 'threads'}`}
                  </span>
                </button>
              </li>
            ))
          : null}
      </ul>
    </div>
  );
}
