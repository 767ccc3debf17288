import type { ChannelKind, CustomerPanelFragment, ThreadStatus } from '@switchboard/schema';
import { useEffect, useRef, useState } from 'react';
import { useLiveEvents } from '../../app/live';
import { RouteLink } from '../../app/RouteLink';
import { channelLabel } from '../../ui/labels';
import { subjectLine } from '../../ui/subject';
import { IdentityForm } from './IdentityForm';
import { MergeDialog } from './MergeDialog';
import { MergeSearch } from './MergeSearch';
import { useCustomer } from './useCustomer';
import './customer.css';

const STATUS_LABELS: Partial<Record<ThreadStatus, string>> = { OPEN: 'Open', PENDING: 'Pending', RESOLVED: 'Resolved' };
const lastActivity = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export interface CustomerPanelProps {
  /** The element id the thread's "Customer" toggle controls. */
  id: string;
  customerId: string;
  /** The thread on screen, marked in the list of the customer's threads. */
  threadId: string;
  /** Shown over the conversation by its toggle (narrow windows); focus moves in when it opens. */
  open: boolean;
  /** Closes the panel where it overlays the conversation (narrow windows). */
  onClose(): void;
}

/** The subject where the channel has one, else what was last said (SMS, chat and social have no subjects). */
function threadTitle(node: { subject: string | null; preview?: string | null; channel: { kind: ChannelKind } }) {
  const subject = subjectLine(node.subject, node.channel.kind);
  if (subject && !subject.missing) return subject.text;
  if (node.preview) return node.preview;
  return subject ? <span className="thread__no-subject">{subject.text}</span> : null;
}

function Threads({ customer, threadId }: { customer: CustomerPanelFragment; threadId: string }) {
  const { edges, totalCount } = customer.threads;
  return (
    <section className="customer-panel__section" aria-labelledby={`customer-${customer.id}-threads`}>
      <h4 className="customer-panel__label" id={`customer-${customer.id}-threads`}>
        Threads <span className="customer-panel__count">{totalCount}</span>
      </h4>
      <ul className="customer-threads">
        {edges.map(({ node }) => (
          <li key={node.id}>
            <RouteLink to={`/threads/${node.id}`} className="customer-thread" aria-current={node.id === threadId ? 'page' : undefined} data-customer-thread-id={node.id}>
              <span className="customer-thread__subject">{threadTitle(node)}</span>
              <span className="customer-thread__meta">
                <span className={`status-badge status-badge--${node.status.toLowerCase()}`}>{STATUS_LABELS[node.status] ?? node.status}</span>
                <span>{channelLabel(node.channel.kind)}</span>
                <time dateTime={node.updatedAt} title="Last activity">
                  {lastActivity.format(new Date(node.updatedAt))}
                </time>
                {node.id === threadId ? <span className="customer-thread__here">This thread</span> : null}
              </span>
            </RouteLink>
          </li>
        ))}
      </ul>
      {totalCount > edges.length ? <p className="customer-panel__quiet">The {edges.length} newest of {totalCount}.</p> : null}
    </section>
  );
}

/** Who the customer is across channels: their addresses, their threads, linking an address, merging. */
export function CustomerPanel({ id, customerId, threadId, open, onClose }: CustomerPanelProps) {
  const { data, loading, error, refetch } = useCustomer(customerId);
  const [merging, setMerging] = useState<{ id: string; name: string } | null>(null);
  const [merged, setMerged] = useState<string | null>(null);
  const customer = data?.customer ?? null;
  const closeButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (open) closeButton.current?.focus();
  }, [open]);
  // A merge someone else made moves addresses and threads the event does not list: read them again.
  useLiveEvents((event) => {
    if (event.type === 'CUSTOMER_MERGED' && event.thread.customer.id === customerId) void refetch().catch(() => undefined);
  });

  return (
    <aside id={id} className="customer-panel" aria-label="Customer">
      <div className="customer-panel__bar">
        <h3 className="customer-panel__title">Customer</h3>
        <button ref={closeButton} type="button" className="customer-panel__close" aria-label="Hide customer" onClick={onClose}>
          ×
        </button>
      </div>
      {customer ? (
        <>
          <p className="customer-panel__name">{customer.name}</p>
          <section className="customer-panel__section" aria-labelledby={`customer-${customer.id}-addresses`}>
            <h4 className="customer-panel__label" id={`customer-${customer.id}-addresses`}>
              Addresses
            </h4>
            <ul className="customer-identities">
              {customer.identities.map((identity) => (
                <li key={`${identity.channelKind}:${identity.address}`} className="identity">
                  <span className="identity__kind">{channelLabel(identity.channelKind)}</span>
                  <span className="identity__address" title={identity.address}>
                    {identity.address}
                  </span>
                </li>
              ))}
            </ul>
            <IdentityForm customerId={customer.id} onMerge={setMerging} />
          </section>
          <Threads customer={customer} threadId={threadId} />
          <section className="customer-panel__section">
            {merged ? (
              <p className="notice notice--info customer-panel__merged" role="status">
                {merged} merged into {customer.name}.
              </p>
            ) : null}
            <MergeSearch key={merged ?? ''} customerId={customer.id} onPick={setMerging} />
          </section>
          {merging ? (
            <MergeDialog
              into={{ id: customer.id, name: customer.name }}
              from={merging}
              onClose={() => setMerging(null)}
              onMerged={() => {
                setMerged(merging.name);
                setMerging(null);
              }}
            />
          ) : null}
        </>
      ) : loading ? (
        <p className="customer-panel__quiet">Loading customer…</p>
      ) : (
        <div className="notice notice--error customer-panel__failed" role="alert">
          {error ? 'Could not load the customer.' : 'This customer is no longer visible.'}{' '}
          <button type="button" className="customer-panel__retry" onClick={() => void refetch()}>
            Retry
          </button>
        </div>
      )}
    </aside>
  );
}
