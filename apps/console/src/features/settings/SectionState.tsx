import { Button } from '../../ui/Button';
import { errorMessage } from '../auth/error-message';

/** A section whose list has not come yet: loading, or why not with a way to try again. */
export function SectionState({ what, error, onRetry }: { what: string; error: unknown; onRetry(): void }) {
  if (!error) return <p className="settings__loading">Loading {what}…</p>;
  return (
    <div className="notice notice--error settings__notice" role="alert">
      {what.charAt(0).toUpperCase() + what.slice(1)} could not be loaded: {errorMessage(error)}{' '}
      <Button variant="ghost" onClick={onRetry}>
        Try again
      </Button>
    </div>
  );
}
