import { Button } from '../../ui/Button';
import { CloseButton } from '../../ui/CloseButton';
import { EmptyState } from '../../ui/EmptyState';
import { actionError } from './thread-errors';

interface ThreadUnavailableProps {
  loading: boolean;
  error: unknown;
  onRetry(): void;
  onClose(): void;
}

/** The thread pane before the thread is there: loading, failed, or not visible to me. */
export function ThreadUnavailable({ loading, error, onRetry, onClose }: ThreadUnavailableProps) {
  return (
    <div className="thread thread--empty">
      <div className="thread__bar">
        <CloseButton onClose={onClose} />
      </div>
      {loading ? (
        <div className="thread__loading" aria-busy="true" aria-label="Loading conversation">
          <span className="skeleton" style={{ width: '40%' }} />
          <span className="skeleton" style={{ width: '65%' }} />
          <span className="skeleton" style={{ width: '55%' }} />
        </div>
      ) : error ? (
        <EmptyState title="Could not load this conversation">
          <p>{actionError(error).message}</p>
          <p>
            <Button onClick={onRetry}>Try again</Button>
          </p>
        </EmptyState>
      ) : (
        <EmptyState title="Conversation not available">
          <p>It may have moved to a queue you are not in.</p>
        </EmptyState>
      )}
    </div>
  );
}
