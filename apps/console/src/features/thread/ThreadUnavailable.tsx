import { Button } from '../../ui/Button';
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
        <button type="button" className="thread__close" aria-label="Close" title="Close (Esc)" onClick={onClose}>
          <svg viewBox="0 0 20 20" aria-hidden="true" focusable="false">
            <path d="M5 5l10 10M15 5L5 15" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
          </svg>
        </button>
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
