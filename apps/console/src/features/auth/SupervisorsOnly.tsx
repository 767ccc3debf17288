import { RouteLink } from '../../app/RouteLink';
import { EmptyState } from '../../ui/EmptyState';

/** What an agent sees on a supervisor's page (the board, reports): why not, and the way back. */
export function SupervisorsOnly({ what }: { what: string }) {
  return (
    <div className="board board--message">
      <EmptyState title={`${what} for supervisors and admins.`}>
        <p>Ask an admin for access.</p>
        <p className="board__back">
          <RouteLink to="/">Back to the queue</RouteLink>
        </p>
      </EmptyState>
    </div>
  );
}
