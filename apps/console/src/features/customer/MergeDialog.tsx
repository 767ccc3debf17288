import { useQuery } from '@apollo/client/react';
import { CustomerDocument } from '@switchboard/schema';
import { useId, useState } from 'react';
import { Button } from '../../ui/Button';
import { Modal } from '../../ui/Modal';
import { customerError, mergeSummary, type CustomerError } from './customer-errors';
import { useMergeCustomers } from './useMergeCustomers';

export interface MergeDialogProps {
  into: { id: string; name: string };
  from: { id: string; name: string };
  onClose(): void;
  onMerged(): void;
}

/** Says exactly what folding `from` into `into` does, and does it only on confirmation. */
export function MergeDialog({ into, from, onClose, onMerged }: MergeDialogProps) {
  const titleId = useId();
  const textId = useId();
  // The counts come from the customer itself: the dialog also opens from an address error that names only the owner.
  const { data, loading } = useQuery(CustomerDocument, { variables: { id: from.id }, fetchPolicy: 'network-only' });
  const [merge, { loading: merging }] = useMergeCustomers();
  const [failure, setFailure] = useState<CustomerError | null>(null);
  const other = data?.customer ?? null;

  async function confirm() {
    setFailure(null);
    try {
      await merge({ variables: { intoId: into.id, fromId: from.id } });
      onMerged();
    } catch (error) {
      setFailure(customerError(error));
    }
  }

  return (
    <Modal className="handoff merge-dialog" backdropClassName="handoff__backdrop" role="alertdialog" labelledBy={titleId} describedBy={textId} onClose={onClose}>
      <header className="handoff__header">
        <h2 id={titleId} className="handoff__title">
          Merge {from.name} into {into.name}?
        </h2>
      </header>
      <div className="handoff__body">
        <p id={textId} className="merge-dialog__text">
          {other ? mergeSummary(other.threads.totalCount, other.identities.length, into.name) : loading ? 'Counting their threads and addresses…' : `${from.name} could not be loaded.`}
        </p>
        {failure ? (
          <p className="notice notice--error" role="alert">
            {failure.message}
          </p>
        ) : null}
      </div>
      <footer className="handoff__footer">
        {/* It cannot be undone: focus starts on the way out. */}
        <Button variant="ghost" onClick={onClose} data-autofocus>
          Cancel
        </Button>
        <Button variant="primary" onClick={() => void confirm()} disabled={merging || !other}>
          {merging ? 'Merging…' : `Merge into ${into.name}`}
        </Button>
      </footer>
    </Modal>
  );
}
